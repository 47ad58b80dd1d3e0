// Many SMBIOS inputs decoded to one compact JSON line each, spread over worker threads.
//
// Fleet audits hand `smbios decode --json` a thousand dumps at once; one thread decodes them at
// 0.2-0.4 ms each, so other cores sit idle. `smbiosJsonJob` is the per-input job the ordered pool
// (ordered-pool.ts) runs on the main thread and in its workers alike: every input goes through
// `smbiosJsonLine`, so which thread decoded an input never shows. Measured on 2 CPUs, a worker
// pays off only when warm (see defaultPoolThreads).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { FormatError, hasErrors, isFormatError, resolveLimits } from '@hvmpack/bytes';
import { SmbiosJsonBlocks, SmbiosScratch, smbiosJsonBytes, smbiosJsonText } from '@hvmpack/smbios/indexed';
import { runOrdered, type OrderedPoolOptions, type PoolChunk, type PoolJob, type PoolStats, type PoolTestHooks } from './ordered-pool.js';
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
export interface SmbiosJsonBatchOptions extends OrderedPoolOptions {
  /** Only these structure types in each document (`-t`). */
  types?: ReadonlySet<number>;
  /** Reject entry points with bad checksums (default true). */
  verifyChecksums?: boolean;
  /** Lines as UTF-8 bytes (see {@link SmbiosJsonLineOptions.bytes}). */
  bytes?: boolean;
  /**
   * File access for the main thread. Workers always read the real file system, so a custom one
   * (tests, an in-memory CLI io) means no workers.
   */
  io?: SmbiosFileAccess;
}

/** What {@link smbiosJsonBatch} did, for tests and benchmarks. */
export type SmbiosJsonBatchStats = PoolStats;

/** The options every chunk of an SMBIOS batch is decoded with: plain data, sent to workers. */
export interface SmbiosJsonJobOptions {
  types: number[] | undefined;
  verifyChecksums: boolean | undefined;
  bytes: boolean;
}

/**
 * `smbios decode --json` for one input, as a job of the ordered pool: a chunk reuses one scratch
 * and, for bytes, writes its lines into one set of shared blocks, which cross to the main thread
 * as one transfer.
 */
export const smbiosJsonJob: PoolJob<SmbiosJsonLineResult, SmbiosJsonJobOptions> = {
  start: (options) => smbiosJsonChunk(options, syncNodeFileAccess),
};

function smbiosJsonChunk(o: SmbiosJsonJobOptions, io: SmbiosFileAccess): PoolChunk<SmbiosJsonLineResult> {
  const blocks = o.bytes ? new SmbiosJsonBlocks() : undefined;
  const options: SmbiosJsonLineOptions = {
    ...(o.types !== undefined && { types: new Set(o.types) }),
    ...(o.verifyChecksums !== undefined && { verifyChecksums: o.verifyChecksums }),
    bytes: o.bytes,
    ...(blocks !== undefined && { blocks }),
    scratch: new SmbiosScratch(),
  };
  return { run: (input) => smbiosJsonLine(input, options, io), transfer: () => blocks?.buffers ?? [] };
}

// Workers import the job from the build, also when this module runs from the TypeScript sources.
const JOB_MODULE = new URL('../dist/smbios-batch.js', import.meta.url);

/**
 * Decodes `inputs` with {@link smbiosJsonLine} on the main thread and worker threads, calling
 * `onResult` once per input in input order; resolves when all are done, with every worker it used
 * idle (unref'd) or ended.
 */
export function smbiosJsonBatch(inputs: readonly string[], options: SmbiosJsonBatchOptions, onResult: (r: SmbiosJsonLineResult) => void): Promise<SmbiosJsonBatchStats> {
  return smbiosJsonBatchWithHooks(inputs, options, onResult, {});
}

/** {@link smbiosJsonBatch} with the pool's test hooks (for tests only; not exported by the package). */
export function smbiosJsonBatchWithHooks(
  inputs: readonly string[],
  options: SmbiosJsonBatchOptions,
  onResult: (r: SmbiosJsonLineResult) => void,
  hooks: PoolTestHooks,
): Promise<SmbiosJsonBatchStats> {
  const jobOptions: SmbiosJsonJobOptions = { types: options.types ? [...options.types] : undefined, verifyChecksums: options.verifyChecksums, bytes: options.bytes === true };
  const io = options.io;
  const realFiles = io === undefined || io === nodeFileAccess || io === syncNodeFileAccess;
  return runOrdered(
    inputs,
    {
      job: smbiosJsonJob,
      module: JOB_MODULE,
      name: 'smbiosJsonJob',
      options: jobOptions,
      ...(!realFiles && { startOnMain: () => smbiosJsonChunk(jobOptions, io) }),
    },
    {
      ...(options.threads !== undefined && { threads: options.threads }),
      ...(options.chunkSize !== undefined && { chunkSize: options.chunkSize }),
      ...(options.minInputsForWorkers !== undefined && { minInputsForWorkers: options.minInputsForWorkers }),
      useWorkers: realFiles,
    },
    onResult,
    hooks,
  );
}
