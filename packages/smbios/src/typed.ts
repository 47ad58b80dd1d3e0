// The typed layer's entry points: typed fields from the per-type declarations, for the model,
// JSON and dmidecode-compatible text, and the encoder that writes them back.
import { ErrorCode, FormatError, isFormatError, type Finding } from '@hvmpack/bytes';
import { StringAllocator, type StructureSpec } from './builder.js';
import type { RawStructure, SmbiosVersion } from './model.js';
import { encodeStringSet } from './table.js';
import { fieldSize, type FieldSpec } from './types/fields.js';
import { formatGeneric, genericFields } from './types/generic.js';
import { formatOem, type OemContext } from './types/oem-vendor.js';
import { typeDecoder, type TypeDecoder, type TypedFieldInput, type TypedFields, type TypedType } from './types/registry.js';
import { fixupType34 } from './types/type34-management-device.js';
import { encodeUuid } from './types/uuid.js';
import { hexBig, stringsOf, StructView, versionCode } from './types/view.js';

/** Every member name any declared type has. */
type AnyFieldName = { [T in TypedType]: keyof TypedFields<T> }[TypedType] | 'data';

/**
 * `F` with every other type's member names as absent, so that `t.fields.serialNumber` reads on
 * any decoded structure (undefined where its type has no such field) and narrowing by type gives
 * the exact members.
 */
export type ExclusiveFields<F> = F & { [K in Exclude<AnyFieldName, keyof F>]?: undefined };

/** A structure of declared type `T`, decoded: its type, display name, typed fields and findings. */
export interface TypedStructureOf<T extends TypedType> {
  type: T;
  name: string;
  fields: ExclusiveFields<TypedFields<T>>;
  findings: Finding[];
}

/** A structure of a type without a declaration (OEM and unknown types): its formatted area after the header, as hex. */
export interface GenericStructure {
  type: number;
  name: string;
  fields: ExclusiveFields<{ data: string }>;
  findings: Finding[];
}

/** What {@link decodeTyped} returns: one member per declared type, discriminated by `type`, or the generic view. */
export type TypedStructure = { [T in TypedType]: TypedStructureOf<T> }[TypedType] | GenericStructure;

/**
 * Narrows a decoded structure to declared type `type` (a plain `t.type === 1` cannot exclude the
 * generic member, whose `type` is any number).
 */
export function isTypedAs<T extends TypedType>(t: TypedStructure, type: T): t is Extract<TypedStructure, { type: T }> {
  return t.type === type && typeDecoder(type) !== undefined;
}

/**
 * Decodes one raw structure into its typed fields, read from its type's declaration. Fields are
 * read only when the structure is long enough to hold them; enum codes stay numbers (names come
 * from the text view); string fields hold the string or null; 64-bit values are bigint (see
 * {@link fieldsForJson} for JSON). Never throws for short or odd structures: what cannot be read
 * is left out, bad string numbers become findings.
 */
export function decodeTyped(s: RawStructure, version: SmbiosVersion | null): TypedStructure {
  const v = new StructView(fixupType34(s), version);
  const dec = typeDecoder(s.type);
  if (dec === undefined) {
    return { type: s.type, name: typedName(s.type), fields: genericFields(v), findings: v.findings };
  }
  const fields: object = v.readFields(dec.fields);
  dec.extras?.(v, fields);
  return { type: s.type, name: dec.name, fields, findings: v.findings } as TypedStructure;
}

/**
 * The fields of a typed structure as JSON holds them: 64-bit values as `0x…` upper-case hex
 * text (16 digits), everything else as it is. The object is the same one when there are none.
 */
export function fieldsForJson(t: TypedStructure): object {
  const names = u64Names(t.type);
  if (names.length === 0) return t.fields;
  const out: Record<string, unknown> = { ...t.fields };
  for (const n of names) {
    const x = out[n];
    if (typeof x === 'bigint') out[n] = hexBig(x);
  }
  return out;
}

// Names of each type's 64-bit fields, by type, made on first use.
const U64_NAMES: (readonly string[] | undefined)[] = new Array<readonly string[] | undefined>(256);

