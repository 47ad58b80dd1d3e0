import { describe, expect, it } from 'vitest';
import { latin1, latin1Bytes, verifyChecksum8 } from '@hvmpack/bytes';
import { buildTable, decodeSmbios, encodeStructureTable, encodeTyped, formatUuid, versionCode } from '@hvmpack/smbios';
import { DEFAULT_POLICY, IDENTIFIER_CLASSES, Placeholders, chooseIdentifiers, evaluatePolicy, inventory, redactAcpiTables, redactSmbiosStructures, type Identifier, type PlaceholderShape } from '../src/index.js';
import { PLANTED, PLANTED_SBDS_SERIAL, plantedAcpi, plantedSmbios, plantedTable } from './redact-fixtures.js';

const text: PlaceholderShape = { kind: 'text' };
const ascii = latin1Bytes;
const contains = (hay: Uint8Array, needle: Uint8Array): boolean => latin1(hay).includes(latin1(needle));

/** Every identifier the inventory finds that is not a firmware placeholder. */
const everything = (ids: readonly Identifier[]): Identifier[] => chooseIdentifiers(ids, { ids: IDENTIFIER_CLASSES });

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

describe('chooseIdentifiers', () => {
  const ids = inventory({ smbios: plantedSmbios().table }).identifiers;
  it('takes what the verdicts say to redact or fail, and nothing else', () => {
    const verdicts = ids.map((i) => evaluatePolicy(DEFAULT_POLICY, i, { vendor: '', model: '' }));
    const chosen = chooseIdentifiers(ids, { verdicts });
    const wanted = verdicts.filter((v) => v.action === 'redact' || v.action === 'fail').map((v) => v.identifierId);
    expect(chosen.map((i) => i.id)).toEqual(wanted);
    expect(chosen.some((i) => i.class === 'part-number')).toBe(false);
    expect(chosen.some((i) => i.class === 'serial')).toBe(true);
  });
  it.each([
    ['an id', ['smbios.17[2].serialNumber'], ['smbios.17[2].serialNumber']],
    ['an id without its instance', ['smbios.17.partNumber'], ['smbios.17.partNumber', 'smbios.17[2].partNumber']],
    ['a field name', ['assetTagNumber'], ['smbios.39.assetTagNumber']],
    ['a class', ['uuid'], ['smbios.1.uuid']],
  ])('takes %s', (_what, list, want) => {
    expect(chooseIdentifiers(ids, { ids: list }).map((i) => i.id)).toEqual(want);
  });
  it('never takes a firmware placeholder from a list (the second DIMM\'s "Not Specified" asset tag)', () => {
    expect(ids.some((i) => i.id === 'smbios.17[2].assetTag' && i.placeholder)).toBe(true);
    expect(chooseIdentifiers(ids, { ids: ['assetTag'] }).map((i) => i.id)).not.toContain('smbios.17[2].assetTag');
  });
});

