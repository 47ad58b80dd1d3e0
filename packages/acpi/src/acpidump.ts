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
  latin1,
  latin1Bytes,
  parseHexDumpLine,
  resolveLimits,
  type Finding,
  type Limits,
} from '@hvmpack/bytes';
import type { AcpiTable, AcpiTableSet } from './model.js';
import { decodeTable } from './table.js';

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
  const tables: AcpiTable[] = [];
  const findings: Finding[] = [];
  const instances = new Map<string, number>();
  let ignored = 0;
  let scratch = new Uint8Array(1 << 16);
  let count = 0;
  let cur: { signature: string; address: bigint | undefined; line: number } | undefined;

  const finish = (): void => {
    if (!cur) return;
    const n = (instances.get(cur.signature) ?? 0) + 1;
    instances.set(cur.signature, n);
    const t = decodeTable(scratch.slice(0, count), {
      signature: cur.signature,
      instance: n,
      ...(cur.address !== undefined && { address: cur.address }),
      source: `acpidump line ${cur.line}`,
    });
    tables.push(t);
    cur = undefined;
    count = 0;
  };
  const ignore = (lineNo: number, why: string): void => {
    if (ignored++ < MAX_IGNORED_FINDINGS) {
      findings.push(finding('ACPIDUMP_LINE_IGNORED', 'info', `line ${lineNo} ignored: ${why}`, { path: `acpidump.lines[${lineNo}]` }));
    }
  };

  let pos = 0;
  let lineNo = 0;
  const n = b.length;
  while (pos < n) {
    lineNo++;
    if (lineNo > limits.maxTextLines) {
      throw new FormatError(ErrorCode.LimitExceeded, 'too many lines in acpidump text', { line: lineNo, offset: pos, expected: `<= ${limits.maxTextLines}` });
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
    if (headerLike && cur) finish();
    if (cur === undefined) {
      if (headerLike && first !== 0x20 && rawLen >= AX_HEADER_MIN && first !== -1) {
        if (tables.length >= limits.maxTables) {
          throw new FormatError(ErrorCode.LimitExceeded, 'too many tables in acpidump text', { line: lineNo, offset: pos, expected: `<= ${limits.maxTables}` });
        }
        cur = { ...parseHeaderLine(b, pos, end, lineNo), line: lineNo };
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
        ignore(lineNo, 'neither a table header nor hex data');
      }
      pos = next;
      continue;
    }
    if (first !== 0x20 || isBlank(b, pos, end)) {
      if (!isBlank(b, pos, end)) ignore(lineNo, 'neither a table header nor hex data');
      pos = next;
      continue;
    }
    // A data line: the fast path scans char codes; anything unusual goes to the strict parser,
    // which either accepts it or throws with the exact column.
    if (scratch.length - count < 16) {
      if (count + 16 > limits.maxTableLength) {
        throw new FormatError(ErrorCode.LimitExceeded, 'table in acpidump text is over the length limit', {
          line: lineNo,
          offset: pos,
          expected: `<= ${limits.maxTableLength} bytes`,
        });
      }
      const grown = new Uint8Array(scratch.length * 2);
      grown.set(scratch.subarray(0, count));
      scratch = grown;
    }
    let i = pos;
    while (i < end && b[i] === 0x20) i++;
    const offStart = i;
    let offset = 0;
    let v: number;
    while (i < end && (v = HEXV[b[i]!]!) >= 0) {
      offset = offset * 16 + v;
      i++;
    }
    let got = 0;
    let ok = i > offStart && i - offStart <= 8 && i < end && b[i] === 0x3a;
    if (ok) {
      i++;
      while (got < 16 && i < end) {
        if (b[i] !== 0x20) {
          ok = false;
          break;
        }
        if (i + 1 >= end || b[i + 1] === 0x20) break;
        const hi = i + 2 < end ? HEXV[b[i + 1]!]! : -1;
        const lo = i + 2 < end ? HEXV[b[i + 2]!]! : -1;
        if (hi < 0 || lo < 0 || (i + 3 < end && b[i + 3] !== 0x20)) {
          ok = false;
          break;
        }
        scratch[count + got] = (hi << 4) | lo;
        got++;
        i += 3;
      }
      if (ok && (got === 0 || (i < end && !(b[i] === 0x20 && (i + 1 >= end || b[i + 1] === 0x20))))) ok = false;
    }
    if (!ok) {
      if (!lineHas(b, pos, end, 0x3a, 0x20)) {
        ignore(lineNo, 'indented, but not hex data');
        pos = next;
        continue;
      }
      const parsed = parseHexDumpLine(latin1(b.subarray(pos, end)), { line: lineNo, textOffset: pos });
      offset = parsed.offset;
      got = parsed.bytes.length;
      scratch.set(parsed.bytes, count);
    }
    if (offset !== count) {
      throw new FormatError(ErrorCode.BadHex, 'hex dump offsets are not contiguous', {
        line: lineNo,
        column: offStart - pos + 1,
        offset: offStart,
        expected: count.toString(16).toUpperCase(),
        found: offset.toString(16).toUpperCase(),
      });
    }
    count += got;
    pos = next;
  }
  finish();
  if (tables.length === 0) {
    throw new FormatError(ErrorCode.UnknownFormat, 'no ACPI tables in acpidump text', { expected: 'a "SIG @ 0x…" line followed by hex data' });
  }
  if (ignored > MAX_IGNORED_FINDINGS) {
    findings.push(finding('ACPIDUMP_LINE_IGNORED', 'info', `${ignored - MAX_IGNORED_FINDINGS} more lines ignored`));
  }
  return { container: 'acpidump', tables, findings };
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
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c >= 0x20 && c < 0x7f) continue;
    if (c === 0 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0b || c === 0x0c) continue;
    let line = 1;
    let lineStart = 0;
    for (let j = 0; j < i; j++) if (b[j] === 0x0a) (line++, (lineStart = j + 1));
    throw new FormatError(ErrorCode.BadValue, 'acpidump text contains a byte that is not printable ASCII', {
      line,
      column: i - lineStart + 1,
      offset: i,
      expected: 'printable ASCII',
      found: `0x${c.toString(16).toUpperCase().padStart(2, '0')}`,
    });
  }
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

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0') + ' ');
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
