// The structure index (scanStructureTable) against the objects decodeStructureTable builds from
// it, and its duplicate-handle detection (a fast path for upward handles, a map otherwise)
// against a plain reference written here.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, latin1 } from '@hvmpack/bytes';
import { buildStructure, decodeSmbios, decodeStructureTable, encodeStructureTable, INACTIVE_TYPE } from '@hvmpack/smbios';
import { scanStructureTable, structureFromIndex, type StructureIndex } from '@hvmpack/smbios/indexed';
import { corpusFiles } from '../../../test/support/env.js';

/** Structure `i` of an index as a plain record, for comparison with a RawStructure. */
function entry(ix: StructureIndex, i: number): { offset: number; end: number; strings: string[] } {
  const strings: string[] = [];
  for (let k = ix.firstString[i]!; k < ix.firstString[i + 1]!; k++) strings.push(latin1(ix.table.subarray(ix.stringBounds[2 * k]!, ix.stringBounds[2 * k + 1]!)));
  return { offset: ix.starts[i]!, end: ix.ends[i]!, strings };
}

/** Offsets where a non-inactive structure reuses a handle seen earlier: the rule, written plainly. */
function duplicateOffsets(bytes: Uint8Array, options: { structureCount?: number } = {}): number[] {
  const t = decodeStructureTable(bytes, options);
  const seen = new Set<number>();
  const out: number[] = [];
  for (const s of t.structures) {
    if (s.type === INACTIVE_TYPE) continue;
    if (seen.has(s.handle)) out.push(s.offset);
    seen.add(s.handle);
  }
  return out;
}

const tableOf = (handles: readonly (number | 'inactive')[]): Uint8Array =>
  encodeStructureTable(handles.map((h) => (h === 'inactive' ? buildStructure({ type: INACTIVE_TYPE, data: new Uint8Array(1), strings: [] }, 0x4242) : buildStructure({ type: 8, data: new Uint8Array(2), strings: ['x'] }, h))));

