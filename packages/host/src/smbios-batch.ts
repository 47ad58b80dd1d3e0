// Many SMBIOS inputs decoded to one compact JSON line each, spread over worker threads.
//
// Fleet audits hand `smbios decode --json` a thousand dumps at once; one thread decodes them at
// 0.2-0.4 ms each, so other cores sit idle. The main thread hands out chunks of inputs to whoever
// is free — itself included, so the time a worker needs to boot (60-150 ms) and to warm up is
// spent decoding, not waiting — and prints the results in input order. Every input goes through
// `smbiosJsonLine`, in the main thread and in the workers alike, so which thread decoded an input
// never shows. Measured on 2 CPUs, a worker pays off only when warm (see defaultSmbiosBatchThreads).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FormatError, hasErrors, isFormatError, resolveLimits } from '@hvmpack/bytes';
import { SmbiosJsonBlocks, SmbiosScratch, smbiosJsonBytes, smbiosJsonText } from '@hvmpack/smbios';
import { InputError, isInputError } from './files.js';
import { indexSmbiosSource, nodeFileAccess, resolveSmbiosSource, type SmbiosFileAccess } from './smbios-input.js';

/**
 * {@link nodeFileAccess} reading regular files synchronously. A batch reads each dump with a stat
 * and a whole-file read; the promise API makes about six thread-pool round trips of those, and on
 * a busy machine each waits for a core, which cost more than the decoding. Anything unusual
 * (a missing file, sysfs, a device, an unreadable folder) goes to the asynchronous reader, so the
 * errors are its own.
 */
export const syncNodeFileAccess: SmbiosFileAccess = {
  readFile: async (file, limits) => {
    const max = resolveLimits(limits).maxInputBytes;
    try {
      const st = statSync(file);
      if (st.isFile() && st.size > 0 && st.size <= max) {
        const buf = readFileSync(file);
        if (buf.length <= max) return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
      }
    } catch {
      /* the asynchronous reader below says what went wrong, in its own words */
    }
    return nodeFileAccess.readFile(file, limits);
  },
  isDirectory: async (p) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
  readDir: async (p) => {
    try {
      return readdirSync(p).sort();
    } catch {
      return nodeFileAccess.readDir(p);
    }
  },
};

/** Options for {@link smbiosJsonLine}. */
export interface SmbiosJsonLineOptions {
  /** Only these structure types in the document (`-t`). */
  types?: ReadonlySet<number>;
  /** Reject entry points with bad checksums (default true, as `readSmbiosSource`). */
  verifyChecksums?: boolean;
  /**
   * The line as UTF-8 bytes (`smbiosJsonBytes`) rather than a string: the JSON writer makes bytes,
   * so a caller that writes to a stream skips a decode to a string and an encode back (about a
   * tenth of a 1,000-file CLI run), and workers hand the bytes over without copying.
   */
  bytes?: boolean;
  /**
   * With `bytes`: write the line into these shared blocks (a view comes back) instead of a buffer
   * of its own; a chunk of lines then costs one allocation and crosses threads as one transfer.
   */
  blocks?: SmbiosJsonBlocks;
  /** Working memory reused from one input to the next (one per thread; see SmbiosScratch). */
  scratch?: SmbiosScratch;
}

/** An error thrown while reading one input, as plain data that crosses a thread boundary. */
export interface SmbiosLineError {
  /** Which class to rebuild: our two error classes, or anything else (a bug). */
  kind: 'FormatError' | 'InputError' | 'Error';
  /** The error's `code`, when it has one. */
  code?: string;
  /** The full message (a FormatError's includes expected/found/path). */
  message: string;
  /** A FormatError's message without decoration. */
  reason?: string;
  /** The file the error is about. */
  file?: string;
  /** Absolute byte offset (FormatError). */
  offset?: number;
  /** Path into the structure (FormatError). */
  path?: string;
  /** What the format requires (FormatError). */
  expected?: string;
  /** What was found (FormatError). */
  found?: string;
}

/** What {@link smbiosJsonLine} produced for one input: its JSON line, or why it failed. */
export type SmbiosJsonLineResult =
  | { input: string; ok: true; line: string | Uint8Array; hasErrorFindings: boolean }
  | { input: string; ok: false; error: SmbiosLineError };

/**
 * Reads and decodes one input and writes its compact `smbios decode --json` document (no newline);
 * never throws: a failure comes back as a {@link SmbiosLineError}.
 */
