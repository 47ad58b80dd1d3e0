// DSP0134 §7.14 BIOS Language Information (Type 13). Text follows dmidecode 3.4 case 13.
import { indexFields } from './fields.js';
import type { FieldSpec, StructView } from './view.js';

/** Type 13 offset table. */
export const BIOS_LANGUAGE_INFORMATION_FIELDS = [
  { name: 'installableLanguages', offset: 0x04, kind: 'u8', since: '2.0' },
  { name: 'flags', offset: 0x05, kind: 'u8', since: '2.1' },
  { name: 'currentLanguage', offset: 0x15, kind: 'string', since: '2.0' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(BIOS_LANGUAGE_INFORMATION_FIELDS);

/** Prints type 13 as dmidecode does; the format flag exists from SMBIOS 2.1. */
export function formatBiosLanguageInformation(v: StructView): void {
  v.title('BIOS Language Information');
  if (v.length < 0x16) return;
  if (v.ver >= 0x0201) v.attr('Language Description Format', v.u8(F.flags.offset) & 1 ? 'Abbreviated' : 'Long');
  const count = v.u8(F.installableLanguages.offset);
  v.listStart('Installable Languages', count);
  for (let i = 1; i <= count; i++) v.item(v.str(i, `strings[${i}]`));
  v.attr('Currently Installed Language', v.strField(F.currentLanguage));
}