function u64Names(type: number): readonly string[] {
  let names = U64_NAMES[type];
  if (names === undefined) {
    names = typeDecoder(type)?.fields.filter((f) => f.kind === 'u64').map((f) => f.name) ?? [];
    U64_NAMES[type] = names;
  }
  return names;
}

/** The display name {@link decodeTyped} gives a structure of `type`. */
export function typedName(type: number): string {
  return typeDecoder(type)?.name ?? (type >= 128 ? 'OEM-specific Type' : 'Unknown Type');
}

/**
 * The lines dmidecode 3.4 prints for `s` after its `Handle 0x…, DMI type N, L bytes` line: the
 * title, then tab-indented attributes. The blank separator line dmidecode prints after each
 * structure is not included. Types without a decoder print dmidecode's `Header and Data:` form.
 * `table` and `oem` (optional): see {@link formatWithFindings}.
 */
export function formatStructureText(s: RawStructure, version: SmbiosVersion | null, table?: Uint8Array, oem?: OemContext): string[] {
  return formatWithFindings(s, version, table, oem).lines;
}

/**
 * {@link formatStructureText} plus the findings noticed while printing (bad string numbers).
 * Pass the structure table `s` was decoded from as `table` to reproduce dmidecode's few reads
 * past the end of a structure (type 37 device records) byte for byte. Pass the table's
 * {@link oemContext} as `oem` to print OEM types with dmidecode's vendor decoders (`dmioem.c`);
 * without it they get the generic view.
 */
export function formatWithFindings(s: RawStructure, version: SmbiosVersion | null, table?: Uint8Array, oem?: OemContext): { lines: string[]; findings: Finding[] } {
  // dmidecode reads a type 34 stored with length 0x10 as 0x0B long (`dmi_fixup_type_34`).
  const v = new StructView(fixupType34(s), version, table);
  const dec = typeDecoder(s.type);
  try {
    if (dec !== undefined) dec.format(v);
    else if (oem === undefined || s.type < 128 || !formatOem(v, oem)) formatGeneric(v);
  } catch (e) {
    // Guards mirror dmidecode's length checks, so a read past the formatted area is our bug;
    // keep the lines printed so far and report it rather than failing the whole table.
    if (!isFormatError(e)) throw e;
    v.findings.push({ code: 'SMBIOS_TYPED_DECODE_FAILED', severity: 'error', message: `type ${s.type} could not be fully decoded`, offset: e.offset ?? s.offset });
  }
  return { lines: v.lines, findings: v.findings };
}

/** Options for {@link encodeTyped}. */
export interface EncodeTypedOptions {
  /** Formatted-area length to produce (default: just long enough for the last field given). */
  length?: number;
  /** Version whose rules apply (the type-1 UUID byte order); default: 2.6+ rules. */
  version?: SmbiosVersion | null;
  /**
   * Give each string field its own string, in declaration order, even when texts repeat (as
   * firmware that copies one string per field writes them); default: one string per text.
   */
  distinctStrings?: boolean;
}

/**
 * Encodes typed fields (as {@link decodeTyped} produces them, 64-bit values also as `0x…` text)
 * into formatted bytes and a string set for the builder (`buildStructure`), from the type's
 * declaration. String fields are allocated (same text, same number; null or empty → 0); the
 * UUID is stored in the byte order dmidecode reads back for `version`; type 11 takes `strings`.
 * Fields left out encode as 0. Throws FormatError for a type without a declaration or a value
 * that does not fit its field.
 */
export function encodeTyped<T extends TypedType>(type: T, fields: TypedFieldInput<T>, options: EncodeTypedOptions = {}): StructureSpec {
  const { data, strings } = encodeFormatted(type, fields, options);
  // The builder adds the 4-byte header; data is what follows it.
  return { type, data: data.subarray(4), strings };
}

/** Options for {@link encodeTypedStructure}. */
export interface EncodeTypedStructureOptions extends EncodeTypedOptions {
  /** The structure's handle (default 0). */
  handle?: number;
}

/**
 * One whole structure (header, formatted area, string set) from typed fields: {@link encodeTyped}
 * then the raw encoder. What a firmware model (hvmloader's generated structures) builds from.
 */