export async function smbiosJsonLine(input: string, options: SmbiosJsonLineOptions = {}, io: SmbiosFileAccess = syncNodeFileAccess): Promise<SmbiosJsonLineResult> {
  try {
    const src = await resolveSmbiosSource(input, io);
    // The structure index, not objects: the JSON text visits each structure once.
    const t = await indexSmbiosSource(src, { ...(options.verifyChecksums !== undefined && { verifyChecksums: options.verifyChecksums }), ...(options.scratch && { scratch: options.scratch }) }, io);
    const line = !options.bytes ? smbiosJsonText(input, t, options.types, options.scratch) : options.blocks ? options.blocks.add(input, t, options.types) : smbiosJsonBytes(input, t, options.types, options.scratch);
    return { input, ok: true, line, hasErrorFindings: hasErrors(t.findings) };
  } catch (e) {
    return { input, ok: false, error: smbiosLineError(e) };
  }
}

function smbiosLineError(e: unknown): SmbiosLineError {
  if (isFormatError(e)) {
    const d: SmbiosLineError = { kind: 'FormatError', code: e.code, message: e.message, reason: e.reason };
    if (e.file !== undefined) d.file = e.file;
    if (e.offset !== undefined) d.offset = e.offset;
    if (e.path !== undefined) d.path = e.path;
    if (e.expected !== undefined) d.expected = e.expected;
    if (e.found !== undefined) d.found = e.found;
    return d;
  }
  if (isInputError(e)) return { kind: 'InputError', code: e.code, message: e.message, file: e.file };
  const code = (e as { code?: unknown } | null)?.code;
  return { kind: 'Error', message: e instanceof Error ? e.message : String(e), ...(typeof code === 'string' && { code }) };
}

/** Rebuilds an error equivalent to the one {@link smbiosJsonLine} caught, for the CLI's error line. */
export function rebuildSmbiosLineError(d: SmbiosLineError): Error {
  if (d.kind === 'FormatError') {
    const e = new FormatError(d.code ?? 'ERROR', d.reason ?? d.message, {
      ...(d.file !== undefined && { file: d.file }),
      ...(d.offset !== undefined && { offset: d.offset }),
      ...(d.path !== undefined && { path: d.path }),
      ...(d.expected !== undefined && { expected: d.expected }),
      ...(d.found !== undefined && { found: d.found }),
    });
    // The message is recomposed the same way; keep the original anyway so the line cannot drift.
    e.message = d.message;
    return e;
  }
  if (d.kind === 'InputError') return new InputError(d.code ?? 'ERROR', d.file ?? '', d.message);
  const e = new Error(d.message);
  if (d.code !== undefined) Object.assign(e, { code: d.code });
  return e;
}

/** Options for {@link smbiosJsonBatch}. */
export interface SmbiosJsonBatchOptions extends SmbiosJsonLineOptions {
  /**
   * Threads that decode, the main thread included (so 2 starts one worker); 0 or 1 starts none;
   * never more than 64, nor more workers than chunks after the first.
   * Default: one less than the available parallelism, at most {@link SMBIOS_BATCH_MAX_THREADS}
   * (see {@link defaultSmbiosBatchThreads}).
   */
  threads?: number;
  /** Inputs handed out at a time (default {@link SMBIOS_BATCH_CHUNK}). */
  chunkSize?: number;
  /** Fewer inputs than this are decoded on the main thread alone (default {@link SMBIOS_BATCH_MIN_INPUTS}). */
  minInputsForWorkers?: number;
  /**
   * File access for the main thread. Workers always read the real file system, so a custom one
   * (tests, an in-memory CLI io) means no workers.
   */
  io?: SmbiosFileAccess;
  /**
   * False: the main thread only hands out work and prints while a worker is alive (for tests that
   * need workers to decode; it still decodes what a dead worker left). Default true.
   */
  mainThreadWorks?: boolean;
  /** Test hook: a worker that meets this input crashes (the main thread redoes its chunk). */
  crashWorkerOnInput?: string;
  /** Test hook: the worker script to start instead of the built `smbios-batch-worker.js`. */
  workerScript?: URL;
}

/** What {@link smbiosJsonBatch} did, for tests and benchmarks. */
export interface SmbiosJsonBatchStats {
  /** Workers created by this batch. */
  workersStarted: number;
  /** Idle workers from an earlier batch that this one used. */
  workersReused: number;
  /** Workers that died with work in hand (their chunks were redone). */
  workersFailed: number;
  /** Chunks decoded by the main thread. */
  chunksOnMain: number;
  /** Chunks decoded by workers. */
  chunksOnWorkers: number;
}

