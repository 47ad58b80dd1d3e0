// Worker thread of `smbiosJsonBatch`: decodes the chunks of inputs the main thread sends and
// replies with their JSON lines. Loaded from dist/ (compiled JS), whether the caller runs from
// dist/ or from the TypeScript sources.
import { parentPort } from 'node:worker_threads';
import { SmbiosJsonBlocks, SmbiosScratch } from '@hvmpack/smbios';
import { smbiosJsonLine, type SmbiosBatchReply, type SmbiosBatchRequest, type SmbiosJsonLineResult } from './smbios-batch.js';

const port = parentPort;
if (port) {
  // Chunks are decoded one after another, in the order they came, whatever their batch.
  let queue: Promise<void> = Promise.resolve();
  const scratch = new SmbiosScratch();
  port.on('message', (m: SmbiosBatchRequest) => {
    // A chunk that fails ends this worker (the main thread redoes its chunks): left to an
    // unhandled rejection, a process run with --unhandled-rejections=warn would keep the worker
    // alive with the chunk never answered, and the batch would wait for ever.
    queue = queue.then(async () => {
      // A chunk's lines as bytes go into shared blocks, which move to the main thread without a copy.
      const blocks = m.bytes ? new SmbiosJsonBlocks() : undefined;
      const options = {
        ...(m.types !== undefined && { types: new Set(m.types) }),
        ...(m.verifyChecksums !== undefined && { verifyChecksums: m.verifyChecksums }),
        bytes: m.bytes,
        ...(blocks !== undefined && { blocks }),
        scratch,
      };
      const results: SmbiosJsonLineResult[] = [];
      for (const input of m.inputs) {
        // Test hook: an uncaught error ends this worker as a real crash would.
        if (input === m.crashOnInput) throw new Error('smbios batch worker: test crash');
        results.push(await smbiosJsonLine(input, options));
      }
      const transfer = blocks?.buffers ?? [];
      port.postMessage({ batch: m.batch, chunk: m.chunk, results } satisfies SmbiosBatchReply, transfer);
    }).catch(() => process.exit(1));
  });
  port.postMessage({ ready: true } satisfies SmbiosBatchReply);
}
