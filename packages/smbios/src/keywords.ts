// dmidecode's keywords: `-t` type groups and `-s` string keywords (dmidecode 3.4 `dmiopt.c`),
// and the value `dmidecode -s` prints for each.
import type { SmbiosTable } from './model.js';
import { chassisTypeName } from './types/type3-chassis-information.js';
import { processorFamilyName, processorFrequency } from './types/type4-processor-information.js';
import { formatUuid } from './types/type1-system-information.js';
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

/** Where each `-s` keyword's value lives: structure type and formatted-area offset. */
const STRING_KEYWORD_TABLE: readonly (readonly [string, number, number])[] = [
  ['bios-vendor', 0, 0x04],
  ['bios-version', 0, 0x05],
  ['bios-release-date', 0, 0x08],
  ['bios-revision', 0, 0x15],
  ['firmware-revision', 0, 0x17],
  ['system-manufacturer', 1, 0x04],
  ['system-product-name', 1, 0x05],
  ['system-version', 1, 0x06],
  ['system-serial-number', 1, 0x07],
  ['system-uuid', 1, 0x08],
  ['system-sku-number', 1, 0x19],
  ['system-family', 1, 0x1a],
  ['baseboard-manufacturer', 2, 0x04],
  ['baseboard-product-name', 2, 0x05],
  ['baseboard-version', 2, 0x06],
  ['baseboard-serial-number', 2, 0x07],
  ['baseboard-asset-tag', 2, 0x08],
  ['chassis-manufacturer', 3, 0x04],
  ['chassis-type', 3, 0x05],
  ['chassis-version', 3, 0x06],
  ['chassis-serial-number', 3, 0x07],
  ['chassis-asset-tag', 3, 0x08],
  ['processor-family', 4, 0x06],
  ['processor-manufacturer', 4, 0x07],
  ['processor-version', 4, 0x10],
  ['processor-frequency', 4, 0x16],
];

/** `dmidecode -s` keywords, in dmidecode's order. */
export const STRING_KEYWORDS: readonly string[] = STRING_KEYWORD_TABLE.map(([k]) => k);

/** The keyword as dmidecode matches it (case-insensitively), or undefined when it is not one. */
export function findStringKeyword(keyword: string): { keyword: string; type: number; offset: number } | undefined {
  const k = keyword.toLowerCase();
  const row = STRING_KEYWORD_TABLE.find(([name]) => name === k);
  return row && { keyword: row[0], type: row[1], offset: row[2] };
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
    switch ((kw.type << 8) | off) {
      case 0x015:
      case 0x017: {
        const major = v.u8(off - 1);
        const minor = v.u8(off);
        if (major !== 0xff && minor !== 0xff) out.push(`${major}.${minor}`);
        break;
      }
      case 0x108: {
        // dmidecode reads 16 bytes from 0x08 even when the structure is shorter.
        const p = Uint8Array.from({ length: 16 }, (_, i) => v.looseU8(off + i));
        out.push(formatUuid(p, v.ver));
        break;
      }
      case 0x305:
        out.push(chassisTypeName(v.u8(off)));
        break;
      case 0x406:
        out.push(processorFamilyName(v));
        break;
      case 0x416:
        out.push(processorFrequency(v.looseU8(off) | (v.looseU8(off + 1) << 8)));
        break;
      default:
        out.push(v.str(v.u8(off)));
    }
  }
  return out;
}
