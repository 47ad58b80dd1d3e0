// hvmpack audit as a user runs it: exit codes, masked values, policies, SARIF pointing at the
// value's bytes, a prepare folder, and the usage errors that run nothing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExampleHost } from '@hvmpack/host';
import { runHvmpack } from './support/cli.js';
import { repoRoot } from './support/env.js';
import { tempDir } from './support/tools.js';

const dir = tempDir('audit-cli');
const f = (n: string): string => path.join(dir, n);
// The example host's made-up identifiers (packages/host/src/example-host.ts).
const SERIAL = 'EX-0000-DEMO';

beforeAll(() => {
  const host = buildExampleHost();
  writeFileSync(f('host.bin'), host.smbiosDumpBin);
  writeFileSync(f('host.txt'), host.acpidumpText);
  writeFileSync(f('allow.json'), JSON.stringify({ version: 1, rules: [{ match: {}, action: 'allow' }] }));
  writeFileSync(f('allow.yaml'), 'version: 1\nrules:\n  - match: {}\n    action: allow\n');
  writeFileSync(f('strict.yaml'), 'version: 1\nrules:\n  - match: { class: [oem-id] }\n    action: fail\n    when: always\n');
  writeFileSync(f('bad.yaml'), 'version: 1\nrules:\n  - match: { class: [ssn] }\n    action: fail\n');
  writeFileSync(f('comma.json'), '{\n  "version": 1,\n  "rules": [,]\n}\n');
  writeFileSync(f('notes.txt'), 'just some notes, not firmware\n');
});

