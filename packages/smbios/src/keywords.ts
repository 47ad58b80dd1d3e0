// dmidecode's keywords: `-t` type groups and `-s` string keywords (dmidecode 3.4 `dmiopt.c`),
// and the value `dmidecode -s` prints for each.
import type { SmbiosTable } from './model.js';
import { chassisTypeName } from './types/type3-chassis-information.js';
import { processorFamilyName, processorFrequency } from './types/type4-processor-information.js';
import type { FieldSpec } from './types/fields.js';
import { typeDecoder } from './types/registry.js';
import { formatUuid } from './types/uuid.js';
import { StructView } from './types/view.js';

/** `dmidecode -t` keywords and the structure types each selects. */
export const TYPE_KEYWORDS: Record<string, number[]> = {
  bios: [0, 13],
  system: [1, 12, 15, 23, 32],
  baseboard: [2, 10, 41],
  chassis: [3],
  processor: [4],
  memory: [5, 6, 16, 17],
  cache: [7],
  connector: [8],
  slot: [9],
};

/** Where each `-s` keyword's value lives: the declared field that names it, by type then offset (dmidecode's order). */
const STRING_KEYWORD_TABLE: readonly (readonly [string, number, FieldSpec])[] = [0, 1, 2, 3, 4].flatMap((type) =>
  (typeDecoder(type)?.fields ?? [])
    .filter((f) => f.keyword !== undefined)
    .sort((x, y) => x.offset - y.offset)
    .map((f) => [f.keyword!, type, f] as const),
);

/** `dmidecode -s` keywords, in dmidecode's order. */
export const STRING_KEYWORDS: readonly string[] = STRING_KEYWORD_TABLE.map(([k]) => k);

/** The keyword as dmidecode matches it (case-insensitively), or undefined when it is not one. */
export function findStringKeyword(keyword: string): { keyword: string; type: number; offset: number } | undefined {
  const k = keyword.toLowerCase();
  const row = STRING_KEYWORD_TABLE.find(([name]) => name === k);
  return row && { keyword: row[0], type: row[1], offset: row[2].offset };
}

/** The structure types a `-t` argument selects (a keyword, or a number), or undefined when it is neither. */
export function typesForKeyword(arg: string): number[] | undefined {
  const kw = TYPE_KEYWORDS[arg.toLowerCase()];
  if (kw) return [...kw];
  return undefined;
}

/**
 * Exactly the lines `dmidecode -s <keyword>` prints for `table`: one per matching structure, in
 * table order, stopping at the first End-of-Table structure (dmidecode's quiet mode does).
 * Strings are dmidecode's: `Not Specified` for string 0, `<BAD INDEX>` beyond the set,
 * non-printable bytes as `.`; revisions print nothing when a byte is 0xFF; a field the
 * structure is too short to hold prints nothing. Throws RangeError for an unknown keyword.
 */
export function getKeyword(table: SmbiosTable, keyword: string): string[] {
  const kw = findStringKeyword(keyword);
  if (kw === undefined) throw new RangeError(`unknown string keyword (valid: ${STRING_KEYWORDS.join(', ')})`);
  const out: string[] = [];
  for (const s of table.structures) {
    if (s.type === 127) break;
    if (s.type !== kw.type || kw.offset >= s.formatted.length) continue;
    const v = new StructView(s, table.version, table.table);
    const off = kw.offset;
    switch (kw.keyword) {
      case 'bios-revision':
      case 'firmware-revision': {
        // Declared on the minor release byte; the major one precedes it.
        const major = v.u8(off - 1);
        const minor = v.u8(off);
        if (major !== 0xff && minor !== 0xff) out.push(`${major}.${minor}`);
        break;
      }
      case 'system-uuid': {
        // dmidecode reads 16 bytes from the UUID's offset even when the structure is shorter.
        const p = Uint8Array.from({ length: 16 }, (_, i) => v.looseU8(off + i));
        out.push(formatUuid(p, v.ver));
        break;
      }
      case 'chassis-type':
        out.push(chassisTypeName(v.u8(off)));
        break;
      case 'processor-family':
        out.push(processorFamilyName(v));
        break;
      case 'processor-frequency':
        out.push(processorFrequency(v.looseU8(off) | (v.looseU8(off + 1) << 8)));
        break;
      default:
        out.push(v.str(v.u8(off)));
    }
  }
  return out;
}
