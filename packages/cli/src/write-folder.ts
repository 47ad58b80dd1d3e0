import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '@hvmpack/host/files';

/**
 * Writes `files` (name → content) as the folder `dir`, all or nothing: they go into a fresh
 * sibling folder, each fsynced, which is then renamed to `dir`. `dir` may be absent or an empty
 * folder (rename replaces it); anything else is refused, so no file, input or not, is overwritten.
 */
export async function writeFolderAtomic(dir: string, files: ReadonlyMap<string, Uint8Array | string>): Promise<void> {
  const target = path.resolve(dir);
  const st = await fs.stat(target).catch(() => undefined);
  if (st && !st.isDirectory()) throw new InputError('OUTPUT_EXISTS', dir, 'exists and is not a folder; refusing to replace it');
  if (st && (await fs.readdir(target)).length > 0) throw new InputError('OUTPUT_EXISTS', dir, 'folder exists and is not empty; refusing to write into it');
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.mkdir(tmp);
    for (const [name, data] of files) {
      if (name !== path.basename(name) || name.startsWith('.')) throw new Error(`bad output name ${name}`);
      const h = await fs.open(path.join(tmp, name), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, name.endsWith('.sh') ? 0o755 : 0o644);
      try {
        await h.writeFile(data);
        await h.sync();
      } finally {
        await h.close();
      }
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    if (e instanceof InputError) throw e;
    const code = (e as { code?: string }).code;
    throw new InputError(code === 'ENOTEMPTY' || code === 'EEXIST' ? 'OUTPUT_EXISTS' : 'WRITE_FAILED', dir, e instanceof Error ? e.message : String(e));
  }
}
