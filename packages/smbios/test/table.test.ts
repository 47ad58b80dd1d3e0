import { describe, expect, it } from 'vitest';
import { bytesEqual, concatBytes, isFormatError } from '@hvmpack/bytes';
import {
  buildTable,
  decodeSmbios,
  decodeStructureTable,
  dmidecodeLength,
  encodeRsmb,
  encodeSmbios,
  encodeStringSet,
  encodeStructure,
  encodeStructureTable,
  isRsmbBlob,
  structureString,
} from '@hvmpack/smbios';

const b = (...xs: number[]): Uint8Array => new Uint8Array(xs);
const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

// type 1, length 8, handle 0x0100; strings "AB", "C"
const T1 = b(0x01, 0x08, 0x00, 0x01, 1, 2, 0, 0, ...ascii('AB'), 0, ...ascii('C'), 0, 0);
// type 2, length 5, handle 0x0200, no strings
const T2 = b(0x02, 0x05, 0x00, 0x02, 0x00, 0, 0);
// type 127, length 4, handle 0x7F00
const END = b(0x7f, 0x04, 0x00, 0x7f, 0, 0);
// type 126 (inactive), handle 0x0300
const INACTIVE = b(0x7e, 0x05, 0x00, 0x03, 0x42, ...ascii('old'), 0, 0);

const codes = (t: { findings: { code: string }[] }): string[] => t.findings.map((f) => f.code);

describe('decodeStructureTable', () => {
  it('splits header, formatted area and string set', () => {
    const t = decodeStructureTable(concatBytes([T1, T2, END]));
    expect(t.structures.map((s) => [s.type, s.length, s.handle, s.offset])).toEqual([
      [1, 8, 0x100, 0],
      [2, 5, 0x200, 14],
      [127, 4, 0x7f00, 21],
    ]);
    expect(t.structures[0]!.strings).toEqual(['AB', 'C']);
    expect(Array.from(t.structures[1]!.stringSet)).toEqual([0, 0]);
    expect(t.end).toBe(27);
    expect(t.findings).toEqual([]);
  });

  it('keeps an odd string set (one NUL then data) as raw bytes, with no strings, like dmidecode', () => {
    const odd = b(0x85, 0x05, 0x01, 0x00, 0x00, 0x00, ...ascii('x'), 0, 0);
    const t = decodeStructureTable(concatBytes([odd, END]));
    expect(t.structures[0]!.strings).toEqual([]);
    expect(bytesEqual(t.structures[0]!.stringSet, b(0, ...ascii('x'), 0, 0))).toBe(true);
    expect(bytesEqual(encodeStructureTable(t.structures), concatBytes([odd, END]))).toBe(true);
  });

  it('keeps inactive (126) structures raw and does not count their handles as duplicates', () => {
    const t = decodeStructureTable(concatBytes([INACTIVE, INACTIVE, END]));
    expect(t.structures.map((s) => s.type)).toEqual([126, 126, 127]);
    expect(codes(t)).toEqual([]);
  });

  it('reports duplicate handles', () => {
    const t = decodeStructureTable(concatBytes([T2, T2, END]));
    expect(t.findings.map((f) => [f.code, f.offset])).toEqual([['SMBIOS_DUPLICATE_HANDLE', 7]]);
  });

  it('stops at 127 by default but walks a 2.x table to its count (OEM data after 127)', () => {
    const bytes = concatBytes([T1, END, T2]);
    expect(decodeStructureTable(bytes).structures.length).toBe(2);
    expect(codes(decodeStructureTable(bytes))).toEqual(['SMBIOS_DATA_AFTER_END_OF_TABLE']);
    const counted = decodeStructureTable(bytes, { structureCount: 3 });
    expect(counted.structures.map((s) => s.type)).toEqual([1, 127, 2]);
    expect(codes(counted)).toEqual([]);
  });

  it('ends by length when there is no 127 (Beelink) and says so', () => {
    const t = decodeStructureTable(concatBytes([T1, T2]));
    expect(t.structures.length).toBe(2);
    expect(codes(t)).toEqual(['SMBIOS_NO_END_OF_TABLE']);
  });

  it('ends by count and reports a count mismatch', () => {
    const t = decodeStructureTable(concatBytes([T1, T2, END]), { structureCount: 5 });
    expect(t.structures.length).toBe(3);
    expect(codes(t)).toContain('SMBIOS_STRUCTURE_COUNT_MISMATCH');
  });

  it('walks no further than the announced table length', () => {
    const t = decodeStructureTable(concatBytes([T1, T2, END]), { tableLength: T1.length });
    expect(t.structures.length).toBe(1);
  });

  it.each([
    ['does not loop on a zero-length structure', 0],
    ['does not loop on a length-3 structure', 3],
  ])('%s', (_n, len) => {
    const t = decodeStructureTable(concatBytes([T1, b(0x05, len, 0, 0, 0, 0, 0, 0), END]));
    expect(t.structures.length).toBe(1);
    expect(t.findings.map((f) => [f.code, f.offset])).toEqual([['SMBIOS_INVALID_STRUCTURE_LENGTH', 14]]);
    expect(t.end).toBe(14);
  });

  it.each([
    ['a string set without its terminator', concatBytes([T1, b(0x02, 0x05, 0, 2, 0, ...ascii('abc'))])],
    ['a formatted area past the end', concatBytes([T1, b(0x02, 0x40, 0, 2, 0, 0)])],
    ['a header with only one NUL after it', concatBytes([T1, b(0x02, 0x04, 0, 2, 0)])],
  ])('stops with a finding on %s', (_n, bytes) => {
    const t = decodeStructureTable(bytes);
    expect(t.structures.length).toBe(1);
    expect(t.findings.map((f) => [f.code, f.offset])).toEqual([['SMBIOS_STRUCTURE_TRUNCATED', 14]]);
  });

  it('flags the type-34 length the way dmidecode fixes it up', () => {
    // length 0x10, bytes 0x0B..0x0F printable ("LM78-"), then "2"
    const t34 = b(0x22, 0x10, 0x4e, 0x00, 1, 4, 0, 0, 0, 0, 3, ...ascii('LM78-'), ...ascii('2'), 0, 0);
    const t = decodeStructureTable(concatBytes([t34, END]));
    expect(codes(t)).toEqual(['SMBIOS_TYPE34_LENGTH_FIXUP']);
    expect(dmidecodeLength(t.structures[0]!)).toBe(11);
    expect(t.structures[0]!.length).toBe(16);
  });

  it('caps strings per structure and keeps the rest raw', () => {
    const many = concatBytes([b(0x0b, 0x05, 0, 0x0b, 3), ...Array.from({ length: 5 }, () => b(0x41, 0)), b(0)]);
    const t = decodeStructureTable(concatBytes([many, END]), { limits: { maxStringsPerStructure: 3 } });
    expect(t.structures[0]!.strings.length).toBe(3);
    expect(codes(t)).toEqual(['SMBIOS_TOO_MANY_STRINGS']);
    expect(bytesEqual(encodeStructure(t.structures[0]!), many)).toBe(true);
  });

  it('refuses more structures than the limit', () => {
    let e: unknown;
    try {
      decodeStructureTable(concatBytes([T2, T2, T2, END]), { limits: { maxStructures: 2 } });
    } catch (x) {
      e = x;
    }
    expect(isFormatError(e) && [e.code, e.offset]).toEqual(['LIMIT_EXCEEDED', 14]);
  });
});

