import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELF, buildElf32 } from '@hvmpack/layout';
import { buildMetaModule, buildSmbiosModule, encodeModuleSet } from '@hvmpack/container';
import { runHvmpack } from './support/cli.js';
import { repoRoot, which } from './support/env.js';
import { tempDir } from './support/tools.js';

const dir = tempDir('layout');

const file = (name: string, bytes: Uint8Array): string => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

// hvmloader-like ELF: 0x3A000 bytes of text/data, .bss up to 0x14B2C0.
const loader = file(
  'hvmloader',
  buildElf32({
    segments: [
      { paddr: 0x100000, data: new Uint8Array(0x30000).fill(0x90) },
      { paddr: 0x130000, data: new Uint8Array(0xa000).fill(1), memSize: 0x1b2c0, flags: ELF.PF_R | ELF.PF_W },
    ],
  }),
);
const seabios = file('seabios.bin', new Uint8Array(0x20000));
const acpi = file('acpi.bin', new Uint8Array(0x1234));
const smbios = file('smbios.bin', new Uint8Array(0x800));
// A type-127 end-of-table structure as a Xen blob: u32 length 6, then 7F 04 00 00 00 00.
const smbiosBlob = new Uint8Array([6, 0, 0, 0, 0x7f, 4, 0, 0, 0, 0]);
const container = file(
  'modules.img',
  encodeModuleSet({ formatMinor: 0, flags: 1, modules: [buildSmbiosModule(smbiosBlob), buildMetaModule([{ key: 'vendor', value: 'hvmpack' }])] }),
);

interface JsonPlan {
  profile: string;
  regions: Array<{ name: string; start: string; end: string; kind: string }>;
  e820: { beforeHandoff: Array<{ start: string; end: string; type: string }>; afterHandoff: unknown[] };
  minimumMemoryMiB: number | null;
  findings: Array<{ code: string; message: string; regions: string[] }>;
}

async function planJson(argv: string[]): Promise<{ code: number; plan: JsonPlan }> {
  const r = await runHvmpack(['plan', ...argv, '--json']);
  expect(r.stderr).toBe('');
  return { code: r.code, plan: JSON.parse(r.stdout) as JsonPlan };
}

const at = (p: JsonPlan, name: string): [string, string] => {
  const r = p.regions.find((x) => x.name === name);
  return r ? [r.start, r.end] : ['missing', name];
};

