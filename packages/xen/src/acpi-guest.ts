import type { Guest } from '@hvmpack/guest';
import { decodeAcpiBlob, type AcpiBlobRecord, type AcpiBlobWalk } from './acpi-blob.js';
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
}

/** The secondary tables libacpi `construct_secondary_tables()` builds before pass-through, in order. */
export function builtinSecondaryTables(cfg: Guest): BuiltinTable[] {
  const out: BuiltinTable[] = [];
  if (cfg.vcpus > 1 || cfg.apicMode) out.push({ signature: 'APIC', reason: 'MADT: apic_mode or more than one vCPU' });
  if (cfg.hpet) out.push({ signature: 'HPET', reason: 'HPET present' });
  out.push({ signature: 'WAET', reason: 'always built' });
  if (cfg.battery) out.push({ signature: 'SSDT', reason: 'SSDT_PM: battery port 0x88 present' });
  if (cfg.acpiS3) out.push({ signature: 'SSDT', reason: 'SSDT_S3: platform/acpi_s3' });
  if (cfg.acpiS4) out.push({ signature: 'SSDT', reason: 'SSDT_S4: platform/acpi_s4' });
  if (cfg.laptopSlate) out.push({ signature: 'SSDT', reason: 'laptop/slate SSDT: platform/acpi_laptop_slate' });
  if (cfg.tpm === 1) out.push({ signature: 'SSDT', reason: 'SSDT_TPM: TPM 1.2' }, { signature: 'TCPA', reason: 'TPM 1.2' });
  if (cfg.tpm === 2) out.push({ signature: 'SSDT', reason: 'SSDT_TPM2: TPM 2.0' }, { signature: 'TPM2', reason: 'TPM 2.0' });
  if (cfg.vnuma) out.push({ signature: 'SRAT', reason: 'vNUMA' }, { signature: 'SLIT', reason: 'vNUMA' });
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
      enabled: false, rsdpAddress: null, tables: [], builtins, slots, crashes: false, walk,
      dropped: all.records.map((r) => ({ signature: r.signature, blobOffset: r.offset, length: r.length, reason: 'acpi-disabled' })),
    };
  }
  const tables: GuestAcpiTable[] = [...FIXED_TABLES.map((t) => ({ ...t }))];
  for (const b of builtins) tables.push({ signature: b.signature, length: null, source: 'built-in', note: b.reason });
  for (const r of walk.records) tables.push(passThroughEntry(r));
  const dropped: DroppedAcpiTable[] = [];
  if (walk.end === 'cap' && walk.capOffset !== null) {
    // Walk the rest without a cap to name what was silently left out.
    const rest = decodeAcpiBlob(bytes.subarray(walk.capOffset));
    for (const r of rest.records) dropped.push({ signature: r.signature, blobOffset: walk.capOffset + r.offset, length: r.length, reason: 'over-cap' });
  }
  return { enabled: true, rsdpAddress, tables, dropped, builtins, slots, crashes: walk.end === 'crash', walk };
}

function passThroughEntry(r: AcpiBlobRecord): GuestAcpiTable {
  const core = HVMLOADER_OWN_TABLES.has(r.signature);
  return {
    signature: r.signature, length: r.length, source: 'pass-through', blobIndex: r.index, blobOffset: r.offset, checksumOk: r.checksumOk,
    ...(core && { note: 'listed as just another secondary table; the built-in one stays' }),
  };
}
