// `hvmpack acpi show`: typed fields of one table, in-process with real files in a temp folder.
// MSDM/SLIC fixtures carry fake keys; the test checks they appear only where the user asked.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeTable, formatAcpidump } from '@hvmpack/acpi';
import { beforeAll, describe, expect, it } from 'vitest';
import { body, buildTable, FAKE_KEY, msdmBody, slicBody } from '../packages/acpi/test/tables-fixtures.js';
import { runHvmpack } from './support/cli.js';
import { tempDir } from './support/tools.js';

// Created at load time: it.each tables below name files in it while tests are collected.
const dir = tempDir('show');
const file = (name: string): string => path.join(dir, name);

beforeAll(() => {
  const facp = buildTable('FACP', body().u32(0x1000).u32(0x2000).fill(68).u32(0x30).finish(), { revision: 1 });
  const madt = buildTable('APIC', body().u32(0xfee00000).u32(1).u8(0).u8(8).u8(0).u8(0).u32(1).u8(1).u8(12).u8(0).u8(0).u32(0xfec00000).u32(0).finish());
  const ssdt1 = buildTable('SSDT', new Uint8Array([0x10, 0x00]));
  const ssdt2 = buildTable('SSDT', new Uint8Array([0x10, 0x01, 0x02]));
  const msdm = buildTable('MSDM', msdmBody(), { revision: 3 });
  const slic = buildTable('SLIC', slicBody());
  const tables = [facp, madt, ssdt1, ssdt2, msdm, slic].map((b) => decodeTable(b));
  writeFileSync(file('dump.txt'), formatAcpidump(tables));
  writeFileSync(file('msdm.dat'), msdm);
  writeFileSync(file('msdm-bad.dat'), buildTable('MSDM', msdmBody(FAKE_KEY, 64)));
  mkdirSync(file('sysfs'));
  writeFileSync(file('sysfs/SSDT1'), ssdt1);
  writeFileSync(file('sysfs/SSDT2'), ssdt2);
  writeFileSync(file('sysfs/FACP'), facp);
  const cut = msdm.slice(0, 70);
  writeFileSync(file('msdm-cut.dat'), cut);
});

describe('hvmpack acpi show', () => {
  it('prints FADT fields with flag names', async () => {
    const r = await runHvmpack(['acpi', 'show', file('dump.txt'), 'FACP']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('FACP: Fixed ACPI Description Table (FADT), 116 bytes');
    expect(r.stdout).toMatch(/flagNames: \["PWR_BUTTON", "SLP_BUTTON"\]/);
    expect(r.stdout).toMatch(/dsdt: 8192 \(0x2000\)/);
  });

  it.each([
    { spec: 'SSDT2', amlLength: 3 },
    { spec: 'ssdt[1]', amlLength: 2 },
    { spec: 'SSDT', amlLength: 2 },
  ])('picks instance $spec', async ({ spec, amlLength }) => {
    const r = await runHvmpack(['acpi', 'show', file('dump.txt'), spec, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).fields.amlLength).toBe(amlLength);
  });

  it('reads a sysfs-style folder and picks SSDT2 by its file name', async () => {
    const r = await runHvmpack(['acpi', 'show', file('sysfs'), 'SSDT2', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ signature: 'SSDT', instance: 2, fields: { amlLength: 3 } });
  });

  it('lists MADT entries', async () => {
    const r = await runHvmpack(['acpi', 'show', file('dump.txt'), 'APIC', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.fields.entries.map((e: { kind: string }) => e.kind)).toEqual(['localApic', 'ioApic']);
    expect(j.sensitive).toBe(false);
  });

  it('prints the MSDM product key because the user asked for that table', async () => {
    const r = await runHvmpack(['acpi', 'show', file('msdm.dat'), 'MSDM', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ signature: 'MSDM', sensitive: true, fields: { version: 1, dataType: 1, dataLength: 29, productKey: FAKE_KEY } });
    const text = await runHvmpack(['acpi', 'show', file('dump.txt'), 'MSDM']);
    expect(text.stdout).toContain(FAKE_KEY);
    expect(text.stderr).toContain('treat this output as secret');
    expect(text.stderr).not.toContain('AAAAA');
  });

  it('prints SLIC key and marker fields', async () => {
    const j = JSON.parse((await runHvmpack(['acpi', 'show', file('dump.txt'), 'SLIC', '--json'])).stdout);
    expect(j.fields.publicKey).toMatchObject({ magic: 'RSA1', bitLength: 1024 });
    expect(j.fields.marker).toMatchObject({ windowsFlag: 'WINDOWS ', oemId: 'HVMPK ' });
    expect(j.fields.marker.signature).toBe('5A'.repeat(128));
  });

  it.each([
    { argv: ['list'], name: 'list' },
    { argv: ['list', '--json'], name: 'list --json' },
    { argv: ['check'], name: 'check' },
  ])('acpi $name never shows the fake key', async ({ argv }) => {
    const r = await runHvmpack(['acpi', argv[0]!, file('dump.txt'), ...argv.slice(1)]);
    expect(r.stdout + r.stderr).not.toContain('AAAAA');
  });

  it('exits 1 on a finding of error severity, without quoting the key in it', async () => {
    const r = await runHvmpack(['acpi', 'show', file('msdm-bad.dat'), 'MSDM', '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.findings).toMatchObject([{ code: 'ACPI_MSDM_DATA_TRUNCATED', offset: 52 }]);
    expect(JSON.stringify(j.findings)).not.toContain('AAAAA');
  });

  it.each([
    { name: 'a missing instance', argv: [file('dump.txt'), 'SSDT3'], stderr: /no SSDT instance 3/ },
    { name: 'a missing signature', argv: [file('dump.txt'), 'HPET'], stderr: /no HPET table in the input/ },
    { name: 'a malformed spec', argv: [file('dump.txt'), 'FACPX'], stderr: /invalid table "FACPX"/ },
    { name: 'instance 0', argv: [file('dump.txt'), 'SSDT0'], stderr: /invalid table/ },
  ])('exits 2 on $name', async ({ argv, stderr }) => {
    const r = await runHvmpack(['acpi', 'show', ...argv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
  });

  it('a truncated MSDM is an input error that does not echo the key', async () => {
    const r = await runHvmpack(['acpi', 'show', file('msdm-cut.dat'), 'MSDM']);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toContain('AAAAA');
  });
});