/**
 * Upper bound on default threads: past a handful, reading and printing on the main thread, not
 * decoding, is what limits a batch.
 */
export const SMBIOS_BATCH_MAX_THREADS = 8;

/**
 * Inputs per hand-out: large enough that the per-message cost (a structured clone of the chunk's
 * JSON text, a few hundred KiB) is small beside ~10 ms of decoding, small enough that the last
 * chunks balance across threads.
 */
export const SMBIOS_BATCH_CHUNK = 32;

/**
 * Below this many inputs (about 25 ms of decoding) no worker is started: even a warm idle worker
 * would save a few milliseconds at most, and a new one needs 60-150 ms to boot, so the main
 * thread would finish first and the worker would only compete for a core.
 */
export const SMBIOS_BATCH_MIN_INPUTS = 64;

const WORKER_SCRIPT = new URL('../dist/smbios-batch-worker.js', import.meta.url);

/** A chunk sent to a worker, with the options it is decoded with (workers serve many batches). */
export interface SmbiosBatchRequest {
  batch: number;
  chunk: number;
  inputs: string[];
  types: number[] | undefined;
  verifyChecksums: boolean | undefined;
  bytes: boolean;
  crashOnInput: string | undefined;
}

/** A worker's message: ready for work, or the results of one chunk. */
export type SmbiosBatchReply = { ready: true } | { batch: number; chunk: number; results: SmbiosJsonLineResult[] };

interface WorkerSlot {
  worker: Worker;
  /** Chunks sent and not yet answered, oldest first. */
  inFlight: number[];
  alive: boolean;
  /** Still booting: work is sent once it says it is ready. */
  booting: boolean;
  onMessage: (m: SmbiosBatchReply) => void;
  onExit: () => void;
}

/**
 * Chunks a worker holds at once: while it decodes one, the next waits in its queue, so it never
 * idles while the main thread is busy with a chunk of its own and cannot answer.
 */
const WORKER_QUEUE_DEPTH = 2;

/** Inputs the main thread decodes between looks at its workers' messages (about 3 ms). */
const MAIN_YIELD_EVERY = 8;

/**
 * Booted workers left idle by earlier batches in this process. A worker costs a boot (~60-150 ms)
 * and a JIT warm-up of the decoders (~200 ms of compiling) before it pays; a second batch in the
 * same process (a service, a benchmark) gets them warm. They are unref'd, so they never keep the
 * process alive.
 */
const idleWorkers: Worker[] = [];
let batchCounter = 0;

