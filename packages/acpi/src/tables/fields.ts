// The field declarations of the typed ACPI layer: one `as const` layout per fixed structure
// (header, FADT, HPET, MADT entries, MCFG allocations, …), each row `[name, offset, kind,
// options?]`, from which the decoded type (at the type level), the decoder and the encoder come.
import { ErrorCode, FormatError, latin1Bytes, type ByteReader } from '@hvmpack/bytes';

/** How a fixed-layout field is stored: little-endian integers, a Generic Address Structure, or fixed-width Latin-1 text. */
export type FieldKind = 'u8' | 'u16' | 'u32' | 'u64' | 'gas' | 'ascii';

/**
 * Identifier classes an audit redacts or reports (the same classes as SMBIOS's): here the OEM and
 * OEM table IDs, and the Windows product key of MSDM.
 */
export type SensitiveClass = 'serial' | 'uuid' | 'asset-tag' | 'part-number' | 'product-key' | 'oem-id';

/** What a layout row may add: text width (ascii only), the ACPI version that added it, its identifier class. */
export interface FieldOptions {
  readonly size?: number;
  readonly since?: string;
  readonly sensitive?: SensitiveClass;
}

/** One layout row: field name, offset from the start of the structure, kind, options. */
export type FieldRow<K extends string = string> = readonly [K, number, FieldKind] | readonly [K, number, FieldKind, FieldOptions];

/** An offset table. Declaration order is the order of the decoded object's members. */
export type FieldLayout<K extends string = string> = readonly FieldRow<K>[];

/** Byte size of each fixed-size {@link FieldKind} (`ascii` takes its width from the row). */
export const FIELD_SIZE: Readonly<Record<FieldKind, number>> = { u8: 1, u16: 2, u32: 4, u64: 8, gas: 12, ascii: 0 };

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

/** What a decoded field of each kind holds; 64-bit values are bigint, as in SMBIOS. */
interface KindValue {
  u8: number;
  u16: number;
  u32: number;
  u64: bigint;
  gas: GenericAddress;
  ascii: string;
}

/** The decoded fields of a layout, each optional (read only when the structure is long enough). */
export type LayoutFields<L extends FieldLayout> = { -readonly [F in L[number] as F[0]]?: KindValue[F[2]] };

/** The decoded fields of a layout whose fields are all present (a structure checked to hold them). */
export type LayoutValues<L extends FieldLayout> = { -readonly [F in L[number] as F[0]]: KindValue[F[2]] };

/** Byte width of a layout row. */
export function fieldWidth(row: FieldRow): number {
  return row[2] === 'ascii' ? (row[3]?.size ?? 0) : FIELD_SIZE[row[2]];
}

/** Reads a Generic Address Structure at window offset `at`. */
export function readGas(r: ByteReader, at: number): GenericAddress {
  r.need(GAS_SIZE, at, 'Generic Address Structure');
  return { spaceId: r.u8At(at), bitWidth: r.u8At(at + 1), bitOffset: r.u8At(at + 2), accessSize: r.u8At(at + 3), address: r.u64At(at + 4) };
}

/**
 * Reads every field of `layout` that ends at or before `limit`; later fields are left out, which
 * is how a structure's version/length gating is expressed (fields added in later revisions are
 * optional and present only when the structure is long enough).
 */
export function readFields<const L extends FieldLayout>(r: ByteReader, layout: L, limit: number): LayoutFields<L> {
  const out: Record<string, unknown> = {};
  for (const row of layout) {
    const [key, at, kind] = row;
    if (at + fieldWidth(row) > limit) continue;
    switch (kind) {
      case 'u8': out[key] = r.u8At(at); break;
      case 'u16': out[key] = r.u16At(at); break;
      case 'u32': out[key] = r.u32At(at); break;
      case 'u64': out[key] = r.u64At(at); break;
      case 'gas': out[key] = readGas(r, at); break;
      case 'ascii': out[key] = r.asciiAt(at, fieldWidth(row)); break;
    }
  }
  return out as LayoutFields<L>;
}

