// acpidump text: reading it the way ACPICA's acpixtract 20200925 does (acpixtract.c
// `AxExtractTables`, axutils.c), but strictly, and writing it the way acpidump does (apdump.c
// `ApDumpTableBuffer`, utbuffer.c `AcpiUtDumpBufferToFile`).
//
// What acpixtract accepts, and so what we accept:
// - a header line is shorter than 49 characters (newline included), does not start with a space,
//   and contains " @ "; its first four characters are the signature (`RSD ` becomes RSDP). The
//   length limit matters: real ASL data lines show "@ " in their ASCII column.
// - a data line starts with a space and contains ": "; the offset column and the ASCII column
//   carry no information for acpixtract, which appends the bytes in order.
// - any other line is skipped (real dumps contain kernel warnings between tables).
// Where acpixtract silently ends a table or skips data (a malformed data line, a data line outside
// a table, non-contiguous offsets, a line longer than its 256-byte buffer, non-ASCII text) we raise
// FormatError with the line and column instead, so a damaged dump is never read as a shorter one.
import {
  ErrorCode,
  FormatError,
  finding,
  HEX_BYTE,
  isFormatError,
  latin1,
  latin1Bytes,
  parseHexDumpLine,
  resolveLimits,
  type Finding,
  type Limits,
} from '@hvmpack/bytes';
import type { AcpiTable, AcpiTableSet } from './model.js';
import { decodeTable } from './table.js';
import { SENSITIVE_SIGNATURES } from './tables/typed.js';

/** acpixtract's `AX_HEX_DATA_LENGTH`: a header line must be shorter than this, newline included. */
const AX_HEADER_MAX = 49;
/** acpixtract's `AX_MIN_BLOCK_HEADER_LENGTH`, strlen("DSDT @"). */
const AX_HEADER_MIN = 6;
/** acpixtract reads lines with fgets into a 256-byte buffer; longer lines are split by it. */
const AX_LINE_BUFFER = 256;
/** At most this many "line ignored" findings per input, so a junk file cannot flood the report. */
const MAX_IGNORED_FINDINGS = 20;

/** Options for {@link parseAcpidump}. */
export interface AcpidumpOptions {
  limits?: Partial<Limits>;
}

const HEXV = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEXV[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEXV[0x41 + i] = 10 + i;
  HEXV[0x61 + i] = 10 + i;
}

/** True when the line `[start, end)` contains `needle` (a short ASCII string). */
function lineHas(b: Uint8Array, start: number, end: number, c0: number, c1: number, c2 = -1): boolean {
  const last = end - (c2 < 0 ? 2 : 3);
  for (let i = start; i <= last; i++) {
    if (b[i] === c0 && b[i + 1] === c1 && (c2 < 0 || b[i + 2] === c2)) return true;
  }
  return false;
}

/**
 * Parses acpidump text (as bytes or a string) into tables, in input order. Both offset-column
 * widths, any number of same-signature tables, `@ 0x…` and `@ (nil)` address lines are accepted.
 * Table bytes are exactly what acpixtract would write; length and checksum problems are left to
 * `checkTables`, ignored lines become `info` findings.
 */
