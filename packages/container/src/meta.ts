// Metadata payload (docs/module-format.md §5.4): entries of
// value_type u8 @0, key_length u8 @1, value_length u16 @2, key @4, value, zero padding to 4 bytes.
import { ByteReader, ByteWriter, ErrorCode, FormatError, latin1Bytes } from '@hvmpack/bytes';
import { ContainerError, MetaValueType, type MetaEntry } from './model.js';
import { expectZero } from './type-headers.js';

/** Characters a metadata key may hold: lower-case letters, digits, `.`, `_`, `-`, `/`. */
export const META_KEY_PATTERN = /^[a-z0-9._/-]{1,255}$/;

function isPrintable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function encodeError(code: string, reason: string, key: string): FormatError {
  return new FormatError(code, reason, { path: `meta[${JSON.stringify(key)}]` });
}

function encodeValue(e: MetaEntry): { type: number; bytes: Uint8Array } {
  const v = e.value;
  if (typeof v === 'string') {
    if (!isPrintable(v)) throw encodeError(ErrorCode.BadValue, 'metadata string is not printable ASCII', e.key);
    return { type: MetaValueType.String, bytes: latin1Bytes(v) };
  }
  if (typeof v === 'bigint') return { type: MetaValueType.U64, bytes: new ByteWriter(8).u64(v).finish() };
  if (typeof v === 'boolean') return { type: MetaValueType.Flag, bytes: Uint8Array.of(v ? 1 : 0) };
  return { type: v.valueType, bytes: v.bytes };
}

/** Encodes metadata entries into the META payload; keys must be valid and unique. */
export function encodeMetaPayload(entries: readonly MetaEntry[]): Uint8Array {
  const w = new ByteWriter(64);
  const seen = new Set<string>();
  for (const e of entries) {
    if (!META_KEY_PATTERN.test(e.key)) throw encodeError(ErrorCode.BadValue, 'metadata key has characters outside [a-z0-9._/-] or a bad length', e.key);
    if (seen.has(e.key)) throw encodeError(ContainerError.DuplicateKey, 'metadata key is repeated', e.key);
    seen.add(e.key);
    const { type, bytes } = encodeValue(e);
    if (type < 1 || type > 0xff) throw encodeError(ErrorCode.BadValue, 'metadata value type out of range', e.key);
    if (bytes.length > 0xffff) throw encodeError(ErrorCode.BadLength, 'metadata value longer than 65,535 bytes', e.key);
    w.u8(type).u8(e.key.length).u16(bytes.length).ascii(e.key).bytes(bytes).align(4);
  }
  return w.finish();
}

/**
 * Decodes `count` metadata entries from a reader over the whole META payload; the entries must
 * fill it exactly. Offsets in errors are absolute.
 */
export function decodeMetaPayload(r: ByteReader, count: number): MetaEntry[] {
  const out: MetaEntry[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const start = r.pos;
    const path = `${r.path ?? 'meta'}.entries[${i}]`;
    if (r.remaining < 4) throw r.error(ErrorCode.Truncated, 'metadata entry header runs past the payload', { path, expected: '4 bytes', found: String(r.remaining) });
    const type = r.u8();
    const keyLen = r.u8();
    const valueLen = r.u16();
    if (type === 0) throw r.error(ErrorCode.BadValue, 'metadata value type 0 is reserved', { at: start, path });
    if (keyLen === 0) throw r.error(ErrorCode.BadLength, 'metadata key is empty', { at: start + 1, path });
    const key = r.ascii(keyLen);
    if (!META_KEY_PATTERN.test(key)) throw r.error(ErrorCode.BadValue, 'metadata key has characters outside [a-z0-9._/-]', { at: start + 4, path });
    if (seen.has(key)) throw r.error(ContainerError.DuplicateKey, 'metadata key is repeated', { at: start + 4, path });
    seen.add(key);
    const vAt = r.pos;
    const bytes = r.bytesView(valueLen);
    let value: MetaEntry['value'];
    if (type === MetaValueType.String) {
      const s = r.asciiAt(vAt, valueLen);
      if (!isPrintable(s)) throw r.error(ErrorCode.BadValue, 'metadata string is not printable ASCII', { at: vAt, path });
      value = s;
    } else if (type === MetaValueType.U64) {
      if (valueLen !== 8) throw r.error(ErrorCode.BadLength, 'u64 metadata value must be 8 bytes', { at: start + 2, path, expected: '8', found: String(valueLen) });
      value = r.u64At(vAt);
    } else if (type === MetaValueType.Flag) {
      if (valueLen !== 1) throw r.error(ErrorCode.BadLength, 'flag metadata value must be 1 byte', { at: start + 2, path, expected: '1', found: String(valueLen) });
      const b = r.u8At(vAt);
      if (b > 1) throw r.error(ErrorCode.BadValue, 'flag metadata value must be 0 or 1', { at: vAt, path, found: String(b) });
      value = b === 1;
    } else {
      // Unknown value types are skipped by length (a newer producer), but kept for round trips.
      value = { valueType: type, bytes: bytes.slice() };
    }
    const pad = (4 - ((r.pos - start) % 4)) % 4;
    if (r.remaining < pad) throw r.error(ErrorCode.Truncated, 'metadata entry padding runs past the payload', { path });
    expectZero(r, r.pos, pad, 'metadata entry padding', ContainerError.PaddingNotZero);
    r.skip(pad);
    out.push({ key, value });
  }
  if (!r.atEnd) throw r.error(ErrorCode.BadLength, 'bytes after the last metadata entry', { expected: `${count} entries filling the payload`, found: `${r.remaining} more bytes` });
  return out;
}
