// `hvmpack smbios decode` and `hvmpack smbios dump-bin`, run in-process on built and real inputs.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '@hvmpack/bytes';
import { buildTable } from '@hvmpack/smbios';
import { runHvmpack } from './support/cli.js';
import { corpusFiles } from './support/env.js';
import { tempDir } from './support/tools.js';

const work = tempDir('smbios-cli');

const t0 = new Uint8Array(14);
t0.set([1, 2, 0, 0xf0, 3, 0x0f]);
const built = buildTable(
  [
    { type: 0, data: t0, strings: ['Vendor', 'V1', '01/01/2024'] },
    { type: 1, data: new Uint8Array(4).fill(0), strings: [] },
    { type: 2, data: new Uint8Array(4), strings: ['Board Maker'] },
    { type: 0xd0, data: new Uint8Array([1, 2]) },
  ],
  { version: { major: 2, minor: 8 } },
);
const dump = path.join(work, 'built.bin');
writeFileSync(dump, built.dumpBin);
// A sysfs-style folder: the entry point with a physical address, and the bare table.
const sysfs = path.join(work, 'tables');
mkdirSync(sysfs);
const ep = built.dumpBin.slice(0, 0x1f);
writeFileSync(path.join(sysfs, 'smbios_entry_point'), ep);
writeFileSync(path.join(sysfs, 'DMI'), built.table.table);

describe('smbios decode', () => {
  it('prints dmidecode-style blocks', async () => {
    const r = await runHvmpack(['smbios', 'decode', dump]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['SMBIOS 2.8 present.', `5 structures occupying ${built.table.table.length} bytes.`]);
    expect(lines).toContain('Handle 0x0000, DMI type 0, 18 bytes');
    expect(lines).toContain('Handle 0x0004, DMI type 127, 4 bytes');
    expect(r.stderr).toBe('');
  });

  it('--json gives version, structures with strings and fields, findings', async () => {
    const r = await runHvmpack(['smbios', 'decode', dump, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect([doc.input, doc.version, doc.container]).toEqual([dump, '2.8', 'dump-bin']);
    expect(doc.structures.map((s: { type: number }) => s.type)).toEqual([0, 1, 2, 0xd0, 127]);
    expect(doc.structures[0]).toMatchObject({ handle: 0, length: 18, offset: 0, strings: ['Vendor', 'V1', '01/01/2024'] });
    expect(typeof doc.structures[0].fields).toBe('object');
    expect(doc.findings).toEqual([]);
  });

  it('reads a sysfs folder and a file of it (pair detection)', async () => {
    for (const input of [sysfs, path.join(sysfs, 'DMI'), path.join(sysfs, 'smbios_entry_point')]) {
      const r = await runHvmpack(['smbios', 'decode', input, '--json']);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect([doc.container, doc.version, doc.structures.length]).toEqual(['sysfs', '2.8', 5]);
    }
  });

  it('many inputs with --json: one document per line, each with its input', async () => {
    const r = await runHvmpack(['smbios', 'decode', dump, sysfs, '--json']);
    expect(r.code).toBe(0);
    const docs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(docs.map((d) => d.input)).toEqual([dump, sysfs]);
  });

  it('one unreadable input among many: the others are decoded, exit code 2', async () => {
    const r = await runHvmpack(['smbios', 'decode', path.join(work, 'missing.bin'), dump, '--json']);
    expect(r.code).toBe(2);
    const docs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(docs.map((d) => Boolean(d.error))).toEqual([true, false]);
  });

  it.each([
    [['-t', 'bios'], [0]],
    [['-t', '1,2'], [1, 2]],
    [['-t', '2', '-t', '208'], [2, 0xd0]],
    [['-t', 'baseboard', '-t', 'system'], [1, 2]],
  ])('-t %j selects types %j', async (t, types) => {
    const r = await runHvmpack(['smbios', 'decode', dump, '--json', ...t]);
    expect(JSON.parse(r.stdout).structures.map((s: { type: number }) => s.type)).toEqual(types);
  });

  it.each([
    ['an unknown -t keyword', ['-t', 'bogus']],
    ['a -t number over 255', ['-t', '300']],
  ])('%s is a usage error', async (_n, t) => {
    const r = await runHvmpack(['smbios', 'decode', dump, ...t]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hvmpack: /);
  });

  it('a file that is not SMBIOS is exit code 2 with its name', async () => {
    const junk = path.join(work, 'junk.bin');
    writeFileSync(junk, new Uint8Array([0, 0, 0, 0, 0, 0]));
    const r = await runHvmpack(['smbios', 'decode', junk]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('junk.bin');
  });

  it('a broken table decodes what it can, warns on stderr, exit code 1', async () => {
    const broken = path.join(work, 'broken.bin');
    const bytes = built.table.table.slice();
    bytes[built.table.structures[2]!.offset + 1] = 0; // zero length byte on the third structure
    writeFileSync(broken, bytes);
    const r = await runHvmpack(['smbios', 'decode', broken]);
    expect(r.code).toBe(1);
    // One stderr diagnostic: file, severity, code and the absolute offset of the zeroed length byte's structure.
    const at = `0x${built.table.structures[2]!.offset.toString(16).toUpperCase()}`;
    expect(r.stderr.startsWith(`hvmpack: ${broken}: error   SMBIOS_INVALID_STRUCTURE_LENGTH at ${at}: `), r.stderr).toBe(true);
    expect(r.stdout).toContain('Handle 0x0001, DMI type 1');
  });
});

describe('smbios dump-bin', () => {
  it('converts a sysfs folder to the same bytes dmidecode --dump-bin writes', async () => {
    const out = path.join(work, 'out.bin');
    const r = await runHvmpack(['smbios', 'dump-bin', sysfs, '-o', out]);
    expect(r.code).toBe(0);
    expect(bytesEqual(new Uint8Array(readFileSync(out)), built.dumpBin)).toBe(true);
  });

  it('refuses to write over its input', async () => {
    const r = await runHvmpack(['smbios', 'dump-bin', dump, '-o', dump]);
    expect(r.code).toBe(2);
    expect(bytesEqual(new Uint8Array(readFileSync(dump)), built.dumpBin)).toBe(true);
  });

  const dell = corpusFiles('smbios', (n) => n.includes('PAweb110'))[0];
  it.skipIf(dell === undefined)('rewrites a Dell memory image into a dump dmidecode can read (address 32, EP length 0x20 kept)', async () => {
    const out = path.join(work, 'dell.bin');
    const r = await runHvmpack(['smbios', 'dump-bin', dell!, '-o', out, '--json']);
    expect(r.code).toBe(0);
    const bytes = new Uint8Array(readFileSync(out));
    expect([bytes[5], bytes[0x18], bytes[0x19], bytes[0x1a], bytes[0x1b]]).toEqual([0x20, 32, 0, 0, 0]);
    expect(JSON.parse(r.stdout)).toMatchObject({ container: 'ep-at-0-physical-address' });
  });
});