/**
 * Reads every field of `layout`, all of which must lie inside `r` (`TRUNCATED` otherwise): for
 * structures whose length was checked to hold the whole layout.
 */
export function readAllFields<const L extends FieldLayout>(r: ByteReader, layout: L): LayoutValues<L> {
  r.need(layoutSize(layout), 0, 'fixed fields');
  return readFields(r, layout, layoutSize(layout)) as LayoutValues<L>;
}

/**
 * Writes each field of `layout` present in `values` into `out` at `base` + its offset (the
 * inverse of {@link readFields}); a field that does not fit `out`, or a value that does not fit
 * its field, is `BAD_VALUE`/`BAD_LENGTH` naming `path`.
 */
export function writeFields<const L extends FieldLayout>(out: Uint8Array, layout: L, values: LayoutFields<L>, base = 0, path = 'acpi'): void {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const given = values as Readonly<Record<string, unknown>>;
  for (const row of layout) {
    const [key, off, kind] = row;
    const v = given[key];
    if (v === undefined) continue;
    const at = base + off;
    const width = fieldWidth(row);
    const where = `${path}.${key}`;
    if (at + width > out.length) throw new FormatError(ErrorCode.BadLength, 'field past the end of the structure', { path: where, expected: `<= ${out.length} bytes`, found: `${at + width}` });
    if (kind === 'ascii') {
      const text = typeof v === 'string' ? latin1Bytes(v) : undefined;
      if (text === undefined || text.length > width) throw new FormatError(ErrorCode.BadLength, 'text does not fit its field', { path: where, expected: `at most ${width} bytes`, found: String(v) });
      out.fill(0, at, at + width);
      out.set(text, at);
    } else if (kind === 'gas') {
      const g = v as GenericAddress;
      out[at] = fit(g.spaceId, 1, `${where}.spaceId`);
      out[at + 1] = fit(g.bitWidth, 1, `${where}.bitWidth`);
      out[at + 2] = fit(g.bitOffset, 1, `${where}.bitOffset`);
      out[at + 3] = fit(g.accessSize, 1, `${where}.accessSize`);
      dv.setBigUint64(at + 4, fitBig(g.address, where), true);
    } else if (kind === 'u64') dv.setBigUint64(at, fitBig(v, where), true);
    else if (kind === 'u32') dv.setUint32(at, fit(v, 4, where), true);
    else if (kind === 'u16') dv.setUint16(at, fit(v, 2, where), true);
    else out[at] = fit(v, 1, where);
  }
}

function fit(v: unknown, bytes: number, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= 2 ** (8 * bytes)) {
    throw new FormatError(ErrorCode.BadValue, 'value does not fit its field', { path, expected: `${bytes}-byte unsigned`, found: String(v) });
  }
  return v;
}

function fitBig(v: unknown, path: string): bigint {
  if (typeof v !== 'bigint' || v < 0n || v >= 1n << 64n) throw new FormatError(ErrorCode.BadValue, 'value does not fit its field', { path, expected: '8-byte unsigned bigint', found: String(v) });
  return v;
}

/** Bytes a layout needs to hold all its fields. */
export function layoutSize(layout: FieldLayout): number {
  let n = 0;
  for (const row of layout) n = Math.max(n, row[1] + fieldWidth(row));
  return n;
}

/** The sensitive fields of a layout: name, offset, width and class, in declaration order. */
export function layoutSensitive(layout: FieldLayout): { field: string; offset: number; size: number; class: SensitiveClass }[] {
  const out: { field: string; offset: number; size: number; class: SensitiveClass }[] = [];
  for (const row of layout) {
    const cls = row[3]?.sensitive;
    if (cls !== undefined) out.push({ field: row[0], offset: row[1], size: fieldWidth(row), class: cls });
  }
  return out;
}
