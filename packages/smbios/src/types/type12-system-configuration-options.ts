// DSP0134 §7.13 System Configuration Options (Type 12). Text follows dmidecode 3.4 case 12.
import { indexFields } from './fields.js';
import type { FieldSpec, StructView } from './view.js';

/** Type 12 offset table. */
export const SYSTEM_CONFIGURATION_OPTIONS_FIELDS = [{ name: 'count', offset: 0x04, kind: 'u8' }] as const satisfies readonly FieldSpec[];

const F = indexFields(SYSTEM_CONFIGURATION_OPTIONS_FIELDS);

/** Prints type 12 as dmidecode does: `Option n` for n = 1..count. */
export function formatSystemConfigurationOptions(v: StructView): void {
  v.title('System Configuration Options');
  if (v.length < 0x05) return;
  const count = v.u8(F.count.offset);
  for (let i = 1; i <= count; i++) v.attr(`Option ${i}`, v.str(i, `strings[${i}]`));
}
