// The fleet runner on a generated fleet (corpus tables rebuilt with made-up identifiers, ACPI
// folders, corrupt dumps): every host is audited or reported, in order, and the summary's counts
// are the sums of single-host audits. 10,000 hosts, as the issue asks (about 10 s on 2 cores,
// generation included); `pnpm bench audit` times the same fleet.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditHost, FleetSummaryBuilder, summarizeFleet, type FleetHostResult } from '@hvmpack/audit';
import { resolveGuest } from '@hvmpack/guest';
import { buildExampleHost, readFleetHost, runFleetAudit, syncNodeFileAccess } from '@hvmpack/host';
import { skipReason } from './support/env.js';
import { corpusFleet, hostAcpiTables, type CorruptKind } from './support/fleet.js';
import { tempDir } from './support/tools.js';

const FLEET_HOSTS = 10_000;
const guest = resolveGuest({});
const skip = skipReason({ corpus: 'smbios' });

/** What a corrupt dump of each kind is reported as. */
const CORRUPT_CODES: Readonly<Record<CorruptKind, string>> = { truncated: 'TRUNCATED', garbage: 'UNKNOWN_FORMAT', 'wrong-kind': 'UNKNOWN_FORMAT', empty: 'UNKNOWN_FORMAT' };

describe.skipIf(skip)(`a generated fleet of ${FLEET_HOSTS.toLocaleString('en-US')} hosts`, () => {
  const dir = tempDir('fleet');
  const fleetDir = path.join(dir, 'hosts');
  mkdirSync(fleetDir);
  const fleet = corpusFleet(fleetDir, { hosts: FLEET_HOSTS })!;
  const results: FleetHostResult[] = [];
  const summary = new FleetSummaryBuilder();
  let ran: Promise<void> | undefined;
  // One run, shared by the cases below.
  const run = (): Promise<void> =>
    (ran ??= runFleetAudit(fleet.hosts, { guest, threads: 2 }, (r) => {
      summary.add(r);
      // Only what the checks need is kept: the order, the errors, and a sample.
      results.push(r.ok && results.length % 40 !== 0 ? { ...r, identifiers: [] } : r);
    }).then(() => undefined));

  it('completes: every host audited or reported, in input order', async () => {
    await run();
    expect(results.map((r) => r.input)).toEqual(fleet.hosts);
    const s = summary.summary();
    expect(s.hostCount).toBe(FLEET_HOSTS);
    expect(s.auditedHostCount).toBe(FLEET_HOSTS - fleet.corrupt.size);
    expect(fleet.corrupt.size).toBeGreaterThan(10);
    expect(fleet.folders.size).toBeGreaterThan(100);
  });

  it('reports each corrupt dump with its error, and goes on', async () => {
    await run();
    const s = summary.summary();
    expect(s.unreadableHostCount).toBe(fleet.corrupt.size);
    for (const u of s.unreadableHosts) expect(u.code, `${u.input} (${fleet.corrupt.get(u.input)})`).toBe(CORRUPT_CODES[fleet.corrupt.get(u.input)!]);
    // Hosts after a corrupt one were audited.
    const firstBad = fleet.hosts.findIndex((h) => fleet.corrupt.has(h));
    expect(results[firstBad + 1]!.ok).toBe(true);
  });

  it("finds the folders' MSDM product keys and the planted MAC addresses", async () => {
    await run();
    const s = summary.summary();
    expect(s.classes.find((c) => c.class === 'product-key')?.hostCount).toBe(fleet.folders.size);
    expect(s.classes.find((c) => c.class === 'mac-address')?.hostCount).toBeGreaterThan(FLEET_HOSTS / 10);
  });

  it("the summary's counts equal the sums of single-host audits (a sample of 50 hosts)", async () => {
    await run();
    const sample = results.filter((r) => r.ok && r.identifiers.length > 0).slice(0, 50);
    expect(sample.length).toBe(50);
    const fromFleet = summarizeFleet(sample);
    let identifiers = 0;
    let reaching = 0;
    let violating = 0;
    let placeholders = 0;
    const perClass = new Map<string, number>();
    for (const r of sample) {
      const a = auditHost(await readFleetHost(r.input, syncNodeFileAccess), { guest });
      identifiers += a.counts.identifiers;
      placeholders += a.counts.placeholders;
      reaching += a.identifiers.filter((i) => i.reach.reaches === true && !i.placeholder).length;
      if (a.violation) violating++;
      for (const i of a.identifiers) perClass.set(i.class, (perClass.get(i.class) ?? 0) + 1);
    }
    expect(fromFleet.identifierCount).toBe(identifiers);
    expect(fromFleet.reachingIdentifierCount).toBe(reaching);
    expect(fromFleet.placeholderCount).toBe(placeholders);
    expect(fromFleet.violatingHostCount).toBe(violating);
    expect(new Map(fromFleet.classes.map((c) => [c.class, c.foundCount]))).toEqual(perClass);
  });
});

describe('fleet hosts: a file or a folder of any supported format', () => {
  const dir = tempDir('fleet-hosts');
  const example = buildExampleHost();
  const put = (rel: string, data: Uint8Array | string): string => {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
    return file;
  };

  it.each<[string, () => string, { smbios: boolean; acpi: number }]>([
    ['a --dump-bin file', () => put('a/host.bin', example.smbiosDumpBin), { smbios: true, acpi: 0 }],
    ['an acpidump text', () => put('b/host.txt', example.acpidumpText), { smbios: false, acpi: 5 }],
    [
      'a folder: dump + acpidump',
      () => {
        put('c/h/dmi.dump', example.smbiosDumpBin);
        put('c/h/acpi.txt', example.acpidumpText);
        return path.join(dir, 'c/h');
      },
      { smbios: true, acpi: 5 },
    ],
    [
      'a folder: sysfs pair (smbios_entry_point + DMI) and a tables/ folder',
      () => {
        put('d/h/smbios_entry_point', example.smbiosDumpBin.subarray(0, 24));
        put('d/h/DMI', example.smbiosDumpBin.subarray(32));
        put('d/h/tables/oem.dat', hostAcpiTables(1));
        return path.join(dir, 'd/h');
      },
      { smbios: true, acpi: 2 },
    ],
  ])('%s', async (_name, make, want) => {
    const input = make();
    const host = await readFleetHost(input, syncNodeFileAccess);
    expect(host.smbios !== undefined).toBe(want.smbios);
    expect(host.acpi?.tables.length ?? 0).toBe(want.acpi);
  });

  it.each<[string, () => string, string]>([
    ['a folder with two SMBIOS dumps', () => (put('e/h/one.bin', example.smbiosDumpBin), put('e/h/two.bin', example.smbiosDumpBin), path.join(dir, 'e/h')), 'AMBIGUOUS'],
    ['an empty folder', () => (mkdirSync(path.join(dir, 'f/h'), { recursive: true }), path.join(dir, 'f/h')), 'NOT_FOUND'],
    ['a missing path', () => path.join(dir, 'nowhere'), 'NOT_FOUND'],
    ['a PNG', () => put('g/pic.png', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array<number>(40).fill(0))), 'UNKNOWN_FORMAT'],
  ])('%s is reported, not thrown', async (_name, make, code) => {
    const r = await runOne(make());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });
});

async function runOne(input: string): Promise<FleetHostResult> {
  const out: FleetHostResult[] = [];
  await runFleetAudit([input], { guest, threads: 1 }, (r) => out.push(r));
  expect(out).toHaveLength(1);
  return out[0]!;
}
