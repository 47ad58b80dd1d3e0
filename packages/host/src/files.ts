import { AsyncLocalStorage } from 'node:async_hooks';
import { constants, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { concatBytes, ErrorCode, FormatError, isFormatError, resolveLimits, type Limits } from '@hvmpack/bytes';

/**
 * A problem with a file itself (missing, unreadable, a folder where a file was expected, an
 * output that would overwrite an input), as opposed to a problem with its bytes.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  /**
   * Stable code: `NOT_FOUND`, `UNREADABLE`, `IS_DIRECTORY`, `TOO_LARGE`, `OUTPUT_IS_INPUT`,
   * `OUTPUT_REFUSED` (a socket, block device or folder where a file is written), `WRITE_FAILED`.
   */
  readonly code: string;
  /** The file the problem is about. */
  readonly file: string;
  constructor(code: string, file: string, message: string) {
    super(message);
    this.code = code;
    this.file = file;
  }
}

/** True when `e` is an {@link InputError}. */
export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

function describeErrno(e: unknown): { code: string; text: string } {
  const code = (e as { code?: string }).code ?? 'UNKNOWN';
  const text: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'a path component is not a directory',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
    EEXIST: 'already exists',
    ENOTEMPTY: 'folder is not empty',
  };
  return { code, text: text[code] ?? (e instanceof Error ? e.message : String(e)) };
}

/** The file name that means standard input wherever a file is read (`cat F | hvmpack smbios get - system-uuid`). */
export const STDIN_NAME = '-';

/**
 * What one command run read: files and input folders by device and inode, so that its outputs
 * can refuse them whatever name they are reached by (another path, a hard link, a symlink).
 */
interface InputLog {
  files: Map<string, string>;
  folders: Map<string, string>;
  readStdin: () => Promise<Uint8Array>;
  stdin?: Promise<Uint8Array>;
}

const inputLog = new AsyncLocalStorage<InputLog>();

const fileKey = (st: Stats): string => `${st.dev}:${st.ino}`;

const readProcessStdin = (): Promise<Uint8Array> => readInputStream(process.stdin, STDIN_NAME);

/**
 * Runs `fn` (one command) with a log of what it reads: {@link readInputFile} records every file,
 * {@link noteInputFolder} every folder read as an input, and {@link writeFileAtomic} and
 * {@link writeFolderAtomic} refuse to write over any of them. Standard input (`-`) is read once
 * per run, with `readStdin` (default: the process's).
 */
export function runWithInputLog<T>(fn: () => Promise<T>, options: { readStdin?: () => Promise<Uint8Array> } = {}): Promise<T> {
  return inputLog.run({ files: new Map(), folders: new Map(), readStdin: options.readStdin ?? readProcessStdin }, fn);
}

/** Records `dir` as a folder this run reads as an input: outputs may not be written inside it. */
export async function noteInputFolder(dir: string): Promise<void> {
  const log = inputLog.getStore();
  if (!log) return;
  const st = await fs.stat(dir).catch(() => undefined);
  if (st) log.folders.set(fileKey(st), dir);
}

function readStdinOnce(limits?: Partial<Limits>): Promise<Uint8Array> {
  const log = inputLog.getStore();
  if (!log) return readInputStream(process.stdin, STDIN_NAME, limits);
  log.stdin ??= log.readStdin();
  return log.stdin;
}

/**
 * Reads a whole file, refusing folders and files over `limits.maxInputBytes`; `-` is standard
 * input. Inside {@link runWithInputLog} the file is recorded so no output lands on it.
 */
export async function readInputFile(file: string, limits?: Partial<Limits>): Promise<Uint8Array> {
  if (file === STDIN_NAME) return readStdinOnce(limits);
  const max = resolveLimits(limits).maxInputBytes;
  let st;
  try {
    st = await fs.stat(file);
  } catch (e) {
    const d = describeErrno(e);
    throw new InputError(d.code === 'ENOENT' ? 'NOT_FOUND' : 'UNREADABLE', file, d.text);
  }
  if (st.isDirectory()) throw new InputError('IS_DIRECTORY', file, 'is a directory, expected a file');
  inputLog.getStore()?.files.set(fileKey(st), file);
  // sysfs files report size 0 (or 4096) whatever they hold, so only a regular size is trusted.
  if (st.size > max) throw new InputError('TOO_LARGE', file, `file is ${st.size} bytes, over the ${max}-byte input limit`);
  // Regular files are read whole; anything else (sysfs, pipes, devices such as /dev/zero) is read
  // in chunks and stopped one byte past the limit, so an endless source cannot hang or exhaust us.
  if (st.isFile() && st.size > 0) {
    try {
      const buf = await fs.readFile(file);
      if (buf.length > max) throw new InputError('TOO_LARGE', file, `file is over the ${max}-byte input limit`);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError('UNREADABLE', file, describeErrno(e).text);
    }
  }
  return readBounded(file, max);
}