export function encodeTypedStructure<T extends TypedType>(type: T, fields: TypedFieldInput<T>, options: EncodeTypedStructureOptions = {}): Uint8Array {
  const handle = options.handle ?? 0;
  if (!Number.isInteger(handle) || handle < 0 || handle > 0xffff) {
    throw new FormatError(ErrorCode.BadValue, 'handle out of range', { path: 'structure.handle', expected: '0..0xFFFF', found: String(handle) });
  }
  const { data, strings } = encodeFormatted(type, fields, options);
  data[0] = type;
  data[1] = data.length;
  data[2] = handle & 0xff;
  data[3] = handle >>> 8;
  const set = encodeStringSet(strings);
  const all = new Uint8Array(data.length + set.length);
  all.set(data, 0);
  all.set(set, data.length);
  return all;
}

/** {@link encodeTyped}'s work: the formatted area with room for the header (left 0), and the string set's strings. */
function encodeFormatted(type: number, fields: object, options: EncodeTypedOptions): { data: Uint8Array; strings: string[] } {
  const dec = declaration(type);
  const values = fields as Readonly<Record<string, unknown>>;
  // Only the fields given are visited: a generated structure names a few of its type's many.
  const given = givenFields(type, dec.fields, values);
  let end = 4;
  for (const f of given) end = Math.max(end, f.offset + fieldSize(f.kind));
  const length = options.length ?? end;
  if (!Number.isInteger(length) || length < end || length > 0xff) {
    throw new FormatError(ErrorCode.BadLength, 'structure length cannot hold the fields given', { path: 'structure.length', expected: `${end}..255`, found: String(length) });
  }
  const data = new Uint8Array(length);
  const ver = options.version === undefined ? 0xffff : versionCode(options.version);
  const alloc = new StringAllocator({ reuse: options.distinctStrings !== true });
  writeDeclared(given, values, data, ver, (text) => alloc.add(text));
  // OEM strings are addressed by position (String 1..count), so they are stored as given, not de-duplicated.
  return { data, strings: type === 11 ? oemStrings(values.strings) : alloc.strings };
}

// Per type, each declared field's position in its declaration by name, made on first use.
const FIELD_POSITIONS: (ReadonlyMap<string, number> | undefined)[] = new Array<ReadonlyMap<string, number> | undefined>(256);

/** The declared fields `values` gives (not undefined), in declaration order, so strings are numbered in that order. */
function givenFields(type: number, specs: readonly FieldSpec[], values: Readonly<Record<string, unknown>>): FieldSpec[] {
  let positions = FIELD_POSITIONS[type];
  if (positions === undefined) {
    positions = new Map(specs.map((f, i) => [f.name, i]));
    FIELD_POSITIONS[type] = positions;
  }
  const out: FieldSpec[] = [];
  let last = -1;
  let ordered = true;
  for (const name of Object.keys(values)) {
    const i = positions.get(name);
    if (i === undefined || values[name] === undefined) continue;
    ordered &&= i > last;
    last = i;
    out.push(specs[i]!);
  }
  return ordered ? out : out.sort((a, b) => positions.get(a.name)! - positions.get(b.name)!);
}

/**
 * Writes a typed structure (as decoded, possibly edited) back over `base`, the raw structure of
 * the same type and handle it describes: the header, the bytes no declared field covers (the
 * variable-length parts included) and the string set come from `base`. A string field keeps
 * the number its byte holds when that string has the same text (else the first string with that
 * text, else the text is appended); null keeps a number past the set as it is, else writes 0.
 * `encodeStructure(encodeTypedOver(s, decodeTyped(s, v), v))` is `encodeStructure(s)`.
 */
export function encodeTypedOver(base: RawStructure, typed: TypedStructure, version: SmbiosVersion | null): RawStructure {
  if (typed.type !== base.type) {
    throw new FormatError(ErrorCode.BadValue, 'typed structure and base differ in type', { path: 'structure.type', expected: String(base.type), found: String(typed.type) });
  }
  const dec = typeDecoder(base.type);
  if (dec === undefined) return base;
  const formatted = base.formatted.slice();
  const strings = [...base.strings];
  // The strings as the decoder saw them: a type 34 that dmidecode reads as shorter has the hidden
  // bytes in front of its first string.
  const fixed = fixupType34(base);
  const seen = fixed === base ? strings : stringsOf(fixed.stringSet);
  let added = false;
  writeDeclared(dec.fields, typed.fields as Readonly<Record<string, unknown>>, formatted, versionCode(version), (text, at) => {
    const held = formatted[at]!;
    if (text === null || text === '') return held > strings.length ? held : 0;
    if (held > 0 && seen[held - 1] === text) return held;
    const i = strings.indexOf(text);
    if (i >= 0) return i + 1;
    strings.push(text);
    added = true;
    return strings.length;
  });
  return { ...base, formatted, strings, stringSet: added ? encodeStringSet(strings) : base.stringSet };
}

