import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latin1Bytes as ascii, parseHexString, toHex } from '@hvmpack/bytes';
import { hmacSha256 } from '../src/redact-hmac.js';

const rep = (byte: number, n: number): Uint8Array => new Uint8Array(n).fill(byte);
const seq = (from: number, to: number): Uint8Array => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('hmacSha256', () => {
  // RFC 4231 §4.2–4.8, HMAC-SHA-256 rows (test case 5's output is truncated to 128 bits there).
  it.each([
    ['1: 20-byte key', rep(0x0b, 20), ascii('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    ['2: key shorter than the output', ascii('Jefe'), ascii('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
    ['3: 50 bytes of 0xdd', rep(0xaa, 20), rep(0xdd, 50), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
    ['4: 25-byte key', seq(0x01, 0x19), rep(0xcd, 50), '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b'],
    ['6: 131-byte key, hashed first', rep(0xaa, 131), ascii('Test Using Larger Than Block-Size Key - Hash Key First'), '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
    [
      '7: 131-byte key and long data',
      rep(0xaa, 131),
      ascii('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ])('RFC 4231 test case %s', (_name, key, data, want) => {
    expect(toHex(hmacSha256(key, data)).toLowerCase()).toBe(want);
  });

  it('RFC 4231 test case 5: the first 128 bits', () => {
    const mac = hmacSha256(rep(0x0c, 20), ascii('Test With Truncation'));
    expect(toHex(mac.subarray(0, 16)).toLowerCase()).toBe('a3b6167473100ee06e0c796c2955552b');
  });

  it('agrees with node:crypto for keys around the block size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.uint8Array({ maxLength: 300 }), (key, data) => {
        expect(hmacSha256(key, data)).toEqual(new Uint8Array(createHmac('sha256', key).update(data).digest()));
      }),
      { numRuns: 200 },
    );
  });

  it('does not alter its inputs', () => {
    const key = parseHexString('00112233');
    const data = ascii('abc');
    hmacSha256(key, data);
    expect(toHex(key)).toBe('00112233');
    expect(data).toEqual(ascii('abc'));
  });
});