export function parseAcpidump(input: string | Uint8Array, options: AcpidumpOptions = {}): AcpiTableSet {
  const b = typeof input === 'string' ? latin1Bytes(input) : input;
  const limits = resolveLimits(options.limits);
  if (b.length > limits.maxInputBytes) {
    throw new FormatError(ErrorCode.LimitExceeded, 'acpidump text is over the input limit', {
      expected: `<= ${limits.maxInputBytes} bytes`,
      found: `${b.length}`,
    });
  }
  checkAscii(b);
  const st = new ParseState(limits);
  let pos = 0;
  let lineNo = 0;
  const n = b.length;
  while (pos < n) {
    lineNo++;
    if (lineNo > limits.maxTextLines) {
      throw new FormatError(ErrorCode.LimitExceeded, 'too many lines in acpidump text', { line: lineNo, offset: pos, expected: `<= ${limits.maxTextLines}` });
    }
    if (st.cur !== undefined && b[pos] === 0x20) {
      // The common case, a whole acpidump data line, is parsed without looking for its end first.
      st.reserve(lineNo, pos);
      const after = scanWholeDataLine(b, pos, st);
      if (after > 0 && st.scannedOffset === st.count) {
        st.count += st.scannedCount;
        pos = after;
        continue;
      }
    }
    let eol = b.indexOf(10, pos);
    if (eol < 0) eol = n;
    const next = eol + 1; // every iteration advances past at least the newline
    let end = eol;
    if (end > pos && b[end - 1] === 13) end--;
    // The length acpixtract's strlen sees: the line with its terminator(s).
    const rawLen = eol - pos + (eol < n ? 1 : 0);
    if (rawLen >= AX_LINE_BUFFER) {
      throw new FormatError(ErrorCode.BadValue, 'line is longer than acpixtract reads in one piece', {
        line: lineNo,
        column: AX_LINE_BUFFER,
        offset: pos + AX_LINE_BUFFER - 1,
        expected: `< ${AX_LINE_BUFFER} characters`,
        found: `${rawLen}`,
      });
    }
    const first = pos < end ? b[pos]! : -1;
    const headerLike = rawLen < AX_HEADER_MAX && lineHas(b, pos, end, 0x20, 0x40, 0x20);
    if (headerLike && st.cur) st.finish();
    if (st.cur === undefined) {
      if (headerLike && first !== 0x20 && rawLen >= AX_HEADER_MIN && first !== -1) {
        if (st.tables.length >= limits.maxTables) {
          throw new FormatError(ErrorCode.LimitExceeded, 'too many tables in acpidump text', { line: lineNo, offset: pos, expected: `<= ${limits.maxTables}` });
        }
        st.cur = { ...parseHeaderLine(b, pos, end, lineNo), line: lineNo };
      } else if (isBlank(b, pos, end)) {
        // blank lines separate tables
      } else if (first === 0x20 && lineHas(b, pos, end, 0x3a, 0x20)) {
        throw new FormatError(ErrorCode.BadHex, 'hex data line outside any table (no "SIG @ 0x…" header line before it)', {
          line: lineNo,
          column: 1,
          offset: pos,
          expected: 'a table header line',
          found: 'a hex data line',
        });
      } else {
        st.ignore(lineNo, 'neither a table header nor hex data');
      }
      pos = next;
      continue;
    }
    if (first !== 0x20) {
      if (first !== -1) st.ignore(lineNo, 'neither a table header nor hex data');
      pos = next;
      continue;
    }
    st.reserve(lineNo, pos);
    // The fast path scans char codes; anything unusual goes to the strict parser, which either
    // accepts the line or throws with the exact column.
    let got = scanDataLine(b, pos, end, st);
    let offset = st.scannedOffset;
    if (got < 0) {
      if (isBlank(b, pos, end)) {
        pos = next;
        continue;
      }
      if (!lineHas(b, pos, end, 0x3a, 0x20)) {
        st.ignore(lineNo, 'indented, but not hex data');
        pos = next;
        continue;
      }
      const parsed = parseStrict(b, pos, end, lineNo, st.cur.signature);
      offset = parsed.offset;
      got = parsed.bytes.length;
      st.scratch.set(parsed.bytes, st.count);
    }
    if (offset !== st.count) {
      let col = pos;
      while (col < end && b[col] === 0x20) col++;
      throw new FormatError(ErrorCode.BadHex, 'hex dump offsets are not contiguous', {
        line: lineNo,
        column: col - pos + 1,
        offset: col,
        expected: st.count.toString(16).toUpperCase(),
        found: offset.toString(16).toUpperCase(),
      });
    }
    st.count += got;
    pos = next;
  }
  st.finish();
  if (st.tables.length === 0) {
    throw new FormatError(ErrorCode.UnknownFormat, 'no ACPI tables in acpidump text', { expected: 'a "SIG @ 0x…" line followed by hex data' });
  }
  if (st.ignored > MAX_IGNORED_FINDINGS) {
    st.findings.push(finding('ACPIDUMP_LINE_IGNORED', 'info', `${st.ignored - MAX_IGNORED_FINDINGS} more lines ignored`));
  }
  return { container: 'acpidump', tables: st.tables, findings: st.findings };
}

/** The parser's state between lines (a class, so the hot loop reads fields, not closure slots). */
class ParseState {
  tables: AcpiTable[] = [];
  findings: Finding[] = [];
  instances = new Map<string, number>();
  ignored = 0;
  scratch = new Uint8Array(1 << 16);
  count = 0;
  /** The offset column of the last line {@link scanDataLine} accepted. */
  scannedOffset = 0;
  /** The byte count of the last line {@link scanWholeDataLine} accepted. */
  scannedCount = 0;
  cur: { signature: string; address: bigint | undefined; line: number } | undefined;
  constructor(readonly limits: Limits) {}

