import type { Finding } from '@hvmpack/bytes';
import type { HEADER_LAYOUT } from './header.js';
import type { LayoutValues } from './tables/fields.js';

/** The 36-byte common table header (ACPI 6.5 §5.2.6), as its declaration `HEADER_LAYOUT` gives it. */
export type AcpiHeader = LayoutValues<typeof HEADER_LAYOUT>;

/**
 * One ACPI table, lossless: `bytes` is the whole table as found (header included). FACS has no
 * standard header (only signature and length), so `header` is null for it.
 */
export interface AcpiTable {
  signature: string;
  /** 1-based instance among tables of the same signature in this input (SSDT1, SSDT2, …). */
  instance: number;
  header: AcpiHeader | null;
  bytes: Uint8Array;
  /** Checksum verdict; null for tables without a checksum (FACS). */
  checksumOk: boolean | null;
  /** Physical address from the dump or root table, when known. */
  address?: bigint;
  /** Where it came from: file name, `acpidump line N`, `XSDT[3]`, … */
  source?: string;
}

/** The tables of one ACPI input, in input order, and what was noticed reading them. */
export interface AcpiTableSet {
  /** Input format detected: `acpidump`, `binary`, `folder`, `memory-image`, `blob`. */
  container: string;
  tables: AcpiTable[];
  findings: Finding[];
}
