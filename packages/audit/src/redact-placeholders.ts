// Deterministic placeholders for redacted identifiers. Without a key a placeholder is derived from
// the order in which distinct values are met, never from the value, so it tells nothing about what
// it replaced (an unkeyed hash of a serial could be reversed by trying serials). With a key it is
// HMAC-SHA-256(key, class, shape, value): equal values under one key get equal placeholders on
// every host (a fleet can still see two hosts sharing a serial), and without the key nobody can
// link a placeholder to a value or to another key's placeholders.
import { ErrorCode, FormatError, bytesEqual, latin1, latin1Bytes } from '@hvmpack/bytes';
import { encodeUuid, formatUuid } from '@hvmpack/smbios';
import type { IdentifierClass } from './model.js';
import { hmacSha256 } from './redact-hmac.js';

/**
 * The form a replacement must keep. `text`: a free SMBIOS string, any length (`REDACTED-` and 12
 * hex digits). `fixed-ascii`: the same width, the significant characters replaced by upper-case
 * letters and digits, trailing NUL or space padding kept (ACPI OEM IDs). `product-key`: each
 * character but `-` and NUL from the Windows product-key alphabet, so `XXXXX-XXXXX-…` keeps its
 * shape. `uuid`: 16 bytes that read as an RFC 9562 version-4 UUID under `versionCode`'s byte
 * order. `number`: an integer of the same width, neither 0 nor the original.
 */
export type PlaceholderShape =
  | { kind: 'text' }
  | { kind: 'fixed-ascii' }
  | { kind: 'product-key' }
  | { kind: 'uuid'; versionCode: number }
  | { kind: 'number' };

/** Prefix of every free-text placeholder, so a reader of the guest's tables sees what happened. */
export const TEXT_PLACEHOLDER_PREFIX = 'REDACTED-';

// Characters of Windows product keys (no vowels, no 0/1/5 that read like letters).
const PRODUCT_KEY_ALPHABET = 'BCDFGHJKMPQRTVWXY2346789';
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DOMAIN = latin1Bytes('hvmpack-redact-v1\0');
// Tries before giving up on finding a replacement that differs from the original (a 1-character
// OEM ID has 36 candidates, so a few tries always suffice).
const MAX_TRIES = 64;

/**
 * Makes the placeholders of one redaction run. It holds state (the order of the distinct values
 * met so far), so one instance is used for everything redacted together: the SMBIOS and ACPI
 * tables of one host, the files of one folder.
 */
export class Placeholders {
  private readonly key: Uint8Array | undefined;
  private readonly memo = new Map<string, Uint8Array>();

  /** `key`: the bytes of a key file, or undefined for placeholders numbered in order of appearance. */
  constructor(key?: Uint8Array) {
    this.key = key;
  }

  /** True when placeholders depend on a key. */
  get keyed(): boolean {
    return this.key !== undefined;
  }

  /** The bytes that replace `original` (the field's bytes as stored) for an identifier of class `cls`. */
  replace(cls: IdentifierClass, shape: PlaceholderShape, original: Uint8Array): Uint8Array {
    const memoKey = `${cls}\0${shape.kind}\0${latin1(original)}`;
    const known = this.memo.get(memoKey);
    if (known) return known.slice();
    const message = this.key !== undefined ? original : latin1Bytes(`#${this.memo.size}`);
    const head = latin1Bytes(`${cls}\0${shape.kind}\0`);
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const seed = this.seed(head, message, attempt);
      const out = shapeFrom(shape, original, seed);
      if (!bytesEqual(out, original)) {
        this.memo.set(memoKey, out);
        return out.slice();
      }
    }
    throw new FormatError(ErrorCode.BadValue, 'no placeholder differs from the original value', { expected: 'a field with room for a different value', found: `${original.length} bytes` });
  }

  /** 64 pseudo-random bytes for one attempt: two HMAC blocks, enough for the widest shape. */
  private seed(head: Uint8Array, message: Uint8Array, attempt: number): Uint8Array {
    const out = new Uint8Array(64);
    for (let block = 0; block < 2; block++) {
      const m = new Uint8Array(DOMAIN.length + head.length + message.length + 2);
      m.set(DOMAIN, 0);
      m.set(head, DOMAIN.length);
      m.set(message, DOMAIN.length + head.length);
      m[m.length - 2] = attempt;
      m[m.length - 1] = block;
      out.set(hmacSha256(this.key ?? new Uint8Array(0), m), block * 32);
    }
    return out;
  }
}

function shapeFrom(shape: PlaceholderShape, original: Uint8Array, seed: Uint8Array): Uint8Array {
  switch (shape.kind) {
    case 'text': {
      let hex = '';
      for (let i = 0; i < 6; i++) hex += seed[i]!.toString(16).padStart(2, '0');
      return latin1Bytes(TEXT_PLACEHOLDER_PREFIX + hex.toUpperCase());
    }
    case 'fixed-ascii': {
      const out = original.slice();
      const end = significantLength(original);
      for (let i = 0; i < end; i++) out[i] = ID_ALPHABET.charCodeAt(seed[i % seed.length]! % ID_ALPHABET.length);
      return out;
    }
    case 'product-key': {
      const out = original.slice();
      for (let i = 0; i < out.length; i++) {
        if (out[i] === 0x2d || out[i] === 0) continue;
        out[i] = PRODUCT_KEY_ALPHABET.charCodeAt(seed[i % seed.length]! % PRODUCT_KEY_ALPHABET.length);
      }
      return out;
    }
    case 'uuid':
      return encodeUuid(v4Text(seed), shape.versionCode);
    case 'number': {
      const out = seed.slice(0, original.length);
      // Zero means "none" in SMBIOS number fields; a placeholder must still read as a value.
      if (out.every((b) => b === 0)) out[0] = 1;
      return out;
    }
  }
}

/** A version-4, variant-1 UUID text from the first 16 seed bytes (RFC 9562 §5.4). */
function v4Text(seed: Uint8Array): string {
  const b = seed.slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  // Stored order (code 0) prints the bytes as they are: the text of b itself.
  return formatUuid(b, 0);
}

/** Length of `bytes` without trailing NUL and space padding (fixed-width ACPI text fields pad either way). */
export function significantLength(bytes: Uint8Array): number {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0 || bytes[end - 1] === 0x20)) end--;
  return end;
}
