import { describe, expect, it } from 'vitest';
import { latin1, latin1Bytes, verifyChecksum8 } from '@hvmpack/bytes';
import { decodeSmbios, encodeStructureTable, formatUuid, versionCode, type RawStructure } from '@hvmpack/smbios';
import { Placeholders, isFillerValue, maskValue, redactAcpiTables, redactSmbiosStructures, type PlaceholderShape } from '../src/index.js';
import type { Identifier } from '../src/model.js';
import { PLANTED, PLANTED_SBDS_SERIAL, plantedAcpi, plantedSmbios, plantedTable, smbiosIdentifier } from './redact-fixtures.js';

const text: PlaceholderShape = { kind: 'text' };
const ascii = latin1Bytes;
const contains = (hay: Uint8Array, needle: Uint8Array): boolean => latin1(hay).includes(latin1(needle));

/** Identifiers for every planted SMBIOS value, placed by hand from the field declarations. */
function plantedIdentifiers(structures: readonly RawStructure[]): Identifier[] {
  const at = (type: number, nth = 0): number => structures.map((s, i) => (s.type === type ? i : -1)).filter((i) => i >= 0)[nth]!;
  const str = (type: number, field: string, value: string, nth = 0): Identifier => smbiosIdentifier(structures, at(type, nth), field, value, ascii(value));
  const p = PLANTED;
  const uuidIndex = at(1);
  const uuidBytes = structures[uuidIndex]!.formatted.slice(8, 24);
  const sbds = structures[at(22)]!.formatted.slice(0x10, 0x12);
  const strings: [number, string, string, number?][] = [
    [1, 'serialNumber', p.systemSerial], [2, 'serialNumber', p.boardSerial], [2, 'assetTag', p.boardAsset],
    [3, 'serialNumber', p.chassisSerial], [3, 'assetTag', p.chassisAsset],
    [4, 'serialNumber', p.cpuSerial], [4, 'assetTag', p.cpuAsset], [4, 'partNumber', p.cpuPart],
    [17, 'serialNumber', p.dimmSerial], [17, 'assetTag', p.dimmAsset], [17, 'partNumber', p.dimmPart],
    [17, 'serialNumber', p.dimmSerial, 1], [17, 'assetTag', 'Not Specified', 1], [17, 'partNumber', p.dimmPart, 1],
    [22, 'serialNumber', p.batterySerial], [39, 'serialNumber', p.psuSerial], [39, 'assetTagNumber', p.psuAsset], [39, 'modelPartNumber', p.psuPart],
    [11, 'string-2', p.oemMac], [11, 'string-3', p.oemEmail], [0x85, 'string-1', p.oemTypeSerial],
  ];
  return [
    smbiosIdentifier(structures, uuidIndex, 'uuid', p.uuid, uuidBytes),
    smbiosIdentifier(structures, uuidIndex, 'skuNumber', p.systemSku, ascii(p.systemSku), { offset: 0x19, class: 'sku' }),
    smbiosIdentifier(structures, at(22), 'sbdsSerialNumber', '0x4C7D', sbds),
    ...strings.map(([type, field, value, nth]) => str(type, field, value, nth)),
  ];
}

function acpiIdentifier(tables: readonly { signature: string }[], tableIndex: number, field: string, offset: number, length: number, cls: Identifier['class'], bytes: Uint8Array): Identifier {
  const signature = tables[tableIndex]!.signature;
  return { id: `acpi.${signature}.${field}`, class: cls, severity: 'high', place: { source: 'acpi', tableIndex, signature, field, offset, length }, value: latin1(bytes), bytes, reach: { reaches: 'unknown', why: 'test' } };
}

function plantedAcpiIdentifiers(tables: ReturnType<typeof plantedAcpi>): Identifier[] {
  return tables.flatMap((t, i) => [
    acpiIdentifier(tables, i, 'oemId', 10, 6, 'oem-id', t.bytes.slice(10, 16)),
    acpiIdentifier(tables, i, 'oemTableId', 16, 8, 'oem-id', t.bytes.slice(16, 24)),
    ...(t.signature === 'MSDM' ? [acpiIdentifier(tables, i, 'productKey', 56, 29, 'product-key', t.bytes.slice(56, 85))] : []),
  ]);
}

