import { ByteReader, checksum8, crc32 } from '@hvmpack/bytes';
import type { Harness } from './harness.js';

/** Byte-layer figures: checksum and CRC throughput, cursor read rate. */
export async function run(h: Harness): Promise<void> {
  const mib = new Uint8Array(1 << 20);
  for (let i = 0; i < mib.length; i++) mib[i] = (i * 31 + 7) & 0xff;
  await h.measure('bytes: checksum8 over 1 MiB', () => checksum8(mib), { bytesPerOp: mib.length });
  await h.measure('bytes: crc32 over 1 MiB', () => crc32(mib), { bytesPerOp: mib.length });
  let sink = 0;
  await h.measure(
    'bytes: ByteReader.u32 sequential (1 MiB)',
    () => {
      const r = new ByteReader(mib);
      while (r.remaining >= 4) sink ^= r.u32();
    },
    { bytesPerOp: mib.length, itemsPerOp: mib.length / 4, itemLabel: 'u32' },
  );
  if (sink === 0.5) console.log(sink); // keeps the loop observable to the optimiser
}
