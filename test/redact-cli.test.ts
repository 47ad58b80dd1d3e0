// `hvmpack redact` as a user runs it: every input shape written back in its own shape, the report,
// --key, --only, --policy (JSON and YAML), and the refusals (usage errors, a missing file, a file
// of the wrong kind, an output over the input). Every host is built here by our own encoders.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatBytes, latin1 } from '@hvmpack/bytes';
import { acpixtractNames, decodeAcpiInput, encodeTable, formatAcpidump } from '@hvmpack/acpi';
import { buildTable, decodeSmbios, decodeSmbiosPair, encodeRsmb, encodeStructureTable, encodeTyped } from '@hvmpack/smbios';
import { encodeSmbiosBlob } from '@hvmpack/xen';
import { runHvmpack } from './support/cli.js';
import { tempDir } from './support/tools.js';

const work = tempDir('redact-cli');
const at = (name: string): string => path.join(work, name);
const write = (name: string, bytes: Uint8Array | string): string => {
  writeFileSync(at(name), bytes);
  return at(name);
};
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(at(name)));

const SERIAL = 'CLI-SERIAL-5531';
const ASSET = 'CLI-ASSET-77';
const PART = 'CLI-PART-9';
const KEY = 'BCDFG-HJKMP-QRTVW-XY234-6789B';
const v = { version: { major: 3, minor: 2 } };
const built = buildTable(
  [
    { ...encodeTyped(1, { manufacturer: 'Cli Computers', productName: 'C1', serialNumber: SERIAL, uuid: '1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b' }, v), handle: 1 },
    { ...encodeTyped(3, { manufacturer: 'Cli Computers', chassisType: 3, serialNumber: SERIAL, assetTag: ASSET }, v), handle: 3 },
    { ...encodeTyped(17, { size: 4096, deviceLocator: 'DIMM0', serialNumber: 'DIMM-SER-0001', partNumber: PART }, v), handle: 17 },
  ],
  v,
);
const dumpBin = write('host.bin', built.dumpBin);
const tableBody = encodeStructureTable(built.table.structures);

const header = (signature: string) => ({ signature, length: 0, revision: 1, checksum: 0, oemId: 'CLIOEM', oemTableId: 'CLITABLE', oemRevision: 1, creatorId: 'HVMP', creatorRevision: 1 });
const msdm = encodeTable({ header: header('MSDM'), body: concatBytes([Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 29, 0, 0, 0), new TextEncoder().encode(KEY)]) });
const ssdt = encodeTable({ header: header('SSDT'), body: Uint8Array.of(0xa3) });

const has = (bytes: Uint8Array, text: string): boolean => latin1(bytes).includes(text);

