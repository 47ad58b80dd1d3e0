// DSP0134 §7.28 Cooling Device (Type 27). Text follows dmidecode 3.4 case 27.
import { indexFields } from './fields.js';
import { coolingDeviceType, coolingDeviceTypeX10, probeStatus } from './names.js';
import { hexN, lookupName, nameOr, OUT_OF_SPEC, type FieldSpec, type StructView } from './view.js';

/** Type 27 offset table. */
export const COOLING_DEVICE_FIELDS = [
  { name: 'temperatureProbeHandle', offset: 0x04, kind: 'handle', since: '2.2' },
  { name: 'deviceTypeAndStatus', offset: 0x06, kind: 'u8', since: '2.2' },
  { name: 'coolingUnitGroup', offset: 0x07, kind: 'u8', since: '2.2' },
  { name: 'oemDefined', offset: 0x08, kind: 'u32', since: '2.2' },
  { name: 'nominalSpeed', offset: 0x0c, kind: 'u16', since: '2.2' },
  { name: 'description', offset: 0x0e, kind: 'string', since: '2.7' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(COOLING_DEVICE_FIELDS);

/** Prints type 27 as dmidecode does. */
export function formatCoolingDevice(v: StructView): void {
  v.title('Cooling Device');
  if (v.length < 0x0c) return;
  const probe = v.u16(F.temperatureProbeHandle.offset);
  if (probe !== 0xffff) v.attr('Temperature Probe Handle', `0x${hexN(probe, 4)}`);
  const ts = v.u8(F.deviceTypeAndStatus.offset);
  v.attr('Type', lookupName(coolingDeviceType, ts & 0x1f) ?? lookupName(coolingDeviceTypeX10, ts & 0x1f) ?? OUT_OF_SPEC);
  v.attr('Status', nameOr(probeStatus, ts >> 5));
  const group = v.u8(F.coolingUnitGroup.offset);
  if (group !== 0) v.attr('Cooling Unit Group', group);
  v.attr('OEM-specific Information', `0x${hexN(v.u32(F.oemDefined.offset), 8)}`);
  if (v.length < 0x0e) return;
  const speed = v.u16(F.nominalSpeed.offset);
  v.attr('Nominal Speed', speed === 0x8000 ? 'Unknown Or Non-rotating' : `${speed} rpm`);
  if (v.length < 0x0f) return;
  v.attr('Description', v.strField(F.description));
}
