// DSP0134 §7.23 Portable Battery (Type 22). Text follows dmidecode 3.4 case 22.
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

/** Prints type 22 as dmidecode does; SBDS fields stand in for strings set to 0 (SMBIOS 2.2). */
export function formatPortableBattery(v: StructView): void {
  v.title('Portable Battery');
  if (v.length < 0x10) return;
  const long = v.length >= 0x1a;
  v.attr('Location', v.strAt(0x04, 'location'));
  v.attr('Manufacturer', v.strAt(0x05, 'manufacturer'));
  if (v.u8(0x06) || !long) v.attr('Manufacture Date', v.strAt(0x06, 'manufactureDate'));
  if (v.u8(0x07) || !long) v.attr('Serial Number', v.strAt(0x07, 'serialNumber'));
  v.attr('Name', v.strAt(0x08, 'deviceName'));
  // Chemistry 0x02 (Unknown) defers to the SBDS chemistry string.
  if (v.u8(0x09) !== 0x02 || !long) v.attr('Chemistry', nameOr(batteryChemistry, v.u8(0x09)));
  const cap = v.u16(0x0a);
  const mult = v.length < 0x16 ? 1 : v.u8(0x15);
  v.attr('Design Capacity', cap === 0 ? 'Unknown' : `${cap * mult} mWh`);
  const volt = v.u16(0x0c);
  v.attr('Design Voltage', volt === 0 ? 'Unknown' : `${volt} mV`);
  v.attr('SBDS Version', v.strAt(0x0e, 'sbdsVersionNumber'));
  const err = v.u8(0x0f);
  v.attr('Maximum Error', err === 0xff ? 'Unknown' : `${err}%`);
  if (!long) return;
  if (v.u8(0x07) === 0) v.attr('SBDS Serial Number', hexN(v.u16(0x10), 4));
  if (v.u8(0x06) === 0) {
    const d = v.u16(0x12);
    v.attr('SBDS Manufacture Date', `${1980 + (d >> 9)}-${String((d >> 5) & 0x0f).padStart(2, '0')}-${String(d & 0x1f).padStart(2, '0')}`);
  }
  if (v.u8(0x09) === 0x02) v.attr('SBDS Chemistry', v.strAt(0x14, 'sbdsDeviceChemistry'));
  v.attr('OEM-specific Information', `0x${hexN(v.u32(0x16), 8)}`);
}
