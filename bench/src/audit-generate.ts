// A generated fleet of hosts for the fleet audit's tests and benchmark (re-exported to the tests
// by test/support/fleet.ts). Each host is a corpus SMBIOS table, decoded and rebuilt by our own
// builder with its identifiers varied (serials, asset tags, part numbers, the UUID), written as a
// `--dump-bin` file; some hosts are folders that add ACPI tables (an SSDT and an MSDM with a
// made-up product key), some carry OEM strings with a MAC address, and some are corrupt
// (truncated, garbage, a file of another kind). Nothing of the corpus is copied as it is: every
// identifier in a generated host is made up from the host's number.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { latin1Bytes } from '@hvmpack/bytes';
import { encodeTable, type AcpiHeader } from '@hvmpack/acpi';
import {
  buildStructure,
  decodeSmbios,
  decodeSmbiosPair,
  encodeDumpBin,
  encodeStructureTable,
  encodeUuid,
  sensitiveFields,
  synthesizeEntryPoint,
  versionCode,
  DUMP_BIN_ADDRESS,
  RESERVED_HANDLE_START,
  type RawStructure,
  type SmbiosVersion,
} from '@hvmpack/smbios';

/** One corpus table as the generator varies it. */
export interface FleetTemplate {
  name: string;
  version: SmbiosVersion;
  structures: RawStructure[];
}

/** How a corrupt host is broken. */
export type CorruptKind = 'truncated' | 'garbage' | 'wrong-kind' | 'empty';

/** What {@link generateFleet} wrote. */
export interface GeneratedFleet {
  /** The folder holding one entry (file or folder) per host. */
  dir: string;
  /** Every host path, in name order (the order a fleet run reads the folder in). */
  hosts: string[];
  /** The corrupt hosts and how each is broken. */
  corrupt: Map<string, CorruptKind>;
  /** Hosts that are folders (SMBIOS dump + ACPI tables). */
  folders: Set<string>;
  /** Total bytes written. */
  bytes: number;
}

/** Options for {@link generateFleet}. */
export interface FleetSpec {
  hosts: number;
  /** Every Nth host is corrupt (default 97: about 1%). */
  corruptEvery?: number;
  /** Every Nth host is a folder with ACPI tables (default 10). */
  folderEvery?: number;
  /** Every Nth host gets an OEM-strings structure with a MAC address and a host name (default 7). */
  oemStringsEvery?: number;
}

/** Reads every corpus SMBIOS input that decodes (sysfs pairs read together) as a template. */
export function loadFleetTemplates(corpusSmbiosDir: string): FleetTemplate[] {
  const names = readdirSync(corpusSmbiosDir).filter((n) => !n.endsWith('.md')).sort();
  const read = (n: string): Uint8Array => new Uint8Array(readFileSync(path.join(corpusSmbiosDir, n)));
  const out: FleetTemplate[] = [];
  for (const n of names) {
    const b = read(n);
    try {
      if (b.length <= 32) {
        // A lone sysfs entry point: read it with its table file.
        const table = n.replace(/entry(?!.*entry)/, 'dmi');
        if (table === n || !names.includes(table)) continue;
        const t = decodeSmbiosPair(b, read(table));
        out.push({ name: n, version: t.version ?? { major: 3, minor: 0 }, structures: t.structures });
        continue;
      }
      const t = decodeSmbios(b);
      out.push({ name: n, version: t.version ?? { major: 3, minor: 0 }, structures: t.structures });
    } catch {
      // A corpus input that does not decode alone (half of a pair named otherwise) is not a template.
    }
  }
  return out;
}

/** A deterministic identifier text for host `n`, field `salt`: same inputs, same text. */
function madeUp(prefix: string, n: number, salt: number): string {
  const x = (Math.imul(n + 1, 0x9e3779b1) ^ Math.imul(salt + 7, 0x85ebca6b)) >>> 0;
  return `${prefix}${x.toString(36).toUpperCase().padStart(7, '0')}${n.toString(36).toUpperCase()}`;
}

