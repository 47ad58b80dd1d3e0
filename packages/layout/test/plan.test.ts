import { describe, expect, it } from 'vitest';
import {
  LayoutCode,
  evaluatePlan,
  findMinimumMemory,
  formatAddress,
  loaderFromSize,
  planLayout,
  type PlanGuest,
  type PlanOptions,
  type ModuleSpec,
  type Plan,
  type PlanInput,
  type ProfileName,
  type Region,
} from '@hvmpack/layout';

// A loader like a real hvmloader: linked at 0x100000, 0x3A000 bytes of file, .bss up to 0x14B2C0.
const LOADER = { start: 0x100000n, end: 0x14b2c0n, source: 'worked example' };
const SEABIOS: ModuleSpec = { name: 'firmware', size: 0x20000n };
const ACPI: ModuleSpec = { name: 'acpi', size: 0x1234n };
const SMBIOS: ModuleSpec = { name: 'smbios', size: 0x800n };

function input(profile: ProfileName, modules: ModuleSpec[], guest: Partial<PlanGuest> = {}, loader = LOADER, options: PlanOptions = {}): PlanInput {
  return { profile, loader, modules, guest: { memoryMiB: 1024, ...guest }, options };
}

function region(p: Pick<Plan, 'regions'>, name: string): Region {
  const r = p.regions.find((x) => x.name === name);
  if (!r) throw new Error(`no region ${name}`);
  return r;
}

const range = (r: Region): [string, string] => [formatAddress(r.start), formatAddress(r.end)];
const codes = (p: Pick<Plan, 'findings'>): string[] => p.findings.filter((f) => f.severity === 'error').map((f) => f.code);

describe('xen-4.8 profile reproduces libxenguest placement (xen.md §2.2–§2.3)', () => {
  it('places SeaBIOS, ACPI, SMBIOS and start info on successive page boundaries after pageup(pend)', () => {
    const p = planLayout(input('xen-4.8', [SMBIOS, ACPI, SEABIOS]));
    // kernel segment: pageup(0x14B2C0 − 0x100000) = 0x4C000 pages → next segment at 0x14C000.
    expect(range(region(p, 'hvmloader'))).toEqual(['0x00100000', '0x0014b2c0']);
    expect(range(region(p, 'firmware'))).toEqual(['0x0014c000', '0x0016c000']);
    // ACPI after pageup(0x20000); SMBIOS after pageup(0x1234) = 0x2000.
    expect(range(region(p, 'acpi'))).toEqual(['0x0016c000', '0x0016d234']);
    expect(range(region(p, 'smbios'))).toEqual(['0x0016e000', '0x0016e800']);
    // start info: 56 + 64 + 2048 + 24 × 1 e820 entry = 2192 = 0x890 bytes.
    expect(range(region(p, 'hvm_start_info'))).toEqual(['0x0016f000', '0x0016f890']);
    expect(p.ok).toBe(true);
    expect(p.e820.beforeHandoff.map((e) => [formatAddress(e.start), formatAddress(e.end), e.type])).toEqual([['0x00100000', '0x3f800000', 'ram']]);
  });

  it('skips zero-length modules and counts a high-RAM e820 entry in the start-info size', () => {
    const p = planLayout(input('xen-4.8', [SEABIOS, { name: 'acpi', size: 0n }], { memoryMiB: 8192 }));
    expect(p.regions.some((r) => r.name === 'acpi')).toBe(false);
    expect(p.findings.map((f) => f.code)).toContain(LayoutCode.EmptyModule);
    // 2 e820 entries (low RAM, high RAM) → 2168 + 48 bytes.
    expect(range(region(p, 'hvm_start_info'))).toEqual(['0x0016c000', '0x0016c8a8']);
    expect(p.memory.highmemEnd).toBe(0x1_0000_0000n + (8184n << 20n) - 0xf000_0000n);
  });

  it('puts iPXE after SMBIOS (dom->modules come after the firmware modules)', () => {
    const p = planLayout(input('xen-4.8', [{ name: 'ipxe', size: 0x10000n }, SMBIOS, SEABIOS]));
    expect(range(region(p, 'smbios'))).toEqual(['0x0016c000', '0x0016c800']);
    expect(range(region(p, 'ipxe'))).toEqual(['0x0016d000', '0x0017d000']);
  });

  it('warns when no firmware module is given', () => {
    const p = planLayout(input('xen-4.8', [ACPI]));
    expect(p.findings.find((f) => f.code === LayoutCode.FirmwareModuleMissing)?.severity).toBe('warning');
  });
});

