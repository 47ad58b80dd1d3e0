import { ErrorCode, FormatError, hex } from './errors.js';
import { latin1 } from './util.js';

/** Options for constructing a {@link ByteReader}. */
export interface ByteReaderOptions {
  /** Absolute offset of `bytes[0]` in the original input, so errors report input offsets. */
  base?: number;
  /** Path prefix for errors raised by this reader, e.g. `smbios.structures[3]`. */
  path?: string;
}

/**
 * A bounds-checked little/big-endian cursor over a window of bytes. A reader can never see
 * outside its window: {@link ByteReader.sub} hands out a child whose window is a strict slice of
 * the parent's, so a structure's decoder cannot wander into its neighbour. Every short read throws
 * {@link FormatError} with code `TRUNCATED` and the absolute offset of the failed read.
 */
export class ByteReader {
  /** The window's bytes (a view; never copied). */
  readonly bytes: Uint8Array;
  /** Absolute offset of the window's first byte in the original input. */
  readonly base: number;
  /** Path used in errors raised by this reader. */
  readonly path: string | undefined;
  /** Current position, relative to the window start. */
  pos = 0;

  constructor(bytes: Uint8Array, options: ByteReaderOptions = {}) {
    this.bytes = bytes;
    this.base = options.base ?? 0;
    this.path = options.path;
  }

  /** Window length in bytes. */
  get length(): number {
    return this.bytes.length;
  }

  /** Bytes left between the cursor and the window end. */
  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Absolute input offset of the cursor. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** True when the cursor is at the window end. */
  get atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** Builds a FormatError located at window-relative `at` (default: the cursor). */
  error(code: string, reason: string, extra: { at?: number; path?: string; expected?: string; found?: string } = {}): FormatError {
    const path = extra.path ?? this.path;
    return new FormatError(code, reason, {
      offset: this.base + (extra.at ?? this.pos),
      ...(path !== undefined && { path }),
      ...(extra.expected !== undefined && { expected: extra.expected }),
      ...(extra.found !== undefined && { found: extra.found }),
    });
  }

  /**
   * Throws unless `n` bytes are available at window offset `at`. Both must be non-negative
   * integers: a fractional offset would index no byte (`bytes[0.5]` is undefined) and turn a
   * read into NaN rather than an error.
   */
  need(n: number, at: number = this.pos, what = 'data'): void {
    // `x >>> 0 === x` holds exactly for integers in 0..2^32-1: one comparison each on the hot path.
    if (at >>> 0 !== at || n >>> 0 !== n || at + n > this.bytes.length) this.refuse(n, at, what);
  }

  private refuse(n: number, at: number, what: string): never {
    if (!Number.isInteger(at) || !Number.isInteger(n)) {
      throw this.error(ErrorCode.BadValue, `${what}: a read needs a whole-byte offset and size`, {
        at: Number.isInteger(at) ? Math.min(Math.max(at, 0), this.bytes.length) : 0,
        expected: 'integers',
        found: `${n} bytes at ${at}`,
      });
    }
    const avail = Math.max(0, this.bytes.length - Math.max(0, at));
    throw this.error(ErrorCode.Truncated, `${what} runs past the end of the data`, {
      at: Math.min(Math.max(at, 0), this.bytes.length),
      expected: `${n} byte${n === 1 ? '' : 's'}`,
      found: `${avail}`,
    });
  }

  /** Moves the cursor to window offset `pos` (which may equal the window length). */
  seek(pos: number): this {
    if (!Number.isInteger(pos) || pos < 0 || pos > this.bytes.length) {
      throw this.error(ErrorCode.Truncated, 'seek outside the data', {
        at: Math.min(Math.max(pos, 0), this.bytes.length),
        expected: `0..${this.bytes.length}`,
        found: `${pos}`,
      });
    }
    this.pos = pos;
    return this;
  }

  /** Advances the cursor by `n` bytes. */
  skip(n: number): this {
    this.need(n);
    this.pos += n;
    return this;
  }

  // Random-access reads at a window offset; they do not move the cursor.

  /** u8 at window offset `at`. */
  u8At(at: number): number {
    this.need(1, at);
    return this.bytes[at]!;
  }
  /** Little-endian u16 at window offset `at`. */
  u16At(at: number): number {
    this.need(2, at);
    const b = this.bytes;
    return b[at]! | (b[at + 1]! << 8);
  }
  /** Little-endian u32 at window offset `at`. */
  u32At(at: number): number {
    this.need(4, at);
    const b = this.bytes;
    return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
  }
  /** Little-endian u64 at window offset `at`, as a bigint. */
  u64At(at: number): bigint {
    this.need(8, at);
    return BigInt(this.u32At(at)) | (BigInt(this.u32At(at + 4)) << 32n);
  }
  /** Big-endian u16 at window offset `at`. */
  u16beAt(at: number): number {
    this.need(2, at);
    const b = this.bytes;
    return (b[at]! << 8) | b[at + 1]!;
  }
  /** Big-endian u32 at window offset `at`. */
  u32beAt(at: number): number {
    this.need(4, at);
    const b = this.bytes;
    return b[at]! * 0x1000000 + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
  }
  /** Big-endian u64 at window offset `at`, as a bigint. */
  u64beAt(at: number): bigint {
    this.need(8, at);
    return (BigInt(this.u32beAt(at)) << 32n) | BigInt(this.u32beAt(at + 4));
  }
  /** A view of `n` bytes at window offset `at` (no copy). */
  bytesAt(at: number, n: number): Uint8Array {
    this.need(n, at);
    return this.bytes.subarray(at, at + n);
  }
  /** `n` bytes at `at` decoded as Latin-1 (each byte one code unit; firmware strings are not UTF-8). */
  asciiAt(at: number, n: number): string {
    return latin1(this.bytesAt(at, n));
  }

