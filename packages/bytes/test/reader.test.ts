import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, ErrorCode, FormatError } from '@hvmpack/bytes';
import { formatErrorOf as thrown } from '../../../test/support/errors.js';

// A parent of 16 bytes with a 6-byte sub-window at offset 5: reads at the window's edge must
// succeed and one byte further must fail, even though the parent has more bytes.
const parent = Uint8Array.from({ length: 16 }, (_, i) => i + 0x10);
const windowAt = 5;
const windowLen = 6;

describe('ByteReader sub-window edges', () => {
  const reads = [
    { name: 'u8', size: 1, read: (r: ByteReader, at: number) => r.u8At(at) },
    { name: 'u16', size: 2, read: (r: ByteReader, at: number) => r.u16At(at) },
    { name: 'u32', size: 4, read: (r: ByteReader, at: number) => r.u32At(at) },
    { name: 'u16be', size: 2, read: (r: ByteReader, at: number) => r.u16beAt(at) },
    { name: 'u32be', size: 4, read: (r: ByteReader, at: number) => r.u32beAt(at) },
    { name: 'ascii', size: 3, read: (r: ByteReader, at: number) => r.asciiAt(at, 3) },
    { name: 'bytes', size: 5, read: (r: ByteReader, at: number) => r.bytesAt(at, 5) },
  ];
  it.each(reads)('$name reads exactly at the window end and throws one byte past it', ({ size, read }) => {
    const r = new ByteReader(parent).window(windowAt, windowLen, 'outer.inner');
    const lastOk = windowLen - size;
    expect(() => read(r, lastOk)).not.toThrow();
    const e = thrown(() => read(r, lastOk + 1));
    expect(e.code).toBe(ErrorCode.Truncated);
    // The offset is absolute in the parent's input, and the path is the sub-window's.
    expect(e.offset).toBe(windowAt + lastOk + 1);
    expect(e.path).toBe('outer.inner');
  });

  it('u64 reads at the edge of an 8-byte window and not one byte more', () => {
    const r = new ByteReader(parent).window(8, 8);
    expect(r.u64At(0)).toBe(0x1f1e1d1c1b1a1918n);
    expect(r.u64beAt(0)).toBe(0x18191a1b1c1d1e1fn);
    expect(thrown(() => r.u64At(1)).offset).toBe(9);
  });

  it('a sub-reader cannot see its parent bytes before or after it', () => {
    const r = new ByteReader(parent);
    r.skip(2);
    const child = r.sub(3, 'child');
    expect(r.pos).toBe(5);
    expect(child.base).toBe(2);
    expect(child.u8()).toBe(0x12);
    expect(thrown(() => child.u8At(-1)).code).toBe(ErrorCode.Truncated);
    expect(thrown(() => child.bytesAt(0, 4)).offset).toBe(2);
    expect(() => child.seek(4)).toThrow(FormatError);
  });

  it('sequential reads past the end throw with the offset of the failed read', () => {
    const r = new ByteReader(Uint8Array.of(1, 2, 3), { base: 0x100 });
    r.u16();
    const e = thrown(() => r.u16());
    expect(e.code).toBe(ErrorCode.Truncated);
    expect(e.offset).toBe(0x102);
    expect(r.pos).toBe(2); // a failed read does not move the cursor
  });

  it('cstring stops at the window end even when the parent has a NUL later', () => {
    const bytes = Uint8Array.of(0x41, 0x42, 0x43, 0x00);
    const r = new ByteReader(bytes).window(0, 3);
    expect(thrown(() => r.cstring()).code).toBe(ErrorCode.Truncated);
    expect(new ByteReader(bytes).cstring()).toBe('ABC');
  });

  it('cstring honours a maximum length', () => {
    const r = new ByteReader(Uint8Array.of(0x41, 0x42, 0x43, 0x00));
    expect(thrown(() => r.cstring(2)).code).toBe(ErrorCode.Truncated);
    expect(r.cstring(3)).toBe('ABC');
  });

  it('expectSignature reports expected and found', () => {
    const r = new ByteReader(Uint8Array.of(0x5f, 0x53, 0x4d, 0x33));
    const e = thrown(() => r.expectSignature('_SM_'));
    expect(e.code).toBe(ErrorCode.BadSignature);
    expect(e.expected).toBe('"_SM_"');
    expect(e.found).toBe('"_SM3"');
    expect(e.offset).toBe(0);
  });

  it('negative and fractional lengths are refused, not silently shortened', () => {
    const r = new ByteReader(new Uint8Array(8));
    expect(thrown(() => r.bytesAt(0, -1)).code).toBe(ErrorCode.Truncated);
    expect(thrown(() => r.bytesAt(0, 1.5)).code).toBe(ErrorCode.BadValue);
    expect(thrown(() => r.sub(9)).code).toBe(ErrorCode.Truncated);
  });

  // Before the offset was checked, u32At(0.5) read four undefined bytes into NaN and u8At(2.5)
  // returned undefined: a caller computing an offset by division got a wrong value, not an error.
  const offsetReads = [
    { name: 'u8At', read: (r: ByteReader, at: number) => r.u8At(at) },
    { name: 'u16At', read: (r: ByteReader, at: number) => r.u16At(at) },
    { name: 'u32At', read: (r: ByteReader, at: number) => r.u32At(at) },
    { name: 'u64At', read: (r: ByteReader, at: number) => r.u64At(at) },
    { name: 'u16beAt', read: (r: ByteReader, at: number) => r.u16beAt(at) },
    { name: 'u32beAt', read: (r: ByteReader, at: number) => r.u32beAt(at) },
    { name: 'u64beAt', read: (r: ByteReader, at: number) => r.u64beAt(at) },
    { name: 'bytesAt', read: (r: ByteReader, at: number) => r.bytesAt(at, 2) },
    { name: 'asciiAt', read: (r: ByteReader, at: number) => r.asciiAt(at, 2) },
    { name: 'window', read: (r: ByteReader, at: number) => r.window(at, 2) },
  ];
  const badOffsets = [
    { at: 0.5, code: ErrorCode.BadValue },
    { at: 2.5, code: ErrorCode.BadValue },
    { at: Number.NaN, code: ErrorCode.BadValue },
    { at: Infinity, code: ErrorCode.BadValue },
    { at: -1, code: ErrorCode.Truncated },
    { at: -0.5, code: ErrorCode.BadValue },
    { at: 16, code: ErrorCode.Truncated },
    { at: 2 ** 32, code: ErrorCode.Truncated },
  ];
  it.each(offsetReads.flatMap((r) => badOffsets.map((b) => ({ ...r, ...b }))))('$name($at) throws $code instead of returning a number', ({ read, at, code }) => {
    const r = new ByteReader(Uint8Array.from({ length: 16 }, (_, i) => i + 1), { base: 0x40 });
    const e = thrown(() => read(r, at));
    expect(e.code).toBe(code);
    expect(e.offset).toBeGreaterThanOrEqual(0x40);
    expect(e.offset).toBeLessThanOrEqual(0x50);
  });
});

