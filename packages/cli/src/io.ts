import { promises as fs } from 'node:fs';
import { UsageError } from './errors.js';
import { isDirectory, makeFolder, readInputFile, readInputStream, writeFileAtomic, writeFolderAtomic, type FolderFile, type WriteAtomicOptions } from '@hvmpack/host/files';

/**
 * Everything a command may do to the outside world. Commands get it as a parameter so tests run
 * them in-process with captured output and a controlled file system.
 */
export interface CliIO {
  /** Writes to standard output (the caller adds newlines). */
  stdout(text: string): void;
  /** Resolves once standard output has taken what was written (a pipe whose reader is slow fills up); absent where writes never wait. */
  drain?(): Promise<void>;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads a whole input file, `-` for standard input (errors are `InputError`s naming the file). */
  readFile(file: string): Promise<Uint8Array>;
  /** Writes an output file (see `writeFileAtomic`), never over a file the run read; `-` is standard output. */
  writeFile(file: string, data: Uint8Array | string, options?: WriteAtomicOptions): Promise<void>;
  /** Writes a new folder of files whole or not at all (see `writeFolderAtomic`). */
  writeFolder(dir: string, files: readonly FolderFile[]): Promise<void>;
  /** True when `p` is a folder. */
  isDirectory(p: string): Promise<boolean>;
  /** Names in a folder, sorted. */
  readDir(p: string): Promise<string[]>;
  /** Creates a folder and its parents (one level at a time: see `makeFolder`). */
  mkdir(p: string): Promise<void>;
  /** Reads all of standard input (bounded like an input file); absent where there is none. */
  readStdin?(): Promise<Uint8Array>;
  /** True when standard output is a terminal (JSON is then indented for people). */
  stdoutIsTTY?: boolean;
  /** Columns of the terminal on standard output, when it is one: help text wraps to it (at most {@link HELP_WIDTH}). */
  stdoutColumns?: number | undefined;
  /** True when standard error is a terminal (a long run then draws a progress bar there). */
  stderrIsTTY?: boolean;
  /**
   * `'node'` when the readers above are the process's real file system, so a worker thread that
   * opens the same paths itself sees the same files (`smbios decode --json` over many inputs then
   * spreads them over threads). Not enumerable: see {@link withIO}.
   */
  readonly fileSystem?: 'node';
  /** Writes raw bytes to the same standard output as `stdout` (lines made as UTF-8 skip a string). Not enumerable: see {@link withIO}. */
  readonly stdoutBytes?: (bytes: Uint8Array) => void;
}

/** The members that read files: replacing any of them means paths may no longer name what a worker thread would open. */
const READERS = ['readFile', 'isDirectory', 'readDir'] as const;

/**
 * `base` with `overrides`, keeping each capability only while the members it vouches for are
 * `base`'s own: `fileSystem` survives unless a reader is replaced, `stdoutBytes` unless `stdout`
 * is. The capabilities are not enumerable, so a plain `{ ...nodeIO(), readFile }` drops them
 * both (the safe side: everything in-thread, text to stdout); this is how to keep them.
 */
export function withIO(base: CliIO, overrides: Partial<CliIO>): CliIO {
  const io: CliIO = { ...base, ...overrides };
  // A capability named in `overrides` is declared anew by the caller, who then answers for it.
  const fileSystem = 'fileSystem' in overrides ? overrides.fileSystem : READERS.some((k) => k in overrides) ? undefined : base.fileSystem;
  const stdoutBytes = 'stdoutBytes' in overrides ? overrides.stdoutBytes : 'stdout' in overrides ? undefined : base.stdoutBytes;
  return withCapabilities(io, fileSystem, stdoutBytes);
}

function withCapabilities(io: CliIO, fileSystem: CliIO['fileSystem'], stdoutBytes: CliIO['stdoutBytes']): CliIO {
  // Defined (or removed, when `overrides` spread one in) as not enumerable, so a later spread drops them.
  Object.defineProperty(io, 'fileSystem', { value: fileSystem, enumerable: false, configurable: true });
  Object.defineProperty(io, 'stdoutBytes', { value: stdoutBytes, enumerable: false, configurable: true });
  return io;
}

/** Reads a list file named by an option such as `--files-from`; `-` is standard input, where there is one. */
export async function readListFile(io: CliIO, list: string, option: string): Promise<Uint8Array> {
  if (list !== '-') return io.readFile(list);
  if (io.readStdin) return io.readStdin();
  throw new UsageError(`${option} -: standard input cannot be read here`);
}

/** The real Node-backed I/O. */
export function nodeIO(): CliIO {
  const io: CliIO = {
    stdout: (t) => void process.stdout.write(t),
    drain: async () => {
      if (process.stdout.writableNeedDrain) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
    },
    stderr: (t) => void process.stderr.write(t),
    readFile: (f) => readInputFile(f),
    writeFile: (f, d, o) => writeFileAtomic(f, d, o),
    writeFolder: (dir, files) => writeFolderAtomic(dir, files),
    isDirectory,
    readDir: async (p) => (await fs.readdir(p)).sort(),
    mkdir: makeFolder,
    readStdin: () => readInputStream(process.stdin, '<stdin>'),
    stdoutIsTTY: process.stdout.isTTY === true,
    ...(process.stdout.columns !== undefined && { stdoutColumns: process.stdout.columns }),
    stderrIsTTY: process.stderr.isTTY === true,
  };
  return withCapabilities(io, 'node', (b) => void process.stdout.write(b));
}
