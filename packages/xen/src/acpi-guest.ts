import { checksum8 } from '@hvmpack/bytes';
import { Firmware, type Guest } from '@hvmpack/guest';
import { decodeAcpiBlob, type AcpiBlobRecord, type AcpiBlobWalk } from './acpi-blob.js';
import { hasChange, XenChange } from './versions.js';
import { HVMLOADER_OWN_TABLES } from './own-tables.js';

/**
 * The ACPI tables a Xen HVM guest sees: libacpi's fixed tables, the built-in secondary tables
 * for this guest config, then the pass-through tables that fit in `ACPI_MAX_SECONDARY_TABLES`
 * (16) − built-ins − 1 slots, in blob order (xen.md §4, §11).
 */

/** `ACPI_MAX_SECONDARY_TABLES` in libacpi: secondary table pointer array size, one slot for the NULL end. */
export const ACPI_MAX_SECONDARY_TABLES = 16;

/** Xen's fixed OEM ID and OEM table ID in every table it builds (libacpi `ACPI_OEM_ID`, `ACPI_OEM_TABLE_ID`). */
export const XEN_ACPI_OEM_ID = 'Xen';
/** See {@link XEN_ACPI_OEM_ID}. */
export const XEN_ACPI_OEM_TABLE_ID = 'HVM';

/** One built-in secondary table and the option that adds it. */
export interface BuiltinTable {
  signature: string;
  /** What adds it, for people: `apic_mode or >1 vCPU`, `hpet`, … */
  reason: string;
  /**
   * Its length: structures from `acpi2_0.h`, AML as Xen's Makefile compiles it with iasl
   * 20200925 (another iasl may differ by a few bytes); null for SRAT/SLIT, which follow the
   * vNUMA layout.
   */
  length: number | null;
}

/**
 * MADT length: 44-byte header, 4 interrupt source overrides (IRQ0 → GSI 2 and PCI ISA IRQs 5,
 * 10, 11) of 10 bytes, one 12-byte IO-APIC, 8 bytes per local APIC. Since 4.8 one local APIC per
 * vCPU; before, one per DSDT processor object: 15 with ROMBIOS and ≤ 15 vCPUs, else 128.
 */
export function madtLength(cfg: Guest): number {
  const lapics = hasChange(cfg.xen, XenChange.MadtPerVcpu)
    ? cfg.vcpus
    : cfg.firmware === Firmware.ROMBIOS && cfg.vcpus <= 15 ? 15 : 128;
  return 44 + 4 * 10 + 12 + 8 * lapics;
}

/** The revision-4 FADT hvmloader lists in the XSDT and the revision-1 copy it lists in the RSDT. */
export const FADT_LENGTH = { xsdt: 244, rsdt: 116 } as const;

/** The secondary tables libacpi `construct_secondary_tables()` builds before pass-through, in order. */
export function builtinSecondaryTables(cfg: Guest): BuiltinTable[] {
  const out: BuiltinTable[] = [];
  const add = (signature: string, length: number | null, reason: string): void => void out.push({ signature, reason, length });
  if (cfg.vcpus > 1 || cfg.apicMode) add('APIC', madtLength(cfg), 'MADT: apic_mode or more than one vCPU');
  if (cfg.hpet || !hasChange(cfg.xen, XenChange.HpetOptional)) add('HPET', 56, cfg.hpet ? 'HPET present' : 'Xen 4.3 builds it always');
  add('WAET', 40, 'always built');
  if (cfg.battery) add('SSDT', 1447, 'SSDT_PM: battery port 0x88 present');
  if (cfg.acpiS3) add('SSDT', 49, 'SSDT_S3: platform/acpi_s3');
  if (cfg.acpiS4) add('SSDT', 49, 'SSDT_S4: platform/acpi_s4');
  if (cfg.laptopSlate && hasChange(cfg.xen, XenChange.LaptopSlateSsdt)) add('SSDT', 73, 'laptop/slate SSDT: platform/acpi_laptop_slate');
  if (cfg.tpm === 1) {
    add('SSDT', 76, 'SSDT_TPM: TPM 1.2');
    add('TCPA', 50, 'TPM 1.2');
  }
  if (cfg.tpm === 2 && hasChange(cfg.xen, XenChange.Tpm2)) {
    add('SSDT', 91, 'SSDT_TPM2: TPM 2.0');
    add('TPM2', 76, 'TPM 2.0');
  }
  if (cfg.vnuma && hasChange(cfg.xen, XenChange.VnumaTables)) {
    add('SRAT', null, 'vNUMA');
    add('SLIT', null, 'vNUMA');
  }
  return out;
}

