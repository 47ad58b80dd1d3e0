// DSP0134 §7.40 System Power Supply (Type 39). Text follows dmidecode 3.4 case 39.
import { indexFields } from './fields.js';
import { powerSupplyRangeSwitching, powerSupplyStatus, powerSupplyType } from './names.js';
import { hexN, nameOr, type FieldSpec, type StructView } from './view.js';

/** Type 39 offset table. */
export const SYSTEM_POWER_SUPPLY_FIELDS = [
  { name: 'powerUnitGroup', offset: 0x04, kind: 'u8', since: '2.3.1' },
  { name: 'location', offset: 0x05, kind: 'string', since: '2.3.1' },
  { name: 'deviceName', offset: 0x06, kind: 'string', since: '2.3.1' },
  { name: 'manufacturer', offset: 0x07, kind: 'string', since: '2.3.1' },
  { name: 'serialNumber', offset: 0x08, kind: 'string', since: '2.3.1', sensitive: 'serial' },
  { name: 'assetTagNumber', offset: 0x09, kind: 'string', since: '2.3.1', sensitive: 'asset-tag' },
  { name: 'modelPartNumber', offset: 0x0a, kind: 'string', since: '2.3.1', sensitive: 'part-number' },
  { name: 'revisionLevel', offset: 0x0b, kind: 'string', since: '2.3.1' },
  { name: 'maxPowerCapacity', offset: 0x0c, kind: 'u16', since: '2.3.1' },
  { name: 'powerSupplyCharacteristics', offset: 0x0e, kind: 'u16', since: '2.3.1' },
  { name: 'inputVoltageProbeHandle', offset: 0x10, kind: 'handle', since: '2.3.1' },
  { name: 'coolingDeviceHandle', offset: 0x12, kind: 'handle', since: '2.3.1' },
  { name: 'inputCurrentProbeHandle', offset: 0x14, kind: 'handle', since: '2.3.1' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(SYSTEM_POWER_SUPPLY_FIELDS);

/** Prints type 39 as dmidecode does. */
export function formatSystemPowerSupply(v: StructView): void {
  v.title('System Power Supply');
  if (v.length < 0x10) return;
  const group = v.u8(F.powerUnitGroup.offset);
  if (group !== 0) v.attr('Power Unit Group', group);
  v.attr('Location', v.strField(F.location));
  v.attr('Name', v.strField(F.deviceName));
  v.attr('Manufacturer', v.strField(F.manufacturer));
  v.attr('Serial Number', v.strField(F.serialNumber));
  v.attr('Asset Tag', v.strField(F.assetTagNumber));
  v.attr('Model Part Number', v.strField(F.modelPartNumber));
  v.attr('Revision', v.strField(F.revisionLevel));
  const power = v.u16(F.maxPowerCapacity.offset);
  v.attr('Max Power Capacity', power === 0x8000 ? 'Unknown' : `${power} W`);
  const ch = v.u16(F.powerSupplyCharacteristics.offset);
  v.attr('Status', ch & (1 << 1) ? `Present, ${nameOr(powerSupplyStatus, (ch >> 7) & 0x07)}` : 'Not Present');
  v.attr('Type', nameOr(powerSupplyType, (ch >> 10) & 0x0f));
  v.attr('Input Voltage Range Switching', nameOr(powerSupplyRangeSwitching, (ch >> 3) & 0x0f));
  v.attr('Plugged', ch & (1 << 2) ? 'No' : 'Yes');
  v.attr('Hot Replaceable', ch & 1 ? 'Yes' : 'No');
  if (v.length < 0x16) return;
  const handles: [string, number][] = [['Input Voltage Probe Handle', 0x10], ['Cooling Device Handle', 0x12], ['Input Current Probe Handle', 0x14]];
  for (const [attr, at] of handles) {
    const h = v.u16(at);
    if (h !== 0xffff) v.attr(attr, `0x${hexN(h, 4)}`);
  }
}
