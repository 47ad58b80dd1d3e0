// The view for every structure type without its own decoder, OEM types 128–255 included:
// dmidecode's `Header and Data:` hex rows plus the `Strings:` list (`dmi_dump`).
import { HEX_BYTE } from '@hvmpack/bytes';
import { asciiFilter, hexN, stringsOf, type StructView } from './view.js';

/** Prints the formatted area as rows of 16 hex bytes and the strings, as dmidecode's `dmi_dump`. */
export function formatHeaderAndData(v: StructView): void {
  const f = v.s.formatted;
  v.listStart('Header and Data');
  for (let row = 0; row < f.length; row += 16) {
    const cells: string[] = [];
    for (let i = row; i < Math.min(row + 16, f.length); i++) cells.push(hexN(f[i]!, 2));
    v.item(cells.join(' '));
  }
  // dmidecode prints the list only when the string set is not empty (its first two bytes are not 00 00).
  const set = v.s.stringSet;
  if ((set[0] ?? 0) !== 0 || (set[1] ?? 0) !== 0) {
    v.listStart('Strings');
    for (const s of stringsOf(set)) v.item(asciiFilter(s));
  }
}

/** Prints an unknown or OEM structure as dmidecode does when it has no decoder for it. */
export function formatGeneric(v: StructView): void {
  v.title(`${v.s.type >= 128 ? 'OEM-specific' : 'Unknown'} Type`);
  formatHeaderAndData(v);
}

/** Typed fields of the generic view: the formatted area after the header, as hex. */
export function genericFields(v: StructView): { data: string } {
  // Concatenation over a lookup table: Array.from + a closure + join per structure was about a
  // tenth of the batch JSON profile (OEM structures are common and often long).
  const f = v.s.formatted;
  let data = '';
  for (let i = 4; i < f.length; i++) data += HEX_BYTE[f[i]!]!;
  return { data };
}