async function readBounded(file: string, max: number): Promise<Uint8Array> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(Math.min(1 << 20, max + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      checkBounded(file, total, max);
    }
    return concatBytes(chunks);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError('UNREADABLE', file, describeErrno(e).text);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function checkBounded(name: string, total: number, max: number): void {
  if (total > max) throw new InputError('TOO_LARGE', name, `input is over the ${max}-byte input limit`);
}

/**
 * A whole stream (standard input, say), stopped one byte past `limits.maxInputBytes` as files are:
 * an endless stream cannot exhaust memory. `name` names it in errors. Read from the stream rather
 * than by opening /dev/stdin, which fails when standard input is a socket.
 */
export async function readInputStream(stream: AsyncIterable<Uint8Array> & { destroy(): void }, name: string, limits?: Partial<Limits>): Promise<Uint8Array> {
  const max = resolveLimits(limits).maxInputBytes;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    total += chunk.length;
    try {
      checkBounded(name, total, max);
    } catch (e) {
      stream.destroy();
      throw e;
    }
  }
  return concatBytes(chunks);
}

/** Attaches the file name to a FormatError thrown while decoding that file's bytes. */
export function inFile<T>(file: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (isFormatError(e)) throw e.withContext({ file });
    throw e;
  }
}

/** Options for {@link writeFileAtomic}. */
export interface WriteAtomicOptions {
  /** Files to refuse besides those the run read (compared by device and inode). */
  inputs?: readonly string[];
  /** File mode for a new file. Default 0o644. */
  mode?: number;
}

async function statOrUndefined(p: string, follow: boolean): Promise<Stats | undefined> {
  try {
    return await (follow ? fs.stat(p) : fs.lstat(p));
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw new InputError('WRITE_FAILED', p, describeErrno(e).text);
  }
}

/** Refuses `target` (its stat, or undefined when it does not exist yet) when the run read it or reads the folder it would land in. */
async function refuseInputs(file: string, target: Stats | undefined, extra: readonly string[]): Promise<void> {
  const log = inputLog.getStore();
  const files = new Map(log?.files);
  for (const x of extra) {
    const st = await fs.stat(x).catch(() => undefined);
    if (st) files.set(fileKey(st), x);
  }
  if (target) {
    const input = files.get(fileKey(target));
    if (input !== undefined) throw new InputError('OUTPUT_IS_INPUT', file, `refusing to overwrite the input ${input}`);
  }
  // A file added to an input folder changes that input for the next reader (a new SSDT in a
  // tables folder), so input folders are refused as a whole.
  const parent = await fs.stat(path.dirname(path.resolve(file))).catch(() => undefined);
  const folder = parent && log?.folders.get(fileKey(parent));
  if (folder !== undefined) throw new InputError('OUTPUT_IS_INPUT', file, `refusing to write inside the input folder ${folder}`);
}

/** Paths that name one of this process's open descriptors (`/dev/stdout`, `/dev/fd/3`). */
const DESCRIPTOR_PATH = /^\/(dev\/(stdout|stderr|fd\/\d+)|proc\/(self|thread-self|\d+)\/fd\/\d+)$/;

/**
 * Writes `data` to `file`, never over a file the run read (see {@link runWithInputLog}) nor one of
 * `options.inputs`. What is at the path decides how:
 * - nothing, or a regular file: a temporary file in the same folder is written, fsynced, then
 *   renamed over the target, and the folder is fsynced, so readers see the old content or the
 *   whole new content;
 * - a symbolic link to a regular file: that file is replaced so (the link stays a link);
 * - a character device or a FIFO (`/dev/null`, `mkfifo`), or a descriptor path (`/dev/stdout`):
 *   written through, as a shell redirection writes them; the node itself is never replaced;
 * - a folder, a socket, a block device, or a dangling link: refused (`OUTPUT_REFUSED`).
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string, options: WriteAtomicOptions = {}): Promise<void> {
  const link = await statOrUndefined(file, false);
  const target = link?.isSymbolicLink() ? await statOrUndefined(file, true) : link;
  await refuseInputs(file, target, options.inputs ?? []);
  if (target && DESCRIPTOR_PATH.test(path.resolve(file))) {
    await writeThrough(file, data);
    return;
  }
  if (link?.isSymbolicLink() && !target) throw new InputError('OUTPUT_REFUSED', file, 'is a symbolic link to a missing file; refusing to guess where to write');
  if (target?.isDirectory()) throw new InputError('OUTPUT_REFUSED', file, 'is a folder; name a file to write');
  if (target?.isSocket()) throw new InputError('OUTPUT_REFUSED', file, 'is a socket; hvmpack writes files, FIFOs and character devices');
  if (target?.isBlockDevice()) throw new InputError('OUTPUT_REFUSED', file, 'is a block device; refusing to write a disk');
  if (target && (target.isCharacterDevice() || target.isFIFO())) {
    await writeThrough(file, data);
    return;
  }
  // A link is followed to the file it names, so the file is replaced and the link kept.
  const real = link?.isSymbolicLink() ? await fs.realpath(file) : file;
  await replaceFile(real, file, data, options.mode ?? 0o644);
}

/** Writes into what is already at `file`, opened as a shell's `>>` opens it (no create, no truncation, no rename). */
async function writeThrough(file: string, data: Uint8Array | string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, constants.O_WRONLY | constants.O_APPEND);
    await handle.writeFile(data);
  } catch (e) {
    throw new InputError('WRITE_FAILED', file, describeErrno(e).text);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * A temporary name beside an output. Opened with O_EXCL, so it only has to be unlikely to be
 * taken, not secret: Math.random rather than crypto, which would load Node's crypto module (about
 * 5 ms) in every run that writes a file.
 */