  // Sequential reads: each advances the cursor by the size read.

  /** Reads a u8. */
  u8(): number {
    const v = this.u8At(this.pos);
    this.pos += 1;
    return v;
  }
  /** Reads a little-endian u16. */
  u16(): number {
    const v = this.u16At(this.pos);
    this.pos += 2;
    return v;
  }
  /** Reads a little-endian u32. */
  u32(): number {
    const v = this.u32At(this.pos);
    this.pos += 4;
    return v;
  }
  /** Reads a little-endian u64 as a bigint. */
  u64(): bigint {
    const v = this.u64At(this.pos);
    this.pos += 8;
    return v;
  }
  /** Reads a big-endian u16. */
  u16be(): number {
    const v = this.u16beAt(this.pos);
    this.pos += 2;
    return v;
  }
  /** Reads a big-endian u32. */
  u32be(): number {
    const v = this.u32beAt(this.pos);
    this.pos += 4;
    return v;
  }
  /** Reads a big-endian u64 as a bigint. */
  u64be(): bigint {
    const v = this.u64beAt(this.pos);
    this.pos += 8;
    return v;
  }
  /** Reads `n` bytes as a view (no copy). */
  bytesView(n: number): Uint8Array {
    const v = this.bytesAt(this.pos, n);
    this.pos += n;
    return v;
  }
  /** Reads `n` bytes as an independent copy. */
  bytesCopy(n: number): Uint8Array {
    return this.bytesView(n).slice();
  }
  /** Reads a fixed-length field of `n` bytes as Latin-1 text, NULs included. */
  ascii(n: number): string {
    const v = this.asciiAt(this.pos, n);
    this.pos += n;
    return v;
  }

  /**
   * Index of the next NUL at or after window offset `at`, or -1 when the window has none.
   * Never looks past the window.
   */
  indexOfNul(at: number = this.pos): number {
    return this.bytes.indexOf(0, at);
  }

  /**
   * Reads a NUL-terminated string (the NUL is consumed, not returned). Throws `TRUNCATED` when no
   * NUL occurs before the window end, or within `maxLength` bytes when given.
   */
  cstring(maxLength = Infinity): string {
    const nul = this.indexOfNul();
    if (nul < 0 || nul - this.pos > maxLength) {
      throw this.error(ErrorCode.Truncated, 'string has no terminating NUL', {
        expected: Number.isFinite(maxLength) ? `NUL within ${maxLength} bytes` : 'NUL before the end',
        found: `${Math.min(this.remaining, Number.isFinite(maxLength) ? maxLength + 1 : this.remaining)} bytes without NUL`,
      });
    }
    const s = latin1(this.bytes.subarray(this.pos, nul));
    this.pos = nul + 1;
    return s;
  }

  /**
   * A child reader over the next `n` bytes; the cursor moves past them. The child cannot read
   * outside those `n` bytes, and its errors carry absolute offsets and `path` (default: ours).
   */
  sub(n: number, path: string | undefined = this.path): ByteReader {
    const r = this.window(this.pos, n, path);
    this.pos += n;
    return r;
  }

  /** A child reader over `n` bytes at window offset `at`; the cursor does not move. */
  window(at: number, n: number, path: string | undefined = this.path): ByteReader {
    this.need(n, at, path ?? 'structure');
    return new ByteReader(this.bytes.subarray(at, at + n), {
      base: this.base + at,
      ...(path !== undefined && { path }),
    });
  }

  /** Checks a fixed signature at the cursor and consumes it; throws `BAD_SIGNATURE` on mismatch. */
  expectSignature(sig: string): void {
    this.need(sig.length, this.pos, `signature "${sig}"`);
    const found = this.asciiAt(this.pos, sig.length);
    if (found !== sig) {
      throw this.error(ErrorCode.BadSignature, 'wrong signature', {
        expected: JSON.stringify(sig),
        found: JSON.stringify(found),
      });
    }
    this.pos += sig.length;
  }
}

/** Describes a byte count and offset in messages: `16 bytes at 0x20`. */
export function describeSpan(length: number, offset: number): string {
  return `${length} bytes at ${hex(offset)}`;
}
