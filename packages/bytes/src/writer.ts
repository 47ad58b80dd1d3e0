import { ErrorCode, FormatError } from './errors.js';
import { checksum8 } from './checksum.js';

const LATIN1_MAX = 0xff;

/** A slot reserved in a {@link ByteWriter} to be filled once the value is known. */
export interface Reservation {
  /** Offset of the slot in the writer's output. */
  readonly offset: number;
  /** Size of the slot in bytes. */
  readonly size: 1 | 2 | 4 | 8;
}

/**
 * A growable little/big-endian writer. Lengths and checksums that depend on what follows are
 * written with reserve-then-patch: {@link ByteWriter.reserve} leaves a slot, and
 * {@link ByteWriter.patch} or {@link ByteWriter.patchChecksum8} fills it afterwards.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.len;
  }

  private ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Writes one byte (0..255). */
  u8(v: number): this {
    checkRange(v, 0xff, 'u8');
    this.ensure(1);
    this.buf[this.len++] = v;
    return this;
  }
  /** Writes a little-endian u16. */
  u16(v: number): this {
    checkRange(v, 0xffff, 'u16');
    this.ensure(2);
    this.buf[this.len++] = v & 0xff;
    this.buf[this.len++] = v >>> 8;
    return this;
  }
  /** Writes a little-endian u32. */
  u32(v: number): this {
    checkRange(v, 0xffffffff, 'u32');
    this.ensure(4);
    writeU32le(this.buf, this.len, v);
    this.len += 4;
    return this;
  }
  /** Writes a little-endian u64 from a bigint (or a safe integer). */
  u64(v: bigint | number): this {
    const b = BigInt(v);
    if (b < 0n || b > 0xffffffffffffffffn) throw rangeError(String(v), 'u64');
    this.u32(Number(b & 0xffffffffn));
    return this.u32(Number(b >> 32n));
  }
  /** Writes a big-endian u16. */
  u16be(v: number): this {
    checkRange(v, 0xffff, 'u16');
    this.ensure(2);
    this.buf[this.len++] = v >>> 8;
    this.buf[this.len++] = v & 0xff;
    return this;
  }
  /** Writes a big-endian u32. */
  u32be(v: number): this {
    checkRange(v, 0xffffffff, 'u32');
    this.ensure(4);
    this.buf[this.len++] = (v >>> 24) & 0xff;
    this.buf[this.len++] = (v >>> 16) & 0xff;
    this.buf[this.len++] = (v >>> 8) & 0xff;
    this.buf[this.len++] = v & 0xff;
    return this;
  }
  /** Writes a big-endian u64. */
  u64be(v: bigint | number): this {
    const b = BigInt(v);
    if (b < 0n || b > 0xffffffffffffffffn) throw rangeError(String(v), 'u64');
    this.u32be(Number(b >> 32n));
    return this.u32be(Number(b & 0xffffffffn));
  }
  /** Appends bytes. */
  bytes(data: Uint8Array): this {
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }
  /** Appends `n` zero bytes (or `fill`). */
  fill(n: number, fill = 0): this {
    if (!Number.isInteger(n) || n < 0) throw rangeError(String(n), 'fill count');
    this.ensure(n);
    this.buf.fill(fill, this.len, this.len + n);
    this.len += n;
    return this;
  }
  /** Pads with zeros until the length is a multiple of `alignment`. */
  align(alignment: number): this {
    const rem = this.len % alignment;
    return rem === 0 ? this : this.fill(alignment - rem);
  }
  /**
   * Writes text as Latin-1 bytes. With `fixedLength`, pads with `pad` (default NUL) or throws
   * when the text is longer; without it, writes exactly the text.
   */
  ascii(text: string, fixedLength?: number, pad = 0): this {
    const bytes = latin1Bytes(text);
    if (fixedLength === undefined) return this.bytes(bytes);
    if (bytes.length > fixedLength) {
      throw new FormatError(ErrorCode.BadLength, 'text does not fit its field', {
        expected: `at most ${fixedLength} bytes`,
        found: `${bytes.length} bytes (${JSON.stringify(text)})`,
      });
    }
    this.bytes(bytes);
    return this.fill(fixedLength - bytes.length, pad);
  }
  /** Writes text followed by a NUL. */
  cstring(text: string): this {
    return this.ascii(text).u8(0);
  }

  /** Leaves a zeroed slot of `size` bytes to be patched later. */
  reserve(size: 1 | 2 | 4 | 8): Reservation {
    const offset = this.len;
    this.fill(size);
    return { offset, size };
  }
  /** Fills a reserved slot (little-endian). */
  patch(slot: Reservation, value: number | bigint): this {
    const saved = this.len;
    this.len = slot.offset;
    try {
      switch (slot.size) {
        case 1: this.u8(Number(value)); break;
        case 2: this.u16(Number(value)); break;
        case 4: this.u32(Number(value)); break;
        case 8: this.u64(value); break;
      }
    } finally {
      this.len = saved;
    }
    return this;
  }
  /** Overwrites one byte at `offset` (already written). */
  setU8(offset: number, v: number): this {
    if (offset < 0 || offset >= this.len) throw rangeError(String(offset), 'patch offset');
    checkRange(v, 0xff, 'u8');
    this.buf[offset] = v;
    return this;
  }
  /** Overwrites a little-endian u32 at `offset` (already written). */
  setU32(offset: number, v: number): this {
    if (offset < 0 || offset + 4 > this.len) throw rangeError(String(offset), 'patch offset');
    checkRange(v, 0xffffffff, 'u32');
    writeU32le(this.buf, offset, v);
    return this;
  }
  /**
   * Sets the byte at `checksumOffset` so that bytes `[start, end)` sum to zero mod 256
   * (the 8-bit two's-complement checksum used by SMBIOS and ACPI).
   */
  patchChecksum8(checksumOffset: number, start = 0, end = this.len): this {
    if (start < 0 || end > this.len || start > end || checksumOffset < start || checksumOffset >= end) {
      throw rangeError(`${checksumOffset} in [${start}, ${end})`, 'checksum range');
    }
    this.buf[checksumOffset] = 0;
    this.buf[checksumOffset] = (0x100 - checksum8(this.buf, start, end)) & 0xff;
    return this;
  }
  /** A view of the bytes written so far (valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
  /** An independent copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

function writeU32le(buf: Uint8Array, at: number, v: number): void {
  buf[at] = v & 0xff;
  buf[at + 1] = (v >>> 8) & 0xff;
  buf[at + 2] = (v >>> 16) & 0xff;
  buf[at + 3] = (v >>> 24) & 0xff;
}

function checkRange(v: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw rangeError(String(v), what);
}

function rangeError(found: string, what: string): FormatError {
  return new FormatError(ErrorCode.BadValue, `value out of range for ${what}`, { found });
}

/** Encodes text as Latin-1 bytes; throws on characters above U+00FF. */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > LATIN1_MAX) {
      throw new FormatError(ErrorCode.BadValue, 'character cannot be stored in a byte string', {
        expected: 'Latin-1 text',
        found: `U+${c.toString(16).toUpperCase().padStart(4, '0')} at index ${i}`,
      });
    }
    out[i] = c;
  }
  return out;
}
