// Worker thread of `smbiosJsonBatch`: decodes the chunks of inputs the main thread sends and
// replies with their JSON lines. Loaded from dist/ (compiled JS), whether the caller runs from
// dist/ or from the TypeScript sources.
import { parentPort, workerData } from 'node:worker_threads';
import { smbiosJsonLine, type SmbiosBatchReply, type SmbiosBatchRequest, type SmbiosBatchWorkerData, type SmbiosJsonLineOptions, type SmbiosJsonLineResult } from './smbios-batch.js';

const data = workerData as SmbiosBatchWorkerData;
const options: SmbiosJsonLineOptions = {
  ...(data.types !== undefined && { types: new Set(data.types) }),
  ...(data.verifyChecksums !== undefined && { verifyChecksums: data.verifyChecksums }),
};
const port = parentPort;
if (port) {
  port.on('message', (m: SmbiosBatchRequest) => {
    void (async () => {
      const results: SmbiosJsonLineResult[] = [];
      for (const input of m.inputs) {
        // Test hook: an uncaught error ends this worker as a real crash would.
        if (input === data.crashOnInput) throw new Error('smbios batch worker: test crash');
        results.push(await smbiosJsonLine(input, options));
      }
      port.postMessage({ chunk: m.chunk, results } satisfies SmbiosBatchReply);
    })();
  });
  port.postMessage({ ready: true } satisfies SmbiosBatchReply);
}
