import { ErrorCode, FormatError } from './errors.js';

/** Options for {@link formatHexDump}. */
export interface HexDumpOptions {
  /** Offset printed for the first byte. Default 0. */
  startOffset?: number;
  /** Digits in the offset column. Default 4 (acpidump style), grows when needed. */
  offsetDigits?: number;
  /** Text placed before each line. Default two spaces (acpidump style). */
  indent?: string;
  /** Whether to append the printable-ASCII column. Default true. */
  ascii?: boolean;
}

/** Upper-case two-digit hex of every byte value, indexed by the byte: dump writers look digits up instead of formatting each byte. */
export const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/**
 * Formats bytes as 16-per-line hex, `  0000: 46 41 43 50 ...  FACP....`, the layout acpidump
 * writes and `acpixtract` reads. Lines end with `\n`.
 */
export function formatHexDump(bytes: Uint8Array, options: HexDumpOptions = {}): string {
  const start = options.startOffset ?? 0;
  const indent = options.indent ?? '  ';
  const digits = options.offsetDigits ?? 4;
  const withAscii = options.ascii ?? true;
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const end = Math.min(i + 16, bytes.length);
    let h = '';
    let a = '';
    for (let j = i; j < end; j++) {
      const b = bytes[j]!;
      h += HEX_BYTE[b] + ' ';
      a += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    const off = (start + i).toString(16).toUpperCase().padStart(digits, '0');
    let line = `${indent}${off}: ${h}`;
    if (withAscii) line += ' '.repeat((16 - (end - i)) * 3) + ' ' + a;
    lines.push(line.trimEnd());
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** One parsed line of a hex dump. */
export interface HexLine {
  /** The offset written at the start of the line. */
  offset: number;
  /** The bytes on the line. */
  bytes: Uint8Array;
}

/** Options for {@link parseHexDumpLine}. */
export interface ParseHexLineOptions {
  /** 1-based line number, for errors. */
  line?: number;
  /** Character offset of the line in the whole text, for errors. */
  textOffset?: number;
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/**
 * Strictly parses one dump line: optional indent, hex offset, `:`, then up to 16 two-digit hex
 * bytes separated by single spaces, then optionally two or more spaces and an ASCII column.
 * Anything else throws `BAD_HEX` with the line and 1-based column.
 */
export function parseHexDumpLine(text: string, options: ParseHexLineOptions = {}): HexLine {
  const line = options.line;
  const fail = (col: number, expected: string, found: string): FormatError =>
    new FormatError(ErrorCode.BadHex, 'malformed hex dump line', {
      ...(line !== undefined && { line }),
      column: col + 1,
      offset: (options.textOffset ?? 0) + col,
      expected,
      found,
    });
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  const offStart = i;
  let offset = 0;
  while (i < text.length && hexVal(text.charCodeAt(i)) >= 0) {
    offset = offset * 16 + hexVal(text.charCodeAt(i));
    i++;
  }
  if (i === offStart || i - offStart > 16) throw fail(offStart, 'a hex offset', JSON.stringify(text.slice(offStart, offStart + 8)));
  if (text[i] !== ':') throw fail(i, '":" after the offset', JSON.stringify(text[i] ?? 'end of line'));
  i++;
  const out: number[] = [];
  while (out.length < 16) {
    // Each byte is one space then two hex digits; two spaces (or the end) end the hex column.
    if (i >= text.length) break;
    if (text[i] !== ' ') throw fail(i, 'a space before the next byte', JSON.stringify(text[i]));
    if (i + 1 >= text.length || text[i + 1] === ' ') break;
    const hi = hexVal(text.charCodeAt(i + 1));
    const lo = hexVal(text.charCodeAt(i + 2));
    const after = i + 3 < text.length ? text.charCodeAt(i + 3) : 0x20;
    if (hi < 0 || lo < 0 || hexVal(after) >= 0) {
      throw fail(i + 1, 'two hex digits', JSON.stringify(text.slice(i + 1, i + 4)));
    }
    if (after !== 0x20) throw fail(i + 3, 'a space after the byte', JSON.stringify(text[i + 3]));
    out.push(hi * 16 + lo);
    i += 3;
  }
  if (out.length === 0) throw fail(i, 'at least one byte', 'none');
  // Whatever follows two spaces is the ASCII column, which carries no information.
  if (i < text.length && !(text[i] === ' ' && (i + 1 >= text.length || text[i + 1] === ' '))) {
    throw fail(i, 'end of line or the ASCII column', JSON.stringify(text.slice(i, i + 8)));
  }
  return { offset, bytes: Uint8Array.from(out) };
}

/**
 * Parses a whole hex dump (lines from {@link formatHexDump}), requiring offsets to be contiguous.
 * Blank lines are skipped. Returns the bytes and the first line's offset.
 */
export function parseHexDump(text: string): { startOffset: number; bytes: Uint8Array } {
  const chunks: Uint8Array[] = [];
  let expectOffset: number | undefined;
  let startOffset = 0;
  let total = 0;
  let pos = 0;
  let lineNo = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    lineNo++;
    const raw = text.slice(pos, nl).replace(/\r$/, '');
    if (raw.trim() !== '') {
      const l = parseHexDumpLine(raw, { line: lineNo, textOffset: pos });
      if (expectOffset === undefined) startOffset = l.offset;
      else if (l.offset !== expectOffset) {
        throw new FormatError(ErrorCode.BadHex, 'hex dump offsets are not contiguous', {
          line: lineNo,
          column: 1,
          offset: pos,
          expected: expectOffset.toString(16).toUpperCase(),
          found: l.offset.toString(16).toUpperCase(),
        });
      }
      expectOffset = l.offset + l.bytes.length;
      chunks.push(l.bytes);
      total += l.bytes.length;
    }
    pos = nl + 1;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { startOffset, bytes };
}

/** Parses compact hex (`"DEADBEEF"`, `"de ad be ef"`); throws `BAD_HEX` on anything else. */
export function parseHexString(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new FormatError(ErrorCode.BadHex, 'not an even-length hex string', { found: JSON.stringify(text.slice(0, 32)) });
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Formats bytes as lowercase hex with no separators. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_BYTE[bytes[i]!]!;
  return s.toLowerCase();
}