  /** Makes room for one more line's 16 bytes, within the table length limit. */
  reserve(lineNo: number, pos: number): void {
    if (this.scratch.length - this.count >= 16) return;
    if (this.count + 16 > this.limits.maxTableLength) {
      throw new FormatError(ErrorCode.LimitExceeded, 'table in acpidump text is over the length limit', {
        line: lineNo,
        offset: pos,
        expected: `<= ${this.limits.maxTableLength} bytes`,
      });
    }
    const grown = new Uint8Array(this.scratch.length * 2);
    grown.set(this.scratch.subarray(0, this.count));
    this.scratch = grown;
  }

  /** Ends the current table. */
  finish(): void {
    const cur = this.cur;
    if (!cur) return;
    const n = (this.instances.get(cur.signature) ?? 0) + 1;
    this.instances.set(cur.signature, n);
    this.tables.push(
      decodeTable(this.scratch.slice(0, this.count), {
        signature: cur.signature,
        instance: n,
        ...(cur.address !== undefined && { address: cur.address }),
        source: `acpidump line ${cur.line}`,
      }),
    );
    this.cur = undefined;
    this.count = 0;
  }

  ignore(lineNo: number, why: string): void {
    if (this.ignored++ < MAX_IGNORED_FINDINGS) {
      this.findings.push(finding('ACPIDUMP_LINE_IGNORED', 'info', `line ${lineNo} ignored: ${why}`, { path: `acpidump.lines[${lineNo}]` }));
    }
  }
}

/**
 * Parses a data line laid out exactly as acpidump writes it — hex bytes padded to 48 columns, one
 * space, an ASCII column of one character per byte, then `\n` or `\r\n` — and returns where the next
 * line starts, or -1 for any other shape (the caller then takes the general path). Such a line is
 * at least 52 characters long, so acpixtract could never take it for a header.
 */
function scanWholeDataLine(b: Uint8Array, pos: number, st: ParseState): number {
  const n = b.length;
  const lim = Math.min(n, pos + AX_LINE_BUFFER - 70);
  let colon = pos;
  while (colon < lim && b[colon] !== 0x3a && b[colon] !== 0x0a) colon++;
  if (colon >= lim || b[colon] !== 0x3a) return -1;
  // acpidump prints ": ", then "XX " per byte padded to 16 slots, then one space: the ASCII
  // column starts 51 characters after the colon.
  const ascii = colon + 51;
  if (ascii >= n) return -1;
  const got = scanDataLine(b, pos, ascii, st);
  if (got < 0) return -1;
  for (let i = colon + 1 + 3 * got; i < ascii; i++) if (b[i] !== 0x20) return -1;
  let e = ascii + got;
  for (let i = ascii; i < e; i++) if (b[i] === 0x0a || b[i] === 0x0d) return -1;
  if (e < n && b[e] === 0x0d) e++;
  if (e >= n || b[e] !== 0x0a) return -1;
  st.scannedCount = got;
  return e + 1;
}

/**
 * The fast path for one data line `[pos, end)` in exactly acpidump's shape: spaces, up to 8 hex
 * offset digits, `:`, 1–16 ` XX` bytes, then the end or two spaces and the ASCII column. Writes
 * the bytes to the parse's scratch after what it holds, sets its `scannedOffset`, and returns
 * their count, or -1 when the line has any other shape.
 */
function scanDataLine(b: Uint8Array, pos: number, end: number, st: ParseState): number {
  const out = st.scratch;
  const at = st.count;
  let i = pos;
  while (i < end && b[i] === 0x20) i++;
  const offStart = i;
  let offset = 0;
  while (i < end) {
    const v = HEXV[b[i]!]!;
    if (v < 0) break;
    offset = offset * 16 + v;
    i++;
  }
  if (i === offStart || i - offStart > 8 || i >= end || b[i] !== 0x3a) return -1;
  i++;
  let got = 0;
  while (got < 16 && i < end) {
    if (b[i] !== 0x20) return -1;
    if (i + 1 >= end || b[i + 1] === 0x20) break;
    if (i + 2 >= end) return -1;
    const hi = HEXV[b[i + 1]!]!;
    const lo = HEXV[b[i + 2]!]!;
    if (hi < 0 || lo < 0 || (i + 3 < end && b[i + 3] !== 0x20)) return -1;
    out[at + got] = (hi << 4) | lo;
    got++;
    i += 3;
  }
  if (got === 0) return -1;
  if (i < end && !(b[i] === 0x20 && (i + 1 >= end || b[i + 1] === 0x20))) return -1;
  st.scannedOffset = offset;
  return got;
}

