import { ErrorCode, FormatError, hex } from '@hvmpack/bytes';
import { decodeSmbios } from './containers.js';
import { DUMP_BIN_ADDRESS, encodeDumpBin, synthesizeEntryPoint } from './dump-bin.js';
import type { EntryPoint, RawStructure, SmbiosTable, SmbiosVersion } from './model.js';
import { encodeStringSet, encodeStructureTable, END_OF_TABLE_TYPE, STRUCTURE_HEADER_SIZE } from './table.js';

/** First handle value treated as reserved: reference fields use 0xFFFE/0xFFFF as "none". */
export const RESERVED_HANDLE_START = 0xff00;

/** What {@link buildStructure} turns into a raw structure. */
export interface StructureSpec {
  type: number;
  /** Handle; when absent, {@link buildTable} assigns the next free one. */
  handle?: number;
  /** Formatted-area bytes after the 4-byte header (string fields hold 1-based indexes into `strings`). */
  data: Uint8Array;
  /** The string set, in index order (string 1 first). Empty strings are refused; use index 0. */
  strings?: readonly string[];
}

/**
 * Hands out 1-based string indexes for a structure's string set: the same text gets the same
 * index, and an absent or empty string gets 0 ("no string"), because an empty string cannot be
 * encoded (it would end the set). With `{ reuse: false }` every text gets the next index, repeats
 * included, as firmware that copies one string per field (hvmloader) writes them.
 */
export class StringAllocator {
  private readonly list: string[] = [];
  // Absent when texts are not reused.
  private readonly index: Map<string, number> | undefined;

  constructor(options: { reuse?: boolean } = {}) {
    this.index = options.reuse === false ? undefined : new Map<string, number>();
  }

  /** The index for `text` (0 for undefined, null or empty). */
  add(text: string | null | undefined): number {
    if (text === undefined || text === null || text.length === 0) return 0;
    const known = this.index?.get(text);
    if (known !== undefined) return known;
    if (this.list.length >= 255) {
      throw new FormatError(ErrorCode.LimitExceeded, 'a string set holds at most 255 strings', { expected: 'at most 255', found: 'more' });
    }
    this.list.push(text);
    this.index?.set(text, this.list.length);
    return this.list.length;
  }

  /** The strings allocated so far, in index order. */
  get strings(): string[] {
    return this.list.slice();
  }
}

/** Builds one raw structure from its type, handle, formatted data and strings; computes the length byte. */
export function buildStructure(spec: StructureSpec, handle: number = spec.handle ?? 0): RawStructure {
  const length = STRUCTURE_HEADER_SIZE + spec.data.length;
  if (!Number.isInteger(spec.type) || spec.type < 0 || spec.type > 0xff) {
    throw new FormatError(ErrorCode.BadValue, 'structure type out of range', { path: 'structure.type', expected: '0..255', found: String(spec.type) });
  }
  if (length > 0xff) {
    throw new FormatError(ErrorCode.BadLength, 'formatted area too long for the length byte', { path: 'structure.data', expected: 'at most 251 bytes', found: `${spec.data.length}` });
  }
  if (!Number.isInteger(handle) || handle < 0 || handle > 0xffff) {
    throw new FormatError(ErrorCode.BadValue, 'handle out of range', { path: 'structure.handle', expected: '0..0xFFFF', found: String(handle) });
  }
  const formatted = new Uint8Array(length);
  formatted[0] = spec.type;
  formatted[1] = length;
  formatted[2] = handle & 0xff;
  formatted[3] = handle >>> 8;
  formatted.set(spec.data, STRUCTURE_HEADER_SIZE);
  const strings = [...(spec.strings ?? [])];
  return { type: spec.type, length, handle, offset: 0, formatted, strings, stringSet: encodeStringSet(strings) };
}

/** Options for {@link buildTable}. */
export interface BuildTableOptions {
  /** SMBIOS version: 2.x gets a `_SM_` entry point, 3.x a `_SM3_` one. */
  version: SmbiosVersion;
  /** Append a type-127 end-of-table structure unless the last one already is (default true). */
  endOfTable?: boolean;
  /** First handle tried for structures without one (default 0). */
  firstHandle?: number;
}

/** A built table: the decoded view, its entry point, and the `--dump-bin` bytes. */
export interface BuiltTable {
  table: SmbiosTable;
  entryPoint: EntryPoint;
  dumpBin: Uint8Array;
}

function isRaw(x: StructureSpec | RawStructure): x is RawStructure {
  return (x as RawStructure).formatted !== undefined;
}

/**
 * Builds a structure table and entry point from specs (or raw structures, kept as they are):
 * explicit handles are kept (duplicates refused), the others get the next free handle below
 * 0xFF00, and a type-127 is appended. The result is re-read by the decoder, so what it returns
 * is exactly what a reader of `dumpBin` sees.
 */
export function buildTable(items: readonly (StructureSpec | RawStructure)[], options: BuildTableOptions): BuiltTable {
  const used = new Set<number>();
  items.forEach((it, i) => {
    const h = it.handle;
    if (h === undefined) return;
    if (used.has(h)) {
      throw new FormatError(ErrorCode.BadValue, `handle ${hex(h, 4)} is given twice`, { path: `structures[${i}].handle` });
    }
    used.add(h);
  });
  let nextHandle = options.firstHandle ?? 0;
  const allocate = (): number => {
    while (used.has(nextHandle)) nextHandle++;
    if (nextHandle >= RESERVED_HANDLE_START) {
      throw new FormatError(ErrorCode.LimitExceeded, 'no free handle left below 0xFF00', { expected: 'a free handle', found: 'none' });
    }
    used.add(nextHandle);
    return nextHandle;
  };
  const structures: RawStructure[] = items.map((it) => (isRaw(it) ? it : buildStructure(it, it.handle ?? allocate())));
  if ((options.endOfTable ?? true) && structures[structures.length - 1]?.type !== END_OF_TABLE_TYPE) {
    structures.push(buildStructure({ type: END_OF_TABLE_TYPE, data: new Uint8Array(0) }, allocate()));
  }
  const body = encodeStructureTable(structures);
  const entryPoint = synthesizeEntryPoint(structures, body.length, options.version, DUMP_BIN_ADDRESS);
  const dumpBin = encodeDumpBin({ container: 'built', entryPoint, version: options.version, table: body, structures, findings: [] });
  const table = decodeSmbios(dumpBin);
  table.container = 'built';
  return { table, entryPoint: table.entryPoint ?? entryPoint, dumpBin };
}
