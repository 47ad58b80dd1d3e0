// DSP0134 §7.37 Management Device Threshold Data (Type 36). Text follows dmidecode 3.4 case 36.
import type { FieldSpec, StructView } from './view.js';

const THRESHOLDS: readonly [string, string, number][] = [
  ['lowerNonCritical', 'Lower Non-critical Threshold', 0x04],
  ['upperNonCritical', 'Upper Non-critical Threshold', 0x06],
  ['lowerCritical', 'Lower Critical Threshold', 0x08],
  ['upperCritical', 'Upper Critical Threshold', 0x0a],
  ['lowerNonRecoverable', 'Lower Non-recoverable Threshold', 0x0c],
  ['upperNonRecoverable', 'Upper Non-recoverable Threshold', 0x0e],
];

/** Type 36 offset table (signed values; 0x8000 = not available). */
export const MANAGEMENT_DEVICE_THRESHOLD_DATA_FIELDS: readonly FieldSpec[] = THRESHOLDS.map(([name, , offset]) => ({ name, offset, kind: 'u16' as const }));

/** Prints type 36 as dmidecode does. */
export function formatManagementDeviceThresholdData(v: StructView): void {
  v.title('Management Device Threshold Data');
  if (v.length < 0x10) return;
  for (const [, attr, at] of THRESHOLDS) {
    const w = v.u16(at);
    if (w !== 0x8000) v.attr(attr, (w << 16) >> 16);
  }
}
