import { describe, expect, it } from 'vitest';
import { bytesEqual, checksum8 } from '@hvmpack/bytes';
import { buildStructure, buildTable, decodeSmbios, encodeSmbios, StringAllocator, type EntryPoint32, type EntryPoint64 } from '@hvmpack/smbios';

describe('StringAllocator', () => {
  it('hands out 1-based indexes, reuses equal strings, and 0 for absent or empty', () => {
    const a = new StringAllocator();
    expect([a.add('Maker'), a.add('Model'), a.add('Maker'), a.add(''), a.add(undefined), a.add(null)]).toEqual([1, 2, 1, 0, 0, 0]);
    expect(a.strings).toEqual(['Maker', 'Model']);
  });
});

describe('buildStructure', () => {
  it('computes the length byte, writes the handle, encodes the string set', () => {
    const s = buildStructure({ type: 1, data: new Uint8Array([1, 2]), strings: ['A', 'BC'] }, 0x0102);
    expect(Array.from(s.formatted)).toEqual([1, 6, 0x02, 0x01, 1, 2]);
    expect(Array.from(s.stringSet)).toEqual([0x41, 0, 0x42, 0x43, 0, 0]);
    expect([s.length, s.handle, s.strings]).toEqual([6, 0x0102, ['A', 'BC']]);
  });
  it.each([
    ['a type above 255', { type: 256, data: new Uint8Array(0) }, 'BAD_VALUE'],
    ['a formatted area over 255 bytes', { type: 1, data: new Uint8Array(252) }, 'BAD_LENGTH'],
    ['an empty string', { type: 1, data: new Uint8Array(0), strings: [''] }, 'BAD_VALUE'],
  ])('refuses %s', (_n, spec, code) => {
    expect(() => buildStructure(spec)).toThrow(expect.objectContaining({ code }));
  });
});

describe('buildTable', () => {
  const items = [
    { type: 0, data: new Uint8Array(14) },
    { type: 1, handle: 0x0001, data: new Uint8Array(4), strings: ['X'] },
    { type: 2, data: new Uint8Array(4) },
  ];

  it('keeps explicit handles, assigns free ones, appends an end-of-table', () => {
    const { table } = buildTable(items, { version: { major: 2, minor: 8 } });
    expect(table.structures.map((s) => [s.type, s.handle])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [127, 3],
    ]);
    expect(table.container).toBe('built');
    expect(table.findings).toEqual([]);
  });

  it('2.x: a _SM_ entry point with exact count, length and maximum structure size', () => {
    const { entryPoint, dumpBin, table } = buildTable(items, { version: { major: 2, minor: 8 } });
    const ep = entryPoint as EntryPoint32;
    expect([ep.kind, ep.structureCount, ep.tableLength, ep.tableAddress, ep.bcdRevision]).toEqual(['_SM_', 4, table.table.length, 32, 0x28]);
    expect(ep.maxStructureSize).toBe(Math.max(...table.structures.map((s) => s.formatted.length + s.stringSet.length)));
    expect(checksum8(dumpBin, 0, 0x1f)).toBe(0);
    expect(checksum8(dumpBin, 0x10, 0x1f)).toBe(0);
  });

  it('3.x: a _SM3_ entry point whose maximum is the table size', () => {
    const { entryPoint, dumpBin, table } = buildTable(items, { version: { major: 3, minor: 4, docrev: 0 } });
    const ep = entryPoint as EntryPoint64;
    expect([ep.kind, ep.tableMaxSize, ep.tableAddress]).toEqual(['_SM3_', table.table.length, 32n]);
    expect(bytesEqual(encodeSmbios(decodeSmbios(dumpBin)), dumpBin)).toBe(true);
  });

  it('refuses a handle given twice', () => {
    expect(() => buildTable([items[1]!, items[1]!], { version: { major: 3, minor: 0 } })).toThrow(expect.objectContaining({ code: 'BAD_VALUE' }));
  });

  it('refuses a 2.x table over 64 KiB', () => {
    const big = Array.from({ length: 300 }, () => ({ type: 0xc0, data: new Uint8Array(250) }));
    expect(() => buildTable(big, { version: { major: 2, minor: 8 } })).toThrow(expect.objectContaining({ code: 'BAD_LENGTH' }));
    expect(buildTable(big, { version: { major: 3, minor: 0 } }).table.structures.length).toBe(301);
  });
});
