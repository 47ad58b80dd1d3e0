import { ByteReader, ByteWriter, ErrorCode, FormatError, concatBytes, finding, hex, resolveLimits, type Finding, type Limits } from '@hvmpack/bytes';
import { decodeEntryPoint, encodeEntryPoint, entryPointSize, entryPointVersion, hasEntryPointAnchor } from './entry-point.js';
import { entryPointFor, recomputesEntryPoint, tableLengthWith, type EncodeSmbiosOptions } from './dump-bin.js';
import type { EntryPoint, IndexedSmbios, SmbiosContainer, SmbiosTable, SmbiosVersion } from './model.js';
import type { SmbiosScratch } from './scratch.js';
import { encodeStructureTable, scanStructureTable, structuresFromIndex, STRUCTURE_HEADER_SIZE, type DecodeTableOptions } from './table.js';
import { checkBareTableGuess } from './detect.js';

/** Where a `--dump-bin` file keeps its table (dmidecode `dmi_table_dump`). */
export const DUMP_BIN_TABLE_OFFSET = 32;
/** Size of the Windows `GetSystemFirmwareTable('RSMB')` header (smbios-lib `win_struct.rs`). */
export const RSMB_HEADER_SIZE = 8;

/** Options for {@link decodeSmbios} and {@link decodeSmbiosPair}. */
export interface DecodeSmbiosOptions {
  /** Verify entry-point checksums (default true); when false, bad ones become findings. */
  verifyChecksums?: boolean;
  /** Caps on input, table and structure sizes. */
  limits?: Partial<Limits>;
  /** Force a container instead of detecting it. */
  container?: Extract<SmbiosContainer, 'dump-bin' | 'ep-at-0-physical-address' | 'raw-table' | 'rsmb'>;
  /** Working memory to reuse across many inputs (see {@link SmbiosScratch}). */
  scratch?: SmbiosScratch;
}

function checkInputSize(bytes: Uint8Array, limits: Limits): void {
  if (bytes.length > limits.maxInputBytes) {
    throw new FormatError(ErrorCode.LimitExceeded, 'input is over the size limit', {
      offset: 0,
      expected: `at most ${limits.maxInputBytes} bytes`,
      found: `${bytes.length}`,
    });
  }
}

/** Highest SMBIOS minor version an RSMB header is taken to name (DSP0134 is at 3.8; room for later ones). */
const RSMB_MAX_MINOR = 15;
/** Largest RSMB length field read as meant when it runs past the data (a cut blob); larger is noise. */
const RSMB_MAX_LENGTH = 16 * 1024 * 1024;

function rsmbLength(bytes: Uint8Array): number {
  return new ByteReader(bytes, { path: 'rsmb.length' }).u32At(4);
}

/**
 * True when `bytes` has the shape of a Windows RSMB blob: used20 calling method 0 or 1, SMBIOS
 * major 2 or 3 with a plausible minor, a structure header (length ≥ 4) at 8, and a length field of
 * at least one header that is no more than what follows or, for a cut blob, not absurd. The length
 * need not match the data (that is a finding). A bare table cannot look like this: its byte 1, the
 * first structure's length, would be 2 or 3, below the 4-byte minimum.
 */
export function isRsmbBlob(bytes: Uint8Array): boolean {
  if (bytes.length < RSMB_HEADER_SIZE + STRUCTURE_HEADER_SIZE) return false;
  if (bytes[0]! > 1 || bytes[1]! < 2 || bytes[1]! > 3 || bytes[2]! > RSMB_MAX_MINOR) return false;
  if (bytes[RSMB_HEADER_SIZE + 1]! < STRUCTURE_HEADER_SIZE) return false;
  const n = rsmbLength(bytes);
  return n >= STRUCTURE_HEADER_SIZE && (n <= bytes.length - RSMB_HEADER_SIZE || n <= RSMB_MAX_LENGTH);
}

/**
 * Decodes an SMBIOS input from one buffer, detecting its container: a dmidecode `--dump-bin`
 * file (entry point at 0, table at the offset its address names, normally 32); an entry point at
 * 0 and the table at 32 under an unrewritten physical address (Dell libsmbios memory images); a
 * Windows RSMB blob; or a bare structure table. A lone entry point (no table) is an error: read
 * it with {@link decodeSmbiosPair}.
 */
