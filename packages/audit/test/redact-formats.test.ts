import { describe, expect, it } from 'vitest';
import { concatBytes, latin1, latin1Bytes, verifyChecksum8 } from '@hvmpack/bytes';
import { decodeAcpiInput, formatAcpidump } from '@hvmpack/acpi';
import { buildTable, decodeEntryPoint, decodeSmbios, decodeSmbiosPair, encodeRsmb, encodeStructureTable, type SmbiosVersion } from '@hvmpack/smbios';
import { encodeSmbiosBlob } from '@hvmpack/xen';
import { SmbiosPayloadFormat, buildAcpiModule, buildMetaModule, buildSmbiosModule, decodeModuleSet, encodeModuleSet } from '@hvmpack/container';
import { Placeholders, inventory, redactModuleSet, redactAcpiSet, redactSmbiosBlob, redactSmbiosTable, type ChooseAcpi, type ChooseSmbios } from '../src/index.js';
import { PLANTED, plantedAcpi, plantedSmbios } from './redact-fixtures.js';

const contains = (hay: Uint8Array, needle: string): boolean => latin1(hay).includes(needle);

/** Chooses the serial numbers of types 1 and 2, as the inventory finds them in the structures given. */
const chooseSerials: ChooseSmbios = (structures, version) =>
  inventory({ smbios: { container: 'built', entryPoint: null, version, table: new Uint8Array(0), structures: [...structures], findings: [] } }).identifiers.filter(
    (i) => i.place.source === 'smbios' && (i.place.type === 1 || i.place.type === 2) && i.place.field === 'serialNumber',
  );

/** Chooses every table's OEM table ID and the MSDM key. */
const chooseAcpi: ChooseAcpi = (tables) => inventory({ acpi: { container: 'test', tables: [...tables], findings: [] } }).identifiers.filter((i) => i.place.field === 'oemTableId' || i.class === 'product-key');

const built = plantedSmbios();
const body = encodeStructureTable(built.table.structures);
const v32: SmbiosVersion = { major: 3, minor: 2 };

describe('redactSmbiosTable writes each container back as it came', () => {
  const containers: [string, () => ReturnType<typeof decodeSmbios>][] = [
    ['dump-bin', () => decodeSmbios(built.dumpBin)],
    ['raw-table', () => decodeSmbios(body)],
    ['rsmb', () => decodeSmbios(encodeRsmb(body, v32))],
    ['sysfs pair', () => decodeSmbiosPair(built.dumpBin.subarray(0, 24), body)],
  ];
  it.each(containers)('%s: no serial left, decodes with verified checksums, same container', (_name, decode) => {
    const t = decode();
    const r = redactSmbiosTable(t, chooseSerials, new Placeholders());
    for (const v of [PLANTED.systemSerial, PLANTED.boardSerial]) expect(contains(r.bytes, v)).toBe(false);
    expect(contains(r.bytes, PLANTED.chassisSerial)).toBe(true);
    const back = r.entryPoint ? decodeSmbiosPair(r.entryPoint, r.bytes) : decodeSmbios(r.bytes);
    expect(back.container).toBe(t.container);
    expect(back.structures.map((s) => [s.type, s.handle])).toEqual(t.structures.map((s) => [s.type, s.handle]));
    expect(back.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.changes.map((c) => c.identifierId)).toEqual(['smbios.1.serialNumber', 'smbios.2.serialNumber']);
  });

  it('recomputes the 3.x entry point table maximum for the new length', () => {
    const r = redactSmbiosTable(decodeSmbios(built.dumpBin), chooseSerials, new Placeholders());
    const ep = decodeEntryPoint(r.bytes);
    expect(ep.kind === '_SM3_' && ep.tableMaxSize).toBe(r.bytes.length - 32);
    expect(r.bytes.length - 32).not.toBe(body.length);
  });

  it('recomputes a 2.x entry point: length, maximum structure size and both checksums', () => {
    // The same structures under a 2.8 entry point: the builder picks _SM_ for 2.x.
    const t2 = decodeSmbios(buildTable([...built.table.structures], { version: { major: 2, minor: 8 } }).dumpBin);
    const r = redactSmbiosTable(t2, chooseSerials, new Placeholders());
    const ep = decodeEntryPoint(r.bytes); // verifies both checksums
    expect(ep.kind).toBe('_SM_');
    if (ep.kind !== '_SM_') return;
    expect(ep.tableLength).toBe(r.bytes.length - 32);
    expect(ep.maxStructureSize).toBe(Math.max(...r.structures.map((s) => s.formatted.length + s.stringSet.length)));
  });

  it('gives back an unchanged input byte for byte when nothing is chosen', () => {
    const r = redactSmbiosTable(decodeSmbios(built.dumpBin), () => [], new Placeholders());
    expect(r.bytes).toEqual(built.dumpBin);
  });
});

