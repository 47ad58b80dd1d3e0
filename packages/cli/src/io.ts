import { promises as fs } from 'node:fs';
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
}

// nodeIO's reading functions, shared by every instance so readsRealFileSystem can recognise them.
const readRealFile = (f: string): Promise<Uint8Array> => readInputFile(f);
const readRealDir = async (p: string): Promise<string[]> => (await fs.readdir(p)).sort();

/**
 * True when `io` reads with {@link nodeIO}'s own functions, so a worker thread that opens the same
 * paths itself sees the same files (a test io that replaces them keeps its work in-thread).
 */
export function readsRealFileSystem(io: CliIO): boolean {
  return io.readFile === readRealFile && io.isDirectory === isDirectory && io.readDir === readRealDir;
}

// nodeIO's stdout, shared by every instance so stdoutBytesWriter can recognise it.
const writeRealStdout = (t: string): void => void process.stdout.write(t);

/**
 * A writer of raw bytes to the same standard output when `io.stdout` is {@link nodeIO}'s own (a
 * test io that captures text gets undefined): lines made as UTF-8 bytes skip a round trip
 * through a string.
 */
export function stdoutBytesWriter(io: CliIO): ((bytes: Uint8Array) => void) | undefined {
  return io.stdout === writeRealStdout ? (b) => void process.stdout.write(b) : undefined;
}

/** The real Node-backed I/O. */
export function nodeIO(): CliIO {
  return {
    stdout: writeRealStdout,
    drain: async () => {
      if (process.stdout.writableNeedDrain) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
    },
    stderr: (t) => void process.stderr.write(t),
    readFile: readRealFile,
    writeFile: (f, d, o) => writeFileAtomic(f, d, o),
    writeFolder: (dir, files) => writeFolderAtomic(dir, files),
    isDirectory,
    readDir: readRealDir,
    mkdir: makeFolder,
    readStdin: () => readInputStream(process.stdin, '<stdin>'),
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}