describe('hvmpack plan', () => {
  it('xen-4.8: reads the ELF and prints the libxenguest placement', async () => {
    const { code, plan } = await planJson(['--loader', loader, '--module', `firmware=${seabios}`, '--module', `acpi=${acpi}`, '--module', `smbios=${smbios}`, '--memory', '1024']);
    expect(code).toBe(0);
    expect(plan.profile).toBe('xen-4.8');
    expect(at(plan, 'hvmloader')).toEqual(['0x00100000', '0x0014b2c0']);
    expect(at(plan, 'firmware')).toEqual(['0x0014c000', '0x0016c000']);
    expect(at(plan, 'acpi')).toEqual(['0x0016c000', '0x0016d234']);
    expect(at(plan, 'smbios')).toEqual(['0x0016e000', '0x0016e800']);
    expect(at(plan, 'hvm_start_info')).toEqual(['0x0016f000', '0x0016f890']);
    expect(plan.minimumMemoryMiB).toBe(10);
    expect(plan.e820.beforeHandoff).toEqual([{ start: '0x00100000', end: '0x3f800000', type: 'ram', note: expect.any(String) }]);
    for (const r of plan.regions) {
      expect(r.start).toMatch(/^0x[0-9a-f]{8,}$/);
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['name', 'start', 'end', 'kind']));
    }
    expect(plan.findings.filter((f) => f.code !== 'EMPTY_MODULE')).toEqual([]);
  });

  it('xen-4.3: blobs at roundup(pend, 1 MiB) + 1 MiB, from sizes', async () => {
    const { code, plan } = await planJson(['--profile', 'xen-4.3', '--loader', '0x4b2c0', '--module', 'acpi=0x1234', '--module', 'smbios=2K', '--memory', '64']);
    expect(code).toBe(0);
    expect(at(plan, 'acpi')).toEqual(['0x00300000', '0x00301234']);
    expect(at(plan, 'smbios')).toEqual(['0x00301280', '0x00301a80']);
    expect(plan.minimumMemoryMiB).toBe(12);
  });

  it('rfc: places the module container at 0x200000 as encoded', async () => {
    const { code, plan } = await planJson(['--profile', 'rfc', '--loader', loader, '--modules', container, '--memory', '64']);
    expect(code).toBe(0);
    expect(at(plan, 'module-set header')[0]).toBe('0x00200000');
    const smbs = plan.regions.find((r) => r.name === 'smbs[0]')!;
    expect(BigInt(smbs.start) % 16n).toBe(0n);
    expect(BigInt(smbs.start)).toBeGreaterThan(0x200000n);
    expect(plan.regions.some((r) => r.name === 'meta[1]')).toBe(true);
  });

  it('xen-4.8 with the container: its SMBIOS payload becomes the smbios blob', async () => {
    const { plan } = await planJson(['--loader', loader, '--modules', container, '--module', `firmware=${seabios}`, '--memory', '64']);
    expect(at(plan, 'smbios')).toEqual(['0x0016c000', '0x0016c00a']);
  });

  it('exits 1 and names both ranges on a collision', async () => {
    const { code, plan } = await planJson(['--profile', 'rfc', '--loader', '0x110000', '--module', 'acpi=4K', '--memory', '64', '--scratch', 'low']);
    expect(code).toBe(1);
    const f = plan.findings.find((x) => x.code === 'LOADER_MODULE_OVERLAP')!;
    expect(f.regions).toEqual(['hvmloader', 'acpi']);
    expect(f.message).toContain('[0x00100000, 0x00210000)');
    expect(f.message).toContain('[0x00200000, 0x00201000)');
    expect(plan.minimumMemoryMiB).toBeNull();
  });

  it('prints a table, both e820 maps, the minimum memory and findings as text', async () => {
    const r = await runHvmpack(['plan', '--loader', loader, '--module', `firmware=${seabios}`, '--module', 'acpi=16M', '--memory', '20']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^region\s+start\s+end \(excl\.\)\s+size\s+kind\s+source$/m);
    expect(r.stdout).toMatch(/^hvmloader\s+0x00100000\s+0x0014b2c0\s+300.6 KiB\s+loader/m);
    expect(r.stdout).toContain('e820 before hand-off');
    expect(r.stdout).toContain('e820 after hand-off');
    expect(r.stdout).toMatch(/minimum memory: \d+ MiB/);
    expect(r.stdout).toContain('BEYOND_GUEST_RAM');
  });

  it.each([
    [['--loader', '0x1000', '--memory', '64', '--profile', 'xen-9'], 'Invalid values'],
    [['--loader', '0x1000', '--memory', '64', '--module', 'acpi'], 'NAME=FILE'],
    [['--loader', path.join(dir, 'missing'), '--memory', '64'], 'missing'],
  ])('rejects bad usage %j with exit 2', async (argv, text) => {
    const r = await runHvmpack(['plan', ...argv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
  });

  it('rejects an ELF64 loader with exit 2 and the file name', async () => {
    const elf64 = new Uint8Array(64);
    elf64.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    const p = file('elf64', elf64);
    const r = await runHvmpack(['plan', '--loader', p, '--memory', '64']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${p}: ELF image is not 32-bit`);
  });
});

// Structural SVG check: well-formed enough for a browser, every region labelled, collisions red.
function checkSvg(svg: string): void {
  expect(svg.startsWith('<?xml')).toBe(true);
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (self) continue;
    if (close) expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
}

describe('hvmpack plan --svg', () => {
  it('writes a labelled map; colliding ranges are red', async () => {
    const out = path.join(dir, 'collide.svg');
    const r = await runHvmpack(['plan', '--profile', 'rfc', '--loader', '0x100400', '--module', 'acpi=4K', '--module', 'smbios=2K', '--memory', '64', '--scratch', 'low', '--svg', out]);
    expect(r.code).toBe(1);
    const svg = readFileSync(out, 'utf8');
    checkSvg(svg);
    const { plan } = await planJson(['--profile', 'rfc', '--loader', '0x100400', '--module', 'acpi=4K', '--module', 'smbios=2K', '--memory', '64', '--scratch', 'low']);
    for (const reg of plan.regions.filter((x) => BigInt(x.end) > BigInt(x.start))) expect(svg).toContain(`data-label="${reg.name}"`);
    expect(svg).toMatch(/data-region="hvmloader"[^>]*data-collision="true"/);
    expect(svg).toMatch(/data-region="acpi"[^>]*data-collision="true"/);
    expect(svg).not.toMatch(/data-region="smbios"[^>]*data-collision/);
    expect(svg).toContain('#e15759');
  });

  const chromium = which('chromium');
  if (!chromium) console.warn('[skip] chromium not installed: SVG render check skipped (structural check above still runs)');
  it.skipIf(!chromium)('renders in headless Chromium to a non-blank PNG', async () => {
    const out = path.join(dir, 'ok.svg');
    await runHvmpack(['plan', '--loader', loader, '--module', `firmware=${seabios}`, '--module', `acpi=${acpi}`, '--module', `smbios=${smbios}`, '--memory', '1024', '--svg', out]);
    const png = path.join(dir, 'ok.png');
    spawnSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', `--screenshot=${png}`, '--window-size=1200,900', `file://${out}`], { timeout: 60_000, stdio: 'ignore' });
    const bytes = readFileSync(png);
    expect(statSync(png).size).toBeGreaterThan(10_000); // a blank white PNG of this size compresses to a few KiB
    expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  });
});

describe('docs/layout-example.svg', () => {
  it('is what `hvmpack plan --example --svg` writes today (regenerate with that command)', async () => {
    const out = path.join(dir, 'example.svg');
    const r = await runHvmpack(['plan', '--example', '--svg', out]);
    expect(r.code).toBe(0);
    const fresh = readFileSync(out, 'utf8');
    checkSvg(fresh);
    const doc = path.join(repoRoot, 'docs', 'layout-example.svg');
    const committed = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
    if (committed !== fresh) writeFileSync(doc + '.actual', fresh);
    expect(committed === fresh, `docs/layout-example.svg is stale; see ${doc}.actual`).toBe(true);
  });
});

describe('docs/layout.md', () => {
  it('shows exactly what `hvmpack plan --example` prints today', async () => {
    const r = await runHvmpack(['plan', '--example']);
    expect(r.code).toBe(0);
    const doc = readFileSync(path.join(repoRoot, 'docs', 'layout.md'), 'utf8');
    const m = /under `xen-4\.8`:\n\n```\n([\s\S]*?)```/.exec(doc);
    expect(m, 'the example block is missing from docs/layout.md').not.toBeNull();
    expect(m![1]).toBe(r.stdout);
  });
});
