// DSP0134 §7.26 System Power Controls (Type 25). Text follows dmidecode 3.4 case 25.
import { hexN, type FieldSpec, type StructView } from './view.js';

/** Type 25 offset table (BCD month, day, hour, minute, second). */
export const SYSTEM_POWER_CONTROLS_FIELDS = [
  { name: 'nextScheduledPowerOnMonth', offset: 0x04, kind: 'u8' },
  { name: 'nextScheduledPowerOnDayOfMonth', offset: 0x05, kind: 'u8' },
  { name: 'nextScheduledPowerOnHour', offset: 0x06, kind: 'u8' },
  { name: 'nextScheduledPowerOnMinute', offset: 0x07, kind: 'u8' },
  { name: 'nextScheduledPowerOnSecond', offset: 0x08, kind: 'u8' },
] as const satisfies readonly FieldSpec[];

/** True when `value` is valid BCD within low..high (dmidecode `dmi_bcd_range`). */
function bcdIn(value: number, low: number, high: number): boolean {
  return value <= 0x99 && (value & 0x0f) <= 0x09 && value >= low && value <= high;
}

/** Prints type 25 as dmidecode does; out-of-range BCD fields print `*`. */
export function formatSystemPowerControls(v: StructView): void {
  v.title('System Power Controls');
  if (v.length < 0x09) return;
  const part = (at: number, lo: number, hi: number): string => (bcdIn(v.u8(at), lo, hi) ? hexN(v.u8(at), 2) : '*');
  v.attr('Next Scheduled Power-on', `${part(4, 0x01, 0x12)}-${part(5, 0x01, 0x31)} ${part(6, 0x00, 0x23)}:${part(7, 0x00, 0x59)}:${part(8, 0x00, 0x59)}`);
}