export function decodeSmbios(bytes: Uint8Array, options: DecodeSmbiosOptions = {}): SmbiosTable {
  return withStructures(indexSmbios(bytes, options), options.scratch);
}

/**
 * {@link decodeSmbios} without the RawStructure objects: the same container detection, entry
 * point, findings and limits, with the structures as a {@link StructureIndex} over the table.
 * For readers that visit each structure once, such as `smbiosJsonText` over a fleet of dumps.
 */
export function indexSmbios(bytes: Uint8Array, options: DecodeSmbiosOptions = {}): IndexedSmbios {
  const limits = resolveLimits(options.limits);
  checkInputSize(bytes, limits);
  const forced = options.container;
  const scratch = options.scratch;
  if (forced === 'rsmb' || (forced === undefined && isRsmbBlob(bytes))) return decodeRsmb(bytes, limits, scratch);
  if (forced === 'raw-table') return decodeBareTable(bytes, limits, scratch);
  if (forced === undefined && !hasEntryPointAnchor(bytes)) return checkBareTableGuess(decodeBareTable(bytes, limits, scratch));
  const findings: Finding[] = [];
  const ep = decodeEntryPoint(bytes, { verifyChecksums: options.verifyChecksums ?? true, findings });
  const epSize = entryPointSize(ep);
  const address = ep.tableAddress;
  let tableOffset: number;
  let container: SmbiosContainer;
  // dmidecode --from-dump seeks to the address as a file offset; when that is not inside the
  // file past the entry point, the address is a physical one and the table sits at 32.
  if (forced !== 'ep-at-0-physical-address' && address >= epSize && address < bytes.length) {
    tableOffset = Number(address);
    container = 'dump-bin';
  } else if (forced !== 'dump-bin' && bytes.length > DUMP_BIN_TABLE_OFFSET) {
    tableOffset = DUMP_BIN_TABLE_OFFSET;
    container = 'ep-at-0-physical-address';
    findings.push(
      finding('SMBIOS_PHYSICAL_TABLE_ADDRESS', 'info', `the entry point's table address ${hex(address)} is not a file offset; the table was read from offset 32 (memory-image layout)`, {
        offset: ep.kind === '_SM3_' ? 0x10 : ep.kind === '_SM_' ? 0x18 : 0x08,
        path: 'smbios.entryPoint.tableAddress',
      }),
    );
  } else {
    throw new FormatError(ErrorCode.Truncated, 'the input holds an entry point but no structure table (give the table file too)', {
      offset: bytes.length,
      path: 'smbios.table',
      expected: `a table at offset ${address < bytes.length + 1 ? Number(address) : DUMP_BIN_TABLE_OFFSET}`,
      found: `${bytes.length} bytes`,
    });
  }
  return decodeWithEntryPoint(ep, bytes, tableOffset, container, findings, limits, scratch);
}

/**
 * Decodes the Linux sysfs pair `/sys/firmware/dmi/tables/{smbios_entry_point,DMI}`: the entry
 * point's address is the firmware's physical one and is ignored; the whole table file is the
 * table (the kernel trims it to what it walked).
 */
export function decodeSmbiosPair(entryPointBytes: Uint8Array, tableBytes: Uint8Array, options: DecodeSmbiosOptions = {}): SmbiosTable {
  return withStructures(indexSmbiosPair(entryPointBytes, tableBytes, options), options.scratch);
}

/** {@link decodeSmbiosPair} with the structures as an index (see {@link indexSmbios}). */
export function indexSmbiosPair(entryPointBytes: Uint8Array, tableBytes: Uint8Array, options: DecodeSmbiosOptions = {}): IndexedSmbios {
  const limits = resolveLimits(options.limits);
  checkInputSize(tableBytes, limits);
  const findings: Finding[] = [];
  const ep = decodeEntryPoint(entryPointBytes, { verifyChecksums: options.verifyChecksums ?? true, findings });
  return decodeWithEntryPoint(ep, tableBytes, 0, 'sysfs', findings, limits, options.scratch);
}

