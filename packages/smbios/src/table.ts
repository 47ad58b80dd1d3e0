import { ByteReader, DEFAULT_LIMITS, ErrorCode, FormatError, finding, hex, resolveLimits, type Finding, type Limits } from '@hvmpack/bytes';
import type { RawStructure, SmbiosVersion } from './model.js';
import { SmbiosScratch } from './scratch.js';

/** Type of the End-of-Table structure (DSP0134 §7.46). */
export const END_OF_TABLE_TYPE = 127;
/** Type of an Inactive structure: disabled in place, body never interpreted (DSP0134 §7.45). */
export const INACTIVE_TYPE = 126;
/** Size of a structure header: type, length, handle (DSP0134 §6.1.2). */
export const STRUCTURE_HEADER_SIZE = 4;

/** Options for {@link decodeStructureTable}. */
export interface DecodeTableOptions {
  /** SMBIOS version from the entry point, or null/absent for a bare table. */
  version?: SmbiosVersion | null;
  /** Structure count from a 2.x entry point: the walk stops after this many, as dmidecode's does. */
  structureCount?: number;
  /** Announced table length; the walk never goes past it (nor past the bytes given). */
  tableLength?: number;
  /**
   * Stop after the first type-127 structure. Default: true when no `structureCount` is given
   * (SMBIOS 3 and bare tables); 2.x tables are walked to their count, as dmidecode does.
   */
  stopAtEndOfTable?: boolean;
  /** Caps (structures, strings per structure, table length). */
  limits?: Partial<Limits>;
  /** Absolute offset of `bytes[0]` in the input, for errors and findings. */
  base?: number;
  /** Working memory to reuse (see {@link SmbiosScratch}); default: a new one for this call. */
  scratch?: SmbiosScratch;
}

/** The raw layer's result: structures, what was noticed, and where the walk ended. */
export interface DecodedStructureTable {
  structures: RawStructure[];
  findings: Finding[];
  /** Offset just past the last structure decoded; bytes from here on were not walked. */
  end: number;
}

/**
 * The raw layer as offsets: where every structure, its string set and each of its strings lie in
 * the table, with no per-structure objects. It is lossless (structure `i` is `table[starts[i],
 * ends[i])`, its formatted area the first `table[starts[i] + 1]` bytes of that) and is what
 * {@link decodeStructureTable} builds its RawStructure objects from. Readers that visit every
 * structure once (JSON lines for a fleet, audits) can work from it directly: on a 2-core VM a
 * Uint8Array view costs about 80 ns, so the two views per RawStructure alone cost more than
 * walking the bytes does.
 */
export interface StructureIndex {
  /** The bytes walked; every offset below is into this array. */
  readonly table: Uint8Array;
  /** Absolute offset of `table[0]` in the input (for findings and errors). */
  readonly base: number;
  /** Number of structures found. */
  readonly count: number;
  /** `starts[i]`: offset of structure `i`'s header (its type byte). */
  readonly starts: readonly number[];
  /** `ends[i]`: offset just past structure `i`'s string set (its terminating double NUL). */
  readonly ends: readonly number[];
  /**
   * Structure `i`'s strings are numbers `k` from `firstString[i]` to `firstString[i + 1] - 1`;
   * string `k` is `table[stringBounds[2k], stringBounds[2k + 1])` (NUL excluded). At most
   * `maxStrings` per structure are listed; a structure with that many may hold more.
   */
  readonly firstString: readonly number[];
  /** Start and end offsets of every listed string, two entries per string. */
  readonly stringBounds: readonly number[];
  /** The per-structure string cap the walk applied. */
  readonly maxStrings: number;
  /** What the walk noticed, as {@link decodeStructureTable} reports it. */
  readonly findings: Finding[];
  /** Offset just past the last structure; bytes from here on were not walked. */
  readonly end: number;
}

/**
 * Walks a structure table into lossless raw structures, exactly as dmidecode's
 * `dmi_table_decode` walks it: the next structure starts after the first `00 00` at or past the
 * formatted area; a length below 4 stops the walk (the next header cannot be found); a structure
 * whose strings run past the end stops it. Neither throws: both become findings.
 */
export function decodeStructureTable(bytes: Uint8Array, options: DecodeTableOptions = {}): DecodedStructureTable {
  const ix = scanStructureTable(bytes, options);
  return { structures: structuresFromIndex(ix, options.scratch), findings: ix.findings, end: ix.end };
}

/**
 * The walk of {@link decodeStructureTable}, recording offsets only ({@link StructureIndex}):
 * same rules, same findings, same limits.
 */
