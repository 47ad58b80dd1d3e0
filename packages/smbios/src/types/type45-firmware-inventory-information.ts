// DSP0134 §7.46 Firmware Inventory Information (Type 45). Text follows dmidecode 3.4 case 45.
import { indexFields } from './fields.js';
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

const F = indexFields(FIRMWARE_INVENTORY_INFORMATION_FIELDS);

/** Prints type 45 as dmidecode does. */
export function formatFirmwareInventoryInformation(v: StructView): void {
  v.title('Firmware Inventory Information');
  if (v.length < 0x18) return;
  v.attr('Firmware Component Name', v.strField(F.firmwareComponentName));
  v.attr('Firmware Version', v.strField(F.firmwareVersion));
  v.attr('Firmware ID', v.strField(F.firmwareId));
  v.attr('Release Date', v.strField(F.releaseDate));
  v.attr('Manufacturer', v.strField(F.manufacturer));
  v.attr('Lowest Supported Firmware Version', v.strField(F.lowestSupportedFirmwareVersion));
  v.attr('Image Size', memorySize(v.u64(F.imageSize.offset)));
  v.listStart('Characteristics');
  const ch = v.u16(F.characteristics.offset);
  for (let i = 0; i <= 1; i++) v.item(`${lookupName(firmwareCharacteristics, i)}: ${ch & (1 << i) ? 'Yes' : 'No'}`);
  v.attr('State', nameOr(firmwareState, v.u8(F.state.offset)));
  const count = v.u8(F.numberOfAssociatedComponents.offset);
  if (v.length < 0x18 + count * 2) return;
  v.listStart('Associated Components', count);
  for (let i = 0; i < count; i++) v.item(`0x${hexN(v.u16(0x18 + 2 * i), 4)}`);
}
