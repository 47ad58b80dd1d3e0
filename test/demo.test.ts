import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAcpiInput } from '@hvmpack/acpi';
import { buildExampleHost } from '@hvmpack/host';
import { decodeModuleSet } from '@hvmpack/container';
import { decodeSmbiosBlob } from '@hvmpack/xen';
import { decodeSmbios } from '@hvmpack/smbios';
import { runHvmpack } from './support/cli.js';
import { skipReason, which } from './support/env.js';
import { tempDir } from './support/tools.js';

// One scratch folder for the file, so every run's artefacts are removed afterwards.
const work = tempDir('demo');

describe('hvmpack demo (the README main job)', () => {
  it('runs the whole host → guest walk-through and writes every artefact', async () => {
    const out = mkdtempSync(path.join(work, 'run-'));
    const r = await runHvmpack(['demo', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const f of ['host-smbios.bin', 'host-acpidump.txt', 'smbios.bin', 'acpi.bin', 'modules.img', 'layout.svg']) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    // The blobs hold what the example host offers for pass-through, nothing else.
    const blob = decodeSmbiosBlob(readFileSync(path.join(out, 'smbios.bin')));
    expect(blob.records.map((s) => s.type)).toEqual([0, 1, 2, 3, 11, 0x85, 0xdd]);
    const set = decodeModuleSet(readFileSync(path.join(out, 'modules.img')));
    expect(set.placements.length).toBe(3);
    expect(r.stdout).toContain('nothing collides');
  });

  it('the example host is valid input for our decoders', () => {
    const host = buildExampleHost();
    const smbios = decodeSmbios(host.smbiosDumpBin);
    expect(smbios.container).toBe('dump-bin');
    expect(smbios.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const acpi = decodeAcpiInput(new TextEncoder().encode(host.acpidumpText));
    expect(acpi.tables.map((t) => t.signature)).toEqual(['FACP', 'DSDT', 'APIC', 'SSDT', 'OEMX']);
    expect(acpi.tables.every((t) => t.checksumOk)).toBe(true);
  });

  it.skipIf(skipReason({ tools: ['dmidecode'] }))('dmidecode reads the example host dump without complaint', () => {
    const dir = mkdtempSync(path.join(work, 'run-'));
    const f = path.join(dir, 'host.bin');
    writeFileSync(f, buildExampleHost().smbiosDumpBin);
    const r = spawnSync(which('dmidecode')!, ['--from-dump', f, '-s', 'system-product-name'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual(['Model 7 Laptop', 'Duplicate entry']);
  });
});