/** Pass-through slots for this config: `nr_max = 16 − built-ins − 1` (10 for a default xl guest). */
export function passThroughSlots(cfg: Guest): number {
  return Math.max(0, ACPI_MAX_SECONDARY_TABLES - builtinSecondaryTables(cfg).length - 1);
}

/** One table in the guest's ACPI, in the order the root tables list it. */
export interface GuestAcpiTable {
  signature: string;
  /** Length in bytes; null for built-ins, whose size depends on the compiled AML and the config. */
  length: number | null;
  source: 'built-in' | 'pass-through';
  /** For pass-through tables: index in the blob walk and offset in the blob. */
  blobIndex?: number;
  blobOffset?: number;
  /** For pass-through tables: the checksum verdict (copied unfixed). */
  checksumOk?: boolean | null;
  note?: string;
}

/** A blob table the guest does not get, and why. */
export interface DroppedAcpiTable {
  signature: string;
  blobOffset: number;
  length: number;
  reason: 'over-cap' | 'acpi-disabled';
}

/** One entry of the guest's XSDT or RSDT. */
export interface GuestRootEntry {
  signature: string;
  /** Header length (null: a built-in whose length this model does not know). */
  length: number | null;
  /** Whether the table's bytes sum to zero: true for built-ins, as copied for pass-through. */
  checksumOk: boolean;
  source: 'built-in' | 'pass-through';
  /** For pass-through entries: index in the blob. */
  blobIndex?: number;
}

/** The RSDP hvmloader writes: ACPI 2.0, 36 bytes, both checksums set, pointing at the RSDT and the XSDT. */
export interface GuestRsdp {
  revision: 2;
  length: 36;
  checksumOk: true;
  extendedChecksumOk: true;
  /** 0xEA020 with ROMBIOS/OVMF; null with SeaBIOS, which gets it in scratch space. */
  address: number | null;
}

/** The guest's ACPI as hvmloader builds it. */
export interface GuestAcpi {
  /** False when `platform/acpi` is not "1": no ACPI at all. */
  enabled: boolean;
  /** Where the RSDP lives: 0xEA020 with ROMBIOS/OVMF; SeaBIOS gets it in scratch space (null). */
  rsdpAddress: number | null;
  tables: GuestAcpiTable[];
  dropped: DroppedAcpiTable[];
  builtins: BuiltinTable[];
  slots: number;
  /** True when hvmloader hits a zero table length while copying the blob: the guest crashes. */
  crashes: boolean;
  /**
   * The XSDT's entries in order (revision-4 FADT, built-ins, pass-through; DSDT and FACS hang off
   * the FADT); null without ACPI or when hvmloader crashes before writing it.
   */
  xsdt: GuestRootEntry[] | null;
  /** The RSDT's entries: the same tables with the revision-1 FADT first. */
  rsdt: GuestRootEntry[] | null;
  /** The RSDP; null without ACPI or when hvmloader crashes first. */
  rsdp: GuestRsdp | null;
  /** Blob tables that became root-table entries. */
  passthroughAccepted: number;
  walk: AcpiBlobWalk;
}

