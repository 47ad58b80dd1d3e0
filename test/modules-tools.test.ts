// The real tools read what the Xen side of hvmpack writes: dmidecode decodes the guest-view SMBIOS
// table (--dump-bin), acpixtract and iasl -d accept every table of a packed acpi_firmware blob.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '@hvmpack/bytes';
import { decodeAcpiBlob } from '@hvmpack/xen';
import { runHvmpack } from './support/cli.js';
import { corpusFiles, skipReason } from './support/env.js';
import { tempDir } from './support/tools.js';

const tmp = tempDir('tools');

/** Runs a tool with a timeout and an output cap (iasl can write gigabytes on a bad length). */
function run(tool: string, args: string[], cwd = tmp): { status: number | null; out: string } {
  const r = spawnSync(tool, args, { cwd, timeout: 30_000, maxBuffer: 4 << 20, encoding: 'latin1' });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

interface GuestJson {
  smbios: { entryPoint: { structureCount: number; tableLength: number }; visibleStructureCount: number; structures: { type: number; handle: number; source: string }[] };
}

/** A blob built in code: one structure per entry, u32 separator first. */
function blob(structs: { type: number; handle: number; strings: string[]; formatted?: number }[]): Uint8Array {
  const w = new ByteWriter();
  for (const s of structs) {
    const body = new ByteWriter();
    const flen = s.formatted ?? 30;
    body.u8(s.type).u8(flen).u16(s.handle).fill(flen - 4, 1);
    for (const t of s.strings) body.cstring(t);
    if (s.strings.length === 0) body.u8(0);
    body.u8(0);
    w.u32(body.length).bytes(body.finish());
  }
  return w.finish();
}

async function dmidecodeCase(smbiosBlob: string, extra: string[] = []): Promise<{ dmi: ReturnType<typeof run>; view: GuestJson }> {
  const dump = `${smbiosBlob}.dmi`;
  const gv = await runHvmpack(['guest-view', '--smbios', smbiosBlob, '--dump-bin', dump, '--json', ...extra]);
  expect([0, 1]).toContain(gv.code);
  return { dmi: run('dmidecode', ['--from-dump', dump]), view: JSON.parse(gv.stdout) as GuestJson };
}

function checkAgainstDmidecode(dmi: ReturnType<typeof run>, view: GuestJson): void {
  expect(dmi.status).toBe(0);
  const seen = [...dmi.out.matchAll(/^Handle 0x([0-9A-F]{4}), DMI type (\d+),/gm)].map((m) => [parseInt(m[1]!, 16), Number(m[2])]);
  const ours = view.smbios.structures.slice(0, view.smbios.visibleStructureCount).map((s) => [s.handle, s.type]);
  expect(seen).toEqual(ours);
  expect(dmi.out.includes('SMBIOS 2.4 present.')).toBe(true);
  expect(dmi.out.includes(`${view.smbios.entryPoint.structureCount} structures occupying ${view.smbios.entryPoint.tableLength} bytes.`)).toBe(true);
  const quirk = view.smbios.visibleStructureCount < view.smbios.structures.length;
  // The only complaint dmidecode may have is the one hvmloader's OEM counting causes.
  expect(/Wrong DMI structures length/.test(dmi.out)).toBe(quirk);
  // Compare only diagnostic lines, so a failure never prints the host's serial numbers.
  const diagnostics = dmi.out.split('\n').filter((l) => /Invalid entry length|Checksum invalid|Can't read|Wrong DMI|No SMBIOS/.test(l));
  expect(diagnostics.filter((l) => !l.startsWith('Wrong DMI structures length'))).toEqual([]);
}

describe.skipIf(skipReason({ tools: ['dmidecode'] }))('dmidecode reads the guest-view SMBIOS', () => {
  it('decodes a built blob without OEM structures cleanly: every structure, no warnings', async () => {
    const f = path.join(tmp, 'plain.bin');
    writeFileSync(f, blob([{ type: 1, handle: 5, strings: ['Maker', 'Model'] }, { type: 2, handle: 6, strings: ['Board'], formatted: 15 }, { type: 9, handle: 7, strings: ['Slot'], formatted: 17 }]));
    const { dmi, view } = await dmidecodeCase(f, ['--vcpus', '2', '--memory', '20000']);
    expect(view.smbios.visibleStructureCount).toBe(view.smbios.structures.length);
    checkAgainstDmidecode(dmi, view);
  });

  it('stops after the first two of three OEM structures, as hvmloader\'s count makes it', async () => {
    const f = path.join(tmp, 'oem.bin');
    writeFileSync(f, blob([{ type: 130, handle: 0x80, strings: [] }, { type: 131, handle: 0x81, strings: ['x'] }, { type: 132, handle: 0x82, strings: [] }]));
    const { dmi, view } = await dmidecodeCase(f);
    checkAgainstDmidecode(dmi, view);
    expect(dmi.out).not.toMatch(/DMI type 132,/);
  });

  const hosts = corpusFiles('smbios', (n) => /u-root|siderolabs|dell_libsmbios__src_pyunit_system_dumps_PE1750_A07/.test(n)).slice(0, 8);
  it.skipIf(hosts.length === 0)('agrees with hvmpack on structures and handles for corpus hosts (%s hosts)', async () => {
    for (const host of hosts) {
      const out = path.join(tmp, `${path.basename(host)}.blob`);
      const pack = await runHvmpack(['pack', 'smbios', host, '-o', out, '--force', '--quiet']);
      expect(pack.code, pack.stderr).toBe(0);
      for (const fw of ['seabios', 'ovmf']) {
        const { dmi, view } = await dmidecodeCase(out, ['--firmware', fw]);
        if ((view.smbios as { entryPoint: unknown }).entryPoint === null) continue;
        checkAgainstDmidecode(dmi, view);
      }
    }
  });
});

/** acpidump text for tables at fake addresses (the format acpixtract reads). */
function acpidumpText(tables: Uint8Array[]): string {
  const lines: string[] = [];
  for (const t of tables) {
    const sig = String.fromCharCode(...t.subarray(0, 4));
    lines.push(`${sig} @ 0x0000000000000000`);
    for (let at = 0; at < t.length; at += 16) {
      const row = t.subarray(at, at + 16);
      const hexPart = [...row].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
      const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
      lines.push(`  ${at.toString(16).toUpperCase().padStart(4, '0')}: ${hexPart.padEnd(47)}  ${ascii}`);
    }
    lines.push('');
  }
  return lines.join('\n') + '\n';
}

describe.skipIf(skipReason({ tools: ['acpixtract', 'iasl'], corpus: 'acpi' }))('acpixtract and iasl -d accept a packed acpi_firmware blob', () => {
  const hosts = corpusFiles('acpi', (n) => /Dell_OptiPlex|Google_Fizz|Optimized-Hosting_KVM/.test(n)).slice(0, 3);
  it.each(hosts.map((h) => [path.basename(h).slice(0, 50), h]))('%s', async (_name, host) => {
    const dir = mkdtempSync(path.join(tmp, 'acpi-'));
    const out = path.join(dir, 'acpi.bin');
    const pack = await runHvmpack(['pack', 'acpi', host, '-o', out, '--force', '--quiet']);
    expect(pack.code, pack.stderr).toBe(0);
    const records = decodeAcpiBlob(new Uint8Array(readFileSync(out))).records;
    expect(records.length).toBeGreaterThan(0);
    writeFileSync(path.join(dir, 'blob.txt'), acpidumpText(records.map((r) => r.bytes)));
    const x = run('acpixtract', ['-a', 'blob.txt'], dir);
    expect(x.status, x.out).toBe(0);
    const dats = readdirSync(dir).filter((n) => n.endsWith('.dat')).sort();
    expect(dats).toHaveLength(records.length);
    // Every extracted table is byte-identical to one in the blob.
    const ours = new Set(records.map((r) => Buffer.from(r.bytes).toString('hex')));
    for (const d of dats) expect(ours.has(readFileSync(path.join(dir, d)).toString('hex'))).toBe(true);
    // iasl -d on the smaller tables (bounded: timeout and output cap in run()).
    const sample = dats.map((d) => [d, readFileSync(path.join(dir, d)).length] as const).sort((a, b) => a[1] - b[1]).slice(0, 4);
    for (const [d] of sample) {
      const r = run('iasl', ['-d', d], dir);
      expect(r.status, r.out.slice(-500)).toBe(0);
      expect(readdirSync(dir)).toContain(d.replace(/\.dat$/, '.dsl'));
    }
  });
});
