// hvmpack prepare / xenstore / xl-cfg: the folder is complete or absent, its outputs agree with
// each other (addresses = the plan, lengths = the blobs), and no input is ever written over.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHvmInfoTable, parseXlCfg } from '@hvmpack/xen';
import { corpusFiles } from './support/env.js';
import { runHvmpack } from './support/cli.js';
import { tempDir } from './support/tools.js';

const dir = tempDir('toolstack-cli');
const at = (...p: string[]): string => path.join(dir, ...p);

interface PlanJson { regions: { name: string; start: string; end: string }[] }
interface KeysJson { entries: { path: string; value: string; reader: string }[] }

/** Checks a prepared folder: every output there, and the keys agree with the plan and the blobs. */
function verifyFolder(out: string): void {
  const names = readdirSync(out).sort();
  expect(names).toEqual(expect.arrayContaining(['guest-view.json', 'guest.json', 'hvm-info.bin', 'keys.json', 'plan.json', 'plan.svg', 'report.json', 'xenstore.sh', 'xl.cfg']));
  const keys = (JSON.parse(readFileSync(path.join(out, 'keys.json'), 'utf8')) as KeysJson).entries;
  const value = (p: string): string | undefined => keys.find((k) => k.path === p)?.value;
  const plan = JSON.parse(readFileSync(path.join(out, 'plan.json'), 'utf8')) as PlanJson;
  for (const blob of ['smbios', 'acpi'] as const) {
    const file = path.join(out, `${blob}.bin`);
    if (!names.includes(`${blob}.bin`)) {
      expect(value(`hvmloader/${blob}/address`)).toBeUndefined();
      continue;
    }
    const region = plan.regions.find((r) => r.name === blob)!;
    // hvmloader reads both with strtoll(s, NULL, 0).
    expect(BigInt(value(`hvmloader/${blob}/address`)!)).toBe(BigInt(region.start));
    expect(Number(value(`hvmloader/${blob}/length`)!)).toBe(readFileSync(file).length);
    expect(readFileSync(path.join(out, 'xl.cfg'), 'utf8')).toContain(`${blob}_firmware = ${JSON.stringify(file)}`);
  }
  const cfg = readFileSync(path.join(out, 'xl.cfg'), 'utf8');
  expect(parseXlCfg(cfg).map((s) => s.key)).toEqual(expect.arrayContaining(['bios', 'memory', 'vcpus']));
  expect(decodeHvmInfoTable(new Uint8Array(readFileSync(path.join(out, 'hvm-info.bin'))))).toMatchObject({ reservedMemPgstart: 0xfeff0 });
  // The script's dry run (XENSTORE_WRITE=echo) prints every key under the domid given.
  const dry = spawnSync('sh', [path.join(out, 'xenstore.sh'), '12'], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', XENSTORE_WRITE: 'echo' }, encoding: 'utf8' });
  expect(dry.status).toBe(0);
  for (const k of keys) expect(dry.stdout).toContain(`/local/domain/12/${k.path}`);
}

describe('hvmpack prepare', () => {
  it('makes a complete, consistent folder from the built-in example', async () => {
    const r = await runHvmpack(['prepare', '--example', '-o', at('ex'), '--vcpus', '2', '--memory', '2048', '--bios-string', 'system-serial-number=S-1']);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/smbios\.bin: \d+ structure\(s\)/);
    verifyFolder(at('ex'));
    expect(readFileSync(at('ex', 'xl.cfg'), 'utf8')).toContain('vcpus = 2\n');
    // No temporary folder left beside it.
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('takes a guest file, flags overriding it', async () => {
    writeFileSync(at('guest.json'), JSON.stringify({ vcpus: 3, memoryMiB: 4096, firmware: 'ovmf', biosStrings: { 'system-version': 'v9' } }));
    const r = await runHvmpack(['prepare', '--example', '--guest', at('guest.json'), '--vcpus', '5', '-o', at('gf'), '--json']);
    expect(r.code).toBe(0);
    const guest = JSON.parse(readFileSync(at('gf', 'guest.json'), 'utf8')) as { vcpus: number; memoryMiB: number; firmware: string; biosStrings: Record<string, string> };
    expect(guest).toMatchObject({ vcpus: 5, memoryMiB: 4096, firmware: 'ovmf', biosStrings: { 'system-version': 'v9' } });
  });

  it('reads a YAML guest file, naming the line of a syntax error and refusing an unquoted version', async () => {
    writeFileSync(at('guest.yaml'), 'vcpus: 6\nxen: "4.20"\nacpiS3: false\nbiosStrings:\n  system_version: yes # a string in YAML 1.2\n');
    expect((await runHvmpack(['prepare', '--example', '--guest', at('guest.yaml'), '-o', at('gy'), '-q'])).code).toBe(0);
    expect(JSON.parse(readFileSync(at('gy', 'guest.json'), 'utf8'))).toMatchObject({ vcpus: 6, xen: '4.20.0', acpiS3: false, biosStrings: { 'system-version': 'yes' } });
    writeFileSync(at('broken.yml'), 'vcpus: 2\nbiosStrings: [unclosed\n');
    const broken = await runHvmpack(['xl-cfg', '--guest', at('broken.yml')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yml: guest file is not valid YAML .*line [23]/);
    writeFileSync(at('number.yml'), 'xen: 4.10\n');
    const num = await runHvmpack(['xl-cfg', '--guest', at('number.yml')]);
    expect(num.code).toBe(2);
    expect(num.stderr).toContain('guest.xen: expected a quoted version string');
  });

  it('names the field of a bad guest file', async () => {
    writeFileSync(at('bad-guest.json'), JSON.stringify({ vcpu: 3 }));
    const r = await runHvmpack(['prepare', '--example', '--guest', at('bad-guest.json'), '-o', at('bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('guest.vcpu');
    expect(readdirSync(dir)).not.toContain('bad');
  });

  it('refuses an existing non-empty folder and leaves it untouched; fills an empty one', async () => {
    mkdirSync(at('full'));
    writeFileSync(at('full', 'mine.txt'), 'keep');
    const r = await runHvmpack(['prepare', '--example', '-o', at('full')]);
    expect(r.code).toBe(2);
    expect(readdirSync(at('full'))).toEqual(['mine.txt']);
    mkdirSync(at('empty'));
    expect((await runHvmpack(['prepare', '--example', '-o', at('empty'), '-q'])).code).toBe(0);
    verifyFolder(at('empty'));
  });

  it('writes nothing when a check fails, and exits 1', async () => {
    const r = await runHvmpack(['prepare', '--example', '-o', at('gap'), '--bios-string', 'oem-2=x', '--json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { written: boolean; findings: { code: string }[] })).toMatchObject({ written: false, findings: expect.arrayContaining([expect.objectContaining({ code: 'XENSTORE_OEM_GAP' })]) });
    expect(readdirSync(dir)).not.toContain('gap');
  });

  const hosts = [...corpusFiles('smbios').filter((f) => !/smbios_entry_point|entry(_v3)?\.bin$/.test(f)).slice(0, 40), ...corpusFiles('acpi')];
  it.skipIf(hosts.length === 0)('makes a verified folder, or none and the errors, for every corpus host', async () => {
    let written = 0;
    for (const [i, host] of hosts.entries()) {
      const out = at(`corpus-${i}`);
      const r = await runHvmpack(['prepare', host, '-o', out, '--json']);
      if (r.code === 2) continue; // inputs our readers refuse alone (half of a sysfs pair)
      const res = JSON.parse(r.stdout) as { written: boolean; findings: { severity: string }[] };
      expect(res.written, `${host}: ${r.stderr}`).toBe(r.code === 0);
      if (r.code === 0) {
        verifyFolder(out);
        written++;
      } else {
        expect(r.code, host).toBe(1);
        expect(res.findings.some((f) => f.severity === 'error')).toBe(true);
        expect(readdirSync(dir)).not.toContain(`corpus-${i}`);
      }
    }
    expect(written).toBeGreaterThan(hosts.length / 2);
  });
});

describe('hvmpack xenstore and xl-cfg', () => {
  it('prints keys as lines, JSON and a script', async () => {
    const lines = await runHvmpack(['xenstore', '--bios-string', 'bios_vendor=V\\x', '--domid', '9', '--platform-acpi', 'false']);
    expect(lines.code).toBe(0);
    expect(lines.stdout).toContain('/local/domain/9/platform/acpi=0\n');
    expect(lines.stdout).toContain('/local/domain/9/bios-strings/bios-vendor=V\\\\x\n');
    const json = JSON.parse((await runHvmpack(['xenstore', '--format', 'json'])).stdout) as KeysJson;
    expect(json.entries.find((e) => e.path === 'hvmloader/bios')?.value).toBe('seabios');
    const sh = await runHvmpack(['xenstore', '--format', 'sh', '--hvm-info']);
    expect(sh.stdout.startsWith('#!/bin/sh\n')).toBe(true);
    expect(sh.stdout).toContain("'hvmloader/hvm-info/nr-vcpus' '1'");
  });

  it('places the blobs as the plan does, or where told', async () => {
    await runHvmpack(['prepare', '--example', '-o', at('for-xs'), '-q']);
    const planned = JSON.parse((await runHvmpack(['xenstore', '--smbios', at('for-xs', 'smbios.bin'), '--json'])).stdout) as KeysJson;
    const keys = (JSON.parse(readFileSync(at('for-xs', 'keys.json'), 'utf8')) as KeysJson).entries;
    expect(planned.entries.find((e) => e.path === 'hvmloader/smbios/length')).toEqual(keys.find((e) => e.path === 'hvmloader/smbios/length'));
    expect((await runHvmpack(['pack', 'modules', '--smbios', at('for-xs', 'smbios.bin'), '-o', at('mods.img'), '-q'])).code).toBe(0);
    const mods = JSON.parse((await runHvmpack(['xenstore', '--modules', at('mods.img'), '--json'])).stdout) as KeysJson;
    expect(mods.entries.filter((e) => e.path.startsWith('hvmloader/modules/'))).toEqual([
      { path: 'hvmloader/modules/address', value: '0x200000', reader: 'proposal' },
      { path: 'hvmloader/modules/length', value: `0x${readFileSync(at('mods.img')).length.toString(16)}`, reader: 'proposal' },
    ]);
    const told = JSON.parse((await runHvmpack(['xenstore', '--smbios', at('for-xs', 'smbios.bin'), '--smbios-address', '0x300000', '--json'])).stdout) as KeysJson;
    expect(told.entries.find((e) => e.path === 'hvmloader/smbios/address')?.value).toBe('0x300000');
  });

  it('merges into an xl.cfg, never over its input', async () => {
    const user = '# mine\nname = "g"\nmemory = 512\n';
    writeFileSync(at('user.cfg'), user);
    const same = await runHvmpack(['xl-cfg', '--merge', at('user.cfg'), '-o', at('user.cfg'), '--vcpus', '2']);
    expect(same.code).toBe(2);
    expect(readFileSync(at('user.cfg'), 'utf8')).toBe(user);
    expect((await runHvmpack(['xl-cfg', '--merge', at('user.cfg'), '--vcpus', '2'])).code).toBe(2);
    const ok = await runHvmpack(['xl-cfg', '--merge', at('user.cfg'), '-o', at('new.cfg'), '--vcpus', '2', '--memory', '2048']);
    expect(ok.code).toBe(0);
    const merged = readFileSync(at('new.cfg'), 'utf8');
    expect(merged.startsWith('# mine\nname = "g"\nmemory = 2056\n')).toBe(true);
    expect(merged).toContain('vcpus = 2\n');
  });
});
