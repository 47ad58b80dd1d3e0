// The lossless raw layer: every table, known or not, is its bytes plus a decoded header. Nothing is
// dropped or normalised, so writing `table.bytes` back reproduces the input byte for byte; typed
// decoders (tables/) run on request on top of this.
import { ByteReader, ByteWriter, ErrorCode, FormatError, latin1 } from '@hvmpack/bytes';
import {
  ACPI_HEADER_LENGTH,
  FACS_HEADER_LENGTH,
  HEADER_CHECKSUM_OFFSET,
  decodeAcpiHeader,
  encodeAcpiHeader,
  hasStandardHeader,
  verifyTableChecksum,
} from './header.js';
import type { AcpiHeader, AcpiTable } from './model.js';
import { verifyRsdpChecksums } from './rsdp.js';

/** Options for {@link decodeTable}. */
export interface TableOptions {
  /**
   * The signature the container names the table by (an acpidump header line, a file name). It
   * wins over the bytes, as acpixtract names files after the header line. Default: bytes 0–3.
   */
  signature?: string;
  /** 1-based instance among same-signature tables; default 1. */
  instance?: number;
  /** Physical address, when the container knows it (0 means unknown and is left out). */
  address?: bigint;
  /** Where the table came from, for messages. */
  source?: string;
}

/** The signature stored in the first four bytes, or the bytes present when fewer. */
export function signatureOf(bytes: Uint8Array): string {
  return latin1(bytes.subarray(0, Math.min(4, bytes.length)));
}

/**
 * Wraps table bytes (not copied) in an {@link AcpiTable}. Never throws: a table too short for its
 * header gets `header: null`, and every inconsistency is left for {@link checkTable} to report.
 * The checksum covers the header's length when the bytes hold that much (as ACPICA sums `Length`
 * bytes); a table shorter than its length has `checksumOk: false`.
 */
export function decodeTable(bytes: Uint8Array, options: TableOptions = {}): AcpiTable {
  const fromBytes = signatureOf(bytes);
  const signature = normalizeSignature(options.signature ?? fromBytes);
  let header: AcpiHeader | null = null;
  let checksumOk: boolean | null = null;
  if (signature === 'RSDP') {
    checksumOk = verifyRsdpChecksums(bytes);
  } else if (hasStandardHeader(fromBytes) && hasStandardHeader(signature) && bytes.length >= ACPI_HEADER_LENGTH) {
    header = decodeAcpiHeader(bytes);
    checksumOk =
      header.length > bytes.length || header.length <= HEADER_CHECKSUM_OFFSET
        ? false
        : verifyTableChecksum(bytes.subarray(0, header.length), header.signature);
  }
  const t: AcpiTable = { signature, instance: options.instance ?? 1, header, bytes, checksumOk };
  if (options.address !== undefined && options.address !== 0n) t.address = options.address;
  if (options.source !== undefined) t.source = options.source;
  return t;
}

/**
 * A signature (or any header text) quoted for messages: printable ASCII as is, every other
 * character as `\xNN`, so a crafted table cannot put terminal control codes (ESC, or C1 codes such
 * as 0x9B, which `JSON.stringify` passes through) into errors and findings.
 */
export function quoteSignature(signature: string): string {
  let out = '"';
  for (let i = 0; i < signature.length; i++) {
    const c = signature.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? signature[i] : `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out + '"';
}

/** acpixtract's normalisation (`AxNormalizeSignature`): the RSDP's `RSD ` becomes `RSDP`. */
export function normalizeSignature(signature: string): string {
  return signature === 'RSD ' || signature === 'RSD PTR ' ? 'RSDP' : signature;
}

/**
 * The length a table declares: the header length, the FACS length at offset 4, the RSDP length
 * (20, or the length field from revision 2), or undefined when the bytes are too short to say.
 */
export function declaredLength(table: AcpiTable): number | undefined {
  const b = table.bytes;
  if (table.header) return table.header.length;
  if (table.signature === 'RSDP') {
    if (b.length < 16) return undefined;
    if (b[15]! < 2) return 20;
    return b.length >= 24 ? new ByteReader(b).u32At(20) : undefined;
  }
  return b.length >= 8 ? new ByteReader(b).u32At(4) : undefined;
}

/** The body of a table: the bytes after its header (36 bytes; 8 for FACS; none for the RSDP). */
export function tableBody(table: AcpiTable): Uint8Array {
  if (table.header) return table.bytes.subarray(ACPI_HEADER_LENGTH);
  if (table.signature === 'FACS' || table.signature === 'S3PT') return table.bytes.subarray(Math.min(FACS_HEADER_LENGTH, table.bytes.length));
  return table.bytes.subarray(table.bytes.length);
}

/** The raw pair `{ header, body }` that {@link encodeTable} turns back into bytes. */
export interface RawTable {
  header: AcpiHeader;
  body: Uint8Array;
}

/** Options for {@link encodeTable}. */
export interface EncodeTableOptions {
  /** Keep `header.length` as given instead of computing it (to reproduce broken input). */
  keepLength?: boolean;
  /** Keep `header.checksum` as given instead of computing it (to reproduce broken input). */
  keepChecksum?: boolean;
}

/**
 * Encodes `{ header, body }`: the length becomes 36 + body length and the checksum is computed so
 * the table sums to zero, unless the options say to keep them.
 */
export function encodeTable(raw: RawTable, options: EncodeTableOptions = {}): Uint8Array {
  const total = ACPI_HEADER_LENGTH + raw.body.length;
  const header: AcpiHeader = { ...raw.header };
  if (!options.keepLength) header.length = total;
  if (!hasStandardHeader(header.signature)) {
    throw new FormatError(ErrorCode.BadSignature, 'table has no standard header; use encodeFacs for the FACS', {
      found: quoteSignature(header.signature),
    });
  }
  const w = new ByteWriter(total);
  w.bytes(encodeAcpiHeader(header)).bytes(raw.body);
  if (!options.keepChecksum) w.patchChecksum8(HEADER_CHECKSUM_OFFSET);
  return w.finish();
}

/** Splits a table with a standard header into `{ header, body }`; `BAD_SIGNATURE`-free, `TRUNCATED` when short. */
export function toRawTable(table: AcpiTable): RawTable {
  if (!table.header) {
    throw new FormatError(ErrorCode.Truncated, 'table has no standard header', {
      offset: 0,
      expected: `${ACPI_HEADER_LENGTH} bytes with a standard header`,
      found: `${table.bytes.length} bytes (${quoteSignature(table.signature)})`,
    });
  }
  return { header: table.header, body: tableBody(table) };
}

/**
 * Encodes a FACS from the bytes after its signature and length (ACPI 6.5 §5.2.10): the length is
 * computed and there is no checksum to set. The FACS must be at least 64 bytes long in total.
 */
export function encodeFacs(body: Uint8Array): Uint8Array {
  const w = new ByteWriter(FACS_HEADER_LENGTH + body.length);
  w.ascii('FACS', 4).u32(FACS_HEADER_LENGTH + body.length).bytes(body);
  return w.finish();
}
