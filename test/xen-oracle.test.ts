// Oracle: what Xen's own hvmloader (smbios.c, libacpi build.c, compiled unmodified at each release)
// built from the corpus blobs, in ../shared/oracle/hvmloader/<version>[/cases/<case>]. The guest
// view, configured exactly as each folder's config.json, must give the same entry point, structure
// list and table bytes, and the same XSDT/RSDT lists. Addresses are where the oracle's run placed
// things, so they are not compared. Nothing here is keyed to a host: every folder is read the same way.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseXenVersion, resolveGuest, type Guest } from '@hvmpack/guest';
import { checkAcpiBlob, computeGuestView, encodeSmbiosBlob, guestViewDumpBin } from '@hvmpack/xen';
import { describe, expect, it } from 'vitest';
import { runHvmpack } from './support/cli.js';
import { sharedDir, skipReason } from './support/env.js';
import { tempDir, toolOutput } from './support/tools.js';

const oracleDir = path.join(sharedDir, 'oracle', 'hvmloader');

interface OracleConfig {
  xen: string;
  firmware: string;
  vcpus: number;
  memoryMiB: number;
  biosStrings: Record<string, string>;
  cpu: { vendor: string; signatureEax: string; featuresEdx: string; mhz: number };
  uuid: string;
  buildDate: string;
  acpi: { apicMode: boolean; hpet: boolean; acpiS3: boolean; acpiS4: boolean; battery: boolean; laptopSlate: boolean; tpm: number; vnuma: boolean; platformAcpi: boolean };
  hosts: { smbios?: string[]; acpi?: string[] };
}

interface OracleEntryPoint {
  anchor: string;
  length: number;
  major: number;
  minor: number;
  maxStructureSize: number;
  entryPointRevision: number;
  intermediateAnchor: string;
  structureTableLength: number;
  numberOfStructures: number;
  bcdRevision: number;
  checksumOk: boolean;
  intermediateChecksumOk: boolean;
}

interface OracleSmbios {
  entryPoint: OracleEntryPoint | null;
  structureCount: number;
  structures: { type: number; handle: number; length: number; size: number; offset: number }[];
  bug: string | null;
}

interface OracleRootEntry {
  signature: string;
  length: number;
  checksumOk: boolean;
}

interface OracleAcpi {
  rsdp: { revision: number; checksumOk: boolean; extendedChecksumOk: boolean } | null;
  xsdt: OracleRootEntry[] | null;
  rsdt: OracleRootEntry[] | null;
  blobTables: number;
  passthroughAccepted: number;
  builtinSecondaryTables: number;
  bug: string | null;
}

/** The guest an oracle folder describes, through the same `Guest` a user's flags build. */
function guestFrom(c: OracleConfig): Guest {
  return resolveGuest({
    xen: parseXenVersion(c.xen),
    firmware: c.firmware as Guest['firmware'],
    vcpus: c.vcpus,
    memoryMiB: c.memoryMiB,
    biosStrings: c.biosStrings,
    cpu: { vendor: c.cpu.vendor, signatureEax: Number(c.cpu.signatureEax), featuresEdx: Number(c.cpu.featuresEdx), mhz: c.cpu.mhz },
    uuid: c.uuid,
    buildDate: c.buildDate,
    apicMode: c.acpi.apicMode,
    hpet: c.acpi.hpet,
    acpiS3: c.acpi.acpiS3,
    acpiS4: c.acpi.acpiS4,
    battery: c.acpi.battery,
    laptopSlate: c.acpi.laptopSlate,
    tpm: c.acpi.tpm as Guest['tpm'],
    vnuma: c.acpi.vnuma,
    acpi: c.acpi.platformAcpi,
  });
}

interface Folder {
  /** `4.21` or `4.21/ovmf`. */
  name: string;
  dir: string;
  config: OracleConfig;
}

/** Every version folder and its cases that hold a config.json. */
function folders(): Folder[] {
  if (!existsSync(oracleDir)) return [];
  const out: Folder[] = [];
  const add = (name: string, dir: string): void => {
    const file = path.join(dir, 'config.json');
    if (existsSync(file)) out.push({ name, dir, config: JSON.parse(readFileSync(file, 'utf8')) as OracleConfig });
  };
  for (const version of readdirSync(oracleDir).sort()) {
    const vdir = path.join(oracleDir, version);
    add(version, vdir);
    const cases = path.join(vdir, 'cases');
    if (existsSync(cases)) for (const c of readdirSync(cases).sort()) add(`${version}/${c}`, path.join(cases, c));
  }
  return out;
}

