// Shared machinery for the typed SMBIOS layer: reading fields out of a RawStructure's formatted
// area (gated by its length), resolving string numbers exactly as dmidecode does, and printing
// dmidecode-style text lines. DSP0134 §6.1.2 (header), §6.1.3 (strings).
import { ByteReader, finding, hex, HEX_BYTE, latin1, type Finding } from '@hvmpack/bytes';
import type { RawStructure, SmbiosVersion } from '../model.js';
import { walkedStrings } from '../table.js';
import type { FieldSpec, FieldsOf } from './fields.js';
import { formatUuid } from './uuid.js';
import type { NameTable } from './names.js';

/** dmidecode's text for a code no table names. */
export const OUT_OF_SPEC = '<OUT OF SPEC>';
/** dmidecode's text for a string number beyond the string set. */
export const BAD_INDEX = '<BAD INDEX>';
/** dmidecode's text for string number 0. */
export const NOT_SPECIFIED = 'Not Specified';

/**
 * Version as dmidecode compares it: `major << 8 | minor`, with the 2.31/2.33 → 2.3 and 2.51 → 2.6
 * fix-ups dmidecode applies to 32-bit entry points (`smbios_decode`). An unknown version (a bare
 * table) counts as newer than anything, so 2.6+ rules such as the UUID byte order apply.
 */
export function versionCode(v: SmbiosVersion | null): number {
  if (v === null) return 0xffff;
  const code = ((v.major & 0xff) << 8) | (v.minor & 0xff);
  if (code === 0x021f || code === 0x0221) return 0x0203;
  if (code === 0x0233) return 0x0206;
  return code;
}

/** The name for `code` in `table`, or undefined when the table has none. */
export function lookupName(table: NameTable, code: number): string | undefined {
  const i = code - table.start;
  if (i < 0 || i >= table.names.length) return undefined;
  return table.names[i] ?? undefined;
}

/** The name for `code`, or dmidecode's `<OUT OF SPEC>`. */
export function nameOr(table: NameTable, code: number): string {
  return lookupName(table, code) ?? OUT_OF_SPEC;
}

/**
 * The strings of a raw string set as dmidecode's `_dmi_string` walks it, unfiltered: NUL-terminated
 * strings up to the first empty one (a NUL where a string should start ends the set).
 */
export function stringsOf(stringSet: Uint8Array): string[] {
  const out: string[] = [];
  let p = 0;
  while (p < stringSet.length && stringSet[p] !== 0) {
    const nul = stringSet.indexOf(0, p);
    const end = nul < 0 ? stringSet.length : nul;
    out.push(latin1(stringSet.subarray(p, end)));
    p = end + 1;
  }
  return out;
}

/** dmidecode's `ascii_filter`: bytes below 32 or from 127 up print as `.`. */
export function asciiFilter(s: string): string {
  // eslint-disable-next-line no-control-regex
  return NON_PRINTABLE.test(s) ? s.replace(NON_PRINTABLE_ALL, '.') : s;
}
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\u0000-\u001f\u007f-\uffff]/;
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE_ALL = /[\u0000-\u001f\u007f-\uffff]/g;

export { fieldSize, type FieldKind, type FieldSpec } from './fields.js';
/**
 * Everything a type decoder needs: the structure, a reader over its formatted area, the
 * dmidecode-style version code, the findings so far and the text lines being printed.
 */
export class StructView {
  readonly s: RawStructure;
  readonly ver: number;
  readonly findings: Finding[] = [];
  readonly lines: string[] = [];
  /** Formatted area followed by the string set: what dmidecode's `data` pointer can reach. */
  private joined: Uint8Array | undefined;

  /** The whole structure table `s` came from, when known: dmidecode's reads past a structure land there. */
  private readonly table: Uint8Array | undefined;

  constructor(s: RawStructure, version: SmbiosVersion | null, table?: Uint8Array) {
    this.s = s;
    this.table = table;
    this.ver = versionCode(version);
  }

  /**
   * A bounds-checked reader over the formatted area (its errors carry the absolute offset and
   * path). Made on first use: the JSON path reads fields through {@link readFields}, which checks
   * the length itself, so most structures never need one (building the reader and its path
   * string was a visible share of the batch profile).
   */
  get r(): ByteReader {
    this.reader ??= new ByteReader(this.s.formatted, { base: this.s.offset, path: `smbios.structures[handle 0x${hex4(this.s.handle)}]` });
    return this.reader;
  }
  private reader: ByteReader | undefined;

