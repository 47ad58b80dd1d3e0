// Worker thread of `runOrdered`: runs the chunks of inputs the main thread sends with the job the
// request names (a module URL and export, imported once) and replies with their results. Loaded
// from dist/ (compiled JS), whether the caller runs from dist/ or from the TypeScript sources.
import { parentPort } from 'node:worker_threads';
import type { PoolJob, PoolReply, PoolRequest } from './ordered-pool.js';

const port = parentPort;
if (port) {
  const jobs = new Map<string, Promise<PoolJob<unknown, unknown>>>();
  const jobOf = (m: PoolRequest): Promise<PoolJob<unknown, unknown>> => {
    const key = `${m.module}#${m.name}`;
    let job = jobs.get(key);
    if (!job) {
      job = import(m.module).then((mod: Record<string, PoolJob<unknown, unknown>>) => {
        const j = mod[m.name];
        if (!j || typeof j.start !== 'function') throw new Error(`pool worker: ${key} is not a job`);
        return j;
      });
      jobs.set(key, job);
    }
    return job;
  };
  // Chunks run one after another, in the order they came, whatever their run.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (m: PoolRequest) => {
    // A chunk that fails ends this worker (the main thread redoes its chunks): left to an
    // unhandled rejection, a process run with --unhandled-rejections=warn would keep the worker
    // alive with the chunk never answered, and the run would wait for ever.
    queue = queue
      .then(async () => {
        const chunk = (await jobOf(m)).start(m.options);
        const results: unknown[] = [];
        for (const input of m.inputs) {
          // Test hook: an uncaught error ends this worker as a real crash would.
          if (input === m.crashOnInput) throw new Error('pool worker: test crash');
          results.push(await chunk.run(input));
        }
        port.postMessage({ run: m.run, chunk: m.chunk, results } satisfies PoolReply, chunk.transfer());
      })
      .catch(() => process.exit(1));
  });
  port.postMessage({ ready: true } satisfies PoolReply);
}