export function scanStructureTable(bytes: Uint8Array, options: DecodeTableOptions = {}): StructureIndex {
  // No copy of the defaults when none are overridden: the walk of a small table is short enough
  // for a copy per call to show.
  const limits = options.limits === undefined ? DEFAULT_LIMITS : resolveLimits(options.limits);
  const base = options.base ?? 0;
  if (bytes.length > limits.maxTableLength) {
    throw new FormatError(ErrorCode.LimitExceeded, 'structure table is over the length limit', {
      offset: base,
      path: 'smbios.table',
      expected: `at most ${limits.maxTableLength} bytes`,
      found: `${bytes.length}`,
    });
  }
  const len = options.tableLength !== undefined && options.tableLength < bytes.length ? Math.max(0, options.tableLength) : bytes.length;
  const count = options.structureCount;
  const hasCount = count !== undefined && count > 0;
  const stopAtEnd = options.stopAtEndOfTable ?? !hasCount;
  const maxStrings = limits.maxStringsPerStructure;
  const maxStructures = limits.maxStructures;
  const findings: Finding[] = [];
  // A scratch made for this walk alone hands its arrays to the index; a lent one is copied from.
  const lent = options.scratch !== undefined;
  const sc = options.scratch ?? new SmbiosScratch();
  const { starts, ends, first, bounds } = sc;
  let n = 0;
  // Strings listed so far; bounds[2k], bounds[2k + 1] of string k.
  let ns = 0;
  let pos = 0;
  let sawEnd = false;
  let stopped = false;
  let lastHandle = -1;
  let seen: Set<number> | undefined;
  const r = new ByteReader(bytes, { base, path: 'smbios.table' });
  while ((!hasCount || n < count) && pos + STRUCTURE_HEADER_SIZE <= len) {
    const type = bytes[pos]!;
    const length = bytes[pos + 1]!;
    if (length < STRUCTURE_HEADER_SIZE) {
      findings.push(
        finding('SMBIOS_INVALID_STRUCTURE_LENGTH', 'error', `structure length ${length} is below the 4-byte header; the table is broken and decoding stops here, as dmidecode does`, {
          offset: base + pos,
          path: pathOf(n),
          type,
        }),
      );
      stopped = true;
      break;
    }
    const fEnd = pos + length;
    const firstOfThis = ns;
    // `next` is where dmidecode's scan lands: just past the first 00 00 at or after the formatted
    // area, with the pair inside the table; -1 when there is none (a truncated structure).
    let next = -1;
    if (fEnd + 1 < len && bytes[fEnd] === 0 && bytes[fEnd + 1] === 0) {
      next = fEnd + 2;
    } else if (fEnd < len && bytes[fEnd] !== 0) {
      // One pass finds the end and the strings: the chain of NUL-terminated strings ends exactly
      // at the first 00 00.
      let start = fEnd;
      let capped = false;
      for (let j = fEnd; j < len; j++) {
        if (bytes[j] !== 0) continue;
        if (ns - firstOfThis < maxStrings) {
          bounds[2 * ns] = start;
          bounds[2 * ns + 1] = j;
          ns++;
        } else if (!capped) {
          capped = true;
          findings.push(finding('SMBIOS_TOO_MANY_STRINGS', 'warning', `string set holds more than ${maxStrings} strings; the rest are kept only as raw bytes`, { offset: base + start, path: pathOf(n), type, handle: bytes[pos + 2]! | (bytes[pos + 3]! << 8) }));
        }
        if (j + 1 < len && bytes[j + 1] === 0) {
          next = j + 2;
          break;
        }
        start = j + 1;
      }
    } else {
      // One NUL then data (or nothing left): no strings, dmidecode's scan for 00 00 decides.
      let j = fEnd;
      while (j + 1 < len && (bytes[j] !== 0 || bytes[j + 1] !== 0)) j++;
      if (j + 2 <= len) next = j + 2;
    }
    if (next < 0) {
      // The cut structure's strings are not listed: it is not a structure of the index.
      ns = firstOfThis;
      findings.push(
        finding('SMBIOS_STRUCTURE_TRUNCATED', 'error', `structure (type ${type}) or its strings run past the end of the table; decoding stops here`, {
          offset: base + pos,
          path: pathOf(n),
          type,
        }),
      );
      stopped = true;
      break;
    }
    if (n >= maxStructures) {
      sc.trim();
      throw new FormatError(ErrorCode.LimitExceeded, 'too many structures in the table', {
        offset: base + pos,
        path: pathOf(n),
        expected: `at most ${maxStructures}`,
        found: `more`,
      });
    }
    starts[n] = pos;
    ends[n] = next;
    first[n] = firstOfThis;
    n++;
    if (type !== INACTIVE_TYPE) {
      const handle = r.u16At(pos + 2);
      // Firmware nearly always numbers handles upwards, and while it does no handle can repeat:
      // the set of handles seen (a visible share of the walk) is only made, from the structures
      // already walked, when a handle first fails to go up.
      if (handle > lastHandle && seen === undefined) lastHandle = handle;
      else {
        if (seen === undefined) {
          seen = new Set<number>();
          for (let i = 0; i < n - 1; i++) {
            const p = starts[i]!;
            if (bytes[p] !== INACTIVE_TYPE) seen.add(r.u16At(p + 2));
          }
        }
        if (seen.has(handle)) {
          findings.push(finding('SMBIOS_DUPLICATE_HANDLE', 'warning', `handle ${hex(handle, 4)} is used by more than one structure`, { offset: base + pos, path: pathOf(n - 1), type, handle }));
        }
        seen.add(handle);
      }
    }
    // dmidecode dmi_fixup_type_34: length 0x10 with printable bytes 0x0B–0x0F is shown as 0x0B.
    if (type === 34 && length === 0x10 && isPrintable(bytes, pos + 0x0b, pos + 0x10)) {
      findings.push(finding('SMBIOS_TYPE34_LENGTH_FIXUP', 'warning', 'Invalid entry length (16). Fixed up to 11.', { offset: base + pos, path: pathOf(n - 1), type, handle: bytes[pos + 2]! | (bytes[pos + 3]! << 8) }));
    }
    pos = next;
    if (type === END_OF_TABLE_TYPE) {
      sawEnd = true;
      if (stopAtEnd) break;
    }
  }
  first[n] = ns;
  if (hasCount && n !== count && !stopped) {
    findings.push(finding('SMBIOS_STRUCTURE_COUNT_MISMATCH', 'warning', `the entry point announces ${count} structures, ${n} were decoded`, { offset: base + pos, path: 'smbios.table' }));
  }
  if (hasCount && !stopped && pos < len) {
    findings.push(finding('SMBIOS_TABLE_LENGTH_MISMATCH', 'warning', `the announced table length is ${len} bytes, the structures occupy ${pos}`, { offset: base + pos, path: 'smbios.table' }));
  }
  if (!sawEnd && !stopped) {
    findings.push(finding('SMBIOS_NO_END_OF_TABLE', 'info', 'the table has no type-127 end-of-table structure', { offset: base + pos, path: 'smbios.table' }));
  }
  if (sawEnd && stopAtEnd && !stopped && hasNonZero(bytes, pos, len)) {
    findings.push(finding('SMBIOS_DATA_AFTER_END_OF_TABLE', 'info', `${len - pos} bytes follow the end-of-table structure and were not decoded`, { offset: base + pos, path: 'smbios.table' }));
  }
  const index: StructureIndex = {
    table: bytes,
    base,
    count: n,
    starts: numbers(starts, n, lent),
    ends: numbers(ends, n, lent),
    firstString: numbers(first, n + 1, lent),
    stringBounds: numbers(bounds, 2 * ns, lent),
    maxStrings,
    findings,
    end: pos,
  };
  sc.trim();
  return index;
}

