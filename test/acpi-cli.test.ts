// `hvmpack acpi list|extract|dump|check`, in-process on inputs built in code.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTable, encodeFacs, encodeTable, formatAcpidump, type AcpiHeader } from '@hvmpack/acpi';
import { concatBytes, sha256Hex } from '@hvmpack/bytes';
import { runHvmpack } from './support/cli.js';
import { tempDir } from './support/tools.js';

const work = tempDir('acpi-cli');

const hdr = (signature: string): AcpiHeader => ({
  signature, length: 0, revision: 2, checksum: 0, oemId: 'HVMTST', oemTableId: 'TESTTABL', oemRevision: 7, creatorId: 'HVMP', creatorRevision: 0x20260101,
});
const t = (sig: string, n: number): Uint8Array => encodeTable({ header: hdr(sig), body: new Uint8Array(n).fill(0x5a) });
/** A fake MSDM (OA 3.0 layout: version, reserved, data type, reserved, length, 29-character key). */
const FAKE_KEY = 'FAKEA-FAKEB-FAKEC-FAKED-FAKEE';
const msdm = encodeTable({
  header: hdr('MSDM'),
  body: concatBytes([Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 29, 0, 0, 0), Uint8Array.from(FAKE_KEY, (c) => c.charCodeAt(0))]),
});
const tables = [t('DSDT', 100), encodeFacs(new Uint8Array(56)), t('SSDT', 10), t('SSDT', 20), msdm];
const dumpFile = path.join(work, 'host.acpidump.txt');
writeFileSync(dumpFile, formatAcpidump(tables.map((b) => decodeTable(b))));