function declaration(type: number): TypeDecoder {
  const dec = typeDecoder(type);
  if (dec === undefined) throw new FormatError(ErrorCode.BadValue, 'no typed encoder for this structure type', { path: 'structure.type', expected: 'a type with a declaration', found: String(type) });
  return dec;
}

/**
 * Writes each declared field given in `values` into `data` (the formatted area, header included),
 * checking that it fits; `stringNumber` gives the string number for a string field's text.
 */
function writeDeclared(specs: readonly FieldSpec[], values: Readonly<Record<string, unknown>>, data: Uint8Array, ver: number, stringNumber: (text: string | null, at: number) => number): void {
  for (const f of specs) {
    const value = values[f.name];
    const size = fieldSize(f.kind);
    if (value === undefined || f.offset + size > data.length) continue;
    if (f.kind === 'string') {
      if (value !== null && typeof value !== 'string') throw new FormatError(ErrorCode.BadValue, 'a string field needs text or null', { path: fieldPath(f) });
      data[f.offset] = stringNumber(value, f.offset);
    } else if (f.kind === 'uuid') {
      if (typeof value !== 'string') throw new FormatError(ErrorCode.BadValue, 'a UUID field needs text', { path: fieldPath(f) });
      data.set(encodeUuid(value, ver, fieldPath(f)), f.offset);
    } else {
      const n = unsignedOf(value, size, f);
      // Little-endian by hand: a DataView per structure costs more than the writes.
      if (typeof n === 'bigint') {
        putLe(data, f.offset, Number(n & 0xffffffffn), 4);
        putLe(data, f.offset + 4, Number(n >> 32n), 4);
      } else putLe(data, f.offset, n, size);
    }
  }
}

// By size in bytes: the first value too large for it.
const UNSIGNED_LIMIT = [1, 0x100, 0x10000, 0x1000000, 0x100000000] as const;

function putLe(data: Uint8Array, at: number, n: number, size: number): void {
  for (let i = 0; i < size; i++) data[at + i] = (n >>> (8 * i)) & 0xff;
}

function fieldPath(f: FieldSpec): string {
  return `structure.fields.${f.name}`;
}

/**
 * `value` (an integer, a bigint or `0x…` text) as a `size`-byte unsigned integer: a number up
 * to 4 bytes, where it is exact, so the common case makes no bigint; a bigint for 8.
 */
function unsignedOf(value: unknown, size: number, f: FieldSpec): number | bigint {
  if (size <= 4 && typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value < UNSIGNED_LIMIT[size]!) return value;
  } else {
    const n = typeof value === 'bigint' ? value : typeof value === 'string' && /^0x[0-9a-f]+$/i.test(value) ? BigInt(value) : typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : -1n;
    if (n >= 0n && n < 1n << BigInt(8 * size)) return size <= 4 ? Number(n) : n;
  }
  throw new FormatError(ErrorCode.BadValue, 'value does not fit its field', { path: fieldPath(f), expected: `${size}-byte unsigned`, found: String(value) });
}

function oemStrings(list: unknown): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list) || !list.every((t): t is string => typeof t === 'string' && t.length > 0)) {
    throw new FormatError(ErrorCode.BadValue, 'OEM strings must be non-empty text', { path: 'structure.fields.strings' });
  }
  return list;
}

export { formatUuid, encodeUuid } from './types/uuid.js';
export { versionCode } from './types/view.js';
export { oemContext, OemVendor, type OemContext } from './types/oem-vendor.js';
export { sensitiveFields, isTypedType, TYPE_DECLARATIONS, type TypedType, type TypedFields, type TypedFieldInput } from './types/registry.js';
export type { FieldSpec, FieldKind, SensitiveClass, SensitiveField, FieldsOf } from './types/fields.js';