describe('structureString', () => {
  const s = decodeStructureTable(T1).structures[0]!;
  it.each([
    [0, undefined],
    [1, 'AB'],
    [2, 'C'],
    [3, undefined],
  ])('index %i → %s', (i, want) => expect(structureString(s, i)).toBe(want));
});

describe('encoding', () => {
  it('encodeStringSet: empty set is two NULs; strings are NUL-terminated plus a final NUL', () => {
    expect(Array.from(encodeStringSet([]))).toEqual([0, 0]);
    expect(Array.from(encodeStringSet(['AB', 'C']))).toEqual([...ascii('AB'), 0, ...ascii('C'), 0, 0]);
  });
  it.each([
    ['an empty string', ['']],
    ['a NUL inside a string', ['a\0b']],
    ['a character above U+00FF', ['\u0100']],
  ])('encodeStringSet refuses %s', (_n, strings) => {
    expect(() => encodeStringSet(strings)).toThrow(expect.objectContaining({ code: 'BAD_VALUE' }));
  });
  it('encodeStructure refuses a formatted area that disagrees with its length byte', () => {
    const s = { ...decodeStructureTable(T1).structures[0]!, formatted: b(1, 9, 0, 1, 0, 0, 0, 0) };
    expect(() => encodeStructure(s)).toThrow(expect.objectContaining({ code: 'BAD_LENGTH' }));
  });
});