describe('redactSmbiosStructures', () => {
  const built = plantedSmbios().table;
  const version = { major: 3, minor: 2 };
  const ids = everything(inventory({ smbios: built }).identifiers);
  const run = (key?: Uint8Array) => redactSmbiosStructures(built.structures, version, ids, new Placeholders(key));

  it('leaves none of the planted values in the table, and keeps types, handles, lengths and string numbers', () => {
    const r = run();
    const body = encodeStructureTable(r.structures);
    const acpiOnly = new Set(['oemId', 'oemTableId', 'productKey']);
    for (const [name, value] of Object.entries(PLANTED)) if (!acpiOnly.has(name)) expect(contains(body, ascii(value)), name).toBe(false);
    expect(contains(body, ids.find((i) => i.class === 'uuid')!.bytes)).toBe(false);
    r.structures.forEach((s, i) => {
      const was = built.structures[i]!;
      expect([s.type, s.handle, s.length, s.strings.length]).toEqual([was.type, was.handle, was.length, was.strings.length]);
    });
    const t22 = r.structures.find((s) => s.type === 22)!;
    expect(t22.formatted[0x10]! | (t22.formatted[0x11]! << 8)).not.toBe(PLANTED_SBDS_SERIAL);
  });

  it('reports every chosen identifier and masks the old value', () => {
    const r = run();
    expect(r.changes.map((c) => c.identifierId)).toEqual(ids.map((i) => i.id));
    expect(r.changes.length).toBeGreaterThanOrEqual(24);
    for (const c of r.changes) expect(Object.values(PLANTED)).not.toContain(c.old);
    const uuid = r.changes.find((c) => c.class === 'uuid')!;
    expect(uuid.new).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
  });

  it('gives equal values equal placeholders (the two DIMMs) and leaves other strings alone', () => {
    const r = run();
    const dimms = r.structures.filter((s) => s.type === 17);
    expect(dimms[0]!.strings[dimms[0]!.formatted[0x18]! - 1]).toBe(dimms[1]!.strings[dimms[1]!.formatted[0x18]! - 1]);
    expect(dimms[0]!.strings).toContain('Planted RAM');
    expect(dimms[1]!.strings).toContain('DIMM1');
    expect(r.structures.find((s) => s.type === 1)!.strings).toContain('Planted Computers');
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
    const at = ids[0]!.place.source === 'smbios' ? ids[0]!.place.structureIndex : -1;
    expect(() => redactSmbiosStructures(built.structures, version, [wrong], new Placeholders())).toThrow(expect.objectContaining({ code: 'BAD_VALUE', path: `smbios.structures[${at}]` }));
  });

  it('writes the UUID in the byte order of the table version', () => {
    const r = redactSmbiosStructures(built.structures, { major: 2, minor: 4 }, ids.filter((i) => i.class === 'uuid'), new Placeholders());
    const t1 = r.structures.find((s) => s.type === 1)!;
    expect(formatUuid(t1.formatted.subarray(8, 24), versionCode({ major: 2, minor: 4 }))).toBe(r.changes[0]!.new);
  });

  it('replaces copies of a redacted value in strings no field declares (echoes), and reports them', () => {
    const v = { version: { major: 3, minor: 2 } };
    const t = buildTable(
      [
        { ...encodeTyped(1, { manufacturer: 'M', serialNumber: 'ECHO-SERIAL-1', uuid: PLANTED.uuid }, v), handle: 1 },
        { ...encodeTyped(3, { manufacturer: 'M', chassisType: 3, version: 'ECHO-SERIAL-1' }, v), handle: 3 },
        { type: 0x90, handle: 0x90, data: Uint8Array.of(0), strings: ['rack 4 / ECHO-SERIAL-1'] },
      ],
      v,
    ).table;
    const serial = inventory({ smbios: t }).identifiers.filter((i) => i.id === 'smbios.1.serialNumber');
    const r = redactSmbiosStructures(t.structures, t.version, serial, new Placeholders());
    expect(contains(encodeStructureTable(r.structures), ascii('ECHO-SERIAL-1'))).toBe(false);
    const echoes = r.changes.filter((c) => c.echo);
    expect(echoes.map((c) => [c.identifierId, c.place.source === 'smbios' && c.place.type, c.place.field])).toEqual([
      ['smbios.1.serialNumber', 3, 'string-2'],
      ['smbios.1.serialNumber', 0x90, 'string-1'],
    ]);
    // A whole-string copy reads the identifier's own placeholder; a quoting string gets its own.
    expect(echoes[0]!.new).toBe(r.changes[0]!.new);
    expect(echoes[1]!.new).not.toBe(r.changes[0]!.new);
    expect(r.structures[1]!.strings).toEqual(['M', r.changes[0]!.new]);
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
  const ids = everything(inventory({ acpi: { container: 'binary', tables, findings: [] } }).identifiers);

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
    const oemId = inventory({ acpi: { container: 'binary', tables: [bad], findings: [] } }).identifiers.filter((i) => i.place.field === 'oemId');
    const r = redactAcpiTables([bad], oemId, new Placeholders());
    const sum = (b: Uint8Array): number => b.reduce((a, x) => (a + x) & 0xff, 0);
    expect(sum(r.tables[0]!.bytes)).toBe(sum(bad.bytes));
    expect(sum(r.tables[0]!.bytes)).toBe(5);
  });
});
