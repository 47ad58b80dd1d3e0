// Random structures of every type and length: the typed layer never throws and never reads past
// a structure (its length guards mirror dmidecode's), and bad input only ever yields findings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTyped, formatWithFindings, getKeyword, STRING_KEYWORDS, type RawStructure } from '@hvmpack/smbios';

const structure = fc
  .record({
    type: fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 7, 8, 9, 11, 16, 17, 19, 20, 22, 26, 27, 28, 29, 32, 39, 42, 126, 127), fc.integer({ min: 0, max: 255 })),
    body: fc.uint8Array({ minLength: 0, maxLength: 251 }),
    // Small values make string numbers and counts land in and just past the set.
    small: fc.boolean(),
    strings: fc.array(fc.string({ minLength: 1, maxLength: 8 }).map((s) => s.replace(/\0/g, 'x')), { maxLength: 4 }),
  })
  .map(({ type, body, small, strings }): RawStructure => {
    const formatted = new Uint8Array(4 + body.length);
    formatted.set(small ? body.map((b) => b % 6) : body, 4);
    formatted[0] = type;
    formatted[1] = formatted.length;
    const set = strings.length ? [...strings.flatMap((s) => [...s].map((c) => c.charCodeAt(0) & 0xff).concat(0)), 0] : [0, 0];
    return { type, length: formatted.length, handle: 0x10, offset: 0x40, formatted, strings, stringSet: Uint8Array.from(set) };
  });

const version = fc.option(fc.record({ major: fc.constantFrom(2, 3), minor: fc.integer({ min: 0, max: 8 }) }), { nil: null });

// Findings about the input itself (a string number past the set, a type 42 record past the end); any other is a guard failure.
const INPUT_FINDINGS: ReadonlySet<string> = new Set(['SMBIOS_STRING_INDEX_OUT_OF_RANGE', 'SMBIOS_TYPE42_RECORD_OVERRUN']);

describe('typed layer robustness', () => {
  it('text and fields never throw and never report a guard failure', () => {
    fc.assert(
      fc.property(structure, version, (s, v) => {
        const text = formatWithFindings(s, v);
        const typed = decodeTyped(s, v);
        expect(text.findings.filter((f) => !INPUT_FINDINGS.has(f.code))).toEqual([]);
        expect(typed.findings.every((f) => INPUT_FINDINGS.has(f.code))).toBe(true);
        expect(() => JSON.stringify(typed.fields)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });

  it('every keyword answers for any structure', () => {
    fc.assert(
      fc.property(fc.array(structure, { maxLength: 6 }), version, (structures, v) => {
        const table = { container: 'built' as const, entryPoint: null, version: v, table: new Uint8Array(0), structures, findings: [] };
        for (const k of STRING_KEYWORDS) expect(Array.isArray(getKeyword(table, k))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
