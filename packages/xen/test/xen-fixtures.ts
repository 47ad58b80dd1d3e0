// Fixtures for the Xen blob tests, built byte by byte from DSP0134 §6.1 and ACPI 6.5 §5.2.6.
import { ByteWriter, concatBytes } from '@hvmpack/bytes';

/** One SMBIOS structure: header (type, formatted length, handle), `body` filler, strings, double NUL. */
export function smbiosStructure(type: number, formattedLength: number, handle: number, strings: string[] = [], fill = 0): Uint8Array {
  const w = new ByteWriter();
  w.u8(type).u8(formattedLength).u16(handle);
  w.fill(Math.max(0, formattedLength - 4), fill);
  if (strings.length === 0) w.u16(0);
  else {
    for (const s of strings) w.cstring(s);
    w.u8(0);
  }
  return w.finish();
}

/** A structure whose whole size (formatted + one string + NULs) is exactly `size` bytes (size ≥ 6). */
export function smbiosOfSize(type: number, size: number, handle: number): Uint8Array {
  if (size < 6) throw new Error('size must be at least 6');
  // 4-byte header, a k-byte string, its NUL and the final NUL.
  return smbiosStructure(type, 4, handle, ['x'.repeat(size - 6)]);
}

/** A structure of exactly `size` bytes with the formatted area as large as possible (no strings). */
export function smbiosFormattedOfSize(type: number, size: number, handle: number): Uint8Array {
  // Below 6 bytes there is no room for a header and a double NUL: cut a minimal structure short.
  if (size < 6) return smbiosStructure(type, 4, handle, []).slice(0, size);
  return smbiosStructure(type, size - 2, handle, []);
}

/** Blob: u32 LE separator + bytes, for each structure (written independently of the packer). */
export function blobOf(...structs: Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  for (const s of structs) w.u32(s.length).bytes(s);
  return w.finish();
}

/** One ACPI table with a valid checksum: 36-byte header + `bodyLength` bytes of `fill`. */
export function acpiTable(signature: string, bodyLength = 8, opts: { oemId?: string; oemTableId?: string; fill?: number; badChecksum?: boolean } = {}): Uint8Array {
  const w = new ByteWriter();
  w.ascii(signature, 4);
  const len = w.reserve(4);
  w.u8(2).u8(0).ascii(opts.oemId ?? 'HVMPCK', 6).ascii(opts.oemTableId ?? 'TESTTBL', 8).u32(1).ascii('HVMP', 4).u32(1);
  w.fill(bodyLength, opts.fill ?? 0x5a);
  w.patch(len, w.length);
  w.patchChecksum8(9);
  const out = w.finish();
  if (opts.badChecksum) out[9] = (out[9]! + 1) & 0xff;
  return out;
}

/** Concatenation helper. */
export function cat(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(parts);
}
