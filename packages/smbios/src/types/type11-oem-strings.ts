// DSP0134 §7.12 OEM Strings (Type 11). Text follows dmidecode 3.4 case 11.
import { indexFields } from './fields.js';
import type { FieldSpec, StructView } from './view.js';

/** Type 11 offset table. */
export const OEM_STRINGS_FIELDS = [{ name: 'count', offset: 0x04, kind: 'u8' }] as const satisfies readonly FieldSpec[];

const F = indexFields(OEM_STRINGS_FIELDS);

/** Prints type 11 as dmidecode does: `String n` for n = 1..count. */
export function formatOemStrings(v: StructView): void {
  v.title('OEM Strings');
  if (v.length < 0x05) return;
  const count = v.u8(F.count.offset);
  for (let i = 1; i <= count; i++) v.attr(`String ${i}`, v.str(i, `strings[${i}]`));
}

/** Typed fields of type 11 beyond the offset table: the strings themselves. */
export function oemStringsExtras(v: StructView, fields: { strings?: (string | null)[] }): void {
  if (v.length < 0x05) return;
  const count = v.u8(F.count.offset);
  fields.strings = Array.from({ length: count }, (_, i) => v.rawString(i + 1, `strings[${i + 1}]`));
}