/**
 * The strict line parser, whose errors quote up to 8 characters of the line. In an MSDM or SLIC
 * table those may be the product key or licence data (in the ASCII column, or hex digits taken
 * for it), so there the quote is replaced: errors never carry key material.
 */
function parseStrict(b: Uint8Array, pos: number, end: number, lineNo: number, signature: string): { offset: number; bytes: Uint8Array } {
  try {
    return parseHexDumpLine(latin1(b.subarray(pos, end)), { line: lineNo, textOffset: pos });
  } catch (e) {
    if (!isFormatError(e) || e.found === undefined || !SENSITIVE_SIGNATURES.has(signature)) throw e;
    throw new FormatError(e.code, e.reason, {
      ...(e.line !== undefined && { line: e.line }),
      ...(e.column !== undefined && { column: e.column }),
      ...(e.offset !== undefined && { offset: e.offset }),
      ...(e.expected !== undefined && { expected: e.expected }),
      found: `text not shown (${signature} holds licence data)`,
    });
  }
}

function isBlank(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== 0x20) return false;
  return true;
}

/**
 * acpixtract refuses a file containing bytes that are not ASCII, or ASCII control characters other
 * than white space (NULs excepted), so we do too (`AxIsFileAscii`).
 */
function checkAscii(b: Uint8Array): void {
  // The first inputs of a process are searched natively (a decode and a regular expression), the
  // rest by the word loop: the loop is the fastest once V8 has optimised it, and ten times slower
  // before (about 10 ms on a 300 KB dump), which is all a run that reads one dump ever sees.
  const at = asciiChecks++ < NATIVE_ASCII_CHECKS ? firstNonTextByteNative(b) : firstNonTextByte(b);
  if (at >= 0) throw nonTextByte(b, at);
}

let asciiChecks = 0;
const NATIVE_ASCII_CHECKS = 4;
const NOT_TEXT = /[^\0\t\n\v\f\r\x20-\x7e]/;
// TextDecoder is a global of every JavaScript runtime hvmpack runs on (Node, browsers), but not
// of the ES2022 library this package compiles against without Node's or the DOM's types.
declare const TextDecoder: new () => { decode(bytes: Uint8Array): string };
const utf8 = new TextDecoder();

/**
 * The offset of the first byte acpixtract would refuse, or -1: by UTF-8 decoding (native) and a
 * regular expression. Every byte before the first one outside ASCII decodes to one character, so
 * the match's index is that byte's offset.
 */
export function firstNonTextByteNative(b: Uint8Array): number {
  return NOT_TEXT.exec(utf8.decode(b))?.index ?? -1;
}

/** The same as {@link firstNonTextByteNative}, four bytes at a time. */
export function firstNonTextByte(b: Uint8Array): number {
  // A word is looked at byte by byte only when one of its bytes is below 0x20 or at/above 0x7F
  // (SWAR tests), which in real text means only the newlines.
  const head = Math.min(b.length, (4 - (b.byteOffset & 3)) & 3);
  for (let i = 0; i < head; i++) if (!isTextByte(b[i]!)) return i;
  const words = (b.length - head) >>> 2;
  const w32 = new Uint32Array(b.buffer, b.byteOffset + head, words);
  for (let k = 0; k < words; k++) {
    const x = w32[k]!;
    if ((((x - 0x20202020) & ~x) | ((x + 0x01010101) | x)) & 0x80808080) {
      const at = head + k * 4;
      for (let i = at; i < at + 4; i++) if (!isTextByte(b[i]!)) return i;
    }
  }
  for (let i = head + words * 4; i < b.length; i++) if (!isTextByte(b[i]!)) return i;
  return -1;
}

function isTextByte(c: number): boolean {
  return (c >= 0x20 && c < 0x7f) || c === 0 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0b || c === 0x0c;
}

function nonTextByte(b: Uint8Array, i: number): FormatError {
  let line = 1;
  let lineStart = 0;
  for (let j = 0; j < i; j++) if (b[j] === 0x0a) (line++, (lineStart = j + 1));
  return new FormatError(ErrorCode.BadValue, 'acpidump text contains a byte that is not printable ASCII', {
    line,
    column: i - lineStart + 1,
    offset: i,
    expected: 'printable ASCII',
    found: `0x${b[i]!.toString(16).toUpperCase().padStart(2, '0')}`,
  });
}

