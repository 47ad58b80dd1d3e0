// Shared machinery for the typed SMBIOS layer: reading fields out of a RawStructure's formatted
// area (gated by its length), resolving string numbers exactly as dmidecode does, and printing
// dmidecode-style text lines. DSP0134 §6.1.2 (header), §6.1.3 (strings).
import { ByteReader, finding, hex, HEX_BYTE, latin1, type Finding } from '@hvmpack/bytes';
import type { RawStructure, SmbiosVersion } from '../model.js';
import { walkedStrings } from '../table.js';
import { ascii, constantText, put, putUint, SMALL_DIGITS, type JsonWriter } from '../json-writer.js';
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

/** Field kinds an offset table can hold. */
export type FieldKind = 'u8' | 'u16' | 'u32' | 'u64' | 'string' | 'handle';

const KIND_SIZE: Record<FieldKind, number> = { u8: 1, u16: 2, u32: 4, u64: 8, string: 1, handle: 2 };

/** One row of a per-type offset table (formatted-area offset, kind, the spec version that added it). */
export interface FieldSpec {
  readonly name: string;
  readonly offset: number;
  readonly kind: FieldKind;
  /** SMBIOS version that added the field (documentation; decoding is gated by length, as dmidecode does). */
  readonly since?: string;
}

/** Size in bytes of a field of `kind`. */
export function fieldSize(kind: FieldKind): number {
  return KIND_SIZE[kind];
}

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
   * numbers stay numbers (unknown enum values included), u64 become `0x…` strings, string
   * fields become the (unfiltered) string or null.
   */
  readFields(specs: readonly FieldSpec[], into: Record<string, unknown> = {}): Record<string, unknown> {
    // The length test guards every read, so the bytes are read directly rather than through the
    // bounds-checked reader (this loop runs for every field of every structure in a JSON decode).
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
          if (at + 8 <= n) into[f.name] = hexBytesLE(b, at, 8);
          break;
        case 'string':
          if (at < n) into[f.name] = this.rawString(b[at]!, f.name, at);
          break;
      }
    }
    return into;
  }
}

/** Bounds for {@link writeFieldObject} on the object path, where the view resolves strings. */
export const NO_BOUNDS: readonly number[] = [];
const NULL_TEXT = ascii('null');
const OPEN_BRACE = 0x7b;

/**
 * An offset table compiled for writing JSON: field kinds and places as small integers and every
 * `,"name":` key in one byte array, so the per-field loop touches no strings or objects.
 */
export interface FieldProgram {
  readonly count: number;
  /** Field names, for findings about a field. */
  readonly names: readonly string[];
  /** 0 u8, 1 u16 or handle, 2 u32, 3 u64, 4 string number. */
  readonly kinds: Uint8Array;
  readonly offsets: Uint16Array;
  /** Offset just past the field: it is written only when the formatted area reaches this far. */
  readonly ends: Uint16Array;
  /**
   * Every field's key `,"name":` as little-endian 32-bit words, each key starting on a word:
   * field i's are keyWords[keyStarts[i] .. keyStarts[i + 1]), and it is keyLengths[i] bytes long.
   */
  readonly keyWords: Uint32Array;
  readonly keyStarts: Uint16Array;
  readonly keyLengths: Uint8Array;
  /** Most bytes the fields can take, counting a string as `null` (strings reserve their own room). */
  readonly maxBytes: number;
}

const PROGRAMS = new WeakMap<readonly FieldSpec[], FieldProgram>();
const KIND_CODE: Record<FieldKind, number> = { u8: 0, u16: 1, handle: 1, u32: 2, u64: 3, string: 4 };
// Longest JSON text per kind code: 255, 65535, 4294967295, "0x…16 digits…", null.
const KIND_MAX_TEXT = [3, 5, 10, 20, 4];

/** The {@link FieldProgram} of an offset table (compiled once per table). */
export function fieldProgram(specs: readonly FieldSpec[]): FieldProgram {
  let prog = PROGRAMS.get(specs);
  if (prog !== undefined) return prog;
  const keys = specs.map((f) => constantText(`,${JSON.stringify(f.name)}:`));
  const keyStarts = new Uint16Array(specs.length + 1);
  keys.forEach((k, i) => (keyStarts[i + 1] = keyStarts[i]! + k.words.length));
  const keyWords = new Uint32Array(keyStarts[specs.length]!);
  keys.forEach((k, i) => keyWords.set(k.words, keyStarts[i]!));
  const kinds = Uint8Array.from(specs, (f) => KIND_CODE[f.kind]);
  prog = {
    count: specs.length,
    names: specs.map((f) => f.name),
    kinds,
    offsets: Uint16Array.from(specs, (f) => f.offset),
    ends: Uint16Array.from(specs, (f) => f.offset + KIND_SIZE[f.kind]),
    keyWords,
    keyStarts,
    keyLengths: Uint8Array.from(keys, (k) => k.length),
    maxBytes: keys.reduce((m, k) => m + k.length, 2) + Array.from(kinds).reduce((m, k) => m + KIND_MAX_TEXT[k]!, 0),
  };
  PROGRAMS.set(specs, prog);
  return prog;
}

