// DSP0134 §7.23 Portable Battery (Type 22). Text follows dmidecode 3.4 case 22.
import { indexFields } from './fields.js';
import { batteryChemistry } from './names.js';
import { hexN, nameOr, type FieldSpec, type StructView } from './view.js';

/** Type 22 offset table. */
export const PORTABLE_BATTERY_FIELDS = [
  { name: 'location', offset: 0x04, kind: 'string', since: '2.1' },
  { name: 'manufacturer', offset: 0x05, kind: 'string', since: '2.1' },
  { name: 'manufactureDate', offset: 0x06, kind: 'string', since: '2.1' },
  { name: 'serialNumber', offset: 0x07, kind: 'string', since: '2.1', sensitive: 'serial' },
  { name: 'deviceName', offset: 0x08, kind: 'string', since: '2.1' },
  { name: 'deviceChemistry', offset: 0x09, kind: 'u8', since: '2.1' },
  { name: 'designCapacity', offset: 0x0a, kind: 'u16', since: '2.1' },
  { name: 'designVoltage', offset: 0x0c, kind: 'u16', since: '2.1' },
  { name: 'sbdsVersionNumber', offset: 0x0e, kind: 'string', since: '2.1' },
  { name: 'maximumErrorInBatteryData', offset: 0x0f, kind: 'u8', since: '2.1' },
  { name: 'sbdsSerialNumber', offset: 0x10, kind: 'u16', since: '2.2', sensitive: 'serial' },
  { name: 'sbdsManufactureDate', offset: 0x12, kind: 'u16', since: '2.2' },
  { name: 'sbdsDeviceChemistry', offset: 0x14, kind: 'string', since: '2.2' },
  { name: 'designCapacityMultiplier', offset: 0x15, kind: 'u8', since: '2.2' },
  { name: 'oemSpecific', offset: 0x16, kind: 'u32', since: '2.2' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(PORTABLE_BATTERY_FIELDS);

/** Prints type 22 as dmidecode does; SBDS fields stand in for strings set to 0 (SMBIOS 2.2). */
export function formatPortableBattery(v: StructView): void {
  v.title('Portable Battery');
  if (v.length < 0x10) return;
  const long = v.length >= 0x1a;
  v.attr('Location', v.strField(F.location));
  v.attr('Manufacturer', v.strField(F.manufacturer));
  if (v.u8(0x06) || !long) v.attr('Manufacture Date', v.strField(F.manufactureDate));
  if (v.u8(0x07) || !long) v.attr('Serial Number', v.strField(F.serialNumber));
  v.attr('Name', v.strField(F.deviceName));
  // Chemistry 0x02 (Unknown) defers to the SBDS chemistry string.
  if (v.u8(F.deviceChemistry.offset) !== 0x02 || !long) v.attr('Chemistry', nameOr(batteryChemistry, v.u8(F.deviceChemistry.offset)));
  const cap = v.u16(F.designCapacity.offset);
  const mult = v.length < 0x16 ? 1 : v.u8(F.designCapacityMultiplier.offset);
  v.attr('Design Capacity', cap === 0 ? 'Unknown' : `${cap * mult} mWh`);
  const volt = v.u16(F.designVoltage.offset);
  v.attr('Design Voltage', volt === 0 ? 'Unknown' : `${volt} mV`);
  v.attr('SBDS Version', v.strField(F.sbdsVersionNumber));
  const err = v.u8(F.maximumErrorInBatteryData.offset);
  v.attr('Maximum Error', err === 0xff ? 'Unknown' : `${err}%`);
  if (!long) return;
  if (v.u8(0x07) === 0) v.attr('SBDS Serial Number', hexN(v.u16(F.sbdsSerialNumber.offset), 4));
  if (v.u8(0x06) === 0) {
    const d = v.u16(F.sbdsManufactureDate.offset);
    v.attr('SBDS Manufacture Date', `${1980 + (d >> 9)}-${String((d >> 5) & 0x0f).padStart(2, '0')}-${String(d & 0x1f).padStart(2, '0')}`);
  }
  if (v.u8(F.deviceChemistry.offset) === 0x02) v.attr('SBDS Chemistry', v.strField(F.sbdsDeviceChemistry));
  v.attr('OEM-specific Information', `0x${hexN(v.u32(F.oemSpecific.offset), 8)}`);
}
