// The per-type field declarations of the typed SMBIOS layer: one `as const` table per structure
// type (DSP0134 §7.x, cited in each type's file) from which the typed interface (at the type
// level), the decoder, the encoder, the JSON members, the `-s` keywords and the sensitivity lookup
// all come. Declaration order is the order of the JSON members.

/** How a field is stored: little-endian integers, a string number, or type 1's 16 UUID bytes. */
export type FieldKind = 'u8' | 'u16' | 'u32' | 'u64' | 'string' | 'handle' | 'uuid';

/**
 * Identifier classes an audit redacts or reports (a machine can be told apart by any of them):
 * serial numbers, UUIDs, asset tags, part numbers, SKU numbers, product keys, OEM identifiers.
 */
export type SensitiveClass = 'serial' | 'uuid' | 'asset-tag' | 'part-number' | 'sku' | 'product-key' | 'oem-id';

/** One row of a per-type declaration. */
export interface FieldSpec {
  readonly name: string;
  /** Offset in the formatted area (header included). */
  readonly offset: number;
  readonly kind: FieldKind;
  /** SMBIOS version that added the field (documentation; decoding is gated by length, as dmidecode does). */
  readonly since?: string;
  /** Identifier class, for fields that identify the machine. */
  readonly sensitive?: SensitiveClass;
  /** The `dmidecode -s` keyword that prints this field. */
  readonly keyword?: string;
}

const KIND_SIZE: Readonly<Record<FieldKind, number>> = { u8: 1, u16: 2, u32: 4, u64: 8, string: 1, handle: 2, uuid: 16 };

/** Size in bytes of a field of `kind`. */
export function fieldSize(kind: FieldKind): number {
  return KIND_SIZE[kind];
}

/**
 * What a decoded field of each kind holds. 64-bit values are bigint (the one rule for 64-bit
 * values in the model; JSON writes them as `0x…` upper-case hex strings, see `fieldsForJson`);
 * string fields hold the unfiltered string, or null for string 0 or a number past the set; the
 * UUID is its display text (`Not Present`, `Not Settable`, or 8-4-4-4-12 hex).
 */
export interface KindValue {
  u8: number;
  u16: number;
  handle: number;
  u32: number;
  u64: bigint;
  string: string | null;
  uuid: string;
}

/** What the encoder accepts for each kind: {@link KindValue}, plus JSON's `0x…` text for 64-bit values. */
export interface KindInput extends Omit<KindValue, 'u64'> {
  u64: bigint | string;
}

/**
 * The decoded fields of a declaration: every field optional (read only when the structure is long
 * enough to hold it), typed by its kind.
 */
export type FieldsOf<D extends readonly FieldSpec[]> = { -readonly [F in D[number] as F['name']]?: KindValue[F['kind']] };

/** The encoder's input for a declaration (fields left out encode as 0). */
export type FieldInputOf<D extends readonly FieldSpec[]> = { -readonly [F in D[number] as F['name']]?: KindInput[F['kind']] };

/** A sensitive field of a declaration: its name, offset, kind and class. */
export interface SensitiveField {
  readonly field: string;
  readonly offset: number;
  readonly kind: FieldKind;
  readonly class: SensitiveClass;
}

/** The sensitive fields of a declaration, in declaration order. */
export function sensitiveOf(specs: readonly FieldSpec[]): SensitiveField[] {
  const out: SensitiveField[] = [];
  for (const f of specs) if (f.sensitive !== undefined) out.push({ field: f.name, offset: f.offset, kind: f.kind, class: f.sensitive });
  return out;
}

/** The declaration's fields by name, for text printers that read a field by its declared offset. */
export type FieldIndex<D extends readonly FieldSpec[]> = { readonly [F in D[number] as F['name']]: F };

/** {@link FieldIndex} of `specs`. */
export function indexFields<const D extends readonly FieldSpec[]>(specs: D): FieldIndex<D> {
  return Object.fromEntries(specs.map((f) => [f.name, f])) as FieldIndex<D>;
}