/**
 * RawStructure objects for every structure of an index (what {@link decodeStructureTable}
 * returns): views over the index's table for the formatted areas and string sets, strings
 * decoded as Latin-1.
 */
export function structuresFromIndex(ix: StructureIndex, scratch?: SmbiosScratch): RawStructure[] {
  const { table, starts, ends, firstString, stringBounds } = ix;
  const text = stringText(table, stringBounds, scratch);
  const r = new ByteReader(table, { base: ix.base, path: 'smbios.table' });
  const out = new Array<RawStructure>(ix.count);
  let at = 0;
  for (let i = 0; i < ix.count; i++) {
    const from = firstString[i]!;
    const to = firstString[i + 1]!;
    const list: string[] = [];
    for (let k = from; k < to; k++) {
      const l = stringBounds[2 * k + 1]! - stringBounds[2 * k]!;
      list.push(text.substring(at, at + l));
      at += l;
    }
    out[i] = new TableStructure(r, starts[i]!, ends[i]!, list, to - from < ix.maxStrings);
  }
  return out;
}

/** Structure `i` of an index as a RawStructure (the same object {@link structuresFromIndex} makes for it). */
export function structureFromIndex(ix: StructureIndex, i: number): RawStructure {
  if (!Number.isInteger(i) || i < 0 || i >= ix.count) throw new RangeError(`structure ${i} is not in the index (${ix.count} structures)`);
  const { table, firstString, stringBounds } = ix;
  const from = firstString[i]!;
  const to = firstString[i + 1]!;
  const list: string[] = [];
  // A few short strings: built a character at a time (one TextDecoder call costs more here).
  for (let k = from; k < to; k++) {
    let text = '';
    for (let j = stringBounds[2 * k]!, e = stringBounds[2 * k + 1]!; j < e; j++) text += String.fromCharCode(table[j]!);
    list.push(text);
  }
  return new TableStructure(new ByteReader(table, { base: ix.base, path: 'smbios.table' }), ix.starts[i]!, ix.ends[i]!, list, to - from < ix.maxStrings);
}

