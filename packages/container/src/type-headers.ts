// Codecs for the revision-1 type-specific headers (docs/module-format.md §5). Each header is 16
// bytes so payloads start 16-byte aligned; reserved bytes are written zero and checked zero.
import { ByteReader, ByteWriter, ErrorCode, FormatError } from '@hvmpack/bytes';
import {
  AcpiRootFlags,
  ContainerError,
  TYPE_HEADER_SIZE,
  type AcpiModuleHeader,
  type OromModuleHeader,
  type SmbiosModuleHeader,
} from './model.js';

/** Throws RESERVED_NOT_ZERO unless `n` bytes at window offset `at` are all zero. */
export function expectZero(r: ByteReader, at: number, n: number, what: string, code: string = ContainerError.ReservedNotZero): void {
  for (let i = 0; i < n; i++) {
    const b = r.u8At(at + i);
    if (b !== 0) {
      throw r.error(code, `${what} must be zero`, {
        at: at + i,
        expected: '0x00',
        found: `0x${b.toString(16).padStart(2, '0')}`,
      });
    }
  }
}

function checkFieldRange(v: number, max: number, field: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new FormatError(ErrorCode.BadValue, `${field} out of range`, { expected: `0..${max}`, found: String(v) });
  }
}

// SMBIOS type header, §5.1: major u8 @0, minor u8 @1, docrev u8 @2, payload_format u8 @3,
// structure_count u32 @4, max_structure_size u32 @8, reserved u32 @12.

/** Encodes the 16-byte SMBIOS module type header. */
export function encodeSmbiosHeader(h: SmbiosModuleHeader): Uint8Array {
  return new ByteWriter(TYPE_HEADER_SIZE)
    .u8(h.major).u8(h.minor).u8(h.docrev).u8(h.payloadFormat)
    .u32(h.structureCount).u32(h.maxStructureSize).u32(0)
    .finish();
}

/** Decodes the SMBIOS module type header from a reader over the type header. */
export function decodeSmbiosHeader(r: ByteReader): SmbiosModuleHeader {
  r.need(TYPE_HEADER_SIZE, 0, 'SMBIOS type header');
  expectZero(r, 12, 4, 'SMBIOS type header bytes 12..15');
  const payloadFormat = r.u8At(3);
  if (payloadFormat !== 1 && payloadFormat !== 2) {
    throw r.error(ErrorCode.BadValue, 'unknown SMBIOS payload format', { at: 3, expected: '1 (Xen blob) or 2 (table)', found: String(payloadFormat) });
  }
  return {
    major: r.u8At(0),
    minor: r.u8At(1),
    docrev: r.u8At(2),
    payloadFormat,
    structureCount: r.u32At(4),
    maxStructureSize: r.u32At(8),
  };
}

// ACPI type header, §5.2: table_count u32 @0, root_flags u8 @4, reserved 11 bytes @5.

/** Encodes the 16-byte ACPI module type header. */
export function encodeAcpiHeader(h: AcpiModuleHeader): Uint8Array {
  checkFieldRange(h.rootFlags, AcpiRootFlags.KnownMask, 'ACPI root flags');
  return new ByteWriter(TYPE_HEADER_SIZE).u32(h.tableCount).u8(h.rootFlags).fill(11).finish();
}

/** Decodes the ACPI module type header. */
export function decodeAcpiHeader(r: ByteReader): AcpiModuleHeader {
  r.need(TYPE_HEADER_SIZE, 0, 'ACPI type header');
  const rootFlags = r.u8At(4);
  if ((rootFlags & ~AcpiRootFlags.KnownMask) !== 0) {
    throw r.error(ContainerError.ReservedNotZero, 'reserved ACPI root flag bits are set', { at: 4, expected: 'bits 2..7 clear', found: `0x${rootFlags.toString(16)}` });
  }
  expectZero(r, 5, 11, 'ACPI type header bytes 5..15');
  return { tableCount: r.u32At(0), rootFlags };
}

// Option-ROM type header, §5.3: vendor u16 @0, device u16 @2, class code 24-bit LE @4 (prog-if,
// subclass, base class: the order of PCI configuration bytes 0x09..0x0B), mode u8 @7, reserved 8 @8.

/** Encodes the 16-byte option-ROM module type header. */
export function encodeOromHeader(h: OromModuleHeader): Uint8Array {
  checkFieldRange(h.classCode, 0xffffff, 'PCI class code');
  checkFieldRange(h.mode, 1, 'option-ROM mode');
  return new ByteWriter(TYPE_HEADER_SIZE)
    .u16(h.vendorId).u16(h.deviceId)
    .u8(h.classCode & 0xff).u8((h.classCode >>> 8) & 0xff).u8(h.classCode >>> 16)
    .u8(h.mode).fill(8)
    .finish();
}

/** Decodes the option-ROM module type header. */
export function decodeOromHeader(r: ByteReader): OromModuleHeader {
  r.need(TYPE_HEADER_SIZE, 0, 'OROM type header');
  const mode = r.u8At(7);
  if (mode > 1) throw r.error(ErrorCode.BadValue, 'unknown option-ROM mode', { at: 7, expected: '0 (add) or 1 (override)', found: String(mode) });
  expectZero(r, 8, 8, 'OROM type header bytes 8..15');
  return {
    vendorId: r.u16At(0),
    deviceId: r.u16At(2),
    classCode: r.u8At(4) | (r.u8At(5) << 8) | (r.u8At(6) << 16),
    mode,
  };
}

// Metadata type header, §5.4: entry_count u32 @0, reserved 12 bytes @4.

/** Encodes the 16-byte metadata module type header. */
export function encodeMetaHeader(entryCount: number): Uint8Array {
  return new ByteWriter(TYPE_HEADER_SIZE).u32(entryCount).fill(12).finish();
}

/** Decodes the metadata module type header, returning the entry count. */
export function decodeMetaHeader(r: ByteReader): number {
  r.need(TYPE_HEADER_SIZE, 0, 'META type header');
  expectZero(r, 4, 12, 'META type header bytes 4..15');
  return r.u32At(0);
}
