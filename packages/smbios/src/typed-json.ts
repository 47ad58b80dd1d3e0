// The typed fields of a structure written straight to JSON text (the batch path of
// `smbios decode --json`): exactly what JSON.stringify(fieldsForJson(decodeTyped(…))) gives,
// without building the objects. Kept apart from typed.ts so the typed model does not depend on
// the JSON writer.
import type { Finding } from '@hvmpack/bytes';
import { ascii, type JsonWriter } from './json-writer.js';
import type { RawStructure, SmbiosVersion } from './model.js';
import { decodeTyped, fieldsForJson } from './typed.js';
import { fieldProgram, NO_BOUNDS, writeFieldObject, type FieldProgram } from './types/json-fields.js';
import { typeDecoder, type TypeDecoder } from './types/registry.js';
import { fixupType34 } from './types/type34-management-device.js';
import { StructView } from './types/view.js';

const GENERIC_DATA_KEY = ascii('{"data":');
const CLOSE_BRACE = ascii('}');
const COMMA = ascii(',');

/**
 * {@link decodeTyped} for the batch JSON path: writes to `w` exactly what
 * `JSON.stringify(decodeTyped(s, version).fields)` gives and returns the same findings, without
 * building the fields object (see `smbiosJsonText` for why).
 */
export function writeTypedJson(w: JsonWriter, s: RawStructure, version: SmbiosVersion | null): Finding[] {
  const dec = typeDecoder(s.type);
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
        w.raw(JSON.stringify(fieldsForJson(typed)));
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
  /** No computed members, no UUID and no type-34 fix-up: the fields come from the declaration and the bytes alone. */
  readonly fromIndex: boolean;
}

// Plans by type (null: the generic view), made on first use. An array indexed by type: a Map
// and a WeakMap lookup per structure were a visible share of a batch.
const JSON_PLANS: (JsonPlan | null | undefined)[] = new Array<JsonPlan | null | undefined>(256);

function jsonPlan(type: number): JsonPlan | null {
  let plan = JSON_PLANS[type];
  if (plan === undefined) {
    const dec = typeDecoder(type);
    // The UUID's byte order depends on the version, which the index path does not have.
    plan = dec === undefined ? null : { dec, prog: fieldProgram(dec.fields), fromIndex: dec.extras === undefined && type !== 34 && !dec.fields.some((f) => f.kind === 'uuid') };
    JSON_PLANS[type] = plan;
  }
  return plan;
}

