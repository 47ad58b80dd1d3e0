import { ByteWriter, formatHexDump } from '@hvmpack/bytes';
import { defineCommand } from '../command.js';

/**
 * The README's first command: shows the toolkit on a built-in example. It grows with the
 * toolkit; for now it builds a small checksummed record with the byte layer and dumps it.
 */
export const demo = defineCommand({
  command: 'demo',
  describe: 'Run hvmpack on a built-in example (no host data needed)',
  run: async (_args, ctx) => {
    const w = new ByteWriter();
    w.ascii('HVM INFO', 8);
    const len = w.reserve(4);
    w.u8(1).u8(0);
    w.fill(38);
    w.patch(len, w.length);
    w.patchChecksum8(13);
    const bytes = w.finish();
    if (ctx.json) ctx.io.stdout(JSON.stringify({ example: 'hvm-info-like record', length: bytes.length }) + '\n');
    else ctx.io.stdout(`A ${bytes.length}-byte checksummed record built by @hvmpack/bytes:\n${formatHexDump(bytes)}`);
    return 0;
  },
});
