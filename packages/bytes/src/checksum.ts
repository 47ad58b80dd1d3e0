/**
 * Sum of bytes `[start, end)` modulo 256. A region with a correct SMBIOS/ACPI-style checksum
 * sums to 0.
 */
export function checksum8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let s = 0;
  // Accumulate in a plain number and reduce once: a 2^53 range covers any real input.
  for (let i = start; i < end; i++) s += bytes[i]!;
  return s & 0xff;
}

/** True when bytes `[start, end)` sum to zero modulo 256. */
export function verifyChecksum8(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  return checksum8(bytes, start, end) === 0;
}

/**
 * The value the checksum byte at `checksumOffset` must hold so that `[start, end)` sums to zero,
 * whatever it holds now.
 */
export function computeChecksum8(bytes: Uint8Array, checksumOffset: number, start = 0, end = bytes.length): number {
  const others = (checksum8(bytes, start, end) - (bytes[checksumOffset] ?? 0)) & 0xff;
  return (0x100 - others) & 0xff;
}

/** Sets the checksum byte in place so `[start, end)` sums to zero; returns the byte written. */
export function patchChecksum8(bytes: Uint8Array, checksumOffset: number, start = 0, end = bytes.length): number {
  if (checksumOffset < start || checksumOffset >= end || start < 0 || end > bytes.length) {
    throw new RangeError(`checksum byte ${checksumOffset} outside [${start}, ${end})`);
  }
  const v = computeChecksum8(bytes, checksumOffset, start, end);
  bytes[checksumOffset] = v;
  return v;
}

let crcTable: Uint32Array | undefined;

function table(): Uint32Array {
  if (crcTable) return crcTable;
  crcTable = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[n] = c >>> 0;
  }
  return crcTable;
}

/**
 * CRC-32 (IEEE 802.3, reflected, polynomial 0x04C11DB7, as zlib and PNG use). Pass a previous
 * result as `crc` to continue over several chunks.
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = table();
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