/** Tables libacpi always builds and the root tables point to (not secondary tables). */
const FIXED_TABLES: readonly GuestAcpiTable[] = [
  { signature: 'RSD PTR ', length: 36, source: 'built-in', note: 'RSDP, revision 2' },
  { signature: 'XSDT', length: null, source: 'built-in', note: 'entry 0 = revision-4 FADT' },
  { signature: 'RSDT', length: null, source: 'built-in', note: 'entry 0 = revision-1 FADT' },
  { signature: 'FACP', length: null, source: 'built-in', note: 'two FADTs: revision 4 (XSDT) and revision 1 (RSDT)' },
  { signature: 'DSDT', length: null, source: 'built-in' },
  { signature: 'FACS', length: null, source: 'built-in' },
];

/** Builds the guest's ACPI table list from an `acpi_firmware` blob (or none) and the guest config. */
export function buildGuestAcpi(blob: Uint8Array | null, cfg: Guest): GuestAcpi {
  const builtins = builtinSecondaryTables(cfg);
  const slots = passThroughSlots(cfg);
  const bytes = blob ?? new Uint8Array(0);
  const walk = decodeAcpiBlob(bytes, { maxTables: slots });
  const rsdpAddress = cfg.firmware === 'seabios' ? null : 0xea020;
  if (!cfg.acpi) {
    const all = decodeAcpiBlob(bytes);
    return {
      enabled: false, rsdpAddress: null, tables: [], builtins, slots, crashes: false, walk, xsdt: null, rsdt: null, rsdp: null, passthroughAccepted: 0,
      dropped: all.records.map((r) => ({ signature: r.signature, blobOffset: r.offset, length: r.length, reason: 'acpi-disabled' })),
    };
  }
  const tables: GuestAcpiTable[] = [...FIXED_TABLES.map((t) => ({ ...t }))];
  for (const b of builtins) tables.push({ signature: b.signature, length: b.length, source: 'built-in', note: b.reason });
  for (const r of walk.records) tables.push(passThroughEntry(r));
  const dropped: DroppedAcpiTable[] = [];
  if (walk.end === 'cap' && walk.capOffset !== null) {
    // Walk the rest without a cap to name what was silently left out.
    const rest = decodeAcpiBlob(bytes.subarray(walk.capOffset));
    for (const r of rest.records) dropped.push({ signature: r.signature, blobOffset: walk.capOffset + r.offset, length: r.length, reason: 'over-cap' });
  }
  const crashes = walk.end === 'crash';
  const secondary: GuestRootEntry[] = [
    ...builtins.map((b): GuestRootEntry => ({ signature: b.signature, length: b.length, checksumOk: true, source: 'built-in' })),
    ...walk.records.map((r): GuestRootEntry => ({
      // hvmloader copies `length` bytes: past the blob end it reads the zero-filled page padding.
      signature: r.signature, length: r.length, checksumOk: checksum8(r.bytes) === 0, source: 'pass-through', blobIndex: r.index,
    })),
  ];
  const root = (fadtLength: number): GuestRootEntry[] | null =>
    crashes ? null : [{ signature: 'FACP', length: fadtLength, checksumOk: true, source: 'built-in' }, ...secondary];
  return {
    enabled: true, rsdpAddress, tables, dropped, builtins, slots, crashes, walk,
    xsdt: root(FADT_LENGTH.xsdt), rsdt: root(FADT_LENGTH.rsdt), passthroughAccepted: crashes ? 0 : walk.records.length,
    rsdp: crashes ? null : { revision: 2, length: 36, checksumOk: true, extendedChecksumOk: true, address: rsdpAddress },
  };
}

function passThroughEntry(r: AcpiBlobRecord): GuestAcpiTable {
  const core = HVMLOADER_OWN_TABLES.has(r.signature);
  return {
    signature: r.signature, length: r.length, source: 'pass-through', blobIndex: r.index, blobOffset: r.offset, checksumOk: r.checksumOk,
    ...(core && { note: 'listed as just another secondary table; the built-in one stays' }),
  };
}
