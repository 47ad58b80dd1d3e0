// Shared plumbing for the typed table decoders: opening a table as a bounded reader, the Generic
// Address Structure, bit-flag naming and JSON-safe field values.
import { ByteReader, ErrorCode, hex, latin1, toHex } from '@hvmpack/bytes';
import { ACPI_HEADER_LENGTH, decodeAcpiHeader } from '../header.js';
import type { AcpiHeader, AcpiTable } from '../model.js';
import { quoteSignature } from '../table.js';

/** Options every typed decoder accepts. */
export interface TableDecodeOptions {
  /** Absolute offset of the table's first byte in the input, so errors report input offsets. */
  base?: number;
  /** Path prefix for errors and findings (default `acpi.<SIG>`). */
  path?: string;
}

/** A table opened for typed decoding: its header and a reader bounded by the header's length. */
export interface OpenedTable {
  header: AcpiHeader;
  /** Reader over exactly `header.length` bytes (window offset 0 = the signature). */
  r: ByteReader;
  path: string;
}

/** The bytes of a table given either raw or as an {@link AcpiTable}. */
export function tableBytes(table: Uint8Array | AcpiTable): Uint8Array {
  return table instanceof Uint8Array ? table : table.bytes;
}

/**
 * Reads the 36-byte header and bounds a reader by its length. A length below the header size is
 * `BAD_LENGTH`; a length past the available bytes is `TRUNCATED` (a truncated table is an error,
 * never a shorter value); bytes beyond the length are ignored, as ACPICA does.
 */
export function openTable(table: Uint8Array | AcpiTable, expected: readonly string[] | undefined, options: TableDecodeOptions = {}): OpenedTable {
  const bytes = tableBytes(table);
  const sigGuess = bytes.length >= 4 ? asciiTrim(bytes.subarray(0, 4)) : '????';
  const path = options.path ?? `acpi.${sigGuess}`;
  const outer = new ByteReader(bytes, { base: options.base ?? 0, path });
  const header = decodeAcpiHeader(bytes, { base: outer.base, path });
  if (expected !== undefined && !expected.includes(header.signature)) {
    throw outer.error(ErrorCode.BadSignature, 'wrong table signature', {
      at: 0,
      expected: expected.map((s) => JSON.stringify(s)).join(' or '),
      found: quoteSignature(header.signature),
    });
  }
  if (header.length < ACPI_HEADER_LENGTH) {
    throw outer.error(ErrorCode.BadLength, 'table length is smaller than the header', {
      at: 4,
      expected: `>= ${ACPI_HEADER_LENGTH}`,
      found: `${header.length}`,
    });
  }
  outer.need(header.length, 0, `${header.signature} table (header length)`);
  return { header, r: outer.window(0, header.length), path };
}

/** Latin-1 text with trailing NULs and spaces removed (OEM fields are padded either way). */
export function asciiTrim(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0 || bytes[end - 1] === 0x20)) end--;
  return latin1(bytes.subarray(0, end));
}

/** How a fixed-layout field is stored: little-endian integers or a Generic Address Structure. */
export type FieldKind = 'u8' | 'u16' | 'u32' | 'u64' | 'gas';

/** An offset table: field name, offset from the start of the structure, kind. */
export type FieldLayout<K extends string = string> = readonly (readonly [K, number, FieldKind])[];

/** Byte size of each {@link FieldKind}. */
export const FIELD_SIZE: Readonly<Record<FieldKind, number>> = { u8: 1, u16: 2, u32: 4, u64: 8, gas: 12 };

/**
 * Reads every field of `layout` that ends at or before `limit` into `out`; later fields are left
 * out, which is how a structure's version/length gating is expressed (fields added in later
 * revisions are optional and present only when the structure is long enough).
 */
export function readFields(r: ByteReader, layout: FieldLayout, limit: number, out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, at, kind] of layout) {
    if (at + FIELD_SIZE[kind] > limit) continue;
    switch (kind) {
      case 'u8': out[key] = r.u8At(at); break;
      case 'u16': out[key] = r.u16At(at); break;
      case 'u32': out[key] = r.u32At(at); break;
      case 'u64': out[key] = r.u64At(at); break;
      case 'gas': out[key] = readGas(r, at); break;
    }
  }
  return out;
}

/** Bytes a layout needs to hold all its fields. */
export function layoutSize(layout: FieldLayout): number {
  let n = 0;
  for (const [, at, kind] of layout) n = Math.max(n, at + FIELD_SIZE[kind]);
  return n;
}

/** Generic Address Structure (ACPI 6.5 §5.2.3.2), 12 bytes. */
export interface GenericAddress {
  /** Address space ID (0 memory, 1 I/O, …); unknown values kept as numbers. */
  spaceId: number;
  bitWidth: number;
  bitOffset: number;
  /** Access size: 0 undefined/legacy, 1 byte, 2 word, 3 dword, 4 qword. */
  accessSize: number;
  address: bigint;
}

/** Size of a Generic Address Structure. */
export const GAS_SIZE = 12;

/** Reads a Generic Address Structure at window offset `at`. */
export function readGas(r: ByteReader, at: number): GenericAddress {
  r.need(GAS_SIZE, at, 'Generic Address Structure');
  return { spaceId: r.u8At(at), bitWidth: r.u8At(at + 1), bitOffset: r.u8At(at + 2), accessSize: r.u8At(at + 3), address: r.u64At(at + 4) };
}

const SPACE_NAMES: Record<number, string> = {
  0: 'SystemMemory', 1: 'SystemIO', 2: 'PCIConfig', 3: 'EmbeddedControl', 4: 'SMBus', 5: 'SystemCMOS',
  6: 'PciBarTarget', 7: 'IPMI', 8: 'GeneralPurposeIo', 9: 'GenericSerialBus', 10: 'PCC', 11: 'PRM', 0x7f: 'FunctionalFixedHW',
};

/** Display name of a GAS address space ID (ACPI 6.5 Table 5.1), or undefined when unknown. */
export function addressSpaceName(id: number): string | undefined {
  return SPACE_NAMES[id];
}

/**
 * Names the set bits of `value` from a bit→name table; set bits without a name come out as
 * `bit<N>` so nothing is silently dropped.
 */
export function flagNames(value: number, names: Readonly<Record<number, string>>): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 32; bit++) {
    if (((value >>> bit) & 1) === 0) continue;
    out.push(names[bit] ?? `bit${bit}`);
  }
  return out;
}

/**
 * Converts decoded values into JSON-serialisable ones: bigint → `0x…` string, bytes → hex
 * string, recursing through arrays and plain objects; undefined members are dropped.
 */
export function toJsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return hex(v);
  if (v instanceof Uint8Array) return toHex(v).toUpperCase();
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJsonValue(x);
    return out;
  }
  return v;
}
