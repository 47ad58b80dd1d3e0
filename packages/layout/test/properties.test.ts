import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FOUR_GIB, LayoutCode, MODULE_KINDS, PROFILES, evaluatePlan, findMinimumMemory, type PlanInput, type Region } from '@hvmpack/layout';

const moduleArb = fc.record({
  name: fc.constantFrom('firmware', 'acpi', 'smbios', 'ipxe', 'extra'),
  kind: fc.constantFrom(...MODULE_KINDS),
  size: fc.bigInt({ min: 0n, max: 0x800000n }),
});

const pinnedArb = fc.record({
  name: fc.constantFrom('pinned-a', 'pinned-b'),
  kind: fc.constantFrom(...MODULE_KINDS),
  size: fc.bigInt({ min: 1n, max: 0x100000n }),
  address: fc.bigInt({ min: 0n, max: 0xffff_0000n }).map((a) => a & ~0xfn),
});

const inputArb: fc.Arbitrary<PlanInput> = fc.record({
  profile: fc.constantFrom(...PROFILES),
  loader: fc.record({
    start: fc.constantFrom(0x100000n, 0x100000n, 0x180000n, 0x100800n),
    size: fc.bigInt({ min: 0x1000n, max: 0x180000n }),
  }).map(({ start, size }) => ({ start, end: start + size, source: 'random' })),
  modules: fc.tuple(fc.array(moduleArb, { maxLength: 5 }), fc.array(pinnedArb, { maxLength: 1 })).map(([a, b]) => [...a, ...b]),
  guest: fc.record({
    memoryMiB: fc.integer({ min: 1, max: 6000 }),
    mmioHoleMiB: fc.constantFrom(256, 512, 1024, 3072),
    firmware: fc.constantFrom('seabios' as const, 'ovmf' as const),
    videoMiB: fc.constantFrom(0, 8, 16),
  }),
});

const overlaps = (a: Region, b: Region): boolean => a.start < b.end && b.start < a.end && a.start < a.end && b.start < b.end;
const placed = (r: Region): boolean => r.kind === 'loader' || r.kind === 'module' || r.kind === 'start-info';
const OVERLAP_CODES: string[] = [LayoutCode.LoaderModuleOverlap, LayoutCode.ModuleOverlap, LayoutCode.ScratchOverlap, LayoutCode.FixedRegionOverlap];

describe('planner properties', () => {
  it('a plan that holds has no overlapping placed regions and keeps everything inside low RAM and 32 bits', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const p = evaluatePlan(input);
        if (!p.ok) return;
        const mine = p.regions.filter((r) => placed(r) || r.kind === 'scratch');
        for (const r of mine) {
          for (const o of p.regions) if (o !== r && (placed(o) || placed(r)) && o.name !== 'MMIO hole') expect(overlaps(r, o), `${r.name} vs ${o.name}`).toBe(false);
          expect(r.end).toBeLessThanOrEqual(FOUR_GIB);
          if (r.kind !== 'scratch') expect(r.end).toBeLessThanOrEqual(p.memory.lowmemEnd);
        }
        expect(p.memory.lowmemEnd).toBeGreaterThanOrEqual(0x200000n);
      }),
      { numRuns: 400 },
    );
  });

  it('a plan that fails names a real violation', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const p = evaluatePlan(input);
        const byName = new Map(p.regions.map((r) => [r.name, r]));
        for (const f of p.findings.filter((x) => x.severity === 'error')) {
          if (OVERLAP_CODES.includes(f.code)) {
            const [a, b] = f.regions.map((n) => byName.get(n));
            expect(a && b && overlaps(a, b), f.message).toBe(true);
          } else if (f.code === LayoutCode.BeyondGuestRam) {
            expect(byName.get(f.regions[0]!)!.end).toBeGreaterThan(p.memory.lowmemEnd - 0xfffn);
          } else if (f.code === LayoutCode.AboveMmioStart) {
            expect(byName.get(f.regions[0]!)!.end).toBeGreaterThan(p.memory.mmioStart);
          } else if (f.code === LayoutCode.AddressOverflow) {
            expect(byName.get(f.regions[0]!)!.end).toBeGreaterThan(FOUR_GIB);
          } else if (f.code === LayoutCode.LowRamFloor) {
            expect(p.memory.lowmemEnd).toBeLessThan(0x200000n);
          } else if (f.code === LayoutCode.Misaligned) {
            expect(byName.get(f.regions[0]!)).toBeDefined();
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the minimum memory is minimal: the plan fails one MiB below and holds at it', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const min = findMinimumMemory(input);
        if (min === null) return;
        const at = (mib: number) => evaluatePlan({ ...input, guest: { ...input.guest, memoryMiB: mib } }).ok;
        expect(at(min)).toBe(true);
        expect(at(min - 1)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('the minimum memory grows with the modules (the RFC question): more bytes never need less RAM, 2 MiB more need more', () => {
    const unpinned = inputArb.map((i) => ({ ...i, modules: i.modules.filter((m) => m.address === undefined).map((m) => ({ ...m, size: m.size === 0n ? 1n : m.size })) }));
    fc.assert(
      fc.property(unpinned, fc.nat(), fc.bigInt({ min: 1n, max: 0x800000n }), (input, pick, extra) => {
        fc.pre(input.modules.length > 0);
        const i = pick % input.modules.length;
        const grown: PlanInput = { ...input, modules: input.modules.map((m, j) => (j === i ? { ...m, size: m.size + extra } : m)) };
        const before = findMinimumMemory(input);
        const after = findMinimumMemory(grown);
        // null = no memory size makes the plan hold; growing a module never repairs a plan.
        if (before === null) return void expect(after).toBeNull();
        if (after === null) return;
        expect(after).toBeGreaterThanOrEqual(before);
        if (extra >= 0x200000n) expect(after).toBeGreaterThan(before);
      }),
      { numRuns: 80 },
    );
  });
});