describe('hvmpack redact writes every input shape back in its own shape', () => {
  it.each([
    ['a --dump-bin file', 'host.bin', 'dump-bin'],
    ['a bare table', write('bare.bin', tableBody), 'raw-table'],
    ['a Windows RSMB blob', write('rsmb.bin', encodeRsmb(tableBody, { major: 3, minor: 2 })), 'rsmb'],
    ["Xen's smbios_firmware blob", write('xen-smbios.bin', encodeSmbiosBlob(built.table.structures.filter((s) => s.type !== 127))), 'xen-smbios-blob'],
  ])('%s', async (_what, input, format) => {
    const file = path.isAbsolute(input) ? input : at(input);
    const out = at(`${path.basename(file)}.redacted`);
    const r = await runHvmpack(['redact', file, '-o', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { format: string; changeCount: number; changes: { identifier: string; old: string; new: string }[] };
    expect(doc.format).toBe(format);
    const bytes = new Uint8Array(readFileSync(out));
    for (const secret of [SERIAL, ASSET]) expect(has(bytes, secret)).toBe(false);
    // The default policy warns on part numbers: they stay.
    expect(has(bytes, PART)).toBe(true);
    expect(doc.changes.map((c) => c.identifier)).toEqual(expect.arrayContaining(['smbios.1.serialNumber', 'smbios.1.uuid', 'smbios.3.serialNumber', 'smbios.3.assetTag', 'smbios.17.serialNumber']));
    expect(r.stdout).not.toContain(SERIAL);
  });

  it('a sysfs pair (a folder) becomes a new folder with both files, the entry point rewritten', async () => {
    mkdirSync(at('sysfs'));
    write('sysfs/smbios_entry_point', built.dumpBin.subarray(0, 24));
    write('sysfs/DMI', tableBody);
    const r = await runHvmpack(['redact', at('sysfs'), '-o', at('sysfs-out')]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(at('sysfs-out')).sort()).toEqual(['DMI', 'smbios_entry_point']);
    const t = decodeSmbiosPair(read('sysfs-out/smbios_entry_point'), read('sysfs-out/DMI'));
    expect(t.entryPoint?.kind === '_SM3_' && t.entryPoint.tableMaxSize).toBe(read('sysfs-out/DMI').length);
    expect(has(read('sysfs-out/DMI'), SERIAL)).toBe(false);
    expect(r.stdout).toMatch(/smbios\.1\.serialNumber \(serial\): CL\*+31 -> REDACTED-[0-9A-F]{12}/);
  });

  it('acpidump text, tables back to back and a folder of table files keep their shape', async () => {
    const tables = [ssdt, msdm];
    const text = write('host.txt', formatAcpidump(tables.map((b) => decodeAcpiInput(b).tables[0]!)));
    const blob = write('tables.bin', concatBytes(tables));
    mkdirSync(at('acpi-folder'));
    const names = acpixtractNames([{ signature: 'SSDT' }, { signature: 'MSDM' }]);
    tables.forEach((b, i) => write(`acpi-folder/${names[i]}`, b));
    write('acpi-folder/README', 'not a table');
    for (const [input, out, folder] of [[text, 'host.txt.out', false], [blob, 'tables.bin.out', false], [at('acpi-folder'), 'acpi-folder.out', true]] as const) {
      const r = await runHvmpack(['redact', input, '-o', at(out), '--json']);
      expect(r.code, r.stderr).toBe(0);
      const files = folder ? readdirSync(at(out)).map((n) => read(`${out}/${n}`)) : [read(out)];
      for (const f of files) expect(has(f, KEY)).toBe(false);
      const doc = JSON.parse(r.stdout) as { changes: { identifier: string; new: string }[] };
      expect(doc.changes.map((c) => c.identifier)).toContain('acpi.MSDM.productKey');
    }
    expect(readdirSync(at('acpi-folder.out')).sort()).toEqual(['README', ...names].sort());
    expect(latin1(read('acpi-folder.out/README'))).toBe('not a table');
  });

  it('a folder\'s dynamic/ and data/ sub-folders are left out, with a warning for dynamic/', async () => {
    mkdirSync(at('sysfs-acpi/dynamic'), { recursive: true });
    mkdirSync(at('sysfs-acpi/data'));
    write('sysfs-acpi/SSDT', ssdt);
    write('sysfs-acpi/dynamic/SSDT1', ssdt);
    const r = await runHvmpack(['redact', at('sysfs-acpi'), '--only', 'oem-id', '-o', at('sysfs-acpi.out'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { changeCount: number; findings: { code: string; severity: string }[] };
    expect(doc.findings.map((f) => [f.code, f.severity]).sort()).toEqual([['REDACT_DYNAMIC_LEFT_OUT', 'warning'], ['REDACT_FOLDER_SKIPPED', 'info']]);
    expect(readdirSync(at('sysfs-acpi.out'))).toEqual(['SSDT']);
    expect(doc.changeCount).toBe(2);
    expect(has(read('sysfs-acpi.out/SSDT'), 'CLITABLE')).toBe(false);
  });

  it.each([[[]], [['--json']]])('-o - %j writes the output alone to standard output, the report to standard error', async (flags) => {
    const r = await runHvmpack(['redact', dumpBin, '-o', '-', ...flags]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('smbios.1.serialNumber');
    expect(r.stdout.startsWith('_SM3_')).toBe(true);
    expect(r.stdout).not.toContain('smbios.1.serialNumber');
  });
});

describe('choosing what to redact and how', () => {
  it('--only takes ids, field names and classes; the rest stays', async () => {
    const r = await runHvmpack(['redact', dumpBin, '--only', 'smbios.3.assetTag', 'uuid', '-o', at('only.bin'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { changes: { identifier: string }[] }).changes.map((c) => c.identifier)).toEqual(['smbios.1.uuid', 'smbios.3.assetTag']);
    expect(has(read('only.bin'), SERIAL)).toBe(true);
  });

  it.each([
    ['JSON', 'policy.json', JSON.stringify({ version: 1, rules: [{ match: { class: ['part-number'] }, action: 'redact' }], default: 'allow' })],
    ['YAML', 'policy.yaml', 'version: 1\nrules:\n  - match: { class: [part-number] }\n    action: redact\ndefault: allow\n'],
  ])('--policy (%s) redacts what it says and nothing else', async (_kind, name, text) => {
    const r = await runHvmpack(['redact', dumpBin, '--policy', write(name, text), '-o', at(`${name}.bin`), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { changes: { class: string }[] }).changes.map((c) => c.class)).toEqual(['part-number']);
    expect(has(read(`${name}.bin`), PART)).toBe(false);
    expect(has(read(`${name}.bin`), SERIAL)).toBe(true);
  });

  it('--key gives the same bytes for the same key and other placeholders for another', async () => {
    const run = async (key: string, out: string): Promise<Uint8Array> => {
      const r = await runHvmpack(['redact', dumpBin, '--key', write(`${key}.key`, key), '-o', at(out)]);
      expect(r.code, r.stderr).toBe(0);
      return read(out);
    };
    const a = await run('alpha', 'k1.bin');
    expect(await run('alpha', 'k2.bin')).toEqual(a);
    expect(await run('bravo', 'k3.bin')).not.toEqual(a);
    expect(decodeSmbios(a).structures.length).toBe(built.table.structures.length);
  });
});

describe('hvmpack redact refuses', () => {
  it.each([
    ['--only with --policy', () => ['redact', dumpBin, '--only', 'serial', '--policy', at('policy.json'), '-o', at('x.bin')], 2, 'USAGE'],
    ['an empty key file', () => ['redact', dumpBin, '--key', write('empty.key', ''), '-o', at('x.bin')], 2, 'USAGE'],
    ['a missing input', () => ['redact', at('nope.bin'), '-o', at('x.bin')], 2, 'NOT_FOUND'],
    ['a file of the wrong kind', () => ['redact', write('notes.txt', 'just some text\n'), '-o', at('x.bin')], 2, 'UNKNOWN_FORMAT'],
    ['an output over the input', () => ['redact', dumpBin, '-o', dumpBin], 2, 'OUTPUT_IS_INPUT'],
    ['a policy that is not one', () => ['redact', dumpBin, '--policy', write('bad.json', '{"version":2,"rules":[]}'), '-o', at('x.bin')], 2, 'BAD_VALUE'],
    ['an unknown option', () => ['redact', dumpBin, '--frobnicate', '-o', at('x.bin')], 2, 'USAGE'],
  ])('%s', async (_what, argv, code, errorCode) => {
    const r = await runHvmpack([...argv(), '--json']);
    expect(r.code).toBe(code);
    expect((JSON.parse(r.stdout) as { error: { code: string } }).error.code).toBe(errorCode);
    expect(existsSync(at('x.bin'))).toBe(false);
    expect(read('host.bin')).toEqual(built.dumpBin);
  });
});