function tempName(dir: string, base: string): string {
  const random = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return path.join(dir, `.${base}.${process.pid}.${random}.tmp`);
}

async function replaceFile(real: string, shown: string, data: Uint8Array | string, mode: number): Promise<void> {
  const dir = path.dirname(path.resolve(real));
  const tmp = tempName(dir, path.basename(real));
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, real);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new InputError('WRITE_FAILED', shown, describeErrno(e).text);
  }
  await syncFolder(dir);
}

// Makes a rename durable; some filesystems refuse to fsync a folder, which is harmless.
async function syncFolder(dir: string): Promise<void> {
  try {
    const d = await fs.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    /* not all platforms allow fsync on a directory */
  }
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's recursive mkdir retries for
 * ever where mkdir fails with ENOENT under a folder that exists (`/proc/nope`); here every
 * failure is one InputError naming the folder.
 */
export async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const st = await fs.stat(d).catch((e: unknown) => {
      if ((e as { code?: string }).code === 'ENOENT') return undefined;
      throw new InputError('WRITE_FAILED', dir, describeErrno(e).text);
    });
    if (st) {
      if (!st.isDirectory()) throw new InputError('OUTPUT_REFUSED', dir, `${d === path.resolve(dir) ? 'exists and is' : `${d} is`} not a folder`);
      break;
    }
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      await fs.mkdir(d);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EEXIST' && (await fs.stat(d).catch(() => undefined))?.isDirectory()) continue;
      throw new InputError('WRITE_FAILED', dir, code === 'ENOENT' ? `cannot create folder ${d} here` : describeErrno(e).text);
    }
  }
}

/** One file of a folder {@link writeFolderAtomic} writes: a plain name, its content, its mode (default 0644). */
export interface FolderFile {
  name: string;
  data: Uint8Array | string;
  mode?: number;
}

/**
 * Writes a new folder of files so that it appears whole or not at all: the files go into a
 * temporary folder beside `dir`, each fsynced, and the folder is renamed to `dir`. `dir` may not
 * exist yet or be an empty folder (rename replaces an empty folder); anything else is refused, as
 * are folders the run read. Missing parents are created ({@link makeFolder}).
 */
export async function writeFolderAtomic(dir: string, files: readonly FolderFile[]): Promise<void> {
  for (const f of files) {
    // Names are plain file names: no path, no dot file that could hide beside the folder's own.
    if (f.name === '' || f.name !== path.basename(f.name) || f.name.startsWith('.')) throw new InputError('WRITE_FAILED', dir, `not a plain file name: ${JSON.stringify(f.name)}`);
  }
  const existing = await statOrUndefined(dir, false);
  if (existing) {
    if (!existing.isDirectory()) throw new InputError('OUTPUT_REFUSED', dir, existing.isSymbolicLink() ? 'is a symbolic link; name a new folder' : 'exists and is not a folder');
    if ((await fs.readdir(dir).catch(() => [''])).length > 0) throw new InputError('OUTPUT_REFUSED', dir, 'folder exists and is not empty; name a new or empty folder');
    const log = inputLog.getStore();
    if (log?.folders.has(fileKey(existing))) throw new InputError('OUTPUT_IS_INPUT', dir, 'refusing to write over an input folder');
  }
  const parent = path.dirname(path.resolve(dir));
  await makeFolder(parent);
  await refuseInputs(dir, undefined, []);
  const tmp = tempName(parent, path.basename(path.resolve(dir)));
  try {
    await fs.mkdir(tmp, { mode: 0o755 });
    // A few writes at once overlap their fsyncs.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const f = files[next++]!;
        const h = await fs.open(path.join(tmp, f.name), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, f.mode ?? 0o644);
        try {
          await h.writeFile(f.data);
          await h.sync();
        } finally {
          await h.close();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, files.length) }, worker));
    await syncFolder(tmp);
    await fs.rename(tmp, dir);
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    // mkdir gives ENOENT in a folder that exists but holds no folders of ours (/proc).
    throw new InputError('WRITE_FAILED', dir, (e as { code?: string }).code === 'ENOENT' ? `cannot create a folder in ${parent}` : describeErrno(e).text);
  }
  await syncFolder(parent);
}

/** Re-exported so callers can build byte-level errors without importing bytes separately. */
export { ErrorCode, FormatError };

/** True when `p` is a folder; false when it is anything else or cannot be examined. */
export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}
