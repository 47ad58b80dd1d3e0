// The JSON writer's low-level pieces against what JavaScript itself writes: digits against
// String(), constant text put four bytes at a time, Latin-1 strings against JSON.stringify.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantText, JsonWriter, putText, putUint } from '../src/json-writer.js';

const text = (w: JsonWriter): string => w.text();

describe('putUint', () => {
  it.each([0, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10000, 65535, 100100, 999999, 1000000, 9999999, 10000000, 0x7fffffff, 0x80000000, 0xffffffff])('%d', (v) => {
    const buf = new Uint8Array(16).fill(0x2a);
    const end = putUint(buf, 3, v);
    expect(String.fromCharCode(...buf.subarray(3, end))).toBe(String(v));
    expect(buf[end]).toBe(0x2a);
  });

  it('writes every u32 as String() does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
        const buf = new Uint8Array(12);
        expect(String.fromCharCode(...buf.subarray(0, putUint(buf, 0, v)))).toBe(String(v));
      }),
    );
  });
});

describe('putText', () => {
  it.each(['', 'a', 'ab', 'abc', 'abcd', 'abcde', ',"physicalMemoryArrayHandle":'])('%j lands whole, wherever it starts', (s) => {
    const t = constantText(s);
    for (let at = 0; at < 4; at++) {
      const w = new JsonWriter(new Uint8Array(1));
      const buf = w.reserve(at + s.length);
      buf.fill(0x2e, 0, at);
      w.advance(putText(w.view, at, t));
      expect(text(w)).toBe('.'.repeat(at) + s);
    }
  });

  it('refuses text that is not printable ASCII', () => {
    expect(() => constantText('caf\u00e9')).toThrow();
    expect(() => constantText('tab\t')).toThrow();
  });
});

describe('latin1', () => {
  it('writes any Latin-1 byte string as JSON.stringify writes the same text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const w = new JsonWriter(new Uint8Array(4));
        w.latin1(bytes, 0, bytes.length);
        expect(text(w)).toBe(JSON.stringify(String.fromCharCode(...bytes)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('value', () => {
  it('writes any JSON value as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const w = new JsonWriter(new Uint8Array(8));
        w.value(v);
        expect(text(w)).toBe(JSON.stringify(v));
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['undefined members are left out', { a: 1, b: undefined, c: 'x' }],
    ['undefined in an array is null', [1, undefined, 2]],
    ['negative zero, fractions, huge numbers', [-0, 1.5, -7, 2 ** 40, 1e21, Number.NaN, Number.POSITIVE_INFINITY]],
    ['nested arrays and objects', { a: [{ b: [null, true, false] }, []], c: {} }],
    ['a Date uses its toJSON', { when: new Date(0) }],
    ['escapes in keys and strings', { 'quote"key': 'back\\slash\n', '\u00e9': '\u20ac' }],
  ] as Array<[string, unknown]>)('%s', (_name, v) => {
    const w = new JsonWriter(new Uint8Array(8));
    w.value(v);
    expect(text(w)).toBe(JSON.stringify(v));
  });
});
