// Re-encoding a table whose structures were edited: the entry point (or RSMB header) must describe
// the structures written, not the ones read, unless the caller asks to keep it.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesEqual, checksum8 } from '@hvmpack/bytes';
import {
  buildTable,
  decodeSmbios,
  encodeDumpBin,
  encodeRsmb,
  encodeSmbios,
  encodeStructureTable,
  maxStructureSize,
  type EntryPoint32,
  type EntryPoint64,
  type SmbiosTable,
} from '@hvmpack/smbios';
import { corpusFiles, skipReason } from '../../../test/support/env.js';

/** Three structures of different sizes (the largest is the one removed) and an end-of-table. */
const items = [
  { type: 0, data: new Uint8Array(14), strings: ['Vendor', '1.0'] },
  { type: 1, data: new Uint8Array(23), strings: ['Maker', 'A much longer product name than the rest', 'v2', 'SN123'] },
  { type: 3, data: new Uint8Array(5), strings: ['Chassis'] },
];

/** `t` with structure `i` removed (a plain edit through the public raw layer). */
function without(t: SmbiosTable, i: number): SmbiosTable {
  return { ...t, structures: t.structures.filter((_, k) => k !== i) };
}

const codes = (t: SmbiosTable): string[] => t.findings.map((f) => f.code);

describe('an edited table gets an entry point that describes it', () => {
  it.each(['dump-bin', 'encodeSmbios'] as const)('a 2.x dump with one structure removed re-encodes (%s) with the new count, length and maximum', (how) => {
    const read = decodeSmbios(buildTable(items, { version: { major: 2, minor: 8 } }).dumpBin);
    const edited = without(read, 1);
    const bytes = how === 'dump-bin' ? encodeDumpBin(edited) : encodeSmbios(edited);
    const again = decodeSmbios(bytes);
    const ep = again.entryPoint as EntryPoint32;
    expect(ep.structureCount).toBe(3);
    expect(ep.tableLength).toBe(encodeStructureTable(edited.structures).length);
    expect(ep.maxStructureSize).toBe(maxStructureSize(edited.structures));
    expect(ep.maxStructureSize).toBeLessThan((read.entryPoint as EntryPoint32).maxStructureSize);
    expect(codes(again)).not.toContain('SMBIOS_TABLE_SHORTER_THAN_ANNOUNCED');
    expect(codes(again)).not.toContain('SMBIOS_STRUCTURE_COUNT_MISMATCH');
    expect(again.structures.map((s) => s.type)).toEqual([0, 3, 127]);
    // Both checksums are recomputed: the entry point verifies by default.
    expect(checksum8(bytes, 0, 0x1f)).toBe(0);
    expect(checksum8(bytes, 0x10, 0x1f)).toBe(0);
  });

  it('a 3.x dump with one structure removed re-encodes with the table maximum of what is left', () => {
    const read = decodeSmbios(buildTable(items, { version: { major: 3, minor: 2 } }).dumpBin);
    const edited = without(read, 0);
    const again = decodeSmbios(encodeDumpBin(edited));
    expect((again.entryPoint as EntryPoint64).tableMaxSize).toBe(encodeStructureTable(edited.structures).length);
    expect(again.structures.map((s) => s.type)).toEqual([1, 3, 127]);
  });

  it("a 2.x dump with one structure removed keeps the stale entry point when asked ('keep')", () => {
    const read = decodeSmbios(buildTable(items, { version: { major: 2, minor: 8 } }).dumpBin);
    const bytes = encodeDumpBin(without(read, 1), { entryPoint: 'keep' });
    const again = decodeSmbios(bytes);
    expect((again.entryPoint as EntryPoint32).structureCount).toBe(4);
    expect(codes(again)).toContain('SMBIOS_TABLE_SHORTER_THAN_ANNOUNCED');
  });

  it('an RSMB blob with one structure removed re-encodes with the new header length', () => {
    const built = buildTable(items, { version: { major: 3, minor: 0 } });
    const read = decodeSmbios(encodeRsmb(encodeStructureTable(built.table.structures), { major: 3, minor: 0 }));
    expect(read.container).toBe('rsmb');
    const again = decodeSmbios(encodeSmbios(without(read, 2)));
    expect(codes(again)).not.toContain('SMBIOS_RSMB_LENGTH_MISMATCH');
    expect(again.structures.map((s) => s.type)).toEqual([0, 1, 127]);
  });

  it('a 2.x table grown past 65,535 bytes cannot be described by its entry point', () => {
    const read = decodeSmbios(buildTable(items, { version: { major: 2, minor: 8 } }).dumpBin);
    const big = { ...read.structures[0]!, stringSet: new Uint8Array(70_000).fill(0x41).fill(0, 69_998) };
    expect(() => encodeDumpBin({ ...read, structures: [big, ...read.structures.slice(1)] })).toThrow(expect.objectContaining({ code: 'BAD_LENGTH' }));
  });

  it('an unchanged table keeps its entry point byte for byte, stale fields included', () => {
    const built = buildTable(items, { version: { major: 2, minor: 8 } });
    // Announce one structure more than there is: a firmware mistake that must survive a round trip.
    const dump = built.dumpBin.slice();
    // (the _DMI_ checksum at 0x15 compensates; the outer one covers both bytes and needs nothing).
    dump[0x1c] = dump[0x1c]! + 1;
    dump[0x15] = (dump[0x15]! - 1) & 0xff;
    const read = decodeSmbios(dump);
    expect(bytesEqual(encodeSmbios(read), dump)).toBe(true);
    expect(bytesEqual(encodeDumpBin(read), dump)).toBe(true);
  });
});

describe('corpus dumps with one structure removed', () => {
  const files = corpusFiles('smbios').filter((f) => readFileSync(f).length > 32);
  const reason = skipReason({ corpus: 'smbios' });
  it.skipIf(reason !== undefined).each(files.map((f) => [path.basename(f), f]))('%s re-encodes to a dump that reads back without a stale count or length', (_name, file) => {
    let read: SmbiosTable;
    try {
      read = decodeSmbios(new Uint8Array(readFileSync(file)));
    } catch {
      return; // a lone entry point or a refused dump: nothing to edit
    }
    if (read.structures.length < 3) return;
    const edited = without(read, 1);
    const again = decodeSmbios(encodeDumpBin(edited));
    expect(again.structures.length).toBe(edited.structures.length);
    expect(codes(again)).not.toContain('SMBIOS_TABLE_SHORTER_THAN_ANNOUNCED');
    if (again.entryPoint?.kind !== '_SM3_') expect((again.entryPoint as EntryPoint32 | null)?.structureCount ?? edited.structures.length).toBe(edited.structures.length);
  });
});