function madeUpUuid(n: number): string {
  const h = (k: number): string => ((Math.imul(n + k, 0x9e3779b1) ^ 0x5a5a5a5a) >>> 0).toString(16).padStart(8, '0').slice(0, 8);
  const a = h(1);
  const b = h(2);
  const c = h(3);
  const d = h(4);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-8${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}

const CLASS_PREFIX: Readonly<Record<string, string>> = { serial: 'SN', 'asset-tag': 'AT', 'part-number': 'PN', sku: 'SKU' };

/** Host `n`'s SMBIOS structures: the template's, each identifier replaced by a made-up one. */
export function varyStructures(t: FleetTemplate, n: number, withOemStrings: boolean): RawStructure[] {
  const out: RawStructure[] = [];
  let maxHandle = 0;
  for (const s of t.structures) {
    maxHandle = Math.max(maxHandle, s.handle);
    const fields = sensitiveFields(s.type).filter((f) => f.offset + (f.kind === 'uuid' ? 16 : 1) <= s.formatted.length);
    if (fields.length === 0) {
      out.push(s);
      continue;
    }
    const formatted = s.formatted.slice();
    const strings = [...s.strings];
    fields.forEach((f, i) => {
      if (f.kind === 'uuid') formatted.set(encodeUuid(madeUpUuid(n), versionCode(t.version)), f.offset);
      else if (f.kind === 'string') {
        const idx = formatted[f.offset]!;
        if (idx > 0 && idx <= strings.length) strings[idx - 1] = madeUp(CLASS_PREFIX[f.class] ?? 'ID', n, s.type * 16 + i);
      }
    });
    out.push(buildStructure({ type: s.type, handle: s.handle, data: formatted.subarray(4), strings }));
  }
  if (withOemStrings && maxHandle + 1 < RESERVED_HANDLE_START) {
    const mac = Array.from({ length: 6 }, (_, i) => (((n * 31 + i * 17) & 0xff) | (i === 0 ? 2 : 0)).toString(16).padStart(2, '0')).join(':');
    const oem = buildStructure({ type: 11, handle: maxHandle + 1, data: Uint8Array.of(2), strings: [`mgmt-mac ${mac}`, `node${n}.rack${n % 40}.example.net`] });
    // Before the end-of-table structure, where firmware puts it.
    const end = out.findIndex((s) => s.type === 127);
    out.splice(end < 0 ? out.length : end, 0, oem);
  }
  return out;
}

/** Host `n`'s `--dump-bin` file. */
export function hostDumpBin(t: FleetTemplate, n: number, withOemStrings: boolean): Uint8Array {
  const structures = varyStructures(t, n, withOemStrings);
  const table = encodeStructureTable(structures);
  const entryPoint = synthesizeEntryPoint(structures, table.length, t.version, DUMP_BIN_ADDRESS);
  return encodeDumpBin({ container: 'built', entryPoint, version: t.version, table, structures, findings: [] });
}

function acpiHeader(signature: string, oemTableId: string): AcpiHeader {
  return { signature, length: 0, revision: 1, checksum: 0, oemId: 'FLEETX', oemTableId, oemRevision: 1, creatorId: 'HVMP', creatorRevision: 1 };
}

/** Host `n`'s ACPI tables back to back: an SSDT with one method, and an MSDM with a made-up product key. */
export function hostAcpiTables(n: number): Uint8Array {
  // `Scope (\_SB) { Method (OEMD, 0) { Return (0x2F) } }`, as the example host's SSDT.
  const aml = Uint8Array.of(0x10, 0x10, 0x5c, 0x5f, 0x53, 0x42, 0x5f, 0x14, 0x09, 0x4f, 0x45, 0x4d, 0x44, 0x00, 0xa4, 0x0a, 0x2f);
  const ssdt = encodeTable({ header: acpiHeader('SSDT', 'OEMDRV'), body: aml });
  const key = Array.from({ length: 5 }, (_, i) => madeUp('', n, 100 + i).slice(-5).padStart(5, 'X')).join('-');
  // Software licensing structure (MSDM_LAYOUT): version 1, reserved, data type 1, reserved, length 29, key.
  const body = new Uint8Array(20 + 29);
  const dv = new DataView(body.buffer);
  dv.setUint32(0, 1, true);
  dv.setUint32(8, 1, true);
  dv.setUint32(16, 29, true);
  body.set(latin1Bytes(key), 20);
  const msdm = encodeTable({ header: acpiHeader('MSDM', 'OEMKEY'), body });
  const out = new Uint8Array(ssdt.length + msdm.length);
  out.set(ssdt, 0);
  out.set(msdm, ssdt.length);
  return out;
}

const CORRUPT_KINDS: readonly CorruptKind[] = ['truncated', 'garbage', 'wrong-kind', 'empty'];

function corruptBytes(kind: CorruptKind, good: Uint8Array, n: number): Uint8Array {
  switch (kind) {
    case 'truncated':
      // Cut inside the entry point: the reader cannot even tell where the table was. (A cut inside
      // the table is read as far as it goes, with findings, as dmidecode reads it.)
      return good.subarray(0, 12);
    case 'garbage': {
      const b = new Uint8Array(512);
      let x = (n * 2654435761) >>> 0 || 1;
      for (let i = 0; i < b.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        b[i] = x & 0xff;
      }
      return b;
    }
    case 'wrong-kind':
      // An ELF header: a file of another kind someone saved among the dumps.
      return Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array<number>(56).fill(0));
    case 'empty':
      return new Uint8Array(0);
  }
}

