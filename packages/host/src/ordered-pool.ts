// An ordered pool of worker threads for any per-input job: the main thread hands out chunks of
// inputs to whoever is free — itself included, so the time a worker needs to boot (60-150 ms)
// and to warm up is spent working, not waiting — and reports the results in input order. A job is
// a module export that both sides run (pool-worker.ts imports it by URL), so which thread did an
// input never shows. SMBIOS decoding to JSON lines is the first job (smbios-batch.ts); ACPI and
// the audit plug in the same way.
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Inputs decoded one after another with the same options (a chunk), and what to send back. */
export interface PoolChunk<R> {
  /** Runs the job on one input; never throws (a failure is a result). */
  run(input: string): Promise<R>;
  /** Buffers the chunk's results live in, moved (not copied) to the main thread after the last run. */
  transfer(): ArrayBuffer[];
}

/** A per-input job: `start` begins a chunk with the job's options (plain, structured-clone data). */
export interface PoolJob<R, O> {
  start(options: O): PoolChunk<R>;
}

/** Where workers find a job: the module that exports it, and the export's name. */
export interface PoolJobRef<R, O> {
  job: PoolJob<R, O>;
  module: URL;
  name: string;
  /** Options for every chunk, on every thread. */
  options: O;
  /**
   * Chunks run on the main thread start here instead, when it has what workers cannot be sent
   * (a caller's own file access); their results must be those `job.start(options)` would give.
   */
  startOnMain?: () => PoolChunk<R>;
}

/** Options for {@link runOrdered}. */
export interface OrderedPoolOptions {
  /**
   * Threads that work, the main thread included (so 2 starts one worker); 0 or 1 starts none;
   * never more than 64, nor more workers than chunks after the first. Default:
   * {@link defaultPoolThreads}.
   */
  threads?: number;
  /** Inputs handed out at a time (default {@link POOL_CHUNK}). */
  chunkSize?: number;
  /** Fewer inputs than this are run on the main thread alone (default {@link POOL_MIN_INPUTS}). */
  minInputsForWorkers?: number;
  /**
   * V8 heap limits of the workers this run starts (Node's `resourceLimits`). A job of many small
   * inputs keeps little alive, but V8 sizes each isolate's heap for throughput; a cap keeps a
   * long run's memory flat. A worker that runs out dies and its chunk is redone on the main thread.
   */
  workerHeap?: { youngMb?: number; oldMb?: number };
}

/** What {@link runOrdered} did, for tests and benchmarks. */
export interface PoolStats {
  /** Workers created by this run. */
  workersStarted: number;
  /** Idle workers from an earlier run that this one used. */
  workersReused: number;
  /** Workers that died with work in hand (their chunks were redone). */
  workersFailed: number;
  /** Chunks run on the main thread. */
  chunksOnMain: number;
  /** Chunks run by workers. */
  chunksOnWorkers: number;
}

/**
 * Hooks for the pool's own tests, kept out of every public options type: a worker that meets
 * `crashWorkerOnInput` dies as a real crash would; `workerScript` replaces pool-worker.js;
 * `mainThreadWorks: false` keeps the main thread to handing out work while a worker is alive.
 */
export interface PoolTestHooks {
  crashWorkerOnInput?: string;
  workerScript?: URL;
  mainThreadWorks?: boolean;
}

/** Upper bound on default threads: past a handful, reading and printing on the main thread is what limits a run. */
export const POOL_MAX_THREADS = 8;

/**
 * Inputs per hand-out: large enough that the per-message cost (a structured clone of the chunk's
 * results, a few hundred KiB of SMBIOS JSON) is small beside ~10 ms of work, small enough that
 * the last chunks balance across threads.
 */
export const POOL_CHUNK = 32;

/**
 * Below this many inputs (about 25 ms of SMBIOS decoding) no worker is started: even a warm idle
 * worker would save a few milliseconds at most, and a new one needs 60-150 ms to boot.
 */
export const POOL_MIN_INPUTS = 64;

const WORKER_SCRIPT = new URL('../dist/pool-worker.js', import.meta.url);

/** A chunk sent to a worker. */
export interface PoolRequest {
  run: number;
  chunk: number;
  inputs: string[];
  module: string;
  name: string;
  options: unknown;
  crashOnInput: string | undefined;
}

