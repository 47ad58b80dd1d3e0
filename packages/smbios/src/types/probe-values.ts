// The probe types 26, 28 and 29 share one layout and differ only in units: DSP0134 §7.27,
// §7.29, §7.30. 0x8000 means "unknown" in every probe field; readings are signed 16-bit.
import { indexFields } from './fields.js';
import { probeStatus, type NameTable } from './names.js';
import { hexN, nameOr, type FieldSpec, type StructView } from './view.js';

/** Offset table shared by the probe types 26, 28 and 29. */
export const PROBE_FIELDS = [
  { name: 'description', offset: 0x04, kind: 'string', since: '2.2' },
  { name: 'locationAndStatus', offset: 0x05, kind: 'u8', since: '2.2' },
  { name: 'maximumValue', offset: 0x06, kind: 'u16', since: '2.2' },
  { name: 'minimumValue', offset: 0x08, kind: 'u16', since: '2.2' },
  { name: 'resolution', offset: 0x0a, kind: 'u16', since: '2.2' },
  { name: 'tolerance', offset: 0x0c, kind: 'u16', since: '2.2' },
  { name: 'accuracy', offset: 0x0e, kind: 'u16', since: '2.2' },
  { name: 'oemDefined', offset: 0x10, kind: 'u32', since: '2.2' },
  { name: 'nominalValue', offset: 0x14, kind: 'u16', since: '2.2' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(PROBE_FIELDS);

/** How one probe type scales and labels its readings. */
export interface ProbeUnits {
  readonly title: string;
  readonly locations: NameTable;
  /** Divisor, decimals and unit of the signed readings. */
  readonly value: readonly [number, number, string];
  /** Divisor, decimals and unit of the unsigned resolution. */
  readonly resolution: readonly [number, number, string];
}

function scaled(code: number, [div, digits, unit]: readonly [number, number, string], signed: boolean): string {
  if (code === 0x8000) return 'Unknown';
  const n = signed ? (code << 16) >> 16 : code;
  return `${(n / div).toFixed(digits)} ${unit}`;
}

/** Prints a probe structure as dmidecode does for types 26, 28 and 29. */
export function formatProbe(v: StructView, units: ProbeUnits): void {
  v.title(units.title);
  if (v.length < 0x14) return;
  v.attr('Description', v.strField(F.description));
  v.attr('Location', nameOr(units.locations, v.u8(F.locationAndStatus.offset) & 0x1f));
  v.attr('Status', nameOr(probeStatus, v.u8(F.locationAndStatus.offset) >> 5));
  const reading = (at: number): string => scaled(v.u16(at), units.value, true);
  v.attr('Maximum Value', reading(F.maximumValue.offset));
  v.attr('Minimum Value', reading(F.minimumValue.offset));
  v.attr('Resolution', scaled(v.u16(F.resolution.offset), units.resolution, false));
  v.attr('Tolerance', reading(F.tolerance.offset));
  const acc = v.u16(F.accuracy.offset);
  v.attr('Accuracy', acc === 0x8000 ? 'Unknown' : `${(acc / 100).toFixed(2)}%`);
  v.attr('OEM-specific Information', `0x${hexN(v.u32(F.oemDefined.offset), 8)}`);
  if (v.length < 0x16) return;
  v.attr('Nominal Value', reading(F.nominalValue.offset));
}