  /** Formatted-area length (the header's length byte as stored). */
  get length(): number {
    return this.s.formatted.length;
  }

  /** u8 at `at`. */
  u8(at: number): number {
    return this.r.u8At(at);
  }
  /** Little-endian u16 at `at`. */
  u16(at: number): number {
    return this.r.u16At(at);
  }
  /** Little-endian u32 at `at`. */
  u32(at: number): number {
    return this.r.u32At(at);
  }
  /** Little-endian u64 at `at`. */
  u64(at: number): bigint {
    return this.r.u64At(at);
  }

  /**
   * Byte `at` as dmidecode reads it, which may run past the formatted area into the string set
   * and on into the next structure (e.g. `-s system-uuid` on a short type 1): from the table
   * when it was given, else from this structure's bytes, 0 beyond them.
   */
  looseU8(at: number): number {
    if (at < this.length) return this.u8(at);
    if (this.table !== undefined && this.table[this.s.offset] === this.s.type) return this.table[this.s.offset + at] ?? 0;
    this.joined ??= joinBytes(this.s.formatted, this.s.stringSet);
    return this.joined[at] ?? 0;
  }

  /** The UUID at `at` (16 bytes, which the caller has checked are there) as dmidecode prints it for this version. */
  uuidAt(at: number): string {
    return formatUuid(this.s.formatted.subarray(at, at + 16), this.ver);
  }

  /** The structure's strings as dmidecode sees them (computed once). */
  private get strings(): string[] {
    // The raw walk already split the set (same rule: up to the first empty string); re-decoding
    // the bytes was a fifth of the typed decode profile.
    this.stringCache ??= walkedStrings(this.s) ?? stringsOf(this.s.stringSet);
    return this.stringCache;
  }
  private stringCache: string[] | undefined;

  /** String number `index` unfiltered, or null (0, or beyond the set: a finding is recorded). */
  rawString(index: number, field: string, fieldOffset?: number): string | null {
    if (index === 0) return null;
    const v = this.strings[index - 1] ?? null;
    if (v === null) this.badIndex(index, field, fieldOffset);
    return v;
  }

  /** dmidecode's `dmi_string`: `Not Specified`, `<BAD INDEX>`, or the filtered string. */
  str(index: number, field = 'string', fieldOffset?: number): string {
    if (index === 0) return NOT_SPECIFIED;
    const v = this.strings[index - 1] ?? null;
    if (v === null) {
      this.badIndex(index, field, fieldOffset);
      return BAD_INDEX;
    }
    return asciiFilter(v);
  }

  /** The display string of the string-number byte at `at`. */
  strAt(at: number, field = 'string'): string {
    return this.str(this.u8(at), field, at);
  }

  /** The display string of a declared string field. */
  strField(f: FieldSpec): string {
    return this.str(this.u8(f.offset), f.name, f.offset);
  }

  private badIndex(index: number, field: string, fieldOffset: number | undefined): void {
    const where = fieldOffset === undefined ? {} : { offset: this.s.offset + fieldOffset };
    const dup = this.findings.some((f) => f.code === 'SMBIOS_STRING_INDEX_OUT_OF_RANGE' && f.path === `${this.r.path}.${field}`);
    if (dup) return;
    this.findings.push(
      finding('SMBIOS_STRING_INDEX_OUT_OF_RANGE', 'warning', `type ${this.s.type} field ${field} refers to string ${index}, beyond the structure's string set`, {
        ...where,
        path: `${this.r.path}.${field}`,
        type: this.s.type,
        handle: this.s.handle,
      }),
    );
  }

  /** Prints the structure's title line (dmidecode `pr_handle_name`). */
  title(t: string): void {
    this.lines.push(t);
  }
  /** `\tname: value` (dmidecode `pr_attr`). */
  attr(name: string, value: string | number): void {
    this.lines.push(`\t${name}: ${value}`);
  }
  /** `\t\tname: value` (dmidecode `pr_subattr`). */
  subattr(name: string, value: string | number): void {
    this.lines.push(`\t\t${name}: ${value}`);
  }
  /** `\tname:` or `\tname: value` (dmidecode `pr_list_start`). */
  listStart(name: string, value?: string | number): void {
    this.lines.push(value === undefined ? `\t${name}:` : `\t${name}: ${value}`);
  }
  /** `\t\tvalue` (dmidecode `pr_list_item`). */
  item(value: string | number): void {
    this.lines.push(`\t\t${value}`);
  }