function decodeWithEntryPoint(ep: EntryPoint, bytes: Uint8Array, tableOffset: number, container: SmbiosContainer, findings: Finding[], limits: Limits, scratch: SmbiosScratch | undefined): IndexedSmbios {
  const v = entryPointVersion(ep);
  if (v.fixedFrom !== undefined) {
    findings.push(finding('SMBIOS_VERSION_FIXUP', 'info', `entry point says SMBIOS ${v.fixedFrom}, read as ${v.major}.${v.minor} (a known firmware mistake dmidecode and Linux correct)`, { offset: 6, path: 'smbios.entryPoint' }));
  }
  const version: SmbiosVersion = v.docrev !== undefined ? { major: v.major, minor: v.minor, docrev: v.docrev } : { major: v.major, minor: v.minor };
  const available = bytes.length - tableOffset;
  const announced = ep.kind === '_SM3_' ? ep.tableMaxSize : ep.tableLength;
  const tableLength = Math.min(announced, available);
  // dmidecode warns only for 2.x: a 3.x entry point gives a maximum, not a size.
  if (ep.kind !== '_SM3_' && announced > available) {
    findings.push(finding('SMBIOS_TABLE_SHORTER_THAN_ANNOUNCED', 'warning', `the entry point announces ${announced} table bytes, only ${available} are available`, { offset: bytes.length, path: 'smbios.table' }));
  }
  const table = bytes.subarray(tableOffset, tableOffset + tableLength);
  // Options built without a conditional spread: that spread was a sixth of decodeSmbios's profile.
  const options: DecodeTableOptions = { version, limits, base: tableOffset };
  if (ep.kind !== '_SM3_') options.structureCount = ep.structureCount;
  if (scratch) options.scratch = scratch;
  const raw = scanStructureTable(table, options);
  return {
    container,
    entryPoint: ep,
    version,
    table,
    index: raw,
    findings: findings.concat(raw.findings),
    tableEnd: raw.end,
    source: { bytes, tableOffset },
  };
}

function decodeRsmb(bytes: Uint8Array, limits: Limits, scratch: SmbiosScratch | undefined): IndexedSmbios {
  if (bytes.length < RSMB_HEADER_SIZE) {
    throw new FormatError(ErrorCode.Truncated, 'RSMB header runs past the end of the data', { offset: bytes.length, expected: '8 bytes', found: `${bytes.length}` });
  }
  const n = rsmbLength(bytes);
  const available = bytes.length - RSMB_HEADER_SIZE;
  const findings: Finding[] = [];
  // A cut blob is read up to where the data ends, as dmidecode reads a table shorter than its
  // entry point says; bytes past a shorter length are kept for the round trip but not walked.
  if (n !== available) {
    findings.push(finding('SMBIOS_RSMB_LENGTH_MISMATCH', 'warning', `the RSMB header announces ${n} table bytes, ${available} follow it`, { offset: 4, path: 'rsmb.length' }));
  }
  const version: SmbiosVersion = { major: bytes[1]!, minor: bytes[2]! };
  const table = bytes.subarray(RSMB_HEADER_SIZE, RSMB_HEADER_SIZE + Math.min(n, available));
  const raw = scanStructureTable(table, { version, limits, base: RSMB_HEADER_SIZE, ...(scratch && { scratch }) });
  return {
    container: 'rsmb',
    entryPoint: null,
    version,
    table,
    index: raw,
    findings: findings.concat(raw.findings),
    tableEnd: raw.end,
    source: { bytes, tableOffset: RSMB_HEADER_SIZE },
  };
}

function decodeBareTable(bytes: Uint8Array, limits: Limits, scratch: SmbiosScratch | undefined): IndexedSmbios {
  if (bytes.length < STRUCTURE_HEADER_SIZE || bytes[1]! < STRUCTURE_HEADER_SIZE) {
    throw new FormatError(ErrorCode.UnknownFormat, 'not an SMBIOS table: no entry point, RSMB header or structure header', {
      offset: 0,
      expected: 'an entry point anchor or a structure header with length ≥ 4',
      found: bytes.length < STRUCTURE_HEADER_SIZE ? `${bytes.length} bytes` : `length byte ${bytes[1]}`,
    });
  }
  const raw = scanStructureTable(bytes, { version: null, limits, ...(scratch && { scratch }) });
  return {
    container: 'raw-table',
    entryPoint: null,
    version: null,
    table: bytes,
    index: raw,
    findings: raw.findings,
    tableEnd: raw.end,
    source: { bytes, tableOffset: 0 },
  };
}

