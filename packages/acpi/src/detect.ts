// Reading one buffer whatever it holds: acpidump text, one binary table, tables concatenated back
// to back (the shape of Xen's `acpi_firmware=` module), or a memory image with an RSDP.
import { ByteReader, ErrorCode, FormatError, finding, resolveLimits, type Finding, type Limits } from '@hvmpack/bytes';
import { parseAcpidump } from './acpidump.js';
import { ACPI_HEADER_LENGTH, isValidSignature } from './header.js';
import type { AcpiTable, AcpiTableSet } from './model.js';
import { parseTableFileName } from './naming.js';
import { findRsdp, numberInstances, walkMemoryImage, type MemoryRegion } from './root.js';
import { RSDP_V2_LENGTH, isRsdpAt } from './rsdp.js';
import { decodeTable, quoteSignature, signatureOf } from './table.js';

/** Options for {@link decodeAcpiInput}. */
export interface AcpiInputOptions {
  limits?: Partial<Limits>;
  /** Physical address of byte 0 of a memory image; default: guessed (0, then 0xE0000). */
  imageBase?: bigint;
}

/** BIOS read-only area where the RSDP lives on legacy systems (ACPI 6.5 §5.2.5.1). */
const BIOS_AREA_BASE = 0xe0000n;

/** True when the first bytes look like acpidump text: a `SIG @ ` line among printable ASCII. */
export function looksLikeAcpidump(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let lineStart = 0;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === 0x0a) {
      lineStart = i + 1;
      continue;
    }
    if (!(c >= 0x20 && c < 0x7f) && c !== 0x0d && c !== 0x09 && c !== 0) return false;
    if (c === 0x40 && bytes[i - 1] === 0x20 && bytes[i + 1] === 0x20 && bytes[lineStart] !== 0x20 && i - lineStart < 46) return true;
  }
  return false;
}

/** True when a standard table header with a plausible length starts at `at`. */
function headerAt(r: ByteReader, at: number): boolean {
  if (at + ACPI_HEADER_LENGTH > r.length) return false;
  return isValidSignature(signatureOf(r.bytesAt(at, 4))) && r.u32At(at + 4) >= ACPI_HEADER_LENGTH;
}

/**
 * Decodes one input buffer, detecting its format: acpidump text; a single binary table (as in
 * /sys/firmware/acpi/tables or acpixtract output; FACS and RSDP included); tables concatenated back
 * to back (`blob`); a memory image holding an RSDP on a 16-byte boundary. `name` (a file name)
 * helps only as a hint and a label. Unknown input is `UNKNOWN_FORMAT`.
 */
export function decodeAcpiInput(bytes: Uint8Array, name?: string, options: AcpiInputOptions = {}): AcpiTableSet {
  const limits = resolveLimits(options.limits);
  if (bytes.length > limits.maxInputBytes) {
    throw new FormatError(ErrorCode.LimitExceeded, 'input is over the size limit', { expected: `<= ${limits.maxInputBytes} bytes`, found: `${bytes.length}` });
  }
  if (looksLikeAcpidump(bytes)) return parseAcpidump(bytes, { limits });
  const source = name ?? 'input';
  const fromName = name !== undefined ? parseTableFileName(baseName(name)) : undefined;
  if (isRsdpAt(bytes, 0) && bytes.length <= RSDP_V2_LENGTH) {
    return { container: 'binary', tables: [decodeTable(bytes, { signature: 'RSDP', source })], findings: [] };
  }
  const sig = signatureOf(bytes);
  if ((sig === 'FACS' || sig === 'S3PT') && bytes.length >= 8) {
    return { container: 'binary', tables: [decodeTable(bytes, { source, ...(fromName?.instance !== undefined && { instance: fromName.instance }) })], findings: [] };
  }
  const r = new ByteReader(bytes);
  if (headerAt(r, 0)) {
    const len = r.u32At(4);
    if (len < bytes.length && headerAt(r, len)) return splitBlob(bytes, source, limits);
    return { container: 'binary', tables: [decodeTable(bytes, { source, ...(fromName?.instance !== undefined && { instance: fromName.instance }) })], findings: [] };
  }
  const image = memoryImage(bytes, options.imageBase);
  if (image) return walkMemoryImage(image, { limits });
  if (isValidSignature(sig) && (fromName ? bytes.length >= 4 : bytes.length >= ACPI_HEADER_LENGTH && r.u32At(4) < ACPI_HEADER_LENGTH)) {
    // A table file too short for its header, or a table whose length field is 0 or below the
    // header size: keep it so checkTables can say what is wrong (ACPI_ZERO_LENGTH, ACPI_BAD_LENGTH).
    return { container: 'binary', tables: [decodeTable(bytes, { source })], findings: [] };
  }
  throw new FormatError(ErrorCode.UnknownFormat, 'not acpidump text, an ACPI table, concatenated tables or a memory image with an RSDP', {
    offset: 0,
    expected: 'a "SIG @ 0x…" text line, a table header, or "RSD PTR " on a 16-byte boundary',
    found: quoteSignature(sig),
  });
}