describe('redactSmbiosBlob', () => {
  it("rewrites Xen's smbios_firmware blob with new separators and keeps record tails", () => {
    const structures = built.table.structures.filter((s) => s.type !== 127);
    const parts = structures.map((s, i) => (i === 1 ? concatBytes([s.formatted, s.stringSet, Uint8Array.of(0xee, 0xee)]) : concatBytes([s.formatted, s.stringSet])));
    const blob = encodeSmbiosBlob(parts);
    const r = redactSmbiosBlob(blob, chooseSerials, new Placeholders());
    expect(contains(r.bytes, PLANTED.systemSerial)).toBe(false);
    expect(contains(r.bytes, '\xee\xee')).toBe(true);
    const again = redactSmbiosBlob(r.bytes, () => [], new Placeholders());
    expect(again.bytes).toEqual(r.bytes);
    expect(again.structures.length).toBe(structures.length);
  });

  it('refuses a blob whose last record runs past the end', () => {
    const blob = encodeSmbiosBlob([concatBytes([built.table.structures[0]!.formatted, built.table.structures[0]!.stringSet])]);
    expect(() => redactSmbiosBlob(blob.subarray(0, blob.length - 3), chooseSerials, new Placeholders())).toThrow(expect.objectContaining({ code: 'BAD_LENGTH' }));
  });
});

describe('redactAcpiSet writes each ACPI form back as it came', () => {
  const tables = plantedAcpi();
  const blob = concatBytes([...tables.map((t) => t.bytes), new Uint8Array(7)]);
  const forms: [string, Uint8Array][] = [
    ['binary', tables[1]!.bytes],
    ['blob', blob],
    ['acpidump', latin1Bytes(formatAcpidump(tables))],
  ];
  it.each(forms)('%s: key and table IDs gone, same form, same length, checksums valid', (form, input) => {
    const set = decodeAcpiInput(input);
    expect(set.container).toBe(form);
    const r = redactAcpiSet(set, input, chooseAcpi, new Placeholders());
    expect(contains(r.bytes, PLANTED.productKey)).toBe(false);
    const back = decodeAcpiInput(r.bytes);
    expect(back.container).toBe(form);
    for (const t of back.tables) {
      expect(verifyChecksum8(t.bytes)).toBe(true);
      expect(contains(t.bytes, PLANTED.oemTableId)).toBe(false);
      expect(contains(t.bytes, PLANTED.oemId)).toBe(true);
    }
    if (form !== 'acpidump') expect(r.bytes.length).toBe(input.length);
  });

  it('refuses a memory image it cannot write back', () => {
    const set = { container: 'memory-image', tables: [], findings: [] };
    expect(() => redactAcpiSet(set, new Uint8Array(0), chooseAcpi, new Placeholders())).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
  });
});

describe('redactModuleSet', () => {
  it('redacts the SMBIOS (table and Xen blob) and ACPI modules, keeps the rest, and the set decodes with verified checksums', () => {
    const structures = built.table.structures.filter((s) => s.type !== 127);
    const modules = [
      buildSmbiosModule(body, { version: v32, format: SmbiosPayloadFormat.Table }),
      buildSmbiosModule(encodeSmbiosBlob(structures), { format: SmbiosPayloadFormat.XenBlob }),
      buildAcpiModule(concatBytes(plantedAcpi().map((t) => t.bytes))),
      buildMetaModule([{ key: 'note', value: 'kept' }]),
    ];
    const bytes = encodeModuleSet({ formatMinor: 0, flags: 0, modules });
    const r = redactModuleSet(bytes, { smbios: chooseSerials, acpi: chooseAcpi }, new Placeholders());
    for (const secret of [PLANTED.systemSerial, PLANTED.boardSerial, PLANTED.productKey, PLANTED.oemTableId]) expect(contains(r.bytes, secret)).toBe(false);
    const back = decodeModuleSet(r.bytes).set.modules;
    expect(back.map((m) => m.kind)).toEqual(['smbios', 'smbios', 'acpi', 'meta']);
    const counts = (ms: typeof back): unknown[] => ms.map((m) => (m.kind === 'smbios' ? m.smbios.structureCount : m.kind === 'acpi' ? m.acpi.tableCount : m.kind));
    expect(counts(back)).toEqual(counts(modules));
    const first = back[0]!;
    expect(first.kind === 'smbios' && first.smbios.maxStructureSize).toBe(Math.max(...decodeSmbios(first.kind === 'smbios' ? first.payload : new Uint8Array(0), { container: 'raw-table' }).structures.map((s) => s.formatted.length + s.stringSet.length)));
    expect(r.changes.filter((c) => c.class === 'serial').length).toBe(4);
    expect(back[3]).toEqual(modules[3]);
  });
});