describe('xen-4.3 profile reproduces modules_init (ebb3f4943c)', () => {
  it('places ACPI at roundup(pend, 1 MiB) + 1 MiB and SMBIOS after a 128-byte-aligned ACPI', () => {
    const p = planLayout(input('xen-4.3', [SMBIOS, ACPI]));
    expect(range(region(p, 'acpi'))).toEqual(['0x00300000', '0x00301234']);
    // MKALIGN(0x1234, 128) = 0x1280.
    expect(range(region(p, 'smbios'))).toEqual(['0x00301280', '0x00301a80']);
    expect(p.regions.some((r) => r.kind === 'start-info')).toBe(false);
    expect(p.ok).toBe(true);
  });

  it('does not round a loader end that is already on a MiB boundary', () => {
    const p = planLayout(input('xen-4.3', [SMBIOS], {}, { ...LOADER, end: 0x200000n }));
    expect(range(region(p, 'smbios'))).toEqual(['0x00300000', '0x00300800']);
  });

  it('rejects a firmware module (the BIOS is inside hvmloader before 4.8)', () => {
    expect(codes(planLayout(input('xen-4.3', [SEABIOS, ACPI])))).toContain(LayoutCode.ModuleUnsupported);
  });
});

describe('rfc profile', () => {
  it('stacks modules from 0x200000 on 16-byte boundaries with scratch behind the loader', () => {
    const p = planLayout(input('rfc', [ACPI, SMBIOS]));
    expect(range(region(p, 'scratch'))).toEqual(['0x0014b2c0', '0x0018b2c0']);
    expect(range(region(p, 'acpi'))).toEqual(['0x00200000', '0x00201234']);
    expect(range(region(p, 'smbios'))).toEqual(['0x00201240', '0x00201a40']);
    expect(p.ok).toBe(true);
  });

  it('honours a custom module alignment and base', () => {
    const p = planLayout(input('rfc', [ACPI, SMBIOS], {}, LOADER, { moduleAlign: 0x1000n, moduleBase: 0x400000n }));
    expect(range(region(p, 'smbios'))).toEqual(['0x00402000', '0x00402800']);
  });
});

