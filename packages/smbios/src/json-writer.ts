// A growable UTF-8 byte buffer for writing JSON text, used by `smbiosJsonText` (see there for why
// it exists). Every write produces exactly the characters JSON.stringify would: strings that need
// escaping are handed to JSON.stringify itself, so only plain text is copied here.
//
// Bytes rather than strings: building the text from JavaScript string pieces (`+=` ropes or one
// join of many pieces) cost as much as JSON.stringify itself, while a UTF-8 decode of mostly-ASCII
// bytes is a fast native path. Constant text (keys, punctuation) is encoded once, by {@link ascii}.

import { ErrorCode, FormatError } from '@hvmpack/bytes';

declare const TextDecoder: (new (label: string) => { decode(input: Uint8Array): string }) | undefined;
const utf8 = typeof TextDecoder === 'function' ? new TextDecoder('utf-8') : undefined;

/** `s` (ASCII) as bytes, for constant text written with {@link JsonWriter.bytes}. */
export function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0x7f;
  return out;
}

const HEX_DIGIT = ascii('0123456789ABCDEF');

/**
 * Most bytes one writer holds (64 MiB). Real decode documents are tens of KiB; only a crafted
 * table (fields pointing many times at a string of megabytes) comes near.
 */
export const JSON_OUTPUT_LIMIT = 64 * 1024 * 1024;

/** Writes JSON text as UTF-8 bytes; {@link text} returns it as a string. */
export class JsonWriter {
  private buf: Uint8Array;
  private dv: DataView;
  private n = 0;

  /**
   * `buf`: a buffer to start with (reused between documents; it is replaced when too small,
   * keeping what it holds); writing starts at `start`.
   */
  constructor(buf: Uint8Array, start = 0) {
    this.buf = buf;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.n = start;
  }

  /** True when this platform can turn the bytes back into text (it has a TextDecoder). */
  static get available(): boolean {
    return utf8 !== undefined;
  }

  /** The text written so far. */
  text(): string {
    if (utf8 === undefined) throw new Error('JsonWriter needs TextDecoder');
    return utf8.decode(this.buf.subarray(0, this.n));
  }

  /** The buffer in use (it may have grown), for reuse by the next document. */
  get buffer(): Uint8Array {
    return this.buf;
  }

  /** Bytes written so far (a mark for {@link truncate}). */
  get length(): number {
    return this.n;
  }

  /**
   * Room for `k` more bytes, returning the buffer to put them in from {@link length} on: for
   * writers that put many small pieces in one go with {@link put} and {@link putUint}, then
   * call {@link advance}. Any other write may replace the buffer, so reserve again after one.
   */
  reserve(k: number): Uint8Array {
    // Three bytes more than asked: putText writes whole 32-bit words.
    this.room(k + 3);
    return this.buf;
  }

  /** A DataView of the buffer {@link reserve} returned last, for {@link putText}. */
  get view(): DataView {
    return this.dv;
  }

  /** Marks the bytes put into the {@link reserve}d buffer up to `end` as written. */
  advance(end: number): void {
    this.n = end;
  }

  /** Drops everything written after the first `length` bytes. */
  truncate(length: number): void {
    this.n = Math.min(this.n, length);
  }

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    if (this.n + k > JSON_OUTPUT_LIMIT) {
      // A hostile table can point many fields at one huge string: stop before the text does harm.
      throw new FormatError(ErrorCode.LimitExceeded, 'JSON output is over its size limit', { path: 'json', expected: `at most ${JSON_OUTPUT_LIMIT} bytes`, found: 'more' });
    }
    // Never past the limit, so the test above also holds for every write that fits the buffer.
    const next = new Uint8Array(Math.min(Math.max(2 * this.buf.length, this.n + k), JSON_OUTPUT_LIMIT));
    next.set(this.buf.subarray(0, this.n), 0);
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  /** Constant text made by {@link ascii}, from its byte `from` on. */
  bytes(a: Uint8Array, from = 0): void {
    this.room(a.length);
    const b = this.buf;
    let n = this.n;
    for (let i = from; i < a.length; i++) b[n++] = a[i]!;
    this.n = n;
  }

