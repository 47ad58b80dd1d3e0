import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { concatBytes, ErrorCode, FormatError, isFormatError, resolveLimits, type Limits } from '@hvmpack/bytes';

/**
 * A problem with a file itself (missing, unreadable, a folder where a file was expected, an
 * output that would overwrite an input), as opposed to a problem with its bytes.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** Stable code: `NOT_FOUND`, `UNREADABLE`, `IS_DIRECTORY`, `TOO_LARGE`, `OUTPUT_IS_INPUT`, `WRITE_FAILED`. */
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
  };
  return { code, text: text[code] ?? (e instanceof Error ? e.message : String(e)) };
}

/** Reads a whole file, refusing folders and files over `limits.maxInputBytes`. */
export async function readInputFile(file: string, limits?: Partial<Limits>): Promise<Uint8Array> {
  const max = resolveLimits(limits).maxInputBytes;
  let st;
  try {
    st = await fs.stat(file);
  } catch (e) {
    const d = describeErrno(e);
    throw new InputError(d.code === 'ENOENT' ? 'NOT_FOUND' : 'UNREADABLE', file, d.text);
  }
  if (st.isDirectory()) throw new InputError('IS_DIRECTORY', file, 'is a directory, expected a file');
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
  /** Files this run read: the output may not be any of them (compared by device and inode). */
  inputs?: readonly string[];
  /** File mode for a new file. Default 0o644. */
  mode?: number;
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [sa, sb] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}

/**
 * Writes `data` to `file` so that readers see either the old content or the whole new content:
 * a temporary file in the same folder is written, fsynced, then renamed over the target, and the
 * folder is fsynced. Refuses to write over any of `options.inputs`.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string, options: WriteAtomicOptions = {}): Promise<void> {
  for (const input of options.inputs ?? []) {
    if (await sameFile(file, input)) {
      throw new InputError('OUTPUT_IS_INPUT', file, `refusing to overwrite the input ${input}`);
    }
  }
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, options.mode ?? 0o644);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, file);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new InputError('WRITE_FAILED', file, describeErrno(e).text);
  }
  // Make the rename itself durable; some filesystems refuse to fsync a folder, which is harmless.
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
