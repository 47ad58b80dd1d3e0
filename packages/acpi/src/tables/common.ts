// Shared plumbing for the typed table decoders: opening a table as a bounded reader, the Generic
// Address Structure, bit-flag naming and JSON-safe field values.
import { ByteReader, ErrorCode, FormatError, hex, latin1, toHex } from '@hvmpack/bytes';
import { ACPI_HEADER_LENGTH, decodeAcpiHeader, writeHeader } from '../header.js';
import { writeFields, type FieldLayout, type LayoutFields } from './fields.js';
import type { AcpiHeader, AcpiTable } from '../model.js';
import { quoteSignature } from '../table.js';

export { FIELD_SIZE, GAS_SIZE, fieldWidth, layoutSensitive, layoutSize, readAllFields, readFields, readGas, writeFields, type FieldKind, type FieldLayout, type FieldOptions, type FieldRow, type GenericAddress, type LayoutFields, type LayoutValues, type SensitiveClass } from './fields.js';

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

/**
 * A table of `header.length` bytes: `header` then the fields of `layout` present in `values`,
 * over a copy of `base` (the table the values were decoded from, for the bytes no field covers:
 * reserved bytes, variable parts) or over zeros. The header is written as given: call
 * `fixTableChecksum` after editing a field.
 */
export function encodeFixedTable<const L extends FieldLayout>(header: AcpiHeader, layout: L, values: LayoutFields<L>, base?: Uint8Array): Uint8Array {
  const out = tableBuffer(header, base);
  writeFields(out, layout, values, 0, `acpi.${header.signature}`);
  return out;
}

/** `header.length` bytes holding `header`, over a copy of `base` (which must be that long) or zeros. */
export function tableBuffer(header: AcpiHeader, base?: Uint8Array): Uint8Array {
  if (base !== undefined && base.length !== header.length) {
    throw new FormatError(ErrorCode.BadLength, 'base table and header length differ', { path: `acpi.${header.signature}`, expected: `${header.length} bytes`, found: `${base.length}` });
  }
  if (header.length < ACPI_HEADER_LENGTH) {
    throw new FormatError(ErrorCode.BadLength, 'table length is smaller than the header', { path: `acpi.${header.signature}.length`, expected: `>= ${ACPI_HEADER_LENGTH}`, found: `${header.length}` });
  }
  const out = base === undefined ? new Uint8Array(header.length) : base.slice();
  writeHeader(out, header);
  return out;
}

/** Latin-1 text with trailing NULs and spaces removed (OEM fields are padded either way). */
export function asciiTrim(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0 || bytes[end - 1] === 0x20)) end--;
  return latin1(bytes.subarray(0, end));
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
