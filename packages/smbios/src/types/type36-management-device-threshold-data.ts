// DSP0134 §7.37 Management Device Threshold Data (Type 36). Text follows dmidecode 3.4 case 36.
import type { FieldSpec, StructView } from './view.js';

/** Type 36 declaration (signed values; 0x8000 = not available). */
export const MANAGEMENT_DEVICE_THRESHOLD_DATA_FIELDS = [
  { name: 'lowerNonCritical', offset: 0x04, kind: 'u16' },
  { name: 'upperNonCritical', offset: 0x06, kind: 'u16' },
  { name: 'lowerCritical', offset: 0x08, kind: 'u16' },
  { name: 'upperCritical', offset: 0x0a, kind: 'u16' },
  { name: 'lowerNonRecoverable', offset: 0x0c, kind: 'u16' },
  { name: 'upperNonRecoverable', offset: 0x0e, kind: 'u16' },
] as const satisfies readonly FieldSpec[];

/** dmidecode's attribute names, in declaration order. */
const THRESHOLD_LABELS = ['Lower Non-critical Threshold', 'Upper Non-critical Threshold', 'Lower Critical Threshold', 'Upper Critical Threshold', 'Lower Non-recoverable Threshold', 'Upper Non-recoverable Threshold'] as const;

/** Prints type 36 as dmidecode does. */
export function formatManagementDeviceThresholdData(v: StructView): void {
  v.title('Management Device Threshold Data');
  if (v.length < 0x10) return;
  MANAGEMENT_DEVICE_THRESHOLD_DATA_FIELDS.forEach((f, i) => {
    const w = v.u16(f.offset);
    if (w !== 0x8000) v.attr(THRESHOLD_LABELS[i]!, (w << 16) >> 16);
  });
}