/** Writes a fleet of `spec.hosts` hosts into `dir` (which must exist and be empty) from the templates. */
export function generateFleet(dir: string, templates: readonly FleetTemplate[], spec: FleetSpec): GeneratedFleet {
  if (templates.length === 0) throw new Error('no SMBIOS template to build a fleet from');
  const corruptEvery = spec.corruptEvery ?? 97;
  const folderEvery = spec.folderEvery ?? 10;
  const oemEvery = spec.oemStringsEvery ?? 7;
  const width = String(spec.hosts).length;
  const fleet: GeneratedFleet = { dir, hosts: [], corrupt: new Map(), folders: new Set(), bytes: 0 };
  for (let n = 0; n < spec.hosts; n++) {
    const t = templates[n % templates.length]!;
    const name = `host-${String(n).padStart(width, '0')}`;
    const dump = hostDumpBin(t, n, n % oemEvery === 3);
    if (n % corruptEvery === corruptEvery - 1) {
      const kind = CORRUPT_KINDS[Math.floor(n / corruptEvery) % CORRUPT_KINDS.length]!;
      const file = path.join(dir, `${name}.bin`);
      const bytes = corruptBytes(kind, dump, n);
      writeFileSync(file, bytes);
      fleet.hosts.push(file);
      fleet.corrupt.set(file, kind);
      fleet.bytes += bytes.length;
      continue;
    }
    if (n % folderEvery === folderEvery - 1) {
      const folder = path.join(dir, name);
      mkdirSync(folder);
      const acpi = hostAcpiTables(n);
      writeFileSync(path.join(folder, 'smbios.bin'), dump);
      writeFileSync(path.join(folder, 'tables.dat'), acpi);
      fleet.hosts.push(folder);
      fleet.folders.add(folder);
      fleet.bytes += dump.length + acpi.length;
      continue;
    }
    const file = path.join(dir, `${name}.bin`);
    writeFileSync(file, dump);
    fleet.hosts.push(file);
    fleet.bytes += dump.length;
  }
  fleet.hosts.sort();
  return fleet;
}