/** `SIG @ 0x<hex>` (an optional tail such as `(10999 bytes)` allowed) or `SIG @ (nil)`. */
function parseHeaderLine(b: Uint8Array, start: number, end: number, lineNo: number): { signature: string; address: bigint | undefined } {
  let sig = latin1(b.subarray(start, Math.min(start + 4, end)));
  if (sig === 'RSD ') sig = 'RSDP';
  let at = start;
  while (at + 2 < end && !(b[at] === 0x20 && b[at + 1] === 0x40 && b[at + 2] === 0x20)) at++;
  let i = at + 3;
  while (i < end && b[i] === 0x20) i++;
  const bad = (col: number, found: string): FormatError =>
    new FormatError(ErrorCode.BadHex, 'malformed table address in acpidump header line', {
      line: lineNo,
      column: col - start + 1,
      offset: col,
      expected: '"0x" and hex digits, or "(nil)"',
      found,
    });
  if (end - i >= 5 && latin1(b.subarray(i, i + 5)) === '(nil)') return { signature: sig, address: undefined };
  if (!(i + 1 < end && b[i] === 0x30 && (b[i + 1]! | 0x20) === 0x78)) throw bad(i, JSON.stringify(latin1(b.subarray(i, Math.min(end, i + 8)))));
  i += 2;
  const digitsStart = i;
  while (i < end && HEXV[b[i]!]! >= 0) i++;
  if (i === digitsStart || i - digitsStart > 16) throw bad(digitsStart, `${i - digitsStart} hex digits`);
  if (i < end && b[i] !== 0x20) throw bad(i, JSON.stringify(String.fromCharCode(b[i]!)));
  return { signature: sig, address: BigInt('0x' + latin1(b.subarray(digitsStart, i))) };
}

/** Options for {@link formatAcpidump}. */
export interface FormatAcpidumpOptions {
  /**
   * Offset-column indent: `'acpidump'` (default) prints `%8.4X` as current acpidump does; `'short'`
   * prints two spaces and four digits, as older builds did. acpixtract reads both.
   */
  style?: 'acpidump' | 'short';
}

const HEX2 = HEX_BYTE.map((h) => h + ' ');
const ASCII = Array.from({ length: 256 }, (_, i) => (i >= 0x20 && i < 0x7f ? String.fromCharCode(i) : '.'));

/**
 * Writes tables as acpidump text, byte for byte as `acpidump` 20200925 formats them (`SIG @ 0x…`
 * with 16 address digits, `%8.4X: ` offsets, 16 bytes and an ASCII column per line, a blank line
 * after each table), so `acpixtract -a` reads back identical tables. The RSDP's header line shows
 * `RSD `, as acpidump prints the first four characters of `RSD PTR `. A signature that would not
 * survive the round trip (not four printable characters, or starting with a space) is
 * `BAD_SIGNATURE`.
 */
export function formatAcpidump(tables: readonly AcpiTable[], options: FormatAcpidumpOptions = {}): string {
  const parts: string[] = [];
  tables.forEach((t, idx) => {
    const sig = t.signature === 'RSDP' ? 'RSD ' : t.signature;
    if (!/^[\x21-\x7e][\x20-\x7e]{3}$/.test(sig) || sig.includes(' @')) {
      throw new FormatError(ErrorCode.BadSignature, 'signature cannot be written as an acpidump header line', {
        path: `acpi.tables[${idx}]`,
        expected: 'four printable ASCII characters, the first not a space',
        found: JSON.stringify(sig),
      });
    }
    const addr = (t.address ?? 0n).toString(16).toUpperCase().padStart(16, '0');
    parts.push(`${sig} @ 0x${addr}\n`);
    parts.push(dumpBytes(t.bytes, options.style ?? 'acpidump'));
    parts.push('\n');
  });
  return parts.join('');
}

function dumpBytes(bytes: Uint8Array, style: 'acpidump' | 'short'): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const digits = i.toString(16).toUpperCase().padStart(4, '0');
    let line = style === 'short' ? `  ${digits}: ` : `${digits.padStart(8, ' ')}: `;
    const end = Math.min(i + 16, bytes.length);
    for (let j = i; j < end; j++) line += HEX2[bytes[j]!]!;
    if (end - i < 16) line += '   '.repeat(16 - (end - i));
    line += ' ';
    for (let j = i; j < end; j++) line += ASCII[bytes[j]!]!;
    lines.push(line + '\n');
  }
  return lines.join('');
}
