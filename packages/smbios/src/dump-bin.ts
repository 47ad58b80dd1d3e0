import { ErrorCode, FormatError, bytesEqual, hex } from '@hvmpack/bytes';
import { encodeEntryPoint, SM3_ENTRY_LENGTH, SM_ENTRY_LENGTH } from './entry-point.js';
import type { EntryPoint, EntryPoint32, EntryPoint64, SmbiosTable, SmbiosVersion } from './model.js';
import { encodeStructureTable, maxStructureSize } from './table.js';
import type { RawStructure } from './model.js';

/** Offset of the table in a `--dump-bin` file, and the address dmidecode writes into its entry point. */
export const DUMP_BIN_ADDRESS = 32;

/** Options for {@link encodeSmbios} and {@link encodeDumpBin}. */
export interface EncodeSmbiosOptions {
  /**
   * What to write for the entry point (and an RSMB header's length) when the structures no longer
   * encode to the table that was read — one was removed, added or changed. `'recompute'` (the
   * default): structure count, table length (table maximum for `_SM3_`), maximum structure size
   * and checksums describe the new table. `'keep'`: the fields exactly as read, stale or not.
   * An unchanged table keeps its entry point either way, so a round trip stays byte for byte.
   */
  entryPoint?: 'recompute' | 'keep';
}

/** Options for {@link encodeDumpBin}. */
export interface EncodeDumpBinOptions extends EncodeSmbiosOptions {
  /** Version for a synthesized entry point when the table has none (default: the table's, else 3.0.0). */
  version?: SmbiosVersion;
}

/** True when `body` (the structures encoded) is still exactly the table bytes they were read from. */
function tableUnchanged(t: SmbiosTable, body: Uint8Array): boolean {
  return bytesEqual(body, t.table.subarray(0, t.tableEnd ?? t.table.length));
}

/**
 * The length of the table `body` stands for: the structures plus the bytes after the last
 * structure that the table kept (written back after it, so still inside the announced length).
 */
export function tableLengthWith(t: SmbiosTable, body: Uint8Array): number {
  return body.length + (t.tableEnd !== undefined ? t.table.length - t.tableEnd : 0);
}

/**
 * The entry point to write before `body`: `ep` as read when the table is unchanged or the caller
 * keeps it, otherwise with the fields that describe the table recomputed from it (see
 * {@link EncodeSmbiosOptions}). Throws when a 2.x table outgrows its 16-bit fields.
 */
export function entryPointFor<E extends EntryPoint>(ep: E, t: SmbiosTable, body: Uint8Array, options: EncodeSmbiosOptions = {}): E {
  if (!recomputesEntryPoint(t, body, options)) return ep;
  const tableLength = tableLengthWith(t, body);
  if (ep.kind === '_SM3_') return { ...ep, tableMaxSize: tableLength };
  checkFits2x(tableLength, t.structures.length);
  return { ...ep, tableLength, structureCount: t.structures.length, maxStructureSize: Math.min(0xffff, maxStructureSize(t.structures)) };
}

/** True when the table `body` stands for differs from the one read and the caller did not ask to keep the old fields. */
export function recomputesEntryPoint(t: SmbiosTable, body: Uint8Array, options: EncodeSmbiosOptions = {}): boolean {
  return options.entryPoint !== 'keep' && !tableUnchanged(t, body);
}

function checkFits2x(tableLength: number, structures: number): void {
  if (tableLength > 0xffff || structures > 0xffff) {
    throw new FormatError(ErrorCode.BadLength, 'table too large for a 2.x entry point', {
      path: 'smbios.entryPoint.tableLength',
      expected: 'at most 65535 bytes and structures (use SMBIOS 3.x)',
      found: `${tableLength} bytes, ${structures} structures`,
    });
  }
}

/**
 * Synthesizes an entry point for `structures` laid out at `address`: `_SM3_` for SMBIOS 3.x (table
 * maximum = the table's size), otherwise `_SM_` 0x1F with exact length, count and maximum
 * structure size. Throws when a 2.x table is too large for its 16-bit length field.
 */
export function synthesizeEntryPoint(structures: readonly RawStructure[], tableLength: number, version: SmbiosVersion, address: number): EntryPoint {
  if (version.major >= 3) {
    const ep: EntryPoint64 = {
      kind: '_SM3_',
      entryLength: SM3_ENTRY_LENGTH,
      major: version.major,
      minor: version.minor,
      docrev: version.docrev ?? 0,
      entryPointRevision: 1,
      tableMaxSize: tableLength,
      tableAddress: BigInt(address),
    };
    return ep;
  }
  checkFits2x(tableLength, structures.length);
  const ep: EntryPoint32 = {
    kind: '_SM_',
    entryLength: SM_ENTRY_LENGTH,
    major: version.major,
    minor: version.minor,
    maxStructureSize: Math.min(0xffff, maxStructureSize(structures)),
    entryPointRevision: 0,
    formattedArea: new Uint8Array(5),
    tableLength,
    tableAddress: address,
    structureCount: structures.length,
    bcdRevision: version.minor < 10 ? ((version.major & 0x0f) << 4) | version.minor : 0,
  };
  return ep;
}

/**
 * Encodes a table as dmidecode 3.4's `--dump-bin` writes it: the entry point at offset 0 with its
 * table address rewritten to 32 (checksums recomputed; dmidecode writes the entry point's own
 * length, `dmi_table_dump`/`overwrite_*_address`), zeros up to 32, then the table bytes. A table
 * without an entry point (bare, RSMB) gets a synthesized one; an edited table's entry point is
 * recomputed unless `options.entryPoint` is `'keep'`.
 */
export function encodeDumpBin(t: SmbiosTable, options: EncodeDumpBinOptions = {}): Uint8Array {
  const body = encodeStructureTable(t.structures);
  const rest = t.tableEnd !== undefined ? t.table.subarray(t.tableEnd) : new Uint8Array(0);
  let ep: EntryPoint;
  if (t.entryPoint) {
    const read = entryPointFor(t.entryPoint, t, body, options);
    ep = read.kind === '_SM3_' ? { ...read, tableAddress: BigInt(DUMP_BIN_ADDRESS) } : { ...read, tableAddress: DUMP_BIN_ADDRESS };
  } else {
    // Trailing bytes after a bare table's end-of-table are not part of any structure; leave them out
    // so dmidecode walks exactly the structures we decoded.
    const version = options.version ?? t.version ?? { major: 3, minor: 0, docrev: 0 };
    ep = synthesizeEntryPoint(t.structures, body.length, version, DUMP_BIN_ADDRESS);
    return layout(encodeEntryPoint(ep), body, new Uint8Array(0));
  }
  const epBytes = encodeEntryPoint(ep);
  // dmidecode writes `entry length` bytes of the entry point: a 0x1E `_SM_` loses byte 0x1E.
  return layout(epBytes.subarray(0, Math.min(epBytes.length, ep.kind === '_DMI_' ? epBytes.length : ep.entryLength)), body, rest);
}

function layout(ep: Uint8Array, body: Uint8Array, rest: Uint8Array): Uint8Array {
  if (ep.length > DUMP_BIN_ADDRESS) {
    throw new FormatError(ErrorCode.BadLength, 'entry point longer than the dump-bin table offset', { expected: `at most ${DUMP_BIN_ADDRESS} bytes`, found: hex(ep.length) });
  }
  const out = new Uint8Array(DUMP_BIN_ADDRESS + body.length + rest.length);
  out.set(ep, 0);
  out.set(body, DUMP_BIN_ADDRESS);
  out.set(rest, DUMP_BIN_ADDRESS + body.length);
  return out;
}