describe('Placeholders', () => {
  it('is deterministic: a fresh instance gives the same bytes for the same sequence of values', () => {
    const run = (key?: Uint8Array): string[] => {
      const p = new Placeholders(key);
      return ['A1', 'B2', 'A1'].map((v) => latin1(p.replace('serial', text, ascii(v))));
    };
    expect(run()).toEqual(run());
    expect(run(ascii('k'))).toEqual(run(ascii('k')));
    const [a, b, again] = run();
    expect(again).toBe(a);
    expect(b).not.toBe(a);
  });

  it('without a key, a placeholder depends on the order values are met, never on the value', () => {
    expect(new Placeholders().replace('serial', text, ascii('SECRET-1'))).toEqual(new Placeholders().replace('serial', text, ascii('OTHER-22')));
  });

  it('with a key, equal values match across runs and hosts, different keys differ', () => {
    const k1 = ascii('fleet key one');
    const first = new Placeholders(k1);
    first.replace('serial', text, ascii('unrelated value met first'));
    const second = new Placeholders(k1);
    expect(first.replace('serial', text, ascii('SN-1'))).toEqual(second.replace('serial', text, ascii('SN-1')));
    expect(new Placeholders(ascii('fleet key two')).replace('serial', text, ascii('SN-1'))).not.toEqual(second.replace('serial', text, ascii('SN-1')));
    expect(second.replace('serial', text, ascii('SN-2'))).not.toEqual(second.replace('serial', text, ascii('SN-1')));
  });

  it.each([
    ['fixed-ascii keeps width and NUL padding', { kind: 'fixed-ascii' } as const, Uint8Array.of(0x44, 0x45, 0x4c, 0x4c, 0, 0), /^[A-Z0-9]{4}\0\0$/],
    ['fixed-ascii keeps space padding', { kind: 'fixed-ascii' } as const, ascii('HP    '), /^[A-Z0-9]{2} {4}$/],
    ['product-key keeps XXXXX-… shape', { kind: 'product-key' } as const, ascii(PLANTED.productKey), /^([BCDFGHJKMPQRTVWXY2346789]{5}-){4}[BCDFGHJKMPQRTVWXY2346789]{5}$/],
    ['text is REDACTED- and 12 hex digits', text, ascii('anything'), /^REDACTED-[0-9A-F]{12}$/],
  ])('%s', (_name, shape, original, pattern) => {
    const out = new Placeholders().replace('oem-id', shape, original);
    expect(out.length).toBe(shape.kind === 'text' ? 21 : original.length);
    expect(latin1(out)).toMatch(pattern);
    expect(out).not.toEqual(original);
  });

  it('a UUID placeholder reads as an RFC 9562 version-4 UUID in both byte orders', () => {
    for (const code of [0x0205, 0x0302]) {
      const out = new Placeholders().replace('uuid', { kind: 'uuid', versionCode: code }, new Uint8Array(16).fill(7));
      expect(formatUuid(out, code)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('a number placeholder keeps the width and is neither 0 nor the original', () => {
    const p = new Placeholders();
    for (let v = 0; v < 50; v++) {
      const original = Uint8Array.of(v, 0);
      const out = p.replace('serial', { kind: 'number' }, original);
      expect(out.length).toBe(2);
      expect(out).not.toEqual(original);
      expect(out.some((b) => b !== 0)).toBe(true);
    }
  });

  it('a one-character field still gets a different value', () => {
    for (const c of 'AZ09') expect(latin1(new Placeholders().replace('oem-id', { kind: 'fixed-ascii' }, ascii(c)))).not.toBe(c);
  });
});

describe('isFillerValue and maskValue', () => {
  it.each(['', '   ', 'To Be Filled By O.E.M.', 'default string', 'Not Specified', '00000000', 'FFFFFFFFFFFF', 'Not Settable', '03000200-0400-0500-0006-000700080009'])('%j is a filler', (v) => {
    expect(isFillerValue(v)).toBe(true);
  });
  it.each(['PF2ABCDE', 'C02XK1ZZJG5J', '4c4c4544-0032-3610-8052-b4c04f4e3432', '12'])('%j is not a filler', (v) => {
    expect(isFillerValue(v)).toBe(false);
  });
  it.each([['', ''], ['abcd', '****'], ['PF2ABCDE', 'P******E']])('masks %j as %j', (v, want) => {
    expect(maskValue(v)).toBe(want);
  });
});

describe('redactSmbiosStructures', () => {
  const built = plantedSmbios().table;
  const version = { major: 3, minor: 2 };
  const ids = plantedIdentifiers(built.structures);
  const run = (key?: Uint8Array) => redactSmbiosStructures(built.structures, version, ids, new Placeholders(key));

  it('leaves none of the planted values in the table, and keeps types, handles, lengths and string numbers', () => {
    const r = run();
    const body = encodeStructureTable(r.structures);
    const acpiOnly = new Set(['oemId', 'oemTableId', 'productKey']);
    for (const [name, value] of Object.entries(PLANTED)) if (!acpiOnly.has(name)) expect(contains(body, ascii(value)), name).toBe(false);
    expect(contains(body, ids[0]!.bytes)).toBe(false);
    r.structures.forEach((s, i) => {
      const was = built.structures[i]!;
      expect([s.type, s.handle, s.length, s.strings.length]).toEqual([was.type, was.handle, was.length, was.strings.length]);
    });
    const t22 = r.structures.find((s) => s.type === 22)!;
    expect(t22.formatted[0x10]! | (t22.formatted[0x11]! << 8)).not.toBe(PLANTED_SBDS_SERIAL);
  });

  it('reports every chosen identifier, masks the old value, and keeps a filler', () => {
    const r = run();
    expect(r.changes.map((c) => c.identifierId)).toEqual(ids.map((i) => i.id));
    const kept = r.changes.filter((c) => c.action === 'kept');
    expect(kept.map((c) => c.new)).toEqual(['Not Specified']);
    for (const c of r.changes) expect(Object.values(PLANTED)).not.toContain(c.old);
    const uuid = r.changes.find((c) => c.class === 'uuid')!;
    expect(uuid.new).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
  });

  it('gives equal values equal placeholders (the two DIMMs) and leaves other strings alone', () => {
    const r = run();
    const dimms = r.structures.filter((s) => s.type === 17);
    expect(dimms[0]!.strings[dimms[0]!.formatted[0x18]! - 1]).toBe(dimms[1]!.strings[dimms[1]!.formatted[0x18]! - 1]);
    expect(dimms[0]!.strings).toContain('Planted RAM');
    expect(r.structures.find((s) => s.type === 11)!.strings[0]).toBe('Planted profile');
  });

  it('is byte-for-byte repeatable and key-dependent', () => {
    const a = encodeStructureTable(run(ascii('k1')).structures);
    expect(encodeStructureTable(run(ascii('k1')).structures)).toEqual(a);
    expect(encodeStructureTable(run(ascii('k2')).structures)).not.toEqual(a);
  });

  it('does not change its input', () => {
    const before = encodeStructureTable(built.structures);
    run();
    expect(encodeStructureTable(built.structures)).toEqual(before);
  });

  it('refuses an identifier whose place names another structure', () => {
    const wrong = { ...ids[0]!, place: { ...ids[0]!.place, handle: 0x4242 } } as Identifier;
    expect(() => redactSmbiosStructures(built.structures, version, [wrong], new Placeholders())).toThrow(expect.objectContaining({ code: 'BAD_VALUE', path: 'smbios.structures[1]' }));
  });

  it('writes the UUID in the byte order of the table version', () => {
    const r = redactSmbiosStructures(built.structures, { major: 2, minor: 4 }, [ids[0]!], new Placeholders());
    const t1 = r.structures.find((s) => s.type === 1)!;
    expect(formatUuid(t1.formatted.subarray(8, 24), versionCode({ major: 2, minor: 4 }))).toBe(r.changes[0]!.new);
  });

  it('decodes after re-encoding, with the same structure count', () => {
    const r = run();
    const t = decodeSmbios(encodeStructureTable(r.structures));
    expect(t.structures.length).toBe(built.structures.length);
    expect(t.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('redactAcpiTables', () => {
  const tables = plantedAcpi();
  const ids = plantedAcpiIdentifiers(tables);

  it('replaces OEM IDs and the product key in place, keeping lengths and valid checksums', () => {
    const r = redactAcpiTables(tables, ids, new Placeholders());
    r.tables.forEach((t, i) => {
      expect(t.bytes.length).toBe(tables[i]!.bytes.length);
      expect(verifyChecksum8(t.bytes)).toBe(true);
      for (const v of [PLANTED.oemId, PLANTED.oemTableId, PLANTED.productKey]) expect(contains(t.bytes, ascii(v))).toBe(false);
    });
    const key = r.changes.find((c) => c.class === 'product-key')!;
    expect(key.new).toMatch(/^([BCDFGHJKMPQRTVWXY2346789]{5}-){4}[BCDFGHJKMPQRTVWXY2346789]{5}$/);
    expect(key.old).not.toContain('HJKMP');
    // Equal OEM IDs in two tables stay equal.
    expect(latin1(r.tables[0]!.bytes.subarray(10, 16))).toBe(latin1(r.tables[1]!.bytes.subarray(10, 16)));
  });

  it('keeps a table shipped with a bad checksum exactly as wrong as it was', () => {
    const bad = plantedTable('OEMB', 'BROKEN', Uint8Array.of(1, 2, 3));
    bad.bytes[9] = (bad.bytes[9]! + 5) & 0xff;
    const r = redactAcpiTables([bad], [acpiIdentifier([bad], 0, 'oemId', 10, 6, 'oem-id', bad.bytes.slice(10, 16))], new Placeholders());
    const sum = (b: Uint8Array): number => b.reduce((a, x) => (a + x) & 0xff, 0);
    expect(sum(r.tables[0]!.bytes)).toBe(sum(bad.bytes));
    expect(sum(r.tables[0]!.bytes)).toBe(5);
  });

  it('keeps an OEM ID of spaces (nothing to hide)', () => {
    const blank = plantedTable('SSDT', 'X', Uint8Array.of(0xa3));
    blank.bytes.set(ascii('      '), 10);
    const r = redactAcpiTables([blank], [acpiIdentifier([blank], 0, 'oemId', 10, 6, 'oem-id', blank.bytes.slice(10, 16))], new Placeholders());
    expect(r.changes[0]!.action).toBe('kept');
    expect(r.tables[0]!.bytes).toEqual(blank.bytes);
  });
});