/** A worker's message: ready for work, or the results of one chunk. */
export type PoolReply = { ready: true } | { run: number; chunk: number; results: unknown[] };

interface WorkerSlot {
  worker: Worker;
  /** Chunks sent and not yet answered, oldest first. */
  inFlight: number[];
  alive: boolean;
  onMessage: (m: PoolReply) => void;
  onExit: () => void;
}

/**
 * Chunks a worker holds at once: while it works on one, the next waits in its queue, so it never
 * idles while the main thread is busy with a chunk of its own and cannot answer.
 */
const WORKER_QUEUE_DEPTH = 2;

/** Inputs the main thread runs between looks at its workers' messages (about 3 ms of SMBIOS). */
const MAIN_YIELD_EVERY = 8;

/**
 * Booted workers left idle by earlier runs in this process. A worker costs a boot and a JIT
 * warm-up before it pays; a second run in the same process (a service, a benchmark) gets them
 * warm, whatever its job. They are unref'd, so they never keep the process alive.
 */
const idleWorkers: Worker[] = [];
let runCounter = 0;

function newWorker(script: URL, heap: OrderedPoolOptions['workerHeap']): Worker | undefined {
  try {
    // The parent's Node options, less --input-type: a worker refuses it (it only goes with -e), and
    // a run started from `node --input-type=module -e …` would otherwise get no worker.
    const w = new Worker(script, {
      execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')),
      ...(heap && { resourceLimits: { ...(heap.youngMb !== undefined && { maxYoungGenerationSizeMb: heap.youngMb }), ...(heap.oldMb !== undefined && { maxOldGenerationSizeMb: heap.oldMb }) } }),
    });
    // Pool-level: an idle worker that dies leaves the pool; run-level listeners come and go.
    w.on('error', () => undefined);
    w.on('exit', () => {
      const i = idleWorkers.indexOf(w);
      if (i >= 0) idleWorkers.splice(i, 1);
    });
    return w;
  } catch {
    return undefined;
  }
}

/**
 * Runs `ref`'s job on every input, on the main thread and on worker threads when `useWorkers`,
 * calling `onResult` once per input in input order; resolves when all are done, with every worker
 * it used idle (unref'd) or ended. An exception from `onResult` rejects the run.
 */
