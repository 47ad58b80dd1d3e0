// The typed layer's entry points: structured fields for JSON and dmidecode-compatible text.
import { ErrorCode, FormatError, isFormatError, type Finding } from '@hvmpack/bytes';
import { StringAllocator, type StructureSpec } from './builder.js';
import { ascii, type JsonWriter } from './json-writer.js';
import type { RawStructure, SmbiosVersion } from './model.js';
import { formatGeneric, genericFields } from './types/generic.js';
import { formatOem, type OemContext } from './types/oem-vendor.js';
import { TYPE_DECODERS, type TypeDecoder } from './types/registry.js';
import { encodeUuid, UUID_OFFSET } from './types/type1-system-information.js';
import { fixupType34 } from './types/type34-management-device.js';
import { fieldProgram, fieldSize, NO_BOUNDS, StructView, versionCode, writeFieldObject, type FieldProgram } from './types/view.js';

/** A structure's typed view: its type, display name, decoded fields (JSON-safe) and findings. */
export interface TypedStructure {
  type: number;
  name: string;
  fields: Record<string, unknown>;
  findings: Finding[];
}

/**
 * Decodes one raw structure into named fields. Fields are read only when the structure is long
 * enough to hold them; enum codes stay numbers (names come from the text view); string fields
 * hold the string or null; 64-bit values are `0x…` strings. Never throws for short or odd
 * structures: what cannot be read is left out, bad string numbers become findings.
 */
export function decodeTyped(s: RawStructure, version: SmbiosVersion | null): TypedStructure {
  const v = new StructView(fixupType34(s), version);
  const dec = TYPE_DECODERS.get(s.type);
  if (dec === undefined) {
    return { type: s.type, name: typedName(s.type), fields: genericFields(v), findings: v.findings };
  }
  const fields = v.readFields(dec.fields);
  dec.extras?.(v, fields);
  return { type: s.type, name: dec.name, fields, findings: v.findings };
}

const GENERIC_DATA_KEY = ascii('{"data":');
const CLOSE_BRACE = ascii('}');
const COMMA = ascii(',');

/** The display name {@link decodeTyped} gives a structure of `type`. */
export function typedName(type: number): string {
  return TYPE_DECODERS.get(type)?.name ?? (type >= 128 ? 'OEM-specific Type' : 'Unknown Type');
}

/**
 * {@link decodeTyped} for the batch JSON path: writes to `w` exactly what
 * `JSON.stringify(decodeTyped(s, version).fields)` gives and returns the same findings, without
 * building the fields object (see `smbiosJsonText` for why).
 */
export function writeTypedJson(w: JsonWriter, s: RawStructure, version: SmbiosVersion | null): Finding[] {
  const dec = TYPE_DECODERS.get(s.type);
  if (dec === undefined) {
    // genericFields' one member, `data`: the formatted area after the header as hex.
    w.bytes(GENERIC_DATA_KEY);
    w.hex(s.formatted, 4, s.formatted.length);
    w.bytes(CLOSE_BRACE);
    return [];
  }
  const v = new StructView(fixupType34(s), version);
  const start = w.length;
  const f = v.s.formatted;
  writeFieldObject(w, f, 0, f.length, jsonPlan(s.type)!.prog, v, NO_BOUNDS, 0, 0);
  if (dec.extras !== undefined) {
    // Extras are few and small: built as an object, then written member by member after the
    // fields (inside the same braces) so findings come in decodeTyped's order.
    w.truncate(w.length - 1);
    let any = w.length > start + 1;
    const extra: Record<string, unknown> = {};
    dec.extras(v, extra);
    for (const key of Object.keys(extra)) {
      if (dec.fields.some((x) => x.name === key)) {
        // An extra overwriting a field keeps the field's place in the object; no decoder does
        // that today, but should one, the structure is written from the object form instead.
        w.truncate(start);
        const typed = decodeTyped(s, version);
        w.raw(JSON.stringify(typed.fields));
        return typed.findings;
      }
      const value = extra[key];
      if (value === undefined) continue;
      if (any) w.bytes(COMMA);
      w.member(key);
      w.value(value);
      any = true;
    }
    w.bytes(CLOSE_BRACE);
  }
  return v.findings;
}

/**
 * {@link writeTypedJson} for a structure read from a structure index: `length` bytes at `b[p]`,
 * its strings `s0`..`s1 - 1` of `bounds`. Writes and returns true for the common case (no
 * findings possible); returns false, having written nothing, for what needs the structure as an
 * object (computed members, type 34's length fix-up, a string number past the set).
 */
export function writeIndexedFields(w: JsonWriter, b: Uint8Array, p: number, length: number, type: number, bounds: readonly number[], s0: number, s1: number): boolean {
  const plan = jsonPlan(type);
  if (plan === null) {
    w.bytes(GENERIC_DATA_KEY);
    w.hex(b, p + 4, p + length);
    w.bytes(CLOSE_BRACE);
    return true;
  }
  if (!plan.fromIndex) return false;
  return writeFieldObject(w, b, p, length, plan.prog, undefined, bounds, s0, s1);
}