function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(i + 1) : p;
}

/**
 * Picks the base address of a memory image: the given one, else the first of 0 and 0xE0000 (for a
 * dump of the BIOS area alone) at which the RSDP's root table lands inside the image.
 */
function memoryImage(bytes: Uint8Array, base?: bigint): MemoryRegion[] | undefined {
  const probe = [{ base: base ?? 0n, bytes }];
  const found = findRsdp(probe);
  if (!found) return undefined;
  if (base !== undefined) return probe;
  const candidates = [0n, ...(bytes.length <= 0x20000 ? [BIOS_AREA_BASE] : [])];
  for (const b of candidates) {
    const rsdt = BigInt(found.rsdp.rsdtAddress);
    const xsdt = found.rsdp.xsdtAddress ?? 0n;
    const inside = (a: bigint): boolean => a !== 0n && a >= b && a < b + BigInt(bytes.length);
    if (inside(xsdt) || inside(rsdt)) return [{ base: b, bytes }];
  }
  return probe;
}

/**
 * Splits tables concatenated back to back, each sized by its header length, as Xen's
 * `construct_passthrough_tables` walks its module. A length below the header size is a hard
 * `BAD_LENGTH` (Xen would repeat or misread the table); a last table longer than what is left is
 * kept short for checkTables to report; fewer than 36 leftover bytes are a finding.
 */
export function splitBlob(bytes: Uint8Array, source = 'blob', limitsIn?: Partial<Limits>): AcpiTableSet {
  const limits = resolveLimits(limitsIn);
  const tables: AcpiTable[] = [];
  const findings: Finding[] = [];
  const r = new ByteReader(bytes);
  let at = 0;
  while (bytes.length - at >= ACPI_HEADER_LENGTH) {
    if (tables.length >= limits.maxTables) {
      throw new FormatError(ErrorCode.LimitExceeded, 'too many tables in the blob', { offset: at, expected: `<= ${limits.maxTables}` });
    }
    const len = r.u32At(at + 4);
    if (len < ACPI_HEADER_LENGTH) {
      throw new FormatError(ErrorCode.BadLength, 'table length is smaller than the header in concatenated tables', {
        offset: at + 4,
        path: `acpi.tables[${tables.length}].length`,
        expected: `>= ${ACPI_HEADER_LENGTH}`,
        found: `${len}`,
      });
    }
    const end = Math.min(bytes.length, at + len);
    tables.push(decodeTable(bytes.subarray(at, end), { source: `${source} +0x${at.toString(16)}` }));
    at = end; // len >= 36, so the walk always advances
  }
  if (at < bytes.length) {
    findings.push(finding('ACPI_BLOB_TRAILING_BYTES', 'error', `${bytes.length - at} bytes after the last table, too few for a header`, { offset: at, path: 'acpi.blob' }));
  }
  return { container: 'blob', tables: numberInstances(tables), findings };
}