const all = folders();
const smbiosRuns = all.flatMap((f) => (f.config.hosts.smbios ?? []).map((host) => ({ folder: f.name, host, f })));
const acpiRuns = all.flatMap((f) => (f.config.hosts.acpi ?? []).map((host) => ({ folder: f.name, host, f })));
const missing = all.length === 0 ? `no oracle results in ${oracleDir}` : undefined;
if (missing) console.warn(`[skip] ${missing}`);

const actualDir = path.join(os.tmpdir(), 'hvmpack-xen-oracle');

/** Writes what we built beside nothing in the shared tree, so a failing byte comparison is one `cmp` away. */
function writeActual(folder: string, file: string, bytes: Uint8Array): string {
  const out = path.join(actualDir, folder, `${file}.actual`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  return out;
}

describe.skipIf(missing !== undefined)('SMBIOS: the guest view equals Xen hvmloader', () => {
  it.each(smbiosRuns)('$folder $host', ({ folder, host, f }) => {
    const dir = path.join(f.dir, 'smbios');
    const oracle = JSON.parse(readFileSync(path.join(dir, `${host}.json`), 'utf8')) as OracleSmbios;
    const blob = new Uint8Array(readFileSync(path.join(dir, `${host}.blob`)));
    const view = computeGuestView({ smbios: blob, acpi: null, config: guestFrom(f.config) });
    const sm = view.smbios;
    expect(oracle.bug).toBeNull();
    expect(sm.structures.map((s) => ({ type: s.type, handle: s.handle, length: s.length, size: s.size, offset: s.offset }))).toEqual(oracle.structures);
    expect(sm.structures.length).toBe(oracle.structureCount);
    const ep = sm.entryPoint;
    if (oracle.entryPoint === null) {
      expect(ep).toBeNull();
      return;
    }
    expect(ep).not.toBeNull();
    const o = oracle.entryPoint;
    expect({
      anchor: ep!.anchor, length: ep!.length, major: ep!.major, minor: ep!.minor, maxStructureSize: ep!.maxStructureSize,
      structureTableLength: ep!.tableLength, numberOfStructures: ep!.structureCount, bcdRevision: ep!.bcdRevision,
    }).toEqual({
      anchor: o.anchor, length: o.length, major: o.major, minor: o.minor, maxStructureSize: o.maxStructureSize,
      structureTableLength: o.structureTableLength, numberOfStructures: o.numberOfStructures, bcdRevision: o.bcdRevision,
    });
    expect([o.checksumOk, o.intermediateChecksumOk, o.intermediateAnchor, o.entryPointRevision]).toEqual([true, true, '_DMI_', 0]);
    // .guest.bin: table bytes from 0x20 exactly as hvmloader wrote them, and an entry point that
    // differs from hvmloader's only by table address 0x20, the real count and fixed checksums,
    // which is what `guest-view --dump-bin --full-count` writes: the whole file must match.
    const golden = new Uint8Array(readFileSync(path.join(dir, `${host}.guest.bin`)));
    const ours = guestViewDumpBin(view, { fullCount: true })!;
    const tableEqual = Buffer.compare(Buffer.from(ours.subarray(0x20)), Buffer.from(golden.subarray(0x20))) === 0;
    const fileEqual = tableEqual && Buffer.compare(Buffer.from(ours), Buffer.from(golden)) === 0;
    const where = fileEqual ? '' : writeActual(folder, `${host}.guest.bin`, ours);
    expect(tableEqual, `table bytes differ from .guest.bin at 0x20: cmp ${where} ${path.join(dir, `${host}.guest.bin`)}`).toBe(true);
    expect(fileEqual, `entry point differs: cmp ${where} ${path.join(dir, `${host}.guest.bin`)}`).toBe(true);
  });
});

describe.skipIf(missing !== undefined)('ACPI: the guest view equals Xen hvmloader/libacpi', () => {
  it.each(acpiRuns)('$folder $host', ({ host, f }) => {
    const dir = path.join(f.dir, 'acpi');
    const oracle = JSON.parse(readFileSync(path.join(dir, `${host}.json`), 'utf8')) as OracleAcpi;
    const blob = new Uint8Array(readFileSync(path.join(dir, `${host}.blob`)));
    const view = computeGuestView({ smbios: null, acpi: blob, config: guestFrom(f.config) });
    const ac = view.acpi;
    const list = (entries: readonly { signature: string; length: number | null; checksumOk: boolean }[] | null) =>
      entries === null ? null : entries.map((e) => ({ signature: e.signature, length: e.length, checksumOk: e.checksumOk }));
    expect(ac.crashes).toBe(oracle.bug !== null);
    const rsdp = (r: { revision: number; checksumOk: boolean; extendedChecksumOk: boolean } | null) =>
      r === null ? null : { revision: r.revision, checksumOk: r.checksumOk, extendedChecksumOk: r.extendedChecksumOk };
    expect(rsdp(ac.rsdp)).toEqual(rsdp(oracle.rsdp));
    expect(list(ac.xsdt)).toEqual(list(oracle.xsdt));
    expect(list(ac.rsdt)).toEqual(list(oracle.rsdt));
    expect(ac.passthroughAccepted).toBe(oracle.passthroughAccepted);
    expect(ac.builtins.length).toBe(oracle.builtinSecondaryTables);
    // `hvmpack check` (checkAcpiBlob) and the guest view drop exactly the blob's tables past the
    // accepted ones, and call a crash where hvmloader BUG()s.
    const report = checkAcpiBlob(blob, guestFrom(f.config));
    const dropped = oracle.blobTables - oracle.passthroughAccepted;
    expect(ac.dropped.length).toBe(dropped);
    expect(report.guest.dropped.map((d) => d.signature)).toEqual(ac.dropped.map((d) => d.signature));
    expect(report.findings.some((x) => x.code === 'XEN_ACPI_OVER_CAP')).toBe(dropped > 0);
    expect(report.findings.some((x) => x.code === 'ACPI_BLOB_ZERO_LENGTH' && x.severity === 'error')).toBe(oracle.bug !== null);
  });
});

// --- `hvmpack guest-view --dump-bin [--full-count]` as a user runs it, read back by dmidecode. ---

/** One structure written byte by byte: header (type, length, handle), formatted bytes, strings. */
function structure(type: number, handle: number, formatted: readonly number[], strings: readonly string[]): Uint8Array {
  const text = strings.length === 0 ? [0, 0] : [...strings.flatMap((s) => [...Buffer.from(s, 'latin1'), 0]), 0];
  return Uint8Array.from([type, 4 + formatted.length, handle & 0xff, handle >> 8, ...formatted, ...text]);
}

/** dmidecode's `Handle 0x…, DMI type N, …` lines as [handle, type]. */
function dmidecodeHandles(text: string): [number, number][] {
  return [...text.matchAll(/^Handle 0x([0-9A-F]{4}), DMI type (\d+),/gm)].map((m) => [parseInt(m[1]!, 16), Number(m[2])]);
}

const noDmidecode = skipReason({ tools: ['dmidecode'] });

describe.skipIf(noDmidecode !== undefined)('guest-view --dump-bin read by dmidecode --from-dump', () => {
  const tmp = tempDir('guest-view-dump');
  // A type 1 and three OEM structures: hvmloader counts the three OEM structures as one.
  const blob = encodeSmbiosBlob([
    structure(1, 0x0001, [1, 2, 0, 0, ...new Array<number>(16).fill(0x11), 6, 0, 0], ['Maker', 'Box']),
    structure(0x80, 0x0080, [1, 2, 3, 4], []),
    structure(0x81, 0x0081, [5, 6], ['oem']),
    structure(0x82, 0x0082, [], []),
  ]);
  const blobFile = path.join(tmp, 'smbios.blob');
  writeFileSync(blobFile, blob);

  it.each([
    { flags: [] as string[], all: false },
    { flags: ['--full-count'], all: true },
  ])('$flags: dmidecode lists every structure only with --full-count ($all)', async ({ flags, all }) => {
    const out = path.join(tmp, `guest${flags.join('')}.bin`);
    const run = await runHvmpack(['guest-view', '--smbios', blobFile, '--dump-bin', out, ...flags, '--json']);
    expect(run.stderr).toBe('');
    const view = JSON.parse(run.stdout) as { smbios: { structures: { type: number; handle: number }[]; entryPoint: { structureCount: number } } };
    const listed = dmidecodeHandles(await toolOutput('dmidecode', ['--from-dump', out]));
    const expected = view.smbios.structures.map((s) => [s.handle, s.type]);
    // hvmloader's count stops dmidecode after the first OEM structure's chunk.
    expect(listed).toEqual(all ? expected : expected.slice(0, view.smbios.entryPoint.structureCount));
    expect(view.smbios.structures.length).toBeGreaterThan(view.smbios.entryPoint.structureCount);
    expect(listed.at(-1)).toEqual(all ? [0x7f00, 127] : expect.anything());
  });

  const newest = all.filter((f) => !f.name.includes('/') && (f.config.hosts.smbios ?? []).length > 0).at(-1);
  it.skipIf(newest === undefined)('the oracle hosts of the newest version: the file equals .guest.bin and dmidecode lists every structure', async () => {
    const f = newest!;
    const c = f.config;
    for (const host of c.hosts.smbios!) {
      const dir = path.join(f.dir, 'smbios');
      const out = path.join(tmp, `${host}.bin`);
      const run = await runHvmpack([
        'guest-view', '--smbios', path.join(dir, `${host}.blob`), '--xen', c.xen, '--firmware', c.firmware, '--vcpus', String(c.vcpus),
        '--memory', String(c.memoryMiB), '--cpu-vendor', c.cpu.vendor, '--cpu-signature', c.cpu.signatureEax, '--cpu-features', c.cpu.featuresEdx,
        '--cpu-mhz', String(c.cpu.mhz), '--uuid', c.uuid, '--build-date', c.buildDate, '--dump-bin', out, '--full-count',
      ]);
      expect(run.stderr, host).toBe('');
      const golden = readFileSync(path.join(dir, `${host}.guest.bin`));
      expect(Buffer.compare(readFileSync(out), golden), host).toBe(0);
      const oracle = JSON.parse(readFileSync(path.join(dir, `${host}.json`), 'utf8')) as OracleSmbios;
      const listed = dmidecodeHandles(await toolOutput('dmidecode', ['--from-dump', out]));
      expect(listed, host).toEqual(oracle.structures.map((s) => [s.handle, s.type]));
    }
  });
});

describe('guest-view identity flags', () => {
  const tmp = tempDir('guest-view-flags');
  const blobFile = path.join(tmp, 'smbios.blob');
  writeFileSync(blobFile, encodeSmbiosBlob([structure(0x80, 0x0080, [1, 2], [])]));

  it.each([
    [['--uuid', 'xyz']],
    [['--cpu-signature', '12q']],
    [['--cpu-features', '0x1ffffffff']],
    [['--cpu-mhz', '70000']],
    [['--build-date', '2025-01-01']],
    [['--memory-below-4g', '5000']],
    [['--full-count']],
    [['--xen', '4.2']],
  ])('refuses %j with a usage error', async (flags) => {
    const run = await runHvmpack(['guest-view', '--smbios', blobFile, ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^hvmpack: /);
  });

  it('the flags reach the generated structures (JSON strings of types 0, 1 and 4)', async () => {
    const run = await runHvmpack([
      'guest-view', '--smbios', blobFile, '--json', '--xen', '4.17.0', '--cpu-vendor', 'AuthenticAMD', '--uuid', '5B0F2CBE-3C1A-4D2E-9F10-0123456789AB',
      '--build-date', '12/31/2024',
    ]);
    const j = JSON.parse(run.stdout) as { smbios: { structures: { type: number; strings: string[] }[] } };
    const strings = (t: number) => j.smbios.structures.find((s) => s.type === t)!.strings;
    expect(strings(0)).toEqual(['Xen', '4.17.0', '12/31/2024']);
    expect(strings(1)).toEqual(['Xen', 'HVM domU', '4.17.0', '5b0f2cbe-3c1a-4d2e-9f10-0123456789ab']);
    expect(strings(4)).toEqual(['CPU 1', 'AMD']);
  });
});
