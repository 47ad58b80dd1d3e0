// HMAC-SHA-256 (RFC 2104, FIPS 198-1) on the byte layer's SHA-256, so the redaction's keyed
// placeholders need no Node crypto and the audit package stays Node-free.
import { Sha256, sha256 } from '@hvmpack/bytes';

/** SHA-256's block size in bytes: keys longer than this are hashed first (RFC 2104 §2). */
const BLOCK = 64;

/** HMAC-SHA-256 of `message` under `key` (any length; an empty key is allowed). */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const k = new Uint8Array(BLOCK);
  k.set(key.length > BLOCK ? sha256(key) : key);
  const inner = new Uint8Array(BLOCK);
  const outer = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = k[i]! ^ 0x36;
    outer[i] = k[i]! ^ 0x5c;
  }
  const innerDigest = new Sha256().update(inner).update(message).digest();
  return new Sha256().update(outer).update(innerDigest).digest();
}
