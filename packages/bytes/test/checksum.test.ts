import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter, checksum8, computeChecksum8, crc32, patchChecksum8, verifyChecksum8 } from '@hvmpack/bytes';

describe('8-bit checksum', () => {
  it('patching any byte of any range makes the range sum to zero', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 512 }).chain((b) =>
          fc.tuple(fc.constant(b), fc.integer({ min: 0, max: b.length - 1 }), fc.integer({ min: 0, max: b.length - 1 })),
        ),
        fc.nat(),
        ([bytes, i, j], pick) => {
          const start = Math.min(i, j);
          const end = Math.max(i, j) + 1;
          const at = start + (pick % (end - start));
          const copy = bytes.slice();
          const v = patchChecksum8(copy, at, start, end);
          expect(copy[at]).toBe(v);
          expect(checksum8(copy, start, end)).toBe(0);
          expect(verifyChecksum8(copy, start, end)).toBe(true);
          // Bytes outside the range are untouched.
          for (let k = 0; k < bytes.length; k++) if (k !== at) expect(copy[k]).toBe(bytes[k]);
        },
      ),
    );
  });

  it('computeChecksum8 ignores the current value of the checksum byte', () => {
    const a = Uint8Array.of(1, 2, 3, 0x77);
    const b = Uint8Array.of(1, 2, 3, 0x00);
    expect(computeChecksum8(a, 3)).toBe(computeChecksum8(b, 3));
    expect(computeChecksum8(a, 3)).toBe(0xfa);
  });

  it('ByteWriter.patchChecksum8 matches the free function', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 64 }), (bytes) => {
        const w = new ByteWriter();
        w.bytes(bytes).patchChecksum8(1);
        expect(checksum8(w.view())).toBe(0);
      }),
    );
  });

  it('refuses a checksum byte outside its range', () => {
    expect(() => patchChecksum8(new Uint8Array(4), 4, 0, 4)).toThrow(RangeError);
  });
});

describe('CRC-32 (IEEE)', () => {
  it.each([
    ['', 0x00000000],
    ['a', 0xe8b7be43],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('crc32(%j) = %s', (text, expected) => {
    expect(crc32(Uint8Array.from(text, (c) => c.charCodeAt(0)))).toBe(expected);
  });

  it('continues across chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (bytes, cut) => {
        const k = bytes.length ? cut % bytes.length : 0;
        expect(crc32(bytes.subarray(k), crc32(bytes.subarray(0, k)))).toBe(crc32(bytes));
      }),
    );
  });
});
