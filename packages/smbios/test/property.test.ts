// Properties: built tables decode back to what was built; mutated real tables only ever give
// findings or FormatError (never another exception, never a hang).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual, isFormatError } from '@hvmpack/bytes';
import {
  buildStructure,
  buildTable,
  decodeSmbios,
  decodeStructureTable,
  encodeDumpBin,
  encodeSmbios,
  encodeStructureTable,
  type StructureSpec,
} from '@hvmpack/smbios';
import { corpusFiles } from '../../../test/support/env.js';

const latin1String = fc.string({ unit: fc.integer({ min: 1, max: 255 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 20 });
const spec: fc.Arbitrary<StructureSpec> = fc.record({
  type: fc.oneof(fc.integer({ min: 0, max: 125 }), fc.integer({ min: 128, max: 255 })),
  data: fc.uint8Array({ maxLength: 40 }),
  strings: fc.array(latin1String, { maxLength: 6 }),
});

describe('decode(encode(x))', () => {
  it('raw structures built from specs decode back to themselves', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 30 }), (specs) => {
        const structures = specs.map((s, i) => buildStructure(s, i));
        const bytes = encodeStructureTable(structures);
        const back = decodeStructureTable(bytes, { structureCount: structures.length });
        expect(back.structures.length).toBe(structures.length);
        back.structures.forEach((s, i) => {
          const want = structures[i]!;
          expect([s.type, s.handle, s.length, s.strings]).toEqual([want.type, want.handle, want.length, want.strings]);
          expect(bytesEqual(s.formatted, want.formatted) && bytesEqual(s.stringSet, want.stringSet)).toBe(true);
        });
        expect(bytesEqual(encodeStructureTable(back.structures), bytes)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('built tables survive --dump-bin and decodeSmbios, for 2.x and 3.x', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 20 }), fc.constantFrom({ major: 2, minor: 4 }, { major: 2, minor: 8 }, { major: 3, minor: 2, docrev: 0 }), (specs, version) => {
        const built = buildTable(specs, { version });
        const t = decodeSmbios(built.dumpBin);
        expect(t.version).toEqual(version);
        expect(t.structures.length).toBe(specs.length + 1);
        expect(bytesEqual(encodeDumpBin(t), built.dumpBin)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

// Mutation bases: the real corpus when present, else built tables.
function bases(): Uint8Array[] {
  const real = corpusFiles('smbios').map((f) => new Uint8Array(readFileSync(f))).filter((b) => b.length > 64);
  if (real.length > 0) return real;
  const specs = Array.from({ length: 20 }, (_, i) => ({ type: i, data: new Uint8Array(i + 4).fill(i), strings: [`s${i}`, 'x'] }));
  return [buildTable(specs, { version: { major: 2, minor: 8 } }).dumpBin, buildTable(specs, { version: { major: 3, minor: 0 } }).dumpBin];
}

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; bits: number[] }
  | { kind: 'lengthByte'; which: number; value: number }
  | { kind: 'epField'; at: number; value: number }
  | { kind: 'unterminate'; which: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), bits: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('lengthByte' as const), which: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  // Entry-point count, length, address and size fields (both layouts).
  fc.record({ kind: fc.constant('epField' as const), at: fc.constantFrom(0x05, 0x06, 0x0c, 0x0d, 0x0e, 0x16, 0x17, 0x18, 0x1c, 0x1d), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('unterminate' as const), which: fc.nat() }),
);

function apply(base: Uint8Array, m: Mutation): Uint8Array {
  const b = base.slice();
  switch (m.kind) {
    case 'truncate':
      return b.subarray(0, m.at % (b.length + 1));
    case 'flip':
      for (const bit of m.bits) b[(bit >> 3) % b.length]! ^= 1 << (bit & 7);
      return b;
    case 'lengthByte': {
      // Structure headers of the table as decoded before mutation.
      const t = decodeSmbios(base, { verifyChecksums: false });
      const s = t.structures[m.which % t.structures.length];
      if (s) b[(t.source?.tableOffset ?? 0) + s.offset + 1] = m.value;
      return b;
    }
    case 'epField':
      b[m.at] = m.value;
      return b;
    case 'unterminate': {
      // Replace every NUL of one structure's string set: its strings run into the next structure.
      const t = decodeSmbios(base, { verifyChecksums: false });
      const s = t.structures[m.which % t.structures.length];
      if (s) {
        const at = (t.source?.tableOffset ?? 0) + s.offset + s.formatted.length;
        for (let i = 0; i < s.stringSet.length; i++) if (b[at + i] === 0) b[at + i] = 0x41;
      }
      return b;
    }
  }
}

describe('robustness: mutated real tables', () => {
  const inputs = bases();
  it.each([true, false])('only findings or FormatError (verifyChecksums %s)', (verify) => {
    fc.assert(
      fc.property(fc.nat({ max: inputs.length - 1 }), mutation, (i, m) => {
        const bytes = apply(inputs[i]!, m);
        try {
          const t = decodeSmbios(bytes, { verifyChecksums: verify });
          // Whatever was decoded re-encodes to the bytes it came from.
          expect(bytesEqual(encodeStructureTable(t.structures), t.table.subarray(0, t.tableEnd ?? t.table.length))).toBe(true);
          expect(bytesEqual(encodeSmbios(t), bytes)).toBe(true);
          encodeDumpBin(t);
        } catch (e) {
          if (!isFormatError(e)) throw e;
        }
      }),
      { numRuns: 400 },
    );
  });
});
