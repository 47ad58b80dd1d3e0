// DSP0134 §7.24 System Reset (Type 23). Text follows dmidecode 3.4 case 23.
import { indexFields } from './fields.js';
import { systemResetBootOption } from './names.js';
import { nameOr, type FieldSpec, type StructView } from './view.js';

/** Type 23 offset table. */
export const SYSTEM_RESET_FIELDS = [
  { name: 'capabilities', offset: 0x04, kind: 'u8' },
  { name: 'resetCount', offset: 0x05, kind: 'u16' },
  { name: 'resetLimit', offset: 0x07, kind: 'u16' },
  { name: 'timerInterval', offset: 0x09, kind: 'u16' },
  { name: 'timeout', offset: 0x0b, kind: 'u16' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(SYSTEM_RESET_FIELDS);

/** Prints type 23 as dmidecode does; the rest is shown only when a watchdog is present. */
export function formatSystemReset(v: StructView): void {
  v.title('System Reset');
  if (v.length < 0x0d) return;
  const c = v.u8(F.capabilities.offset);
  v.attr('Status', c & 1 ? 'Enabled' : 'Disabled');
  v.attr('Watchdog Timer', c & (1 << 5) ? 'Present' : 'Not Present');
  if (!(c & (1 << 5))) return;
  v.attr('Boot Option', nameOr(systemResetBootOption, (c >> 1) & 3));
  v.attr('Boot Option On Limit', nameOr(systemResetBootOption, (c >> 3) & 3));
  const unknownOr = (n: number, unit = ''): string => (n === 0xffff ? 'Unknown' : `${n}${unit}`);
  v.attr('Reset Count', unknownOr(v.u16(F.resetCount.offset)));
  v.attr('Reset Limit', unknownOr(v.u16(F.resetLimit.offset)));
  v.attr('Timer Interval', unknownOr(v.u16(F.timerInterval.offset), ' min'));
  v.attr('Timeout', unknownOr(v.u16(F.timeout.offset), ' min'));
}