/**
 * Every string of an index, back to back as one Latin-1 text: their bytes are copied into one
 * UTF-16LE buffer and decoded by one call (see latin1Chars), to be cut by length.
 */
function stringText(table: Uint8Array, stringBounds: readonly number[], scratch: SmbiosScratch | undefined): string {
  let total = 0;
  for (let k = 0; k < stringBounds.length; k += 2) total += stringBounds[k + 1]! - stringBounds[k]!;
  if (total === 0) return '';
  // Only even indexes are written, so the odd (high) bytes of a reused buffer stay 0.
  let chars = scratch?.chars;
  if (chars === undefined || chars.length < 2 * total) {
    chars = new Uint8Array(2 * total);
    if (scratch) scratch.chars = chars;
  }
  let c = 0;
  for (let k = 0; k < stringBounds.length; k += 2) {
    const end = stringBounds[k + 1]!;
    for (let j = stringBounds[k]!; j < end; j++) chars[2 * c++] = table[j]!;
  }
  return latin1Chars(chars, c);
}

/**
 * A structure as the table walk produces it: a plain RawStructure (every field an own property, so
 * `{ ...s }` and structuredClone copy it whole; `formatted` and `stringSet` are views over the
 * input, never written through) that also remembers the walk's own string split, so the typed
 * layer need not split the string set a second time (see {@link walkedStrings}).
 */
class TableStructure implements RawStructure {
  type: number;
  length: number;
  handle: number;
  offset: number;
  formatted: Uint8Array;
  strings: string[];
  stringSet: Uint8Array;
  // ES private fields: the own enumerable keys stay exactly those of a RawStructure.
  readonly #walked: string[] | undefined;
  readonly #walkedSet: Uint8Array;

  constructor(r: ByteReader, offset: number, end: number, strings: string[], complete: boolean) {
    const length = r.u8At(offset + 1);
    this.type = r.u8At(offset);
    this.length = length;
    this.handle = r.u16At(offset + 2);
    this.offset = offset;
    this.formatted = r.bytesAt(offset, length);
    this.strings = strings;
    this.stringSet = r.bytesAt(offset + length, end - offset - length);
    this.#walked = complete ? strings : undefined;
    this.#walkedSet = this.stringSet;
  }

  /** `strings` when it is still exactly the walked split of an unchanged `stringSet`. */
  get walkedStrings(): string[] | undefined {
    return this.stringSet === this.#walkedSet && this.strings === this.#walked ? this.#walked : undefined;
  }
}

/**
 * The strings of `s` exactly as splitting its `stringSet` would give them, when that is known
 * without re-reading the bytes: the walk's own split, for a structure straight from
 * {@link decodeStructureTable} whose strings and string set were not replaced and whose set did
 * not hit the string cap. Undefined otherwise (split `stringSet` then).
 */
export function walkedStrings(s: RawStructure): string[] | undefined {
  return s instanceof TableStructure ? s.walkedStrings : undefined;
}

/**
 * The length dmidecode shows for a structure: 11 for a type-34 structure of length 16 whose
 * bytes 11–15 are printable (`dmi_fixup_type_34`), otherwise the length byte.
 */
export function dmidecodeLength(s: RawStructure): number {
  if (s.type === 34 && s.length === 0x10 && isPrintable(s.formatted, 0x0b, 0x10)) return 0x0b;
  return s.length;
}

/** The first `n` entries of a scratch array as the index's own: a copy when the caller reuses the scratch. */
function numbers(a: number[], n: number, lent: boolean): number[] {
  if (lent) return a.slice(0, n);
  a.length = n;
  return a;
}