function newWorker(script: URL): Worker | undefined {
  try {
    // The parent's Node options, less --input-type: a worker refuses it (it only goes with -e), and
    // a batch started from `node --input-type=module -e …` would otherwise get no worker.
    const w = new Worker(script, { execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')) });
    // Pool-level: an idle worker that dies leaves the pool; batch-level listeners come and go.
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
 * Decodes `inputs` with {@link smbiosJsonLine} on the main thread and worker threads, calling
 * `onResult` once per input in input order; resolves when all are done, with every worker it used
 * idle (unref'd) or ended.
 */
export async function smbiosJsonBatch(
  inputs: readonly string[],
  options: SmbiosJsonBatchOptions,
  onResult: (r: SmbiosJsonLineResult) => void,
): Promise<SmbiosJsonBatchStats> {
  const size = Math.max(1, Math.floor(options.chunkSize ?? SMBIOS_BATCH_CHUNK));
  const chunkCount = Math.ceil(inputs.length / size);
  const chunkInputs = (c: number): string[] => inputs.slice(c * size, (c + 1) * size);
  const lineOptions: SmbiosJsonLineOptions = {
    ...(options.types !== undefined && { types: options.types }),
    ...(options.verifyChecksums !== undefined && { verifyChecksums: options.verifyChecksums }),
    ...(options.bytes !== undefined && { bytes: options.bytes }),
    scratch: new SmbiosScratch(),
  };
  const batch = ++batchCounter;
  const typeList = options.types ? [...options.types] : undefined;
  const stats: SmbiosJsonBatchStats = { workersStarted: 0, workersReused: 0, workersFailed: 0, chunksOnMain: 0, chunksOnWorkers: 0 };

  const done: (SmbiosJsonLineResult[] | undefined)[] = new Array<SmbiosJsonLineResult[] | undefined>(chunkCount);
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
  const finish = (chunk: number, results: SmbiosJsonLineResult[]): void => {
    if (done[chunk]) return;
    done[chunk] = results;
    // Printing happens here, in order, so nothing waits for the whole batch to end.
    while (emitted < chunkCount && done[emitted]) {
      for (const r of done[emitted]!) onResult(r);
      done[emitted] = [];
      emitted++;
    }
  };
  const take = (): number | undefined => redo.shift() ?? (next < chunkCount ? next++ : undefined);

  const slots: WorkerSlot[] = [];
  const giveWork = (slot: WorkerSlot): void => {
    while (slot.inFlight.length < WORKER_QUEUE_DEPTH) {
      const chunk = take();
      if (chunk === undefined) break;
      slot.inFlight.push(chunk);
      const request: SmbiosBatchRequest = {
        batch,
        chunk,
        inputs: chunkInputs(chunk),
        types: typeList,
        verifyChecksums: options.verifyChecksums,
        bytes: options.bytes === true,
        crashOnInput: options.crashWorkerOnInput,
      };
      slot.worker.postMessage(request);
    }
    if (slot.inFlight.length === 0) release(slot);
  };
  // A worker with nothing in hand goes back to the pool; one still holding a chunk (the batch
  // failed) is ended, so a late answer can never reach another batch.
  const release = (slot: WorkerSlot): void => {
    if (!slot.alive) return;
    slot.alive = false;
    slot.worker.off('message', slot.onMessage);
    slot.worker.off('exit', slot.onExit);
    slot.worker.unref();
    if (slot.inFlight.length === 0 && script === WORKER_SCRIPT && idleWorkers.length < SMBIOS_BATCH_MAX_THREADS) idleWorkers.push(slot.worker);
    else void slot.worker.terminate().catch(() => undefined);
    slot.inFlight = [];
  };

  const realFiles = options.io === undefined || options.io === nodeFileAccess || options.io === syncNodeFileAccess;
  const threads = realFiles ? resolveThreads(options.threads) : 1;
  const workerCount = inputs.length >= (options.minInputsForWorkers ?? SMBIOS_BATCH_MIN_INPUTS) ? Math.min(threads - 1, chunkCount - 1) : 0;
  const script = options.workerScript ?? WORKER_SCRIPT;
  // Without a build (dist/) there is no worker script: everything is decoded here.
  if (workerCount > 0 && existsSync(fileURLToPath(script))) {
    for (let i = 0; i < workerCount; i++) {
      const reused = script === WORKER_SCRIPT ? idleWorkers.pop() : undefined;
      const worker = reused ?? newWorker(script);
      if (!worker) break;
      if (reused) stats.workersReused++;
      else stats.workersStarted++;
      const slot: WorkerSlot = {
        worker,
        inFlight: [],
        alive: true,
        booting: !reused,
        onMessage: (m) => {
          if (!slot.alive || failure) return;
          try {
            if ('ready' in m) slot.booting = false;
            else if (m.batch === batch) {
              stats.chunksOnWorkers++;
              slot.inFlight = slot.inFlight.filter((c) => c !== m.chunk);
              finish(m.chunk, m.results);
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
      const chunk = options.mainThreadWorks !== false || !slots.some((w) => w.alive) ? take() : undefined;
      if (chunk !== undefined) {
        const results: SmbiosJsonLineResult[] = [];
        const chunkOptions = options.bytes ? { ...lineOptions, blocks: new SmbiosJsonBlocks() } : lineOptions;
        for (const input of chunkInputs(chunk)) {
          results.push(await smbiosJsonLine(input, chunkOptions, options.io));
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
 * The default thread count: one CPU is left to V8's own threads. A single decoding thread already
 * keeps about 1.7 cores busy while it warms up (the optimising compiler and the garbage collector
 * run beside it, on a thread pool every isolate shares), and each worker must boot and warm up
 * the same way, so on a 2-CPU machine a worker made a cold 1,000-file batch slower, not faster.
 */
export function defaultSmbiosBatchThreads(): number {
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cpus - 1, SMBIOS_BATCH_MAX_THREADS));
}

// An explicit count is taken as asked, up to a bound that keeps a typo from starting hundreds of threads.
const EXPLICIT_THREADS_LIMIT = 64;

function resolveThreads(threads: number | undefined): number {
  if (threads === undefined) return defaultSmbiosBatchThreads();
  return Math.max(1, Math.min(Math.floor(threads), EXPLICIT_THREADS_LIMIT));
}
