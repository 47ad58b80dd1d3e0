// The typed fields as JSON text, written straight from the formatted bytes (the batch path of
// `smbios decode --json`): a declaration compiled once into small integer arrays, then one loop
// per structure. Kept out of view.ts so the typed core does not depend on the JSON writer.
import { ascii, constantText, put, putUint, SMALL_DIGITS, type JsonWriter } from '../json-writer.js';
import { fieldSize, type FieldKind, type FieldSpec } from './fields.js';
import type { StructView } from './view.js';

/** Bounds for {@link writeFieldObject} on the object path, where the view resolves strings. */
export const NO_BOUNDS: readonly number[] = [];
const NULL_TEXT = ascii('null');
const OPEN_BRACE = 0x7b;

/**
 * An offset table compiled for writing JSON: field kinds and places as small integers and every
 * `,"name":` key in one byte array, so the per-field loop touches no strings or objects.
 */
export interface FieldProgram {
  readonly count: number;
  /** Field names, for findings about a field. */
  readonly names: readonly string[];
  /** 0 u8, 1 u16 or handle, 2 u32, 3 u64, 4 string number, 5 UUID (object path only). */
  readonly kinds: Uint8Array;
  readonly offsets: Uint16Array;
  /** Offset just past the field: it is written only when the formatted area reaches this far. */
  readonly ends: Uint16Array;
  /**
   * Every field's key `,"name":` as little-endian 32-bit words, each key starting on a word:
   * field i's are keyWords[keyStarts[i] .. keyStarts[i + 1]), and it is keyLengths[i] bytes long.
   */
  readonly keyWords: Uint32Array;
  readonly keyStarts: Uint16Array;
  readonly keyLengths: Uint8Array;
  /** Most bytes the fields can take, counting a string as `null` (strings reserve their own room). */
  readonly maxBytes: number;
}

const PROGRAMS = new WeakMap<readonly FieldSpec[], FieldProgram>();
const KIND_CODE: Record<FieldKind, number> = { u8: 0, u16: 1, handle: 1, u32: 2, u64: 3, string: 4, uuid: 5 };
// Longest JSON text per kind code: 255, 65535, 4294967295, "0x…16 digits…", null, a quoted UUID.
const KIND_MAX_TEXT = [3, 5, 10, 20, 4, 38];

/** The {@link FieldProgram} of an offset table (compiled once per table). */
export function fieldProgram(specs: readonly FieldSpec[]): FieldProgram {
  let prog = PROGRAMS.get(specs);
  if (prog !== undefined) return prog;
  const keys = specs.map((f) => constantText(`,${JSON.stringify(f.name)}:`));
  const keyStarts = new Uint16Array(specs.length + 1);
  keys.forEach((k, i) => (keyStarts[i + 1] = keyStarts[i]! + k.words.length));
  const keyWords = new Uint32Array(keyStarts[specs.length]!);
  keys.forEach((k, i) => keyWords.set(k.words, keyStarts[i]!));
  const kinds = Uint8Array.from(specs, (f) => KIND_CODE[f.kind]);
  prog = {
    count: specs.length,
    names: specs.map((f) => f.name),
    kinds,
    offsets: Uint16Array.from(specs, (f) => f.offset),
    ends: Uint16Array.from(specs, (f) => f.offset + fieldSize(f.kind)),
    keyWords,
    keyStarts,
    keyLengths: Uint8Array.from(keys, (k) => k.length),
    maxBytes: keys.reduce((m, k) => m + k.length, 2) + Array.from(kinds).reduce((m, k) => m + KIND_MAX_TEXT[k]!, 0),
  };
  PROGRAMS.set(specs, prog);
  return prog;
}

/**
 * The fields of an offset table (compiled by {@link fieldProgram}) as a JSON object (`{"name":value,…}`), read from a formatted area of `n`
 * bytes at `b[base]`: from a RawStructure (`view` given; it resolves string numbers and records
 * bad ones) or straight from a structure index (`view` undefined: string `k` of the structure is
 * `b[bounds[2(s0 + k - 1)], bounds[2(s0 + k - 1) + 1])`, for k up to `s1 - s0`). The text is
 * exactly JSON.stringify of {@link StructView.readFields}'s object with 64-bit values as `0x…` text. Returns false, with nothing
 * written, when on the index path a string number is past the set: the caller then writes the
 * structure from its object, which records the finding.
 */
export function writeFieldObject(w: JsonWriter, b: Uint8Array, base: number, n: number, prog: FieldProgram, view: StructView | undefined, bounds: readonly number[], s0: number, s1: number): boolean {
  const { kinds, offsets, ends, keyWords, keyStarts, keyLengths } = prog;
  const start = w.length;
  let buf = w.reserve(prog.maxBytes);
  let dv = w.view;
  let o = start;
  buf[o++] = OPEN_BRACE;
  let first = true;
  for (let i = 0; i < prog.count; i++) {
    if (ends[i]! > n) continue;
    // The key `,"name":`, four bytes at a time (see putText, written out here: this is the
    // hottest loop of a batch). The first member's key goes over the `{`, whose place its comma
    // takes, and the `{` is put back.
    if (first) o = start;
    for (let j = keyStarts[i]!, e = keyStarts[i + 1]!, q = o; j < e; j++, q += 4) dv.setUint32(q, keyWords[j]!, true);
    o += keyLengths[i]!;
    if (first) {
      buf[start] = OPEN_BRACE;
      first = false;
    }
    const at = base + offsets[i]!;
    switch (kinds[i]) {
      case 0:
      case 1: {
        // Bytes and words: numbers below 1,000 (nearly all) written here from the digit table
        // rather than by a call, which the JIT does not inline into a loop this size.
        const v = kinds[i] === 0 ? b[at]! : b[at]! | (b[at + 1]! << 8);
        if (v < 10) buf[o++] = 0x30 + v;
        else if (v < 100) {
          buf[o] = SMALL_DIGITS[3 * v + 1]!;
          buf[o + 1] = SMALL_DIGITS[3 * v + 2]!;
          o += 2;
        } else if (v < 1000) {
          buf[o] = SMALL_DIGITS[3 * v]!;
          buf[o + 1] = SMALL_DIGITS[3 * v + 1]!;
          buf[o + 2] = SMALL_DIGITS[3 * v + 2]!;
          o += 3;
        } else o = putUint(buf, o, v);
        break;
      }
      case 2:
        o = putUint(buf, o, (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000);
        break;
      case 3:
        w.advance(o);
        w.hexLE(b, at, 8);
        buf = w.reserve(prog.maxBytes);
        dv = w.view;
        o = w.length;
        break;
      case 5:
        // Only on the object path (the index path has no version to order the bytes by).
        w.advance(o);
        w.str(view!.uuidAt(offsets[i]!));
        buf = w.reserve(prog.maxBytes);
        dv = w.view;
        o = w.length;
        break;
      default: {
        const index = b[at]!;
        if (index === 0 && view === undefined) {
          o = put(buf, o, NULL_TEXT);
          break;
        }
        w.advance(o);
        if (view !== undefined) w.str(view.rawString(index, prog.names[i]!, offsets[i]!));
        else if (s0 + index <= s1) {
          const k = 2 * (s0 + index - 1);
          w.latin1(b, bounds[k]!, bounds[k + 1]!);
        } else {
          w.truncate(start);
          return false;
        }
        // A string can be any length: room for the rest is reserved again after it.
        buf = w.reserve(prog.maxBytes);
        dv = w.view;
        o = w.length;
      }
    }
  }
  buf[o++] = 0x7d;
  w.advance(o);
  return true;
}