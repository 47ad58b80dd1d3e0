// What QEMU 7.2 does with `-acpitable file=` tables (hw/acpi/core.c: acpi_table_add, and the
// SLIC OEM rule of hw/i386/acpi-build.c), observed on Debian 12's QEMU with SeaBIOS and OVMF.
import { finding, hex, type Finding } from '@hvmpack/bytes';
import { ACPI_HEADER_LENGTH, fixTableChecksum, isValidSignature, looksLikeAcpidump, type AcpiTable } from '@hvmpack/acpi';
import { selectTablesWith, type Selection } from '@hvmpack/guest';
import type { QemuGuest } from './guest.js';

/** The most one `-acpitable` may hold, header included (QEMU: "ACPI table too big"). */
export const QEMU_ACPI_TABLE_MAX = 0xffff;

/** QEMU's OEM ID and OEM table ID on the tables it builds. */
export const QEMU_ACPI_OEM = { oemId: 'BOCHS ', oemTableId: 'BXPC    ' } as const;

/** A table QEMU puts in the root table itself (before any user table), with its length where it is fixed. */
export interface QemuOwnTable {
  signature: string;
  length: number;
}

/**
 * The tables QEMU 7.2 lists in its RSDT for a machine with no extra devices, in order (FACP,
 * APIC, HPET, MCFG on q35, WAET); the MADT grows by one 8-byte local APIC entry per vCPU.
 */
export function qemuOwnTables(guest: Pick<QemuGuest, 'machine' | 'cpus'>): QemuOwnTable[] {
  const q35 = guest.machine === 'q35';
  return [
    { signature: 'FACP', length: q35 ? 244 : 116 },
    { signature: 'APIC', length: 112 + 8 * guest.cpus },
    { signature: 'HPET', length: 56 },
    ...(q35 ? [{ signature: 'MCFG', length: 60 }] : []),
    { signature: 'WAET', length: 40 },
  ];
}

/**
 * Tables a user must not append: QEMU builds them (or they are reached through the FADT or the
 * RSDP, not the RSDT) and does not check, so a second copy would sit beside QEMU's.
 */
// The RSDP is `RSDP` once read (acpidump text, a memory image): a host's must never become an -acpitable.
export const QEMU_FIXED_TABLES: ReadonlySet<string> = new Set(['FACP', 'DSDT', 'FACS', 'RSDT', 'XSDT', 'RSDP', 'RSD PTR ']);
/**
 * Left out by default: the tables QEMU builds for every guest, and those QEMU or OVMF build when
 * the guest has the device they describe (NUMA: SRAT/SLIT/HMAT; an IOMMU: DMAR/IVRS/VIOT; a TPM:
 * TPM2/TCPA; ERST, CXL, NVDIMM; OVMF's boot logo BGRT). A host's copy describes the host's
 * hardware, which the guest does not have.
 */
export const QEMU_BUILT_TABLES: ReadonlySet<string> = new Set([...QEMU_FIXED_TABLES, 'APIC', 'HPET', 'MCFG', 'WAET', 'SRAT', 'SLIT', 'HMAT', 'DMAR', 'IVRS', 'VIOT', 'TPM2', 'TCPA', 'ERST', 'CEDT', 'NFIT', 'BGRT']);

/**
 * The host tables `qemu prepare` passes, one `-acpitable file=` each: exactly the `wanted` ones
 * when given, else every table but QEMU's own, those over QEMU's 64 KiB limit and MSDM/SLIC
 * ({@link selectTablesWith}).
 */
export function selectQemuTables(tables: readonly AcpiTable[], _guest: QemuGuest, wanted?: ReadonlySet<string>): Selection<AcpiTable> {
  return selectTablesWith(tables, wanted, {
    builtIn: (s) => QEMU_BUILT_TABLES.has(s),
    builder: 'QEMU',
    codePrefix: 'QEMU',
    refuses: (t) => (t.bytes.length > QEMU_ACPI_TABLE_MAX ? `${t.bytes.length} bytes, and QEMU refuses an -acpitable over ${QEMU_ACPI_TABLE_MAX} ("ACPI table too big"); name it in --tables to see QEMU's error` : undefined),
  });
}

/** One `-acpitable file=` per table, the host's bytes unchanged (QEMU fixes length and checksum itself). */
export function encodeQemuAcpiFiles(tables: readonly (AcpiTable | Uint8Array)[]): Uint8Array[] {
  return tables.map((t) => (t instanceof Uint8Array ? t : t.bytes).slice());
}

/** A table as the guest gets it from one `-acpitable file=`. */
export interface QemuAppendedTable {
  file: number;
  signature: string;
  /** The bytes after QEMU's fix-up: length set to the file's size, checksum recomputed. */
  bytes: Uint8Array;
  oemId: string;
  oemTableId: string;
}

/**
 * QEMU's fix-up of one `-acpitable file=`: the length field becomes the file's size and the
 * checksum is recomputed; null (with an error) when QEMU refuses the file.
 */
