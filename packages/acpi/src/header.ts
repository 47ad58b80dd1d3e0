// The 36-byte common table header (ACPI 6.5 §5.2.6, ACPICA `ACPI_TABLE_HEADER` in actbl.h) and the
// checksum rules around it. Text fields are kept as raw Latin-1 (padding NULs and spaces included)
// so that encoding a decoded header reproduces the exact bytes.
import { ByteReader, ErrorCode, FormatError, checksum8, computeChecksum8 } from '@hvmpack/bytes';
import { readFields, writeFields, type FieldLayout, type LayoutValues } from './tables/fields.js';
import type { AcpiHeader } from './model.js';

/** Size of the common ACPI table header. */
export const ACPI_HEADER_LENGTH = 36;

/** Size of the part of the FACS that looks like a header: signature and length (ACPI 6.5 §5.2.10). */
export const FACS_HEADER_LENGTH = 8;

/** Minimum FACS length; the structure is 64 bytes in every ACPI version. */
export const FACS_MIN_LENGTH = 64;

/** Offset of the checksum byte in the common header. */
export const HEADER_CHECKSUM_OFFSET = 9;

/**
 * The header's declaration, used by both directions (ACPI 6.5 §5.2.6, Table 5.4). Text fields
 * are fixed-width Latin-1, kept raw (padding included); the OEM and OEM table IDs identify the
 * machine's vendor and model.
 */
export const HEADER_LAYOUT = [
  ['signature', 0, 'ascii', { size: 4 }],
  ['length', 4, 'u32'],
  ['revision', 8, 'u8'],
  ['checksum', 9, 'u8'],
  ['oemId', 10, 'ascii', { size: 6, sensitive: 'oem-id' }],
  ['oemTableId', 16, 'ascii', { size: 8, sensitive: 'oem-id' }],
  ['oemRevision', 24, 'u32'],
  ['creatorId', 28, 'ascii', { size: 4 }],
  ['creatorRevision', 32, 'u32'],
] as const satisfies FieldLayout;

/**
 * Signatures whose tables carry no checksum: the FACS (no standard header at all) and S3PT (a
 * FPDT sub-table with a 8-byte header), as in ACPICA `AcpiUtVerifyChecksum` (utcksum.c).
 */
export const NO_CHECKSUM_SIGNATURES: readonly string[] = ['FACS', 'S3PT'];

/** Signatures without the 36-byte header: only signature and length (FACS), or the RSDP. */
export function hasStandardHeader(signature: string): boolean {
  return signature !== 'FACS' && signature !== 'S3PT' && signature !== 'RSDP' && signature !== 'RSD ';
}

/**
 * True for a valid ACPI name segment as ACPICA's `AcpiUtValidNameseg` defines it: A–Z, 0–9 and `_`,
 * plus `!` in the last position (`ASF!`). Lower case fails.
 */
export function isValidSignature(signature: string): boolean {
  if (signature.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const c = signature.charCodeAt(i);
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || (i === 3 && c === 0x21);
    if (!ok) return false;
  }
  return true;
}

/** Options for {@link decodeAcpiHeader}. */
export interface HeaderDecodeOptions {
  /** Absolute offset of the header in the input, for errors. */
  base?: number;
  /** Path for errors, e.g. `acpi.tables[3]`. */
  path?: string;
}

/** Decodes the 36-byte common header at the start of `bytes`; throws `TRUNCATED` when shorter. */
export function decodeAcpiHeader(bytes: Uint8Array, options: HeaderDecodeOptions = {}): AcpiHeader {
  const r = new ByteReader(bytes, { base: options.base ?? 0, path: options.path ?? 'acpi.header' });
  r.need(ACPI_HEADER_LENGTH, 0, 'ACPI table header');
  // Every field is there (the 36 bytes were checked), so the optional members are all present.
  return readFields(r, HEADER_LAYOUT, ACPI_HEADER_LENGTH) as LayoutValues<typeof HEADER_LAYOUT>;
}

/**
 * Encodes a header exactly as given (length and checksum included); text fields shorter than
 * their slot are padded with NULs, longer ones are `BAD_LENGTH`. Use {@link encodeTable} to have
 * the length and checksum computed.
 */
export function encodeAcpiHeader(header: AcpiHeader): Uint8Array {
  const out = new Uint8Array(ACPI_HEADER_LENGTH);
  writeHeader(out, header);
  return out;
}

/** Writes `header` (exactly as given) over the first 36 bytes of `out`. */
export function writeHeader(out: Uint8Array, header: AcpiHeader): void {
  writeFields(out, HEADER_LAYOUT, header, 0, 'acpi.header');
}

/**
 * Checksum verdict for a whole table: true when all bytes sum to zero, null for tables without a
 * checksum (FACS, S3PT, RSDP — the RSDP has its own rules, see root.ts) and for byte runs too short
 * to hold a checksum byte. The sum covers the bytes present, as ACPICA sums `Length` bytes.
 */
export function verifyTableChecksum(bytes: Uint8Array, signature?: string): boolean | null {
  const sig = signature ?? (bytes.length >= 4 ? String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!) : '');
  if (NO_CHECKSUM_SIGNATURES.includes(sig) || sig === 'RSDP' || sig === 'RSD ') return null;
  if (bytes.length <= HEADER_CHECKSUM_OFFSET) return null;
  return checksum8(bytes) === 0;
}

/** The checksum byte a table must hold so its bytes sum to zero. */
export function expectedTableChecksum(bytes: Uint8Array): number {
  if (bytes.length <= HEADER_CHECKSUM_OFFSET) {
    throw new FormatError(ErrorCode.Truncated, 'table too short to hold a checksum', {
      offset: 0,
      expected: `>= ${HEADER_CHECKSUM_OFFSET + 1} bytes`,
      found: `${bytes.length}`,
    });
  }
  return computeChecksum8(bytes, HEADER_CHECKSUM_OFFSET);
}

/** A copy of `bytes` with the header checksum byte set so the table sums to zero. */
export function fixTableChecksum(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out[HEADER_CHECKSUM_OFFSET] = expectedTableChecksum(bytes);
  return out;
}
