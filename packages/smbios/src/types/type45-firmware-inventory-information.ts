// DSP0134 §7.46 Firmware Inventory Information (Type 45). Text follows dmidecode 3.4 case 45.
import { firmwareCharacteristics, firmwareState } from './names.js';
import { memorySize } from './type17-memory-device.js';
import { hexN, lookupName, nameOr, type FieldSpec, type StructView } from './view.js';

/** Type 45 offset table (associated component handles follow at 0x18). */
export const FIRMWARE_INVENTORY_INFORMATION_FIELDS = [
  { name: 'firmwareComponentName', offset: 0x04, kind: 'string' },
  { name: 'firmwareVersion', offset: 0x05, kind: 'string' },
  { name: 'versionFormat', offset: 0x06, kind: 'u8' },
  { name: 'firmwareId', offset: 0x07, kind: 'string' },
  { name: 'firmwareIdFormat', offset: 0x08, kind: 'u8' },
  { name: 'releaseDate', offset: 0x09, kind: 'string' },
  { name: 'manufacturer', offset: 0x0a, kind: 'string' },
  { name: 'lowestSupportedFirmwareVersion', offset: 0x0b, kind: 'string' },
  { name: 'imageSize', offset: 0x0c, kind: 'u64' },
  { name: 'characteristics', offset: 0x14, kind: 'u16' },
  { name: 'state', offset: 0x16, kind: 'u8' },
  { name: 'numberOfAssociatedComponents', offset: 0x17, kind: 'u8' },
] as const satisfies readonly FieldSpec[];

/** Prints type 45 as dmidecode does. */
export function formatFirmwareInventoryInformation(v: StructView): void {
  v.title('Firmware Inventory Information');
  if (v.length < 0x18) return;
  v.attr('Firmware Component Name', v.strAt(0x04, 'firmwareComponentName'));
  v.attr('Firmware Version', v.strAt(0x05, 'firmwareVersion'));
  v.attr('Firmware ID', v.strAt(0x07, 'firmwareId'));
  v.attr('Release Date', v.strAt(0x09, 'releaseDate'));
  v.attr('Manufacturer', v.strAt(0x0a, 'manufacturer'));
  v.attr('Lowest Supported Firmware Version', v.strAt(0x0b, 'lowestSupportedFirmwareVersion'));
  v.attr('Image Size', memorySize(v.u64(0x0c)));
  v.listStart('Characteristics');
  const ch = v.u16(0x14);
  for (let i = 0; i <= 1; i++) v.item(`${lookupName(firmwareCharacteristics, i)}: ${ch & (1 << i) ? 'Yes' : 'No'}`);
  v.attr('State', nameOr(firmwareState, v.u8(0x16)));
  const count = v.u8(0x17);
  if (v.length < 0x18 + count * 2) return;
  v.listStart('Associated Components', count);
  for (let i = 0; i < count; i++) v.item(`0x${hexN(v.u16(0x18 + 2 * i), 4)}`);
}
