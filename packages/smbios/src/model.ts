import type { Finding } from '@hvmpack/bytes';
import type { StructureIndex } from './table.js';

/**
 * One SMBIOS structure exactly as stored: the lossless raw layer every other view is built on.
 * `encodeStructure(s)` reproduces the original bytes: `formatted` then `stringSet`.
 * DSP0134 §6.1.2 (structure header), §6.1.3 (text strings).
 */
export interface RawStructure {
  /** Structure type (byte 0). */
  type: number;
  /** Formatted-area length from the header (byte 1); equals `formatted.length`. */
  length: number;
  /** Handle (bytes 2–3). */
  handle: number;
  /** Offset of the header within the structure table. */
  offset: number;
  /** The whole formatted area, header included (`length` bytes). */
  formatted: Uint8Array;
  /** Decoded strings (Latin-1); `strings[0]` is string number 1. */
  strings: string[];
  /**
   * The raw string-set bytes after the formatted area, through the terminating double NUL
   * (two NULs for an empty set). Kept so odd encodings (e.g. one NUL then data) round-trip.
   */
  stringSet: Uint8Array;
}

/** SMBIOS version as major.minor[.docrev]. */
export interface SmbiosVersion {
  major: number;
  minor: number;
  /** Docrev, present only in the 3.x entry point. */
  docrev?: number;
}

/** 32-bit `_SM_` entry point (DSP0134 §5.2.1), also used for the legacy `_DMI_`-only form. */
export interface EntryPoint32 {
  kind: '_SM_' | '_DMI_';
  /** Entry point length byte (0x1F per spec, 0x1E in 2.1 era, 0x20 seen in the wild). */
  entryLength: number;
  major: number;
  minor: number;
  maxStructureSize: number;
  entryPointRevision: number;
  formattedArea: Uint8Array;
  tableLength: number;
  tableAddress: number;
  structureCount: number;
  bcdRevision: number;
  /** Bytes past offset 0x1F covered by a longer length byte (0x20 in real Dell firmware). */
  extraBytes?: Uint8Array;
}

/** 64-bit `_SM3_` entry point (DSP0134 §5.2.2). */
export interface EntryPoint64 {
  kind: '_SM3_';
  entryLength: number;
  major: number;
  minor: number;
  docrev: number;
  entryPointRevision: number;
  /** Table *maximum* size, not its exact length. */
  tableMaxSize: number;
  tableAddress: bigint;
  /** Reserved byte 0x0B when not zero (kept so the entry point round-trips). */
  reserved?: number;
  /** Bytes past offset 0x18 covered by a longer length byte. */
  extraBytes?: Uint8Array;
}

/** Either entry point form. */
export type EntryPoint = EntryPoint32 | EntryPoint64;

/** What container an SMBIOS input arrived in. */
export type SmbiosContainer =
  | 'dump-bin'
  | 'ep-at-0-physical-address'
  | 'sysfs'
  | 'raw-table'
  | 'rsmb'
  | 'built';

/** A decoded SMBIOS input: entry point (when any), the structures, and what was noticed. */
export interface SmbiosTable {
  container: SmbiosContainer;
  entryPoint: EntryPoint | null;
  /** From the entry point (or RSMB header); null for a bare table. */
  version: SmbiosVersion | null;
  /** The structure-table bytes the structures were read from. */
  table: Uint8Array;
  structures: RawStructure[];
  findings: Finding[];
  /** Offset in `table` just past the last structure decoded (the rest was not walked). */
  tableEnd?: number;
  /**
   * The whole input buffer and where `table` starts in it, so a container can be re-encoded
   * byte for byte (memory-image gaps, RSMB header, data after the table).
   */
  source?: { bytes: Uint8Array; tableOffset: number };
}

/**
 * A decoded SMBIOS input with its structures as an index over `table` instead of RawStructure
 * objects (`indexSmbios`); everything else as in {@link SmbiosTable}.
 */
export interface IndexedSmbios extends Omit<SmbiosTable, 'structures'> {
  /** Where each structure, string set and string lies in `table`. */
  index: StructureIndex;
}