describe('scanStructureTable', () => {
  it.each([
    ['upward handles', [1, 2, 3, 0x100, 0xfffe], 0],
    ['a repeat right after its first use', [1, 1, 2], 1],
    ['a handle that goes down without repeating', [5, 3, 4, 6], 0],
    ['a repeat of a handle seen before the order broke', [2, 7, 1, 7, 2], 2],
    ['a repeat of a handle seen after the order broke', [9, 1, 4, 4], 1],
    ['handle 0 first and again last', [0, 1, 2, 0], 1],
    ['inactive structures sharing handles between upward ones', [1, 'inactive', 2, 'inactive', 3], 0],
    ['the highest handle twice', [0xffff, 0xffff], 1],
  ] as const)('finds duplicate handles like the plain rule: %s', (_name, handles, expected) => {
    const bytes = tableOf(handles);
    const ix = scanStructureTable(bytes);
    const got = ix.findings.filter((f) => f.code === 'SMBIOS_DUPLICATE_HANDLE').map((f) => f.offset);
    expect(got).toEqual(duplicateOffsets(bytes));
    expect(got.length).toBe(expected);
  });

  it.each([-1, 3, 1.5, Number.NaN])('structureFromIndex refuses structure %d of a 3-structure index', (i) => {
    const ix = scanStructureTable(tableOf([1, 2, 3]));
    expect(() => structureFromIndex(ix, i)).toThrow(RangeError);
    expect(structureFromIndex(ix, 2).handle).toBe(3);
  });

  it('does not carry handles from one walk into the next', () => {
    const bytes = tableOf([4, 2, 3]);
    for (let i = 0; i < 3; i++) expect(scanStructureTable(bytes).findings.map((f) => f.code)).not.toContain('SMBIOS_DUPLICATE_HANDLE');
  });

  it('leaves the strings of a cut last structure out of the index', () => {
    const whole = tableOf([1, 2]);
    const cut = concatBytes([whole, new Uint8Array([8, 6, 3, 0, 1, 0, 0x41, 0x42])]);
    const ix = scanStructureTable(cut);
    expect(ix.count).toBe(2);
    expect(ix.findings.map((f) => f.code)).toContain('SMBIOS_STRUCTURE_TRUNCATED');
    expect(ix.firstString).toEqual([0, 1, 2]);
    expect(ix.stringBounds.length).toBe(4);
  });

  it('lists at most maxStrings strings of a structure and marks the objects built from it as capped', () => {
    const s = buildStructure({ type: 11, data: new Uint8Array([5]), strings: ['a', 'b', 'c', 'd', 'e'] }, 1);
    const bytes = encodeStructureTable([s]);
    const ix = scanStructureTable(bytes, { limits: { maxStringsPerStructure: 3 } });
    expect(ix.firstString).toEqual([0, 3]);
    expect(entry(ix, 0).strings).toEqual(['a', 'b', 'c']);
    expect(decodeStructureTable(bytes, { limits: { maxStringsPerStructure: 3 } }).structures[0]!.strings).toEqual(['a', 'b', 'c']);
  });

  // Found by the property below: a 2.x count walks past an end-of-table, so the reference must
  // walk the same way.
  it('reports a handle reused after an end-of-table when the count walks past it', () => {
    const bytes = encodeStructureTable([buildStructure({ type: 127, data: new Uint8Array(0), strings: [] }, 0), buildStructure({ type: 0, data: new Uint8Array(0), strings: [] }, 0)]);
    expect(scanStructureTable(bytes, { structureCount: 2 }).findings.map((f) => [f.code, f.offset])).toEqual([['SMBIOS_DUPLICATE_HANDLE', 6]]);
    expect(scanStructureTable(bytes).findings.map((f) => f.code)).toEqual(['SMBIOS_DATA_AFTER_END_OF_TABLE']);
  });

  it('agrees with the RawStructure objects on built tables, including Latin-1 strings', () => {
    const text = fc.string({ unit: fc.integer({ min: 1, max: 255 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 12 });
    const spec = fc.record({ type: fc.integer({ min: 0, max: 255 }), data: fc.uint8Array({ maxLength: 20 }), strings: fc.array(text, { maxLength: 5 }), handle: fc.integer({ min: 0, max: 0xffff }) });
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 25 }), (specs) => {
        const bytes = encodeStructureTable(specs.map((x) => buildStructure(x, x.handle)));
        const opts = { structureCount: specs.length };
        const ix = scanStructureTable(bytes, opts);
        const t = decodeStructureTable(bytes, opts);
        expect(ix.count).toBe(t.structures.length);
        t.structures.forEach((s, i) => expect(entry(ix, i)).toEqual({ offset: s.offset, end: s.offset + s.formatted.length + s.stringSet.length, strings: s.strings }));
        expect(ix.findings).toEqual(t.findings);
        expect(ix.findings.filter((f) => f.code === 'SMBIOS_DUPLICATE_HANDLE').map((f) => f.offset)).toEqual(duplicateOffsets(bytes, opts));
      }),
      { numRuns: 300 },
    );
  });

  const corpus = corpusFiles('smbios');
  it.skipIf(corpus.length === 0)('agrees with the RawStructure objects on every corpus table (skipped without ../shared/corpus)', () => {
    let checked = 0;
    for (const file of corpus) {
      let t;
      try {
        t = decodeSmbios(new Uint8Array(readFileSync(file)));
      } catch {
        continue; // lone sysfs entry points and the like
      }
      const opts = t.entryPoint && t.entryPoint.kind !== '_SM3_' ? { structureCount: t.entryPoint.structureCount } : {};
      const ix = scanStructureTable(t.table, opts);
      expect(ix.count).toBe(t.structures.length);
      t.structures.forEach((s, i) => expect(entry(ix, i)).toEqual({ offset: s.offset, end: s.offset + s.formatted.length + s.stringSet.length, strings: s.strings }));
      expect(ix.end).toBe(t.tableEnd);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