  /**
   * Reads every field of `specs` the structure is long enough to hold into a plain object:
   * numbers stay numbers (unknown enum values included), u64 become bigint, string fields become
   * the (unfiltered) string or null, the UUID its display text for this structure's version.
   */
  readFields<const D extends readonly FieldSpec[]>(specs: D): FieldsOf<D> {
    // The length test guards every read, so the bytes are read directly rather than through the
    // bounds-checked reader (this loop runs for every field of every structure in a JSON decode).
    const into: Record<string, unknown> = {};
    const b = this.s.formatted;
    const n = b.length;
    for (const f of specs) {
      const at = f.offset;
      switch (f.kind) {
        case 'u8':
          if (at < n) into[f.name] = b[at]!;
          break;
        case 'u16':
        case 'handle':
          if (at + 2 <= n) into[f.name] = b[at]! | (b[at + 1]! << 8);
          break;
        case 'u32':
          if (at + 4 <= n) into[f.name] = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
          break;
        case 'u64':
          if (at + 8 <= n) into[f.name] = u64LE(b, at);
          break;
        case 'string':
          if (at < n) into[f.name] = this.rawString(b[at]!, f.name, at);
          break;
        case 'uuid':
          if (at + 16 <= n) into[f.name] = this.uuidAt(at);
          break;
      }
    }
    return into as FieldsOf<D>;
  }
}

/** `n` as 4 upper-case hex digits. */
export function hex4(n: number): string {
  return n >= 0 && n <= 0xffff ? HEX_BYTE[n >>> 8]! + HEX_BYTE[n & 0xff]! : n.toString(16).toUpperCase().padStart(4, '0');
}
/** `n` as `width` upper-case hex digits (C `%0nX`). */
export function hexN(n: number | bigint, width: number): string {
  // Bytes are the common case (hex dumps): a table lookup instead of toString + toUpperCase + padStart.
  if (width === 2 && typeof n === 'number' && n >= 0 && n <= 0xff) return HEX_BYTE[n]!;
  return n.toString(16).toUpperCase().padStart(width, '0');
}
/** A bigint as a JSON-safe `0x…` string. */
export function hexBig(n: bigint): string {
  return hex(n, 16);
}
/** The little-endian u64 at `b[at]`, from two 32-bit halves (no DataView per read). */
export function u64LE(b: Uint8Array, at: number): bigint {
  const lo = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
  const hi = (b[at + 4]! | (b[at + 5]! << 8) | (b[at + 6]! << 16)) + b[at + 7]! * 0x1000000;
  return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Prints each set bit of `code` from `from` to `to` as a list item named by `table` (unnamed bits skipped). */
export function printBits(v: StructView, table: NameTable, code: number | bigint, from: number, to: number): void {
  const c = BigInt(code);
  for (let i = from; i <= to; i++) {
    if ((c >> BigInt(i)) & 1n) {
      const n = lookupName(table, i);
      if (n !== undefined) v.item(n);
    }
  }
}

/**
 * A bit-field attribute as dmidecode prints them: `None` when no bit of `mask` is set, else the
 * names of the set bits `from`..`to`, either as a list under `attr:` or, when `flat`, joined by
 * spaces on one line.
 */
export function printFlags(v: StructView, attr: string, table: NameTable, code: number, opts: { mask: number; from: number; to: number; flat?: boolean }): void {
  if ((code & opts.mask) === 0) v.attr(attr, 'None');
  else if (opts.flat) {
    const names: string[] = [];
    for (let i = opts.from; i <= opts.to; i++) if ((code >>> i) & 1) names.push(lookupName(table, i) ?? '');
    v.attr(attr, names.join(' '));
  } else {
    v.listStart(attr);
    printBits(v, table, code, opts.from, opts.to);
  }
}

/** dmidecode's `dmi_print_memory_size`: powers of 1024, one or two units combined; `shift` 1 means the value is in kB. */
export function formatMemorySize(code: bigint, shift: 0 | 1): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB'];
  const split: number[] = [];
  for (let i = 0; i < 7; i++) split.push(Number((code >> BigInt(10 * i)) & 0x3ffn));
  // The top group takes the remaining 4 bits (dmidecode: code.h >> 28).
  split[6] = Number(code >> 60n);
  let i = 6;
  while (i > 0 && split[i] === 0) i--;
  let capacity: number;
  if (i > 0 && split[i - 1] !== 0) {
    i--;
    capacity = split[i]! + split[i + 1]! * 1024;
  } else capacity = split[i]!;
  return `${capacity} ${units[i + shift]}`;
}