/**
 * The fields of an offset table (compiled by {@link fieldProgram}) as a JSON object (`{"name":value,…}`), read from a formatted area of `n`
 * bytes at `b[base]`: from a RawStructure (`view` given; it resolves string numbers and records
 * bad ones) or straight from a structure index (`view` undefined: string `k` of the structure is
 * `b[bounds[2(s0 + k - 1)], bounds[2(s0 + k - 1) + 1])`, for k up to `s1 - s0`). The text is
 * exactly JSON.stringify of {@link StructView.readFields}'s object. Returns false, with nothing
 * written, when on the index path a string number is past the set: the caller then writes the
 * structure from its object, which records the finding.
 */
export function writeFieldObject(w: JsonWriter, b: Uint8Array, base: number, n: number, prog: FieldProgram, view: StructView | undefined, bounds: readonly number[], s0: number, s1: number): boolean {
  const { kinds, offsets, ends, keyWords, keyStarts, keyLengths } = prog;
  const start = w.length;
  let buf = w.reserve(prog.maxBytes);
  let dv = w.view;
  let o = start;
  buf[o++] = OPEN_BRACE;
  let first = true;
  for (let i = 0; i < prog.count; i++) {
    if (ends[i]! > n) continue;
    // The key `,"name":`, four bytes at a time (see putText, written out here: this is the
    // hottest loop of a batch). The first member's key goes over the `{`, whose place its comma
    // takes, and the `{` is put back.
    if (first) o = start;
    for (let j = keyStarts[i]!, e = keyStarts[i + 1]!, q = o; j < e; j++, q += 4) dv.setUint32(q, keyWords[j]!, true);
    o += keyLengths[i]!;
    if (first) {
      buf[start] = OPEN_BRACE;
      first = false;
    }
    const at = base + offsets[i]!;
    switch (kinds[i]) {
      case 0:
      case 1: {
        // Bytes and words: numbers below 1,000 (nearly all) written here from the digit table
        // rather than by a call, which the JIT does not inline into a loop this size.
        const v = kinds[i] === 0 ? b[at]! : b[at]! | (b[at + 1]! << 8);
        if (v < 10) buf[o++] = 0x30 + v;
        else if (v < 100) {
          buf[o] = SMALL_DIGITS[3 * v + 1]!;
          buf[o + 1] = SMALL_DIGITS[3 * v + 2]!;
          o += 2;
        } else if (v < 1000) {
          buf[o] = SMALL_DIGITS[3 * v]!;
          buf[o + 1] = SMALL_DIGITS[3 * v + 1]!;
          buf[o + 2] = SMALL_DIGITS[3 * v + 2]!;
          o += 3;
        } else o = putUint(buf, o, v);
        break;
      }
      case 2:
        o = putUint(buf, o, (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000);
        break;
      case 3:
        w.advance(o);
        w.hexLE(b, at, 8);
        buf = w.reserve(prog.maxBytes);
        dv = w.view;
        o = w.length;
        break;
      default: {
        const index = b[at]!;
        if (index === 0 && view === undefined) {
          o = put(buf, o, NULL_TEXT);
          break;
        }
        w.advance(o);
        if (view !== undefined) w.str(view.rawString(index, prog.names[i]!, offsets[i]!));
        else if (s0 + index <= s1) {
          const k = 2 * (s0 + index - 1);
          w.latin1(b, bounds[k]!, bounds[k + 1]!);
        } else {
          w.truncate(start);
          return false;
        }
        // A string can be any length: room for the rest is reserved again after it.
        buf = w.reserve(prog.maxBytes);
        dv = w.view;
        o = w.length;
      }
    }
  }
  buf[o++] = 0x7d;
  w.advance(o);
  return true;
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
/** `count` little-endian bytes at `at` as `0x…` upper-case hex: {@link hexBig} of the same value, without a bigint. */
export function hexBytesLE(b: Uint8Array, at: number, count: number): string {
  let s = '0x';
  for (let i = at + count - 1; i >= at; i--) s += HEX_BYTE[b[i]!]!;
  return s;
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