export async function runOrdered<R, O>(
  inputs: readonly string[],
  ref: PoolJobRef<R, O>,
  options: OrderedPoolOptions & { useWorkers?: boolean },
  onResult: (r: R) => void,
  hooks: PoolTestHooks = {},
): Promise<PoolStats> {
  const size = Math.max(1, Math.floor(options.chunkSize ?? POOL_CHUNK));
  const chunkCount = Math.ceil(inputs.length / size);
  const chunkInputs = (c: number): string[] => inputs.slice(c * size, (c + 1) * size);
  const run = ++runCounter;
  const stats: PoolStats = { workersStarted: 0, workersReused: 0, workersFailed: 0, chunksOnMain: 0, chunksOnWorkers: 0 };

  const done: (R[] | undefined)[] = new Array<R[] | undefined>(chunkCount);
  let emitted = 0;
  let next = 0;
  const redo: number[] = [];
  let wake: (() => void) | undefined;
  // An exception from `onResult` called in a worker's message handler, rethrown by the main loop.
  let failure: { error: unknown } | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const finish = (chunk: number, results: R[]): void => {
    if (done[chunk]) return;
    done[chunk] = results;
    // Results are reported here, in order, so nothing waits for the whole run to end.
    while (emitted < chunkCount && done[emitted]) {
      for (const r of done[emitted]!) onResult(r);
      done[emitted] = [];
      emitted++;
    }
  };
  const take = (): number | undefined => redo.shift() ?? (next < chunkCount ? next++ : undefined);

  const script = hooks.workerScript ?? WORKER_SCRIPT;
  const slots: WorkerSlot[] = [];
  const giveWork = (slot: WorkerSlot): void => {
    while (slot.inFlight.length < WORKER_QUEUE_DEPTH) {
      const chunk = take();
      if (chunk === undefined) break;
      slot.inFlight.push(chunk);
      const request: PoolRequest = { run, chunk, inputs: chunkInputs(chunk), module: ref.module.href, name: ref.name, options: ref.options, crashOnInput: hooks.crashWorkerOnInput };
      slot.worker.postMessage(request);
    }
    if (slot.inFlight.length === 0) release(slot);
  };
  // A worker with nothing in hand goes back to the pool; one still holding a chunk (the run
  // failed) is ended, so a late answer can never reach another run.
  const release = (slot: WorkerSlot): void => {
    if (!slot.alive) return;
    slot.alive = false;
    slot.worker.off('message', slot.onMessage);
    slot.worker.off('exit', slot.onExit);
    slot.worker.unref();
    if (slot.inFlight.length === 0 && script === WORKER_SCRIPT && idleWorkers.length < POOL_MAX_THREADS) idleWorkers.push(slot.worker);
    else void slot.worker.terminate().catch(() => undefined);
    slot.inFlight = [];
  };

  const threads = options.useWorkers === false ? 1 : resolveThreads(options.threads);
  const workerCount = inputs.length >= (options.minInputsForWorkers ?? POOL_MIN_INPUTS) ? Math.min(threads - 1, chunkCount - 1) : 0;
  // Without a build (dist/) there is no worker script: everything runs here.
  if (workerCount > 0 && existsSync(fileURLToPath(script))) {
    for (let i = 0; i < workerCount; i++) {
      const reused = script === WORKER_SCRIPT ? idleWorkers.pop() : undefined;
      const worker = reused ?? newWorker(script, options.workerHeap);
      if (!worker) break;
      if (reused) stats.workersReused++;
      else stats.workersStarted++;
      const slot: WorkerSlot = {
        worker,
        inFlight: [],
        alive: true,
        onMessage: (m) => {
          if (!slot.alive || failure) return;
          try {
            if (!('ready' in m) && m.run === run) {
              stats.chunksOnWorkers++;
              slot.inFlight = slot.inFlight.filter((c) => c !== m.chunk);
              finish(m.chunk, m.results as R[]);
            }
            giveWork(slot);
          } catch (e) {
            failure ??= { error: e };
          }
          notify();
        },
        // 'error' is followed by 'exit'; the chunks in hand are redone by whoever is free.
        onExit: () => {
          if (!slot.alive) return;
          slot.alive = false;
          const lost = slot.inFlight.filter((c) => !done[c]);
          if (lost.length > 0) {
            stats.workersFailed++;
            redo.push(...lost);
            redo.sort((a, b) => a - b);
          }
          slot.inFlight = [];
          notify();
        },
      };
      slots.push(slot);
      worker.ref();
      worker.on('message', slot.onMessage);
      worker.on('exit', slot.onExit);
      if (reused) giveWork(slot);
    }
  }

  try {
    for (;;) {
      if (failure) throw failure.error;
      const chunk = hooks.mainThreadWorks !== false || !slots.some((w) => w.alive) ? take() : undefined;
      if (chunk !== undefined) {
        const results: R[] = [];
        const work = ref.startOnMain ? ref.startOnMain() : ref.job.start(ref.options);
        for (const input of chunkInputs(chunk)) {
          results.push(await work.run(input));
          // Reads are synchronous, so only this lets workers' messages (ready, results) in; often
          // enough that a worker gets its next chunk before its queue runs dry.
          if (slots.length > 0 && results.length % MAIN_YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        }
        stats.chunksOnMain++;
        finish(chunk, results);
        continue;
      }
      if (emitted >= chunkCount) break;
      // Chunks are still out with workers: wait for one to report or to die.
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    for (const slot of slots) release(slot);
  }
  return stats;
}

/**
 * The default thread count: one CPU is left to V8's own threads. A single working thread already
 * keeps about 1.7 cores busy while it warms up (the optimising compiler and the garbage collector
 * run beside it, on a thread pool every isolate shares), and each worker must boot and warm up
 * the same way, so on a 2-CPU machine a worker made a cold 1,000-file SMBIOS run slower, not faster.
 */
export function defaultPoolThreads(): number {
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cpus - 1, POOL_MAX_THREADS));
}

// An explicit count is taken as asked, up to a bound that keeps a typo from starting hundreds of threads.
const EXPLICIT_THREADS_LIMIT = 64;

function resolveThreads(threads: number | undefined): number {
  if (threads === undefined) return defaultPoolThreads();
  return Math.max(1, Math.min(Math.floor(threads), EXPLICIT_THREADS_LIMIT));
}