// Every check, each with a crafted case named after it.
describe('checks', () => {
  const cases: Array<{ name: string; input: PlanInput; code: string; regions: string[] }> = [
    {
      name: 'loader running into the rfc module area at 0x200000',
      input: input('rfc', [ACPI], {}, { ...LOADER, end: 0x210000n }, { scratch: { placement: 'low' } }),
      code: LayoutCode.LoaderModuleOverlap,
      regions: ['hvmloader', 'acpi'],
    },
    {
      name: 'rfc scratch behind a 0xF0000-byte loader reaching the modules',
      input: input('rfc', [ACPI], {}, { ...LOADER, end: 0x1f0000n }),
      code: LayoutCode.ScratchOverlap,
      regions: ['scratch', 'acpi'],
    },
    {
      name: 'module pinned on the hvm_info page',
      input: input('xen-4.8', [SEABIOS, { name: 'acpi', size: 0x1000n, address: 0x9f000n }]),
      code: LayoutCode.FixedRegionOverlap,
      regions: ['acpi', 'hvm_info_table'],
    },
    {
      name: 'two modules pinned on top of each other',
      input: input('rfc', [{ name: 'a', size: 0x100n, address: 0x300000n }, { name: 'b', size: 0x100n, address: 0x300080n }]),
      code: LayoutCode.ModuleOverlap,
      regions: ['a', 'b'],
    },
    {
      name: 'module pinned across 4 GiB',
      input: input('rfc', [{ name: 'acpi', size: 0x2000n, address: 0xffff_f000n }]),
      code: LayoutCode.AddressOverflow,
      regions: ['acpi'],
    },
    {
      name: 'module pinned above mmio_start',
      input: input('xen-4.8', [SEABIOS, { name: 'acpi', size: 0x1000n, address: 0xf000_0000n }], { memoryMiB: 8192 }),
      code: LayoutCode.AboveMmioStart,
      regions: ['acpi', 'MMIO hole'],
    },
    {
      name: '4 MiB SMBIOS blob in a 12 MiB guest (4 MiB RAM after video)',
      input: input('xen-4.8', [SEABIOS, { name: 'smbios', size: 0x400000n }], { memoryMiB: 12 }),
      code: LayoutCode.BeyondGuestRam,
      regions: ['smbios', 'guest RAM'],
    },
    {
      name: 'xen-4.3 blobs past the end of a 10 MiB guest',
      input: input('xen-4.3', [{ name: 'acpi', size: 0x100000n }], { memoryMiB: 10 }),
      code: LayoutCode.BeyondGuestRam,
      regions: ['acpi', 'guest RAM'],
    },
    {
      name: '9 MiB guest below hvmloader 2 MiB low-RAM floor',
      input: input('xen-4.8', [SEABIOS], { memoryMiB: 9 }),
      code: LayoutCode.LowRamFloor,
      regions: ['low RAM'],
    },
    {
      name: 'start info page pushed past RAM by modules ending exactly at RAM end',
      input: input('xen-4.8', [{ name: 'firmware', size: 0x400000n - 0x14c000n }], { memoryMiB: 12 }),
      code: LayoutCode.StartInfoDoesNotFit,
      regions: ['hvm_start_info', 'guest RAM'],
    },
    {
      name: 'loader linked at 0x100800 (not page aligned)',
      input: input('xen-4.8', [SEABIOS], {}, { start: 0x100800n, end: 0x140000n, source: 'x' }),
      code: LayoutCode.Misaligned,
      regions: ['hvmloader'],
    },
    {
      name: 'rfc module pinned at 0x300008 (not 16-byte aligned)',
      input: input('rfc', [{ name: 'acpi', size: 0x10n, address: 0x300008n }]),
      code: LayoutCode.Misaligned,
      regions: ['acpi'],
    },
    {
      name: 'two ACPI blobs for one acpi_modules[0] slot',
      input: input('xen-4.8', [SEABIOS, ACPI, { name: 'acpi', size: 0x100n }]),
      code: LayoutCode.TooManyModules,
      regions: ['acpi#2', 'acpi'],
    },
    {
      name: '5 GiB module (lengths are uint32_t)',
      input: input('rfc', [{ name: 'smbios', size: 5n << 30n }], { memoryMiB: 16384 }),
      code: LayoutCode.ModuleTooLarge,
      regions: ['smbios'],
    },
  ];
  it.each(cases)('$code: $name', ({ input: inp, code, regions }) => {
    const p = evaluatePlan(inp);
    expect(p.ok).toBe(false);
    const f = p.findings.find((x) => x.code === code);
    expect(f, JSON.stringify(p.findings, null, 1)).toBeDefined();
    expect(f!.regions).toEqual(regions);
    expect(f!.rule.length).toBeGreaterThan(10);
    // Every failure names the ranges involved.
    for (const name of regions.filter((n) => !['guest RAM', 'low RAM', 'MMIO hole'].includes(n))) expect(f!.message).toContain(name);
    if (code !== LayoutCode.TooManyModules && code !== LayoutCode.ModuleTooLarge) expect(f!.message).toMatch(/\[0x[0-9a-f]{8,}, 0x[0-9a-f]{8,}\)/);
  });

  it('keeps the start info in one page with the toolstack map (1–2 entries, ≤ 80 fit)', () => {
    const p = evaluatePlan(input('xen-4.8', [SEABIOS], { memoryMiB: 8192 }));
    const si = region(p, 'hvm_start_info');
    expect(si.end - si.start).toBe(2168n + 2n * 24n);
    expect(p.findings.some((f) => f.code === LayoutCode.StartInfoMultiPage)).toBe(false);
  });
});

describe('minimum memory', () => {
  it.each([
    ['xen-4.8', [SEABIOS, ACPI, SMBIOS], 10],
    ['xen-4.3', [ACPI, SMBIOS], 12],
    ['rfc', [ACPI, SMBIOS], 11],
  ] as const)('%s worked example needs %d MiB', (profile, modules, mib) => {
    const inp = input(profile, [...modules]);
    expect(findMinimumMemory(inp)).toBe(mib);
    expect(evaluatePlan({ ...inp, guest: { ...inp.guest, memoryMiB: mib } }).ok).toBe(true);
    expect(evaluatePlan({ ...inp, guest: { ...inp.guest, memoryMiB: mib - 1 } }).ok).toBe(false);
  });

  it('grows with the modules (the RFC question)', () => {
    const small = findMinimumMemory(input('xen-4.8', [SEABIOS, ACPI]))!;
    const big = findMinimumMemory(input('xen-4.8', [SEABIOS, { name: 'acpi', size: 0x1000000n }]))!;
    expect(big).toBeGreaterThan(small);
  });

  it('is null when the plan fails at any size', () => {
    const inp = input('rfc', [ACPI], {}, { ...LOADER, end: 0x210000n });
    expect(findMinimumMemory(inp)).toBeNull();
  });

  it('loaderFromSize links at 0x100000', () => {
    expect(loaderFromSize(0x40000n)).toMatchObject({ start: 0x100000n, end: 0x140000n });
  });
});
