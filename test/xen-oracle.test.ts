// Oracle: what Xen's own hvmloader (smbios.c, libacpi build.c, compiled unmodified at each release)
// built from the corpus blobs, in ../shared/oracle/hvmloader/<version>[/cases/<case>]. The guest
// view, configured exactly as each folder's config.json, must give the same entry point, structure
// list and table bytes, and the same XSDT/RSDT lists. Addresses are where the oracle's run placed
// things, so they are not compared. Nothing here is keyed to a host: every folder is read the same way.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseXenVersion, resolveGuest, type Guest } from '@hvmpack/guest';
import { computeGuestView, guestViewDumpBin } from '@hvmpack/xen';
import { describe, expect, it } from 'vitest';
import { sharedDir } from './support/env.js';

// HVMPACK_SHARED points a checkout that is not beside ../shared (a git worktree) at the shared tree.
const oracleDir = path.join(process.env['HVMPACK_SHARED'] ?? sharedDir, 'oracle', 'hvmloader');

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
  xsdt: OracleRootEntry[] | null;
  rsdt: OracleRootEntry[] | null;
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
    expect(list(ac.xsdt)).toEqual(list(oracle.xsdt));
    expect(list(ac.rsdt)).toEqual(list(oracle.rsdt));
    expect(ac.passthroughAccepted).toBe(oracle.passthroughAccepted);
    expect(ac.builtins.length).toBe(oracle.builtinSecondaryTables);
    // What the guest view calls dropped is exactly the blob's tables past the accepted ones.
    expect(ac.dropped.length + ac.passthroughAccepted).toBe(ac.walk.records.length + ac.dropped.length);
  });
});