describe('hvmpack acpi', () => {
  it('list --json follows the contract and hashes each table', async () => {
    const r = await runHvmpack(['acpi', 'list', dumpFile, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { tables: Record<string, unknown>[]; findings: unknown[] };
    expect(Object.keys(out.tables[0]!)).toEqual(['signature', 'instance', 'length', 'revision', 'checksumOk', 'oemId', 'oemTableId', 'oemRevision', 'creatorId', 'creatorRevision', 'sha256']);
    expect(out.tables.map((x) => [x['signature'], x['instance']])).toEqual([['DSDT', 1], ['FACS', 1], ['SSDT', 1], ['SSDT', 2], ['MSDM', 1]]);
    expect(out.tables[0]).toMatchObject({ length: 136, revision: 2, checksumOk: true, oemId: 'HVMTST', oemTableId: 'TESTTABL', oemRevision: 7, creatorId: 'HVMP', sha256: sha256Hex(tables[0]!) });
    expect(out.tables[1]).toMatchObject({ checksumOk: null, revision: null, oemId: null });
    expect(out.findings).toEqual([]);
  });

  it('list prints one line per table plus a heading', async () => {
    const r = await runHvmpack(['acpi', 'list', dumpFile]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[3]).toMatch(/^SSDT\s+1\s+46\s+2\s+ok\s+HVMTST\s+TESTTABL\s+0x00000007\s+HVMP 0x20260101\s+SSDT1$/);
  });

  it('never prints the MSDM product key from list, check or dump (without --include-sensitive)', async () => {
    for (const argv of [['list', dumpFile], ['list', dumpFile, '--json'], ['check', dumpFile], ['check', dumpFile, '--json'], ['dump', dumpFile]]) {
      const r = await runHvmpack(['acpi', ...argv]);
      expect(r.stdout + r.stderr).not.toContain('FAKEA');
    }
    const d = await runHvmpack(['acpi', 'dump', dumpFile]);
    expect(d.stdout).not.toContain('MSDM @');
    expect(d.stderr).toContain('--include-sensitive');
    expect((await runHvmpack(['acpi', 'dump', dumpFile, '--include-sensitive'])).stdout).toContain('MSDM @');
  });

  it('extract writes acpixtract names; a sysfs-style folder reads back to the same bytes', async () => {
    const out = path.join(work, 'x');
    const r = await runHvmpack(['acpi', 'extract', dumpFile, '-o', out, '--quiet']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['dsdt.dat', 'facs.dat', 'msdm.dat', 'ssdt1.dat', 'ssdt2.dat']);
    expect(new Uint8Array(readFileSync(path.join(out, 'ssdt2.dat')))).toEqual(tables[3]);

    const sys = path.join(work, 'sys');
    mkdirSync(path.join(sys, 'dynamic'), { recursive: true });
    mkdirSync(path.join(sys, 'data'), { recursive: true });
    for (const [n, b] of [['DSDT', tables[0]], ['FACS', tables[1]], ['SSDT1', tables[2]], ['SSDT2', tables[3]], ['dynamic/SSDT1', t('SSDT', 30)], ['data/BERT', new Uint8Array(9)]] as const) {
      writeFileSync(path.join(sys, n), b!);
    }
    const l = await runHvmpack(['acpi', 'list', sys, '--json']);
    const j = JSON.parse(l.stdout) as { tables: Array<{ signature: string; instance: number }>; findings: Array<{ code: string }> };
    expect(j.tables.map((x) => `${x.signature}${x.instance}`)).toEqual(['DSDT1', 'FACS1', 'SSDT1', 'SSDT2', 'SSDT3']);
    expect(j.findings.map((f) => f.code)).toEqual(['ACPI_DATA_FOLDER_SKIPPED']);
    const l2 = await runHvmpack(['acpi', 'list', out, '--json']);
    expect((JSON.parse(l2.stdout) as { tables: unknown[] }).tables).toHaveLength(5);
  });

  it.each([
    ['a good dump', () => dumpFile, 0],
    ['a table with a bad checksum', () => write('bad.dat', (() => { const b = t('OEMB', 8); b[9] = b[9]! ^ 1; return b; })()), 1],
    ['a table cut short', () => write('cut.dat', t('SSDT', 50).subarray(0, 60)), 1],
    ['random bytes', () => write('junk.bin', new Uint8Array(64).fill(0xa5)), 2],
  ])('check exits %# on %s', async (_n, file, code) => {
    const r = await runHvmpack(['acpi', 'check', file()]);
    expect(r.code).toBe(code);
  });

  it('check names the table, the field and the offset of each problem', async () => {
    const b = t('OEMB', 8);
    b[9] = b[9]! ^ 1;
    const r = await runHvmpack(['acpi', 'check', write('bad2.dat', b), '--json']);
    const j = JSON.parse(r.stdout) as { ok: boolean; findings: Array<{ code: string; offset: number; path: string }> };
    expect(j.ok).toBe(false);
    expect(j.findings).toMatchObject([{ code: 'ACPI_BAD_CHECKSUM', offset: 9, path: 'acpi.tables[0].checksum' }]);
  });

  it('refuses to extract a signature that would escape the output folder', async () => {
    const f = write('evil.txt', formatAcpidump([decodeTable(t('SSDT', 4))]).replace('SSDT @', '../x @'));
    const r = await runHvmpack(['acpi', 'extract', f, '-o', path.join(work, 'evil')]);
    expect(r.code).toBe(2);
  });
});

function write(name: string, bytes: Uint8Array | string): string {
  const f = path.join(work, name);
  writeFileSync(f, bytes);
  return f;
}

describe('hvmpack acpi on folders', () => {
  it('reads other table files in a folder with detection (amltables.dat holding two tables)', async () => {
    const dir = path.join(work, 'mixed');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'dsdt.dat'), t('DSDT', 10));
    writeFileSync(path.join(dir, 'amltables.dat'), concatBytes([t('SSDT', 4), t('SSDT', 5)]));
    writeFileSync(path.join(dir, 'notes.txt'), 'not a table');
    const r = await runHvmpack(['acpi', 'list', dir, '--json']);
    const j = JSON.parse(r.stdout) as { tables: Array<{ signature: string; instance: number; length: number }>; findings: Array<{ code: string }> };
    expect(j.tables.map((x) => `${x.signature}${x.instance}:${x.length}`)).toEqual(['DSDT1:46', 'SSDT1:40', 'SSDT2:41']);
    expect(j.findings.map((f) => f.code)).toEqual(['ACPI_FILE_SKIPPED']);
  });

  it('junk-bin-in-folder: a stray .bin that holds no table is skipped with a warning, the tables are still read', async () => {
    const dir = path.join(work, 'junk');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'DSDT'), t('DSDT', 10));
    writeFileSync(path.join(dir, 'blob.bin'), Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 0xff));
    const r = await runHvmpack(['acpi', 'check', dir, '--json']);
    const j = JSON.parse(r.stdout) as { ok: boolean; tableCount: number; findings: Array<{ code: string; severity: string }> };
    expect([r.code, j.ok, j.tableCount]).toEqual([0, true, 1]);
    expect(j.findings.map((f) => `${f.severity}:${f.code}`)).toEqual(['warning:ACPI_FILE_SKIPPED']);
  });

  it('control-code-signature-in-folder: list, check and errors never write ESC or C1 codes to the terminal', async () => {
    const dir = path.join(work, 'ctl');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'DSDT'), t('DSDT', 10));
    const evil = t('SSDT', 10);
    evil.set([0x1b, 0x5b, 0x9b, 0x4a], 0); // ESC [ CSI J
    writeFileSync(path.join(dir, 'SSDT'), evil);
    const lone = path.join(work, 'c1.bin');
    writeFileSync(lone, Uint8Array.from([0x9b, 0x32, 0x4a, 0x1b, ...new Uint8Array(60)]));
    const runs = await Promise.all([['list', dir], ['check', dir], ['list', lone], ['show', dir, 'ABCD']].map((a) => runHvmpack(['acpi', ...a])));
    expect(runs.map((r) => r.code)).toEqual([0, 1, 2, 2]);
    expect(runs[1]!.stdout).toContain('\\x1B[\\x9BJ');
    for (const r of runs) expect(`${r.stdout}${r.stderr}`).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });

  it('empty-SSDT-file-in-sysfs-folder: named by its file, reported as ACPI_ZERO_LENGTH, check exits 1', async () => {
    const dir = path.join(work, 'emptyssdt');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'SSDT1'), t('SSDT', 10));
    writeFileSync(path.join(dir, 'SSDT2'), new Uint8Array(0));
    const r = await runHvmpack(['acpi', 'check', dir, '--json']);
    const j = JSON.parse(r.stdout) as { findings: Array<{ code: string; path: string; message: string }> };
    expect(r.code).toBe(1);
    expect(j.findings.map((f) => [f.code, f.path])).toEqual([['ACPI_ZERO_LENGTH', 'acpi.tables[1].bytes']]);
    expect(j.findings[0]!.message.startsWith('SSDT2:')).toBe(true);
  });
});
