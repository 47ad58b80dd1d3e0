// Worker thread of `smbiosJsonBatch`: decodes the chunks of inputs the main thread sends and
// replies with their JSON lines. Loaded from dist/ (compiled JS), whether the caller runs from
// dist/ or from the TypeScript sources.
import { parentPort } from 'node:worker_threads';
import { smbiosJsonLine, type SmbiosBatchReply, type SmbiosBatchRequest, type SmbiosJsonLineResult } from './smbios-batch.js';

const port = parentPort;
if (port) {
  // Chunks are decoded one after another, in the order they came, whatever their batch.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (m: SmbiosBatchRequest) => {
    queue = queue.then(async () => {
      const options = {
        ...(m.types !== undefined && { types: new Set(m.types) }),
        ...(m.verifyChecksums !== undefined && { verifyChecksums: m.verifyChecksums }),
        bytes: m.bytes,
      };
      const results: SmbiosJsonLineResult[] = [];
      for (const input of m.inputs) {
        // Test hook: an uncaught error ends this worker as a real crash would.
        if (input === m.crashOnInput) throw new Error('smbios batch worker: test crash');
        results.push(await smbiosJsonLine(input, options));
      }
      // Lines as bytes move to the main thread without a copy (each owns its whole buffer).
      const transfer: ArrayBuffer[] = [];
      for (const r of results) {
        if (r.ok && typeof r.line !== 'string' && r.line.byteOffset === 0 && r.line.byteLength === r.line.buffer.byteLength && r.line.buffer instanceof ArrayBuffer) transfer.push(r.line.buffer);
      }
      port.postMessage({ batch: m.batch, chunk: m.chunk, results } satisfies SmbiosBatchReply, transfer);
    });
  });
  port.postMessage({ ready: true } satisfies SmbiosBatchReply);
}
