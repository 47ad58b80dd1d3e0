// Reading one buffer whatever it holds: acpidump text, one binary table, tables concatenated back
// to back (the shape of Xen's `acpi_firmware=` module), or a memory image with an RSDP.
import { ByteReader, ErrorCode, FormatError, finding, resolveLimits, type Finding, type Limits } from '@hvmpack/bytes';
import { SENSITIVE_SIGNATURES } from './tables/typed.js';
import { parseAcpidump } from './acpidump.js';
import { ACPI_HEADER_LENGTH, isValidSignature } from './header.js';
import type { AcpiTableSet } from './model.js';
import { parseTableFileName } from './naming.js';
import { findRsdp, numberInstances, walkMemoryImage, type MemoryRegion } from './root.js';
import { RSDP_V2_LENGTH, isRsdpAt } from './rsdp.js';
import { decodeTable, quoteSignature, signatureOf } from './table.js';
import { walkAcpiBlob } from './blob.js';

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
 * True when the OEM ID and OEM table ID at `at` are text (printable ASCII from a character on, NUL
 * padding). Four
 * letters and a length are weak evidence: an SMBIOS `_SM3_` dump and an hvmpack module set
 * (`HVMM`) pass them. Every table in the corpus whose length does not match its file has text
 * there; the entry point and the module header have binary fields.
 */
function textIdsAt(b: Uint8Array, at: number): boolean {
  // An OEM ID starts with a character (the `_SM_` entry point has its revision, 0, there).
  if (b[at + 10]! <= 0x20 || b[at + 10]! > 0x7e) return false;
  for (let i = at + 11; i < at + 24; i++) {
    const c = b[i]!;
    if (c !== 0 && (c < 0x20 || c > 0x7e)) return false;
  }
  return true;
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
  // A length that matches the file is evidence enough; otherwise the IDs must be text.
  if (headerAt(r, 0) && (r.u32At(4) === bytes.length || textIdsAt(bytes, 0))) {
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
  throw new FormatError(ErrorCode.UnknownFormat, 'not ACPI tables: neither acpidump text, an ACPI table, concatenated tables nor a memory image with an RSDP', {
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
 * Splits tables concatenated back to back with the one blob walker ({@link walkAcpiBlob}), so a
 * host file of tables and Xen's `acpi_firmware` module are read alike, as libacpi
 * `construct_passthrough_tables` reads them: each table is `length` bytes from its header; a
 * length below the header size is copied as it is and the walk goes on after it (checkTables
 * reports the table); a zero length stops the walk (hvmloader would crash there); fewer than 36
 * leftover bytes are ignored, with a warning. A last table longer than what is left is kept short
 * for checkTables to report. More than `limits.maxTables` tables is `LIMIT_EXCEEDED`.
 */
export function splitBlob(bytes: Uint8Array, source = 'blob', limitsIn?: Partial<Limits>): AcpiTableSet {
  const limits = resolveLimits(limitsIn);
  const walk = walkAcpiBlob(bytes, { maxTables: limits.maxTables });
  if (walk.end === 'cap') {
    throw new FormatError(ErrorCode.LimitExceeded, 'too many tables in the blob', { offset: walk.capOffset ?? 0, expected: `<= ${limits.maxTables}` });
  }
  const tables = walk.records.map((r) => decodeTable(r.bytes, { source: `${source} +0x${r.offset.toString(16)}` }));
  // Per-table findings (overrun, short length) are checkTables' to report, against the table; so
  // is the zero length hvmloader reads past an overrunning last table.
  const overran = walk.records.some((r) => r.overrun > 0);
  const findings = walk.findings.filter((f) => f.code !== 'ACPI_BLOB_OVERRUN' && f.code !== 'ACPI_BLOB_SHORT_TABLE' && !(overran && f.code === 'ACPI_BLOB_ZERO_LENGTH'));
  return { container: 'blob', tables: numberInstances(tables), findings };
}

/**
 * The finding every reader raises when it sees MSDM (a Windows product key) or SLIC (the OEM
 * activation key and marker) in what it reads, or undefined for any other signature. The key
 * itself is never in the message.
 */
export function sensitiveTableFinding(signature: string, where: { offset?: number; path?: string } = {}): Finding | undefined {
  if (!SENSITIVE_SIGNATURES.has(signature)) return undefined;
  const what = signature === 'MSDM' ? 'a Windows product key' : 'the OEM activation key and marker';
  return finding('ACPI_SENSITIVE_TABLE', 'warning', `${signature} holds ${what}: whoever gets this data gets the key`, where);
}