describe('containers', () => {
  const table = concatBytes([T1, T2, END]);
  it('a bare table is detected and round-trips', () => {
    const t = decodeSmbios(table);
    expect([t.container, t.version]).toEqual(['raw-table', null]);
    expect(bytesEqual(encodeSmbios(t), table)).toBe(true);
  });
  it('an RSMB blob is detected, versioned and round-trips', () => {
    const blob = encodeRsmb(table, { major: 3, minor: 2 });
    expect(isRsmbBlob(blob)).toBe(true);
    const t = decodeSmbios(blob);
    expect([t.container, t.version, t.structures.length]).toEqual(['rsmb', { major: 3, minor: 2 }, 3]);
    expect(bytesEqual(encodeSmbios(t), blob)).toBe(true);
  });
  // An RSMB blob whose u32 length at 4 is not the size after the header is still an RSMB blob
  // (its header shape says so): the mismatch is a finding and what is there is read.
  const rsmb = (n: number, body: Uint8Array): Uint8Array => {
    const blob = encodeRsmb(body, { major: 3, minor: 2 });
    new DataView(blob.buffer).setUint32(4, n, true);
    return blob;
  };
  // [name, blob, structures read, container round-trips byte for byte, structure finding expected]
  it.each([
    ['an RSMB blob whose length field is 16 bytes short of the data (trailing bytes)', rsmb(table.length, concatBytes([table, new Uint8Array(16).fill(0xaa)])), 3, undefined],
    ['an RSMB blob whose length field names 2 of its 3 structures', rsmb(T1.length + T2.length, table), 2, 'SMBIOS_NO_END_OF_TABLE'],
    ['an RSMB blob cut one byte short of its end-of-table', rsmb(table.length, table).subarray(0, 8 + table.length - 1), 2, 'SMBIOS_STRUCTURE_TRUNCATED'],
    ['an RSMB blob announcing 4096 bytes with 3 structures after it', rsmb(4096, table), 3, undefined],
  ] as Array<[string, Uint8Array, number, string | undefined]>)('%s: detected as RSMB, length mismatch is a finding', (_n, blob, count, also) => {
    expect(isRsmbBlob(blob)).toBe(true);
    const t = decodeSmbios(blob);
    expect([t.container, t.version, t.structures.length]).toEqual(['rsmb', { major: 3, minor: 2 }, count]);
    const f = t.findings.find((x) => x.code === 'SMBIOS_RSMB_LENGTH_MISMATCH');
    expect([f?.offset, f?.severity]).toEqual([4, 'warning']);
    if (also !== undefined) expect(codes(t)).toContain(also);
    expect(bytesEqual(encodeSmbios(t), blob)).toBe(true);
  });
  it.each([
    ['a bare table whose first structure is type 1, length 8', table, 'raw-table'],
    ['a bare table starting with type 0, length 0x18 (the usual BIOS structure)', concatBytes([b(0, 0x18, 0, 0, ...new Array<number>(20).fill(0), 0, 0), END]), 'raw-table'],
  ])('%s is not taken for an RSMB blob', (_n, bytes, container) => {
    expect(isRsmbBlob(bytes)).toBe(false);
    expect(decodeSmbios(bytes).container).toBe(container);
  });
  it.each([
    ['an RSMB-like header with calling method 2', (x: Uint8Array) => (x[0] = 2)],
    ['an RSMB-like header naming SMBIOS 1.0', (x: Uint8Array) => (x[1] = 1)],
    ['an RSMB-like header naming SMBIOS 3.200', (x: Uint8Array) => (x[2] = 200)],
    ['an RSMB-like header with a 2-byte structure at 8', (x: Uint8Array) => (x[9] = 2)],
    ['an RSMB-like header whose length field is 0', (x: Uint8Array) => x.fill(0, 4, 8)],
    ['an RSMB-like header whose length field is 0xFFFFFFFF', (x: Uint8Array) => x.fill(0xff, 4, 8)],
  ])('%s is not an RSMB blob (nor a bare table)', (_n, edit) => {
    const blob = encodeRsmb(table, { major: 3, minor: 2 });
    edit(blob);
    expect(isRsmbBlob(blob)).toBe(false);
    expect(() => decodeSmbios(blob)).toThrow(expect.objectContaining({ code: 'UNKNOWN_FORMAT', offset: 0 }));
  });
  it.each([
    ['an empty input', b()],
    ['a header with length 0', b(0, 0, 0, 0, 0, 0)],
  ])('%s is not an SMBIOS input', (_n, bytes) => {
    expect(() => decodeSmbios(bytes)).toThrow(expect.objectContaining({ code: 'UNKNOWN_FORMAT', offset: 0 }));
  });
});

describe('structures from the table walk are plain data', () => {
  it('a spread copy or structuredClone keeps every field, byte views included', () => {
    const t = buildTable([{ type: 0x80, data: Uint8Array.of(1, 2), strings: ['a'] }], { version: { major: 3, minor: 0 } });
    const s = decodeStructureTable(t.table.table, {}).structures[0]!;
    const copy = { ...s };
    expect(copy.formatted).toEqual(s.formatted);
    expect(copy.stringSet).toEqual(s.stringSet);
    expect(structuredClone(s).formatted).toEqual(s.formatted);
    expect(Object.keys(s).sort()).toEqual(['formatted', 'handle', 'length', 'offset', 'stringSet', 'strings', 'type']);
  });
});