/** How the JSON writers treat one type: its decoder, compiled offset table, and whether the index path can write it. */
interface JsonPlan {
  readonly dec: TypeDecoder;
  readonly prog: FieldProgram;
  /** No computed members and no type-34 fix-up: the fields come from the offset table alone. */
  readonly fromIndex: boolean;
}

// Plans by type (null: the generic view), made on first use. An array indexed by type: a Map
// and a WeakMap lookup per structure were a visible share of a batch.
const JSON_PLANS: (JsonPlan | null | undefined)[] = new Array<JsonPlan | null | undefined>(256);

function jsonPlan(type: number): JsonPlan | null {
  let plan = JSON_PLANS[type];
  if (plan === undefined) {
    const dec = TYPE_DECODERS.get(type);
    plan = dec === undefined ? null : { dec, prog: fieldProgram(dec.fields), fromIndex: dec.extras === undefined && type !== 34 };
    JSON_PLANS[type] = plan;
  }
  return plan;
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
  const dec = TYPE_DECODERS.get(s.type);
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
}

/**
 * Encodes typed fields (as {@link decodeTyped} produces them) back into formatted bytes and a
 * string set for the builder (`buildStructure`), using the same offset table as decoding.
 * String fields are allocated (same text, same index; null or empty → 0); type 1 takes its UUID
 * as text and stores it in the byte order dmidecode reads back for `version`; type 11 takes
 * `strings`. Fields left out encode as 0. Throws FormatError for a type without an offset table
 * or a value that does not fit its field.
 */
export function encodeTyped(type: number, fields: Record<string, unknown>, options: EncodeTypedOptions = {}): StructureSpec {
  const dec = TYPE_DECODERS.get(type);
  if (dec === undefined) throw new FormatError(ErrorCode.BadValue, 'no typed encoder for this structure type', { path: 'structure.type', expected: 'a type with an offset table', found: String(type) });
  const alloc = new StringAllocator();
  // OEM strings are addressed by position (String 1..count), so they are stored as given, not de-duplicated.
  const oem = type === 11 ? oemStrings(fields.strings) : undefined;
  let end = 4;
  for (const f of dec.fields) if (fields[f.name] !== undefined) end = Math.max(end, f.offset + fieldSize(f.kind));
  if (type === 1 && typeof fields.uuid === 'string') end = Math.max(end, UUID_OFFSET + 16);
  const length = options.length ?? end;
  if (!Number.isInteger(length) || length < end || length > 0xff) {
    throw new FormatError(ErrorCode.BadLength, 'structure length cannot hold the fields given', { path: 'structure.length', expected: `${end}..255`, found: String(length) });
  }
  const data = new Uint8Array(length);
  const dv = new DataView(data.buffer);
  for (const f of dec.fields) {
    const value = fields[f.name];
    if (value === undefined) continue;
    const path = `structure.fields.${f.name}`;
    if (f.kind === 'string') {
      if (value !== null && typeof value !== 'string') throw new FormatError(ErrorCode.BadValue, 'a string field needs text or null', { path });
      data[f.offset] = alloc.add(value);
      continue;
    }
    const n = typeof value === 'string' || typeof value === 'bigint' ? BigInt(value) : typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : -1n;
    if (n < 0n || n >= 1n << BigInt(8 * fieldSize(f.kind))) throw new FormatError(ErrorCode.BadValue, 'value does not fit its field', { path, expected: `${fieldSize(f.kind)}-byte unsigned`, found: String(value) });
    if (f.kind === 'u64') dv.setBigUint64(f.offset, n, true);
    else if (f.kind === 'u32') dv.setUint32(f.offset, Number(n), true);
    else if (f.kind === 'u8') data[f.offset] = Number(n);
    else dv.setUint16(f.offset, Number(n), true);
  }
  if (type === 1 && typeof fields.uuid === 'string') {
    const v = options.version === undefined ? 0xffff : versionCode(options.version);
    data.set(encodeUuid(fields.uuid, v, 'structure.fields.uuid'), UUID_OFFSET);
  }
  // The builder adds the 4-byte header; data is what follows it.
  return { type, data: data.subarray(4), strings: oem ?? alloc.strings };
}

function oemStrings(list: unknown): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list) || !list.every((t): t is string => typeof t === 'string' && t.length > 0)) {
    throw new FormatError(ErrorCode.BadValue, 'OEM strings must be non-empty text', { path: 'structure.fields.strings' });
  }
  return list;
}

export { formatUuid, encodeUuid } from './types/type1-system-information.js';
export { versionCode } from './types/view.js';
export { oemContext, OemVendor, type OemContext } from './types/oem-vendor.js';