describe('ByteWriter then ByteReader round trips every primitive', () => {
  it('u8/u16/u32/u64 little- and big-endian', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }),
        (a, b, c, d) => {
          const w = new ByteWriter(1);
          w.u8(a).u16(b).u32(c).u64(d).u16be(b).u32be(c).u64be(d);
          const r = new ByteReader(w.finish());
          expect([r.u8(), r.u16(), r.u32(), r.u64(), r.u16be(), r.u32be(), r.u64be()]).toEqual([a, b, c, d, b, c, d]);
          expect(r.atEnd).toBe(true);
        },
      ),
    );
  });

  it('fixed-length text and NUL-terminated strings', () => {
    const latin1Text = fc.string({ unit: fc.integer({ min: 1, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
    fc.assert(
      fc.property(latin1Text, latin1Text, (fixed, z) => {
        const w = new ByteWriter();
        w.ascii(fixed, 40).cstring(z);
        const r = new ByteReader(w.finish());
        expect(r.ascii(40)).toBe(fixed + '\0'.repeat(40 - fixed.length));
        expect(r.cstring()).toBe(z);
        expect(r.atEnd).toBe(true);
      }),
    );
  });

  it('raw bytes, grown far past the initial capacity', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const w = new ByteWriter(1);
        for (const c of chunks) w.bytes(c);
        const r = new ByteReader(w.finish());
        for (const c of chunks) expect(r.bytesCopy(c.length)).toEqual(c);
        expect(r.atEnd).toBe(true);
      }),
    );
  });
});

describe('ByteWriter', () => {
  it('reserve-then-patch fills a length written before its payload', () => {
    const w = new ByteWriter();
    w.ascii('TEST');
    const len = w.reserve(4);
    w.bytes(Uint8Array.of(1, 2, 3));
    w.patch(len, w.length);
    expect(new ByteReader(w.finish()).u32At(4)).toBe(11);
    expect(w.length).toBe(11);
  });

  it.each([
    ['u8', (w: ByteWriter) => w.u8(256)],
    ['u16', (w: ByteWriter) => w.u16(-1)],
    ['u32', (w: ByteWriter) => w.u32(2 ** 32)],
    ['u64', (w: ByteWriter) => w.u64(1n << 64n)],
    ['ascii too long', (w: ByteWriter) => w.ascii('TOOLONG', 4)],
    ['non-Latin-1 text', (w: ByteWriter) => w.ascii('\u20ac')],
  ])('refuses %s out of range', (_name, write) => {
    expect(() => write(new ByteWriter())).toThrow(FormatError);
  });

  it('align pads with zeros to the next multiple', () => {
    const w = new ByteWriter();
    w.u8(1).align(16);
    expect(w.length).toBe(16);
    w.align(16);
    expect(w.length).toBe(16);
  });
});