  /** `s` as it is: text JSON.stringify already wrote (any characters, encoded as UTF-8). */
  raw(s: string): void {
    // Three bytes per code unit covers every UTF-8 form (a surrogate pair takes four for two units).
    this.room(3 * s.length);
    const b = this.buf;
    let n = this.n;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) b[n++] = c;
      else if (c < 0x800) {
        b[n++] = 0xc0 | (c >> 6);
        b[n++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
        b[n++] = 0xf0 | (cp >> 18);
        b[n++] = 0x80 | ((cp >> 12) & 0x3f);
        b[n++] = 0x80 | ((cp >> 6) & 0x3f);
        b[n++] = 0x80 | (cp & 0x3f);
      } else {
        // JSON.stringify escapes lone surrogates, so none reach here.
        b[n++] = 0xe0 | (c >> 12);
        b[n++] = 0x80 | ((c >> 6) & 0x3f);
        b[n++] = 0x80 | (c & 0x3f);
      }
    }
    this.n = n;
  }

  /** A JSON string (or null), escaped exactly as JSON.stringify escapes it. */
  str(s: string | null): void {
    if (s === null) return this.bytes(NULL);
    // Plain Latin-1 text is copied; anything JSON escapes (`"`, `\`, controls) or that is beyond
    // Latin-1 goes through JSON.stringify (0x7f–0xff are not escaped, as JSON.stringify does not).
    this.room(2 * s.length + 2);
    const b = this.buf;
    let n = this.n;
    b[n++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) b[n++] = c;
      else if (c >= 0x80 && c <= 0xff) {
        b[n++] = 0xc0 | (c >> 6);
        b[n++] = 0x80 | (c & 0x3f);
      } else return this.raw(JSON.stringify(s));
    }
    b[n++] = 0x22;
    this.n = n;
  }

  /**
   * Bytes `from`..`to` of `src` read as Latin-1 text, written as the JSON string JSON.stringify
   * gives for that text: copied when nothing needs escaping (bytes 0x80–0xFF become two UTF-8
   * bytes), else handed to {@link str}.
   */
  latin1(src: Uint8Array, from: number, to: number): void {
    this.room(2 * (to - from) + 2);
    const b = this.buf;
    let n = this.n;
    b[n++] = 0x22;
    for (let i = from; i < to; i++) {
      const c = src[i]!;
      if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) b[n++] = c;
      else if (c >= 0x80) {
        b[n++] = 0xc0 | (c >> 6);
        b[n++] = 0x80 | (c & 0x3f);
      } else {
        let text = '';
        for (let j = from; j < to; j++) text += String.fromCharCode(src[j]!);
        return this.str(text);
      }
    }
    b[n++] = 0x22;
    this.n = n;
  }

  /** A copy of the bytes written so far. */
  copy(): Uint8Array {
    return this.buf.slice(0, this.n);
  }

  /**
   * Any JSON-safe value as JSON.stringify writes it: null, booleans, numbers, strings, arrays and
   * plain objects (members in insertion order, undefined ones left out; undefined in an array is
   * null). Anything else (bigint, objects with toJSON, class instances) goes through JSON.stringify.
   */
  value(v: unknown): void {
    if (v === null) return this.bytes(NULL);
    switch (typeof v) {
      case 'number':
        return this.num(v);
      case 'string':
        return this.str(v);
      case 'boolean':
        return this.bytes(v ? TRUE : FALSE);
      case 'object':
        break;
      default:
        return this.raw(JSON.stringify(v) ?? 'null');
    }
    if (Array.isArray(v)) {
      this.bytes(OPEN_BRACKET);
      for (let i = 0; i < v.length; i++) {
        if (i > 0) this.bytes(COMMA);
        const x: unknown = v[i];
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') this.bytes(NULL);
        else this.value(x);
      }
      return this.bytes(CLOSE_BRACKET);
    }
    if (Object.getPrototypeOf(v) !== Object.prototype || 'toJSON' in (v as object)) return this.raw(JSON.stringify(v));
    this.bytes(OPEN_BRACE);
    let first = true;
    for (const key of Object.keys(v as object)) {
      const x = (v as Record<string, unknown>)[key];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      if (!first) this.bytes(COMMA);
      first = false;
      this.member(key);
      this.value(x);
    }
    this.bytes(CLOSE_BRACE);
  }

  /** `"key":` (the key escaped as JSON.stringify escapes it). */
  member(key: string): void {
    this.str(key);
    this.bytes(COLON);
  }

  /** A number as JSON.stringify writes it. */
  num(v: number): void {
    if (!(v >= 0 && v <= 0x7fffffff && (v | 0) === v)) return this.raw(Number.isFinite(v) ? String(v) : 'null');
    // Small non-negative integers (every field read from a structure): digits written directly.
    let digits = 1;
    for (let x = v; x >= 10; x = (x / 10) | 0) digits++;
    this.room(digits);
    const b = this.buf;
    let x = v;
    for (let i = this.n + digits - 1; i >= this.n; i--) {
      b[i] = 0x30 + (x % 10);
      x = (x / 10) | 0;
    }
    this.n += digits;
  }

  /** Bytes `from`..`to` (exclusive) of `src` as one `"…"` string of upper-case hex digit pairs. */
  hex(src: Uint8Array, from: number, to: number): void {
    this.room(2 * Math.max(0, to - from) + 2);
    const b = this.buf;
    let n = this.n;
    b[n++] = 0x22;
    for (let i = from; i < to; i++) {
      b[n++] = HEX_DIGIT[src[i]! >> 4]!;
      b[n++] = HEX_DIGIT[src[i]! & 0xf]!;
    }
    b[n++] = 0x22;
    this.n = n;
  }

  /** `count` little-endian bytes of `src` at `at` as a `"0x…"` upper-case hex string. */
  hexLE(src: Uint8Array, at: number, count: number): void {
    this.room(2 * count + 4);
    const b = this.buf;
    let n = this.n;
    b[n++] = 0x22;
    b[n++] = 0x30;
    b[n++] = 0x78;
    for (let i = at + count - 1; i >= at; i--) {
      b[n++] = HEX_DIGIT[src[i]! >> 4]!;
      b[n++] = HEX_DIGIT[src[i]! & 0xf]!;
    }
    b[n++] = 0x22;
    this.n = n;
  }
}