describe('hvmpack audit', () => {
  it('exits 1 when a serial reaches the guest, with values masked', async () => {
    const r = await runHvmpack(['audit', f('host.bin'), f('host.txt'), '--xen', '4.17']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL +serial +smbios\.1\.serialNumber +"E\*+O" +reaches the guest/m);
    expect(r.stdout).not.toContain(SERIAL);
    expect(r.stderr).toContain('policy violation');
  });

  it('prints values with --show-values', async () => {
    const r = await runHvmpack(['audit', f('host.bin'), '--xen', '4.17', '--show-values']);
    expect(r.stdout).toContain(`"${SERIAL}"`);
  });

  it.each([['JSON', 'allow.json'], ['YAML', 'allow.yaml']])('exits 0 under a %s policy that allows everything', async (_kind, file) => {
    const r = await runHvmpack(['audit', f('host.bin'), f('host.txt'), '--xen', '4.21', '--policy', f(file), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { violation: boolean; policy: string; summary: { allowCount: number; identifierCount: number } };
    expect(doc.violation).toBe(false);
    expect(doc.policy).toBe(f(file));
    expect(doc.summary.allowCount).toBe(doc.summary.identifierCount);
  });

  it('applies an always rule to identifiers that do not reach (the FACP hvmloader replaces)', async () => {
    const r = await runHvmpack(['audit', f('host.txt'), '--xen', '4.21', '--policy', f('strict.yaml'), '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { identifiers: { id: string; reach: { reaches: unknown }; verdict: { action: string } }[] };
    const facp = doc.identifiers.find((i) => i.id === 'acpi.FACP.oemId')!;
    expect([facp.reach.reaches, facp.verdict.action]).toEqual([false, 'fail']);
  });

  it.each([
    ['an unknown class', 'bad.yaml', /bad\.yaml: .*policy\.rules\[0\]\.match\.class\[0\]/],
    ['a JSON syntax error', 'comma.json', /comma\.json: policy file is not valid JSON.*line 3/],
  ])('refuses a policy with %s (exit 2), naming where', async (_name, file, message) => {
    const r = await runHvmpack(['audit', f('host.bin'), '--policy', f(file)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('writes SARIF 2.1.0 whose regions hold the value in the input file', async () => {
    const r = await runHvmpack(['audit', f('host.bin'), f('host.txt'), '--xen', '4.17', '--sarif']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as {
      version: string; $schema: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; message: { text: string }; properties: { identifier: string }; locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { byteOffset: number; byteLength: number } } }[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const run = sarif.runs[0]!;
    const ruleIds = new Set(run.tool.driver.rules.map((x) => x.id));
    const serial = run.results.find((x) => x.properties.identifier === 'smbios.1.serialNumber')!;
    expect(serial.level).toBe('error');
    expect(serial.message.text).not.toContain(SERIAL);
    for (const res of run.results) expect(ruleIds.has(res.ruleId)).toBe(true);
    const loc = serial.locations![0]!.physicalLocation;
    expect(loc.artifactLocation.uri).toBe(f('host.bin'));
    const bytes = readFileSync(f('host.bin')).subarray(loc.region!.byteOffset, loc.region!.byteOffset + loc.region!.byteLength);
    expect(bytes.toString('latin1')).toBe(SERIAL);
    // acpidump text has no byte offsets for a table: the file, without a region.
    const oem = run.results.find((x) => x.properties.identifier === 'acpi.SSDT.oemId')!;
    expect(oem.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: f('host.txt') } });
  });

  it('accepts the policy docs/audit.md shows', async () => {
    const doc = readFileSync(path.join(repoRoot, 'docs', 'audit.md'), 'utf8');
    writeFileSync(f('doc-policy.yaml'), /```yaml\n([\s\S]*?)```/.exec(doc)![1]!);
    const r = await runHvmpack(['audit', '--example', '--xen', '4.21', '--policy', f('doc-policy.yaml'), '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect((JSON.parse(r.stdout) as { summary: { failCount: number } }).summary.failCount).toBe(4);
  });

  it('writes a Markdown table of what is not allowed', async () => {
    const r = await runHvmpack(['audit', f('host.bin'), '--xen', '4.17', '--markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^# hvmpack audit: Example Computers Model 7 Laptop$/m);
    expect(r.stdout).toMatch(/^\| fail \| serial \| `smbios\.1\.serialNumber` \|/m);
  });

  it('audits a prepare folder with the guest it was made for', async () => {
    expect((await runHvmpack(['prepare', f('host.bin'), f('host.txt'), '--xen', '4.17', '-o', f('prepared')])).code).not.toBe(2);
    const r = await runHvmpack(['audit', f('host.bin'), f('host.txt'), '--prepare', f('prepared'), '--json']);
    const doc = JSON.parse(r.stdout) as { guest: { xen: string }; identifiers: { id: string; reach: { reaches: unknown } }[] };
    expect(doc.guest.xen).toBe('4.17.0');
    expect(doc.identifiers.find((i) => i.id === 'smbios.1.serialNumber')!.reach.reaches).toBe(true);
  });

  it('lets built blobs decide: a blob without type 1 keeps the system serial in the host', async () => {
    mkdirSync(f('blobs'));
    expect((await runHvmpack(['pack', 'smbios', f('host.bin'), '--types', '0,2', '-o', f('blobs/smbios.bin')])).code).toBe(0);
    const r = await runHvmpack(['audit', f('host.bin'), '--blobs', f('blobs'), '--xen', '4.17', '--json']);
    const doc = JSON.parse(r.stdout) as { identifiers: { id: string; reach: { reaches: unknown; why?: string } }[] };
    expect(doc.identifiers.find((i) => i.id === 'smbios.2.serialNumber')!.reach.reaches).toBe(true);
    expect(doc.identifiers.find((i) => i.id === 'smbios.1.serialNumber')!.reach).toMatchObject({ reaches: false, why: expect.stringContaining('not in the smbios blob') });
  });

  it.each<[string, string[], string, unknown]>([
    ['no guest named', [], 'guest: none given, so reach is unknown', null],
    ['--target xen alone: the stock xl guest', ['--target', 'xen'], 'guest: Xen 4.22.0, seabios', { target: 'xen', xen: '4.22.0', firmware: 'seabios' }],
    ['--target qemu with its flags', ['--target', 'qemu', '--machine', 'q35', '--firmware', 'ovmf', '--smp', '4', '--memory', '4096'], 'guest: QEMU 7.2 q35, ovmf, 4 CPU(s) in 1 socket(s), 4096 MiB, SMBIOS entry point 2.1', { target: 'qemu', qemu: '7.2', machine: 'q35', firmware: 'ovmf', cpus: 4, sockets: 1, memoryMiB: 4096, smbiosEntryPoint: '32' }],
  ])('names the guest reach was judged against: %s', async (_name, flags, line, json) => {
    const text = await runHvmpack(['audit', f('host.bin'), f('host.txt'), ...flags]);
    expect(text.stdout.split('\n')[1]).toMatch(new RegExp(`^${line.replace(/[.()]/g, '\\$&')}`));
    const doc = JSON.parse((await runHvmpack(['audit', f('host.bin'), f('host.txt'), ...flags, '--json'])).stdout) as { guest: unknown; target: unknown; identifiers: { id: string; reach: { reaches: unknown; target?: string } }[] };
    expect(doc.guest).toEqual(json);
    const serial = doc.identifiers.find((i) => i.id === 'smbios.1.serialNumber')!.reach;
    expect(serial).toMatchObject(json === null ? { reaches: 'unknown' } : { reaches: true, target: (json as { target: string }).target });
    expect(doc.target).toBe(json === null ? null : (json as { target: string }).target);
    expect((await runHvmpack(['audit', f('host.bin'), ...flags, '--markdown'])).stdout).toContain(`\nGuest: ${line.slice('guest: '.length)}`);
  });

  it('reads this machine with no input: an audit, or one line saying what could not be read', async () => {
    const r = await runHvmpack(['audit', '--json']);
    expect([0, 1, 2]).toContain(r.code);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const doc = JSON.parse(r.stdout) as { input: Record<string, string>; error?: { message: string } };
    if (r.code === 2) expect(doc.error!.message).toMatch(/cannot read this machine's firmware tables \(\/sys\/firmware\/dmi\/tables: .*\/sys\/firmware\/acpi\/tables: /);
    else expect(Object.values(doc.input).every((p) => p.startsWith('/sys/firmware/'))).toBe(true);
  });

  it.each<[string, () => string[], RegExp]>([
    ['two output formats', () => ['audit', f('host.bin'), '--json', '--sarif'], /one of --json, --markdown, --sarif/],
    ['--blobs and --prepare', () => ['audit', f('host.bin'), '--blobs', dir, '--prepare', dir], /--blobs or --prepare/],
    ['--blobs naming a file', () => ['audit', f('host.bin'), '--blobs', f('host.bin')], /not a folder/],
    ['a missing input', () => ['audit', f('absent.bin')], /absent\.bin/],
    ['a file of the wrong kind', () => ['audit', f('notes.txt')], /notes\.txt: not ACPI tables/],
    ['a misspelt option', () => ['audit', f('host.bin'), '--polcy', 'x'], /polcy/],
    ['a QEMU flag without --target qemu', () => ['audit', f('host.bin'), '--machine', 'q35'], /--machine describes a QEMU guest: add --target qemu/],
    ['a Xen flag with --target qemu', () => ['audit', f('host.bin'), '--target', 'qemu', '--xen', '4.17'], /--xen describes a Xen guest; --target qemu takes/],
    ['--prepare with --target qemu', () => ['audit', f('host.bin'), '--target', 'qemu', '--prepare', dir], /--prepare describes a Xen guest/],
    ['a firmware QEMU does not boot', () => ['audit', f('host.bin'), '--target', 'qemu', '--firmware', 'rombios'], /--firmware: expected seabios, ovmf/],
    ['a socket count that does not divide the CPUs', () => ['audit', f('host.bin'), '--target', 'qemu', '--smp', '3', '--sockets', '2'], /--sockets: expected a divisor of -smp 3/],
    ['an unknown target', () => ['audit', f('host.bin'), '--target', 'kvm'], /target/],
  ])('refuses %s with one line and exit 2', async (_name, argv, message) => {
    const r = await runHvmpack(argv());
    expect(r.code).toBe(2);
    // With --json the error is also a JSON document on stdout (docs/json.md).
    if (!argv().includes('--json')) expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