// Decoding strings: the earlier whole-table `String.fromCharCode.apply` (formatted areas
// included) was 40% of the raw decode profile. Instead the string bytes are copied, as they are
// scanned, into the low bytes of a UTF-16LE buffer and decoded by one TextDecoder call: UTF-16LE
// code units 0x00–0xFF are exactly Latin-1, so this is a lossless Latin-1 decode on every
// platform (unlike TextDecoder('latin1'), which the Encoding standard maps to windows-1252).
declare const TextDecoder: (new (label: string) => { decode(input: Uint8Array): string }) | undefined;
const utf16 = typeof TextDecoder === 'function' ? new TextDecoder('utf-16le') : undefined;
function latin1Chars(chars: Uint8Array, n: number): string {
  if (utf16 !== undefined) return utf16.decode(chars.subarray(0, 2 * n));
  let s = '';
  for (let i = 0; i < 2 * n; i += 2) s += String.fromCharCode(chars[i]!);
  return s;
}

function pathOf(index: number): string {
  return `smbios.structures[${index}]`;
}

function isPrintable(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c < 32 || c >= 127) return false;
  }
  return true;
}

function hasNonZero(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return true;
  return false;
}

/**
 * String number `index` (1-based, as stored in the formatted area) of a structure, or undefined
 * for 0 ("no string") and for an index beyond the string set (dmidecode prints `<BAD INDEX>`).
 */
export function structureString(s: RawStructure, index: number): string | undefined {
  if (index < 1) return undefined;
  return s.strings[index - 1];
}

/** Total encoded size of a structure: formatted area plus string set. */
export function structureSize(s: RawStructure): number {
  return s.formatted.length + s.stringSet.length;
}

function checkStructure(s: RawStructure, path: string): void {
  const f = s.formatted;
  if (f.length < STRUCTURE_HEADER_SIZE || f.length > 0xff || f[1] !== f.length) {
    throw new FormatError(ErrorCode.BadLength, 'formatted area does not match its length byte', {
      path: `${path}.formatted`,
      expected: `4..255 bytes equal to byte 1`,
      found: `${f.length} bytes, length byte ${f[1] ?? 'absent'}`,
    });
  }
  const ss = s.stringSet;
  if (ss.length < 2 || ss[ss.length - 1] !== 0 || ss[ss.length - 2] !== 0) {
    throw new FormatError(ErrorCode.BadValue, 'string set does not end with a double NUL', {
      path: `${path}.stringSet`,
      expected: 'at least 00 00',
      found: `${ss.length} bytes`,
    });
  }
}

/**
 * Encodes one raw structure: its formatted area then its raw string set, byte for byte. Throws
 * when the formatted area disagrees with its length byte or the string set is unterminated.
 */
export function encodeStructure(s: RawStructure): Uint8Array {
  checkStructure(s, 'structure');
  const out = new Uint8Array(s.formatted.length + s.stringSet.length);
  out.set(s.formatted, 0);
  out.set(s.stringSet, s.formatted.length);
  return out;
}

/** Encodes structures back to back; `encodeStructureTable(decodeStructureTable(b).structures)` reproduces `b` up to `end`. */
export function encodeStructureTable(structures: readonly RawStructure[]): Uint8Array {
  let n = 0;
  structures.forEach((s, i) => {
    checkStructure(s, `smbios.structures[${i}]`);
    n += s.formatted.length + s.stringSet.length;
  });
  const out = new Uint8Array(n);
  let at = 0;
  for (const s of structures) {
    out.set(s.formatted, at);
    at += s.formatted.length;
    out.set(s.stringSet, at);
    at += s.stringSet.length;
  }
  return out;
}

/**
 * Encodes strings as a string set: each string, a NUL, and a final NUL (two NULs when empty).
 * Empty strings and NULs inside strings are refused: either would end the set early.
 */
export function encodeStringSet(strings: readonly string[]): Uint8Array {
  if (strings.length === 0) return new Uint8Array(2);
  let n = 1;
  for (const s of strings) n += s.length + 1;
  const out = new Uint8Array(n);
  let at = 0;
  strings.forEach((s, i) => {
    if (s.length === 0) {
      throw new FormatError(ErrorCode.BadValue, 'an empty string cannot be encoded in a string set (use index 0)', { path: `strings[${i}]` });
    }
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c === 0 || c > 0xff) {
        throw new FormatError(ErrorCode.BadValue, 'string holds a character a string set cannot carry', {
          path: `strings[${i}]`,
          expected: 'Latin-1 characters other than NUL',
          found: `U+${c.toString(16).padStart(4, '0')}`,
        });
      }
      out[at++] = c;
    }
    out[at++] = 0;
  });
  return out;
}

/** Largest structure size in bytes (formatted area plus strings), as the 2.x entry point's maximum structure size field wants it. */
export function maxStructureSize(structures: readonly RawStructure[]): number {
  let m = 0;
  for (const s of structures) m = Math.max(m, s.formatted.length + s.stringSet.length);
  return m;
}
