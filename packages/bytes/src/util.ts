/** True when two byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Concatenates byte arrays into one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Decodes bytes as Latin-1 (one character per byte), the only safe reading of firmware strings. */
export function latin1(bytes: Uint8Array): string {
  // Chunked so huge inputs never exceed the engine's argument-count limit.
  if (bytes.length <= 4096) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  }
  return s;
}

/** `text` with every character outside printable ASCII replaced, so input bytes never put control codes into a message or a terminal. */
export function printableAscii(text: string, replacement = '.'): string {
  return text.replace(/[^\x20-\x7e]/g, replacement);
}
