// The Root System Description Pointer (ACPI 6.5 §5.2.5.3; ACPICA tbxfroot.c). It is not a table:
// it has an 8-byte signature, a checksum over the first 20 bytes, and from revision 2 on a length
// field and an extended checksum over the whole structure.
import { ByteReader, ByteWriter, ErrorCode, checksum8 } from '@hvmpack/bytes';

/** The RSDP's 8-byte signature, trailing space included. */
export const RSDP_SIGNATURE = 'RSD PTR ';
/** Size of an ACPI 1.0 RSDP (revision 0). */
export const RSDP_V1_LENGTH = 20;
/** Size of an ACPI 2.0+ RSDP (revision ≥ 2). */
export const RSDP_V2_LENGTH = 36;

/** A decoded RSDP. Fields of the 2.0 extension are present only for revision ≥ 2. */
export interface Rsdp {
  checksum: number;
  /** Raw 6-byte OEM ID (padding kept). */
  oemId: string;
  revision: number;
  rsdtAddress: number;
  /** Length field (revision ≥ 2). */
  length?: number;
  xsdtAddress?: bigint;
  extendedChecksum?: number;
  /** Whether the first 20 bytes sum to zero. */
  checksumOk: boolean;
  /** Whether all `length` bytes sum to zero (revision ≥ 2). */
  extendedChecksumOk?: boolean;
}

/** True when `bytes` holds the RSDP signature at `at`. */
export function isRsdpAt(bytes: Uint8Array, at = 0): boolean {
  if (at < 0 || at + 8 > bytes.length) return false;
  for (let i = 0; i < 8; i++) if (bytes[at + i] !== RSDP_SIGNATURE.charCodeAt(i)) return false;
  return true;
}

/**
 * The RSDP's size as ACPICA's `AcpiTbGetRsdpLength` computes it: the length field for revision ≥ 2,
 * otherwise 20. Needs at least 20 bytes.
 */
export function rsdpLength(bytes: Uint8Array, base = 0): number {
  const r = new ByteReader(bytes, { base, path: 'acpi.RSDP' });
  const revision = r.u8At(15);
  return revision >= 2 ? r.u32At(20) : RSDP_V1_LENGTH;
}

/** Decodes an RSDP at the start of `bytes`; checksums are reported, not enforced. */
export function decodeRsdp(bytes: Uint8Array, options: { base?: number; path?: string } = {}): Rsdp {
  const r = new ByteReader(bytes, { base: options.base ?? 0, path: options.path ?? 'acpi.RSDP' });
  r.need(RSDP_V1_LENGTH, 0, 'RSDP');
  r.expectSignature(RSDP_SIGNATURE);
  const out: Rsdp = {
    checksum: r.u8At(8),
    oemId: r.asciiAt(9, 6),
    revision: r.u8At(15),
    rsdtAddress: r.u32At(16),
    checksumOk: checksum8(bytes, 0, RSDP_V1_LENGTH) === 0,
  };
  if (out.revision >= 2) {
    r.need(RSDP_V2_LENGTH, 0, 'ACPI 2.0 RSDP');
    const length = r.u32At(20);
    if (length < RSDP_V2_LENGTH) {
      throw r.error(ErrorCode.BadLength, 'RSDP length is smaller than the ACPI 2.0 structure', {
        at: 20,
        expected: `>= ${RSDP_V2_LENGTH}`,
        found: `${length}`,
      });
    }
    r.need(length, 0, 'RSDP (length field)');
    out.length = length;
    out.xsdtAddress = r.u64At(24);
    out.extendedChecksum = r.u8At(32);
    out.extendedChecksumOk = checksum8(bytes, 0, length) === 0;
  }
  return out;
}

/** Input for {@link encodeRsdp}; checksums and the length are computed. */
export interface RsdpInit {
  oemId: string;
  revision: number;
  rsdtAddress: number;
  /** Required for revision ≥ 2. */
  xsdtAddress?: bigint;
}

/** Encodes an RSDP (20 bytes for revision < 2, 36 otherwise) with both checksums computed. */
export function encodeRsdp(init: RsdpInit): Uint8Array {
  const w = new ByteWriter(RSDP_V2_LENGTH);
  w.ascii(RSDP_SIGNATURE, 8).u8(0).ascii(init.oemId, 6).u8(init.revision).u32(init.rsdtAddress);
  if (init.revision >= 2) {
    w.u32(RSDP_V2_LENGTH).u64(init.xsdtAddress ?? 0n).u8(0).fill(3);
    w.patchChecksum8(8, 0, RSDP_V1_LENGTH);
    w.patchChecksum8(32, 0, RSDP_V2_LENGTH);
  } else {
    w.patchChecksum8(8, 0, RSDP_V1_LENGTH);
  }
  return w.finish();
}

/** Checksum verdict for RSDP bytes: both checksums (as far as the revision requires) must hold. */
export function verifyRsdpChecksums(bytes: Uint8Array): boolean {
  if (bytes.length < RSDP_V1_LENGTH) return false;
  if (checksum8(bytes, 0, RSDP_V1_LENGTH) !== 0) return false;
  if (bytes[15]! < 2) return true;
  if (bytes.length < RSDP_V2_LENGTH) return false;
  const len = new ByteReader(bytes).u32At(20);
  if (len < RSDP_V2_LENGTH || len > bytes.length) return false;
  return checksum8(bytes, 0, len) === 0;
}