const NULL = ascii('null');
const TRUE = ascii('true');
const FALSE = ascii('false');
const COMMA = ascii(',');
const COLON = ascii(':');
const OPEN_BRACKET = ascii('[');
const CLOSE_BRACKET = ascii(']');
const OPEN_BRACE = ascii('{');
const CLOSE_BRACE = ascii('}');

/** `s` encoded as UTF-8 (for text made where no TextEncoder is declared). */
export function utf8Bytes(s: string): Uint8Array {
  const w = new JsonWriter(new Uint8Array(3 * s.length));
  w.raw(s);
  return w.copy();
}

/** Constant ASCII text prepared for {@link putText}: its bytes, and the same bytes as little-endian 32-bit words. */
export interface ConstantText {
  readonly length: number;
  readonly bytes: Uint8Array;
  readonly words: Uint32Array;
}

/** `s` (ASCII) as {@link ConstantText}. */
export function constantText(s: string): ConstantText {
  if (!/^[\x20-\x7e]*$/.test(s)) throw new Error('constant text must be printable ASCII');
  const bytes = ascii(s);
  const words = new Uint32Array(Math.ceil(bytes.length / 4));
  for (let i = 0; i < bytes.length; i++) words[i >> 2]! |= bytes[i]! << (8 * (i & 3));
  return { length: bytes.length, bytes, words };
}

/**
 * Puts constant text into the reserved buffer at `n` (through `view`, its DataView) four bytes
 * at a time; returns the new end. Up to three bytes past the end are overwritten with padding,
 * which {@link JsonWriter.reserve} leaves room for and later writes replace. Keys are most of a
 * JSON document's bytes, and a byte-at-a-time copy of them was the largest share of its cost.
 */
export function putText(view: DataView, n: number, t: ConstantText): number {
  const w = t.words;
  for (let i = 0; i < w.length; i++) view.setUint32(n + 4 * i, w[i]!, true);
  return n + t.length;
}

/** Puts `a` (from its byte `from` on) into `buf` at `n`; returns the new end. The room was reserved. */
export function put(buf: Uint8Array, n: number, a: Uint8Array, from = 0): number {
  for (let i = from; i < a.length; i++) buf[n++] = a[i]!;
  return n;
}

/** Digits of 0–999, three bytes each (`007` for 7), for putUint: most numbers in an SMBIOS document are bytes. */
export const SMALL_DIGITS = new Uint8Array(3000);
for (let v = 0; v < 1000; v++) {
  SMALL_DIGITS[3 * v] = 0x30 + Math.floor(v / 100);
  SMALL_DIGITS[3 * v + 1] = 0x30 + (Math.floor(v / 10) % 10);
  SMALL_DIGITS[3 * v + 2] = 0x30 + (v % 10);
}

/** Puts the decimal digits of `v` (an integer from 0 to 2^32 − 1) into `buf` at `n`; returns the new end. */
export function putUint(buf: Uint8Array, n: number, v: number): number {
  if (v < 10) {
    buf[n] = 0x30 + v;
    return n + 1;
  }
  if (v < 100) {
    buf[n] = SMALL_DIGITS[3 * v + 1]!;
    buf[n + 1] = SMALL_DIGITS[3 * v + 2]!;
    return n + 2;
  }
  if (v < 1000) {
    buf[n] = SMALL_DIGITS[3 * v]!;
    buf[n + 1] = SMALL_DIGITS[3 * v + 1]!;
    buf[n + 2] = SMALL_DIGITS[3 * v + 2]!;
    return n + 3;
  }
  if (v < 1_000_000) {
    // Handles and table offsets: the top digits, then the last three from the table.
    const hi = (v / 1000) | 0;
    const lo = 3 * (v - 1000 * hi);
    const end = putUint(buf, n, hi);
    buf[end] = SMALL_DIGITS[lo]!;
    buf[end + 1] = SMALL_DIGITS[lo + 1]!;
    buf[end + 2] = SMALL_DIGITS[lo + 2]!;
    return end + 3;
  }
  let digits = 7;
  for (let x = 10_000_000; x <= v && digits < 10; x *= 10) digits++;
  let x = v;
  for (let i = n + digits - 1; i >= n; i--) {
    const d = x % 10;
    buf[i] = 0x30 + d;
    x = (x - d) / 10;
  }
  return n + digits;
}
