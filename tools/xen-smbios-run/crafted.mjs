// Crafted blobs at the 4.21 length boundaries and the type 2 chassis-handle boundary, run through
// hvmloader's own smbios.c (per tag) and the guest view.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
const X = new URL('../../packages', import.meta.url).pathname;
const { computeGuestView, guestViewDumpBin, encodeSmbiosBlob } = await import(`${X}/xen/dist/index.js`);
const { parseXenVersion, resolveGuest } = await import(`${X}/guest/dist/index.js`);
/** A structure of `size` bytes in all: header, formatted bytes 0x11, a double NUL. */
function sized(type, size, handle, headerLength = size - 2) {
  const b = new Uint8Array(size).fill(0x11);
  b[0] = type; b[1] = headerLength; b[2] = handle & 0xff; b[3] = handle >> 8; b[size - 2] = 0; b[size - 1] = 0;
  return b;
}
const mins = { 0: 24, 1: 27, 2: 8, 3: 12, 7: 19, 8: 9, 9: 13, 11: 5, 22: 26, 26: 20, 27: 12, 28: 20, 39: 16 };
const blobs = [];
for (const [t, m] of Object.entries(mins)) for (const size of [m - 1, m]) blobs.push([`t${t}-${size}`, encodeSmbiosBlob([sized(Number(t), Math.max(size, 6), 0x4000 + size)])]);
for (const hl of [12, 13, 14]) {
  const s = sized(2, hl + 2, 0x4242, hl);
  s[11] = 0x34; if (hl >= 13) s[12] = 0x12;
  blobs.push([`t2-chassis-hl${hl}`, encodeSmbiosBlob([s])]);
}
for (const tag of process.argv.slice(2)) {
  const [maj, mn] = tag.split('.');
  const extra = tag.slice(maj.length + 1 + mn.length);
  let same = 0; const diffs = [];
  for (const [name, blob] of blobs) {
    writeFileSync(`${process.env.WORK}/crafted.blob`, blob);
    execFileSync(`${process.env.WORK}/x-${tag}/harness`, [`${process.env.WORK}/c.bin`, `${process.env.WORK}/crafted.blob`, maj, mn, extra, '1', '1024', '00'.repeat(16), '0', '0', '0']);
    const theirs = readFileSync(`${process.env.WORK}/c.bin`);
    const guest = resolveGuest({ xen: parseXenVersion(tag), cpu: { vendor: 'GenuineIntel', signatureEax: 0, featuresEdx: 0, mhz: 0 } });
    const ours = Buffer.from(guestViewDumpBin(computeGuestView({ smbios: blob, acpi: null, config: guest })));
    if (Buffer.compare(ours, theirs) === 0) same++; else diffs.push(name);
  }
  console.log(`${tag}: ${same}/${blobs.length} identical${diffs.length ? ' — differ: ' + diffs.join(' ') : ''}`);
}
