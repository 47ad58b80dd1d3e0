// A PNG reader just big enough to check a Chromium screenshot's pixels (8-bit RGB or RGBA,
// non-interlaced, as Chromium writes them): chunks, zlib, the five scanline filters.
import { inflateSync } from 'node:zlib';

/** Decoded pixels, 4 bytes (RGBA) each, row after row. */
export interface Png {
  width: number;
  height: number;
  rgba: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes an 8-bit RGB/RGBA non-interlaced PNG; anything else throws (the test then says why). */
export function decodePng(bytes: Uint8Array): Png {
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const len = dv.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = dv.getUint32(at + 8);
      height = dv.getUint32(at + 12);
      const depth = data[8]!;
      const colour = data[9]!;
      if (depth !== 8 || (colour !== 2 && colour !== 6) || data[12] !== 0) throw new Error(`PNG depth ${depth} colour type ${colour} interlace ${data[12]}: not read here`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rgba = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const x = line[i]!;
      cur[i] = (filter === 0 ? x : filter === 1 ? x + a : filter === 2 ? x + b : filter === 3 ? x + ((a + b) >> 1) : x + paeth(a, b, c)) & 0xff;
    }
    for (let px = 0; px < width; px++) {
      const o = (y * width + px) * 4;
      rgba[o] = cur[px * channels]!;
      rgba[o + 1] = cur[px * channels + 1]!;
      rgba[o + 2] = cur[px * channels + 2]!;
      rgba[o + 3] = channels === 4 ? cur[px * channels + 3]! : 255;
    }
    prev = cur;
  }
  return { width, height, rgba };
}

/** Pixels within `tolerance` of `#rrggbb` on every channel, and the rows they occupy. */
export function colourPixels(png: Png, hex: string, tolerance = 6): { count: number; rows: Set<number> } {
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const rows = new Set<number>();
  let count = 0;
  for (let p = 0; p < png.width * png.height; p++) {
    const o = p * 4;
    if (Math.abs(png.rgba[o]! - want[0]!) <= tolerance && Math.abs(png.rgba[o + 1]! - want[1]!) <= tolerance && Math.abs(png.rgba[o + 2]! - want[2]!) <= tolerance) {
      count++;
      rows.add(Math.floor(p / png.width));
    }
  }
  return { count, rows };
}
