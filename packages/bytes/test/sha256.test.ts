import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latin1Bytes as ascii, Sha256, sha256, sha256Hex } from '@hvmpack/bytes';

const nodeHex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('sha256', () => {
  // FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf").
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('hashes %j to the FIPS 180-4 digest', (input, want) => {
    expect(sha256Hex(ascii(input))).toBe(want);
  });

  it.each([55, 56, 63, 64, 65, 119, 120, 1000])('pads a %i-byte message like node:crypto', (n) => {
    const b = new Uint8Array(n).map((_, i) => (i * 7 + 3) & 0xff);
    expect(sha256Hex(b)).toBe(nodeHex(b));
  });

  it('agrees with node:crypto on random inputs split into random chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(200), { maxLength: 6 }), (data, cuts) => {
        const h = new Sha256();
        let at = 0;
        for (const c of cuts) {
          const end = Math.min(data.length, at + c);
          h.update(data.subarray(at, end));
          at = end;
        }
        h.update(data.subarray(at));
        const hex = Array.from(h.digest(), (x) => x.toString(16).padStart(2, '0')).join('');
        expect(hex).toBe(nodeHex(data));
      }),
    );
  });

  it('returns 32 bytes and refuses a second digest', () => {
    expect(sha256(new Uint8Array(3)).length).toBe(32);
    const h = new Sha256();
    h.digest();
    expect(() => h.digest()).toThrow();
  });
});