/** The RawStructure objects of an indexed input: what {@link decodeSmbios} returns. */
export function withStructures(x: IndexedSmbios, scratch?: SmbiosScratch): SmbiosTable {
  const t: SmbiosTable = { container: x.container, entryPoint: x.entryPoint, version: x.version, table: x.table, structures: structuresFromIndex(x.index, scratch), findings: x.findings };
  if (x.tableEnd !== undefined) t.tableEnd = x.tableEnd;
  if (x.source !== undefined) t.source = x.source;
  return t;
}

/**
 * Re-encodes a decoded input in its own container, byte for byte when nothing was changed: the
 * bytes before the table (entry point, gap, RSMB header) and after the last decoded structure
 * come from `source`; the structures are encoded from the raw layer. When the structures were
 * edited, the entry point (or the RSMB header's length) is recomputed to describe them, unless
 * `options.entryPoint` is `'keep'`. Without `source` (a built table) the structures are encoded
 * after a freshly encoded entry point at 32. A sysfs pair's table file comes back alone.
 */
export function encodeSmbios(t: SmbiosTable, options: EncodeSmbiosOptions = {}): Uint8Array {
  const body = encodeStructureTable(t.structures);
  if (t.source) {
    const { bytes, tableOffset } = t.source;
    const end = tableOffset + (t.tableEnd ?? t.table.length);
    return concatBytes([headBefore(t, body, options), body, bytes.subarray(end)]);
  }
  if (!t.entryPoint) return body;
  const ep = encodeEntryPoint(entryPointFor(t.entryPoint, t, body, options));
  const out = new Uint8Array(DUMP_BIN_TABLE_OFFSET + body.length);
  out.set(ep, 0);
  out.set(body, DUMP_BIN_TABLE_OFFSET);
  return out;
}

/** The source's bytes before the table, with the entry point or RSMB length rewritten for an edited table. */
function headBefore(t: SmbiosTable, body: Uint8Array, options: EncodeSmbiosOptions): Uint8Array {
  const head = t.source!.bytes.subarray(0, t.source!.tableOffset);
  if (!recomputesEntryPoint(t, body, options)) return head;
  if (t.container === 'rsmb') {
    return new ByteWriter(RSMB_HEADER_SIZE).bytes(head.subarray(0, 4)).u32(tableLengthWith(t, body)).bytes(head.subarray(RSMB_HEADER_SIZE)).finish();
  }
  if (!t.entryPoint || (t.container !== 'dump-bin' && t.container !== 'ep-at-0-physical-address')) return head;
  // The entry point sits at 0 in both containers; what the input held of it (a dmidecode dump of
  // a 0x1E `_SM_` lacks byte 0x1E) is what is replaced.
  const ep = encodeEntryPoint(entryPointFor(t.entryPoint, t, body, options));
  const out = head.slice();
  out.set(ep.subarray(0, Math.min(ep.length, out.length)), 0);
  return out;
}

/** Encodes a Windows RSMB blob: `{used20 calling method, major, minor, DMI revision, u32 length}` then the table. */
export function encodeRsmb(structuresBytes: Uint8Array, version: SmbiosVersion, header: { callingMethod?: number; dmiRevision?: number } = {}): Uint8Array {
  const out = new Uint8Array(RSMB_HEADER_SIZE + structuresBytes.length);
  out[0] = header.callingMethod ?? 0;
  out[1] = version.major;
  out[2] = version.minor;
  out[3] = header.dmiRevision ?? 0;
  const n = structuresBytes.length;
  out[4] = n & 0xff;
  out[5] = (n >>> 8) & 0xff;
  out[6] = (n >>> 16) & 0xff;
  out[7] = (n >>> 24) & 0xff;
  out.set(structuresBytes, RSMB_HEADER_SIZE);
  return out;
}