export function qemuFixUpTable(bytes: Uint8Array, file: number): { table: QemuAppendedTable | null; findings: Finding[] } {
  const path = `acpi[${file}]`;
  if (bytes.length < ACPI_HEADER_LENGTH) {
    return { table: null, findings: [finding('QEMU_ACPI_HEADER_TOO_SHORT', 'error', `ACPI table claiming to have header is too short, available: ${bytes.length}, expected: ${ACPI_HEADER_LENGTH}`, { path, offset: 0 })] };
  }
  const signature = latin1(bytes.subarray(0, 4));
  const findings: Finding[] = [];
  if (!isValidSignature(signature) || looksLikeAcpidump(bytes)) {
    // QEMU takes any four bytes; an acpidump text or a whole dump given here is the usual mistake.
    findings.push(finding('QEMU_ACPI_NOT_A_TABLE', 'warning', `not a binary ACPI table (${looksLikeAcpidump(bytes) ? 'acpidump text' : `starts with ${JSON.stringify(signature)}`}): QEMU appends it as it is; give one binary table per -acpitable (hvmpack acpi extract writes them)`, { path, offset: 0 }));
  }
  if (bytes.length > QEMU_ACPI_TABLE_MAX) {
    return { table: null, findings: [...findings, finding('QEMU_ACPI_TABLE_TOO_BIG', 'error', `ACPI table too big, requested: ${bytes.length}, max: ${QEMU_ACPI_TABLE_MAX}`, { path, signature })] };
  }
  const said = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
  const out = bytes.slice();
  if (said !== bytes.length) {
    findings.push(finding('QEMU_ACPI_LENGTH_FIXED', 'warning', `ACPI table has wrong length, header says ${said}, actual size ${bytes.length} bytes`, { path, signature, offset: 4 }));
    out[4] = bytes.length & 0xff;
    out[5] = (bytes.length >> 8) & 0xff;
    out[6] = (bytes.length >> 16) & 0xff;
    out[7] = 0;
  }
  const fixed = fixTableChecksum(out);
  if (fixed[9] !== bytes[9]) {
    findings.push(finding('QEMU_ACPI_CHECKSUM_RECOMPUTED', said !== bytes.length ? 'info' : 'warning', `checksum ${hex(bytes[9]!, 2)} becomes ${hex(fixed[9]!, 2)}: QEMU recomputes it, so the guest's bytes differ from the file's`, { path, signature, offset: 9 }));
  }
  return { table: { file, signature, bytes: fixed, oemId: latin1(fixed.subarray(10, 16)), oemTableId: latin1(fixed.subarray(16, 24)) }, findings };
}

function latin1(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

/** A root-table entry of the guest: one of QEMU's tables or an appended one. */
export interface QemuRootEntry {
  source: 'qemu' | 'user';
  signature: string;
  length: number;
  oemId: string;
  oemTableId: string;
  /** The `-acpitable file=` index, for user tables. */
  file?: number;
}

/** The guest's ACPI root: what the RSDP points at and every table listed there, in order. */
export interface QemuAcpiView {
  /** SeaBIOS hands over QEMU's revision-0 RSDP (RSDT only); OVMF installs a revision-2 one with an XSDT too. */
  rsdp: { revision: 0 | 2; oemId: string };
  roots: { signature: 'RSDT' | 'XSDT'; oemId: string; oemTableId: string }[];
  tables: QemuRootEntry[];
  /** The appended tables' bytes as the guest reads them. */
  appended: QemuAppendedTable[];
  findings: Finding[];
}

/**
 * What the guest's ACPI root lists for these `-acpitable file=` tables: QEMU's own tables, then
 * each file in command-line order after QEMU's fix-up. A SLIC among them lends its OEM ID and
 * OEM table ID to the RSDT and the FADT (QEMU's rule); under OVMF the RSDP and XSDT follow the
 * FADT's, while SeaBIOS's RSDP keeps QEMU's.
 */
export function buildQemuAcpiView(files: readonly Uint8Array[], guest: QemuGuest): QemuAcpiView {
  const findings: Finding[] = [];
  const appended: QemuAppendedTable[] = [];
  files.forEach((b, i) => {
    const r = qemuFixUpTable(b, i);
    findings.push(...r.findings);
    if (r.table) appended.push(r.table);
  });
  const own = qemuOwnTables(guest);
  for (const t of appended) {
    if (QEMU_FIXED_TABLES.has(t.signature)) {
      findings.push(finding('QEMU_ACPI_DUPLICATE_TABLE', 'error', `${t.signature} would be appended beside QEMU's own: the guest gets two, and which one an OS uses is not defined`, { path: `acpi[${t.file}]`, signature: t.signature }));
    } else if (own.some((o) => o.signature === t.signature)) {
      findings.push(finding('QEMU_ACPI_DUPLICATE_TABLE', 'warning', `${t.signature} would be appended beside QEMU's own ${t.signature}`, { path: `acpi[${t.file}]`, signature: t.signature }));
    }
  }
  const slic = appended.find((t) => t.signature === 'SLIC');
  const rootOem = slic ? { oemId: slic.oemId, oemTableId: slic.oemTableId } : QEMU_ACPI_OEM;
  if (slic) {
    findings.push(finding('QEMU_ACPI_SLIC_OEM', 'info', `the RSDT and FADT take the SLIC's OEM ID ${JSON.stringify(slic.oemId)} and OEM table ID ${JSON.stringify(slic.oemTableId)}, as Windows activation expects`, { path: `acpi[${slic.file}]`, signature: 'SLIC' }));
  }
  const tables: QemuRootEntry[] = [
    ...own.map((o): QemuRootEntry => ({ source: 'qemu', signature: o.signature, length: o.length, ...(o.signature === 'FACP' ? rootOem : QEMU_ACPI_OEM) })),
    ...appended.map((t): QemuRootEntry => ({ source: 'user', signature: t.signature, length: t.bytes.length, oemId: t.oemId, oemTableId: t.oemTableId, file: t.file })),
  ];
  const ovmf = guest.firmware === 'ovmf';
  return {
    rsdp: { revision: ovmf ? 2 : 0, oemId: ovmf ? rootOem.oemId : QEMU_ACPI_OEM.oemId },
    roots: [{ signature: 'RSDT', ...rootOem }, ...(ovmf ? [{ signature: 'XSDT' as const, ...rootOem }] : [])],
    tables,
    appended,
    findings,
  };
}
