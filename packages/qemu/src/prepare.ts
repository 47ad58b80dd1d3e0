// Everything `hvmpack qemu prepare` writes, built without touching the file system: the CLI
// only reads the host, calls this, and writes the folder atomically.
import { finding, hex, type Finding } from '@hvmpack/bytes';
import type { AcpiTable } from '@hvmpack/acpi';
import type { RawStructure } from '@hvmpack/smbios';
import { tableName } from '@hvmpack/guest';
import { encodeQemuAcpiFiles, selectQemuTables } from './acpi.js';
import { DEBIAN_OVMF_PATH, qemuArguments, shellLine } from './args.js';
import type { QemuGuest } from './guest.js';
import { computeQemuGuestView, qemuGuestViewToJson, type QemuGuestView } from './guest-view.js';
import { libvirtDomainXml, type LibvirtVersion } from './libvirt.js';
import { encodeQemuSmbiosFiles, selectQemuStructures } from './smbios.js';

/** The host's tables and the choices of one `qemu prepare` run. */
export interface QemuPrepareInput {
  structures: readonly RawStructure[] | null;
  tables: readonly AcpiTable[] | null;
  guest: QemuGuest;
  /** `--types`: exactly these SMBIOS types (default: {@link QEMU_DEFAULT_TYPES} and OEM types). */
  types?: ReadonlySet<number>;
  /** `--tables`: exactly these ACPI tables (default: all but QEMU's own and MSDM/SLIC). */
  wantedTables?: ReadonlySet<string>;
  /** The folder the files will be in, as the QEMU arguments and the XML should name it. */
  dir: string;
  libvirt: LibvirtVersion;
  ovmfPath?: string;
}

/** One file of the prepared folder. */
export interface PreparedFile {
  name: string;
  data: Uint8Array | string;
  /** Executable (the `qemu.sh` wrapper). */
  executable?: boolean;
}

/** What `qemu prepare` produced: the folder's files, the argument list, the guest view and every finding. */
export interface QemuPrepared {
  files: PreparedFile[];
  args: string[];
  view: QemuGuestView;
  findings: Finding[];
  summary: QemuPrepareSummary;
}

/** The numbers `qemu prepare` prints and `report.json` holds. */
export interface QemuPrepareSummary {
  smbiosFiles: { name: string; type: number; handle: string; length: number }[];
  acpiFiles: { name: string; signature: string; length: number }[];
  guestStructureCount: number;
  entryPoint: string;
}

/** The `-smbios file=` blob's name in the folder: order, type and handle (`smbios-01-type1-0100.bin`). */
export function smbiosFileName(index: number, s: Pick<RawStructure, 'type' | 'handle'>): string {
  return `smbios-${String(index + 1).padStart(2, '0')}-type${s.type}-${s.handle.toString(16).padStart(4, '0')}.bin`;
}

/** The `-acpitable file=` table's name in the folder: order and table name (`acpi-01-SSDT2.bin`). */
export function acpiFileName(index: number, t: Pick<AcpiTable, 'signature' | 'instance'>): string {
  return `acpi-${String(index + 1).padStart(2, '0')}-${tableName(t).replace(/[^A-Za-z0-9_]/g, '_')}.bin`;
}

/**
 * Selects, encodes and checks: one file per structure and table, `qemu.args` (one argument a
 * line), `qemu.sh` (the same as one shell line, extra arguments appended), `libvirt.xml`,
 * `guest-view.json`; the CLI adds `report.json`. Findings: selection notes (paths `input.…`),
 * QEMU's and the firmware's checks (paths `smbios[i]`/`acpi[i]`, the file index), libvirt's.
 */
export function prepareQemuGuest(input: QemuPrepareInput): QemuPrepared {
  const { guest } = input;
  const findings: Finding[] = [];
  const smbiosSel = input.structures ? selectQemuStructures(input.structures, guest, input.types) : { chosen: [], notes: [] };
  const acpiSel = input.tables ? selectQemuTables(input.tables, guest, input.wantedTables) : { chosen: [], notes: [] };
  findings.push(...smbiosSel.notes, ...acpiSel.notes);
  const smbiosBlobs = encodeQemuSmbiosFiles(smbiosSel.chosen);
  const acpiBlobs = encodeQemuAcpiFiles(acpiSel.chosen);
  const view = computeQemuGuestView({ smbios: smbiosBlobs, acpi: acpiBlobs }, guest);
  findings.push(...view.findings);
  const dir = input.dir.replace(/\/+$/, '') || '/';
  const at = (name: string): string => (dir === '/' ? `/${name}` : `${dir}/${name}`);
  const files: PreparedFile[] = [];
  const smbiosNames = smbiosSel.chosen.map((s, i) => smbiosFileName(i, s));
  const acpiNames = acpiSel.chosen.map((t, i) => acpiFileName(i, t));
  smbiosBlobs.forEach((b, i) => files.push({ name: smbiosNames[i]!, data: b }));
  acpiBlobs.forEach((b, i) => files.push({ name: acpiNames[i]!, data: b }));
  const ovmfPath = input.ovmfPath ?? DEBIAN_OVMF_PATH;
  const args = qemuArguments({ guest, smbiosFiles: smbiosNames.map(at), acpiFiles: acpiNames.map(at), ovmfPath });
  files.push({ name: 'qemu.args', data: args.join('\n') + '\n' });
  files.push({ name: 'qemu.sh', data: `#!/bin/sh\n# The host's SMBIOS structures and ACPI tables for this guest; more arguments (disks, -kernel, …) follow "$@".\nexec qemu-system-x86_64 ${shellLine(args)} "$@"\n`, executable: true });
  const xml = libvirtDomainXml({
    guest,
    structures: smbiosSel.chosen.map((item, i) => ({ item, path: at(smbiosNames[i]!) })),
    tables: acpiSel.chosen.map((item, i) => ({ item, path: at(acpiNames[i]!) })),
    version: input.libvirt,
    ovmfPath,
  });
  findings.push(...xml.findings.map((f) => ({ ...f, path: f.path ?? 'libvirt.xml' })));
  files.push({ name: 'libvirt.xml', data: xml.xml });
  files.push({ name: 'guest-view.json', data: JSON.stringify(qemuGuestViewToJson(view), null, 2) + '\n' });
  if (smbiosBlobs.length === 0 && acpiBlobs.length === 0) {
    findings.push(finding('QEMU_NOTHING_PASSED', 'warning', 'no structure or table was chosen: the guest sees only what QEMU and the firmware build'));
  }
  const ep = view.smbios.entryPoints[0]!;
  const summary: QemuPrepareSummary = {
    smbiosFiles: smbiosSel.chosen.map((s, i) => ({ name: smbiosNames[i]!, type: s.type, handle: hex(s.handle, 4), length: smbiosBlobs[i]!.length })),
    acpiFiles: acpiSel.chosen.map((t, i) => ({ name: acpiNames[i]!, signature: t.signature, length: acpiBlobs[i]!.length })),
    guestStructureCount: view.smbios.structures.length,
    entryPoint: `${ep.anchor} ${ep.version}`,
  };
  return { files, args, view, findings, summary };
}

