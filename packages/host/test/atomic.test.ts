import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError, readInputFile, writeFileAtomic } from '@hvmpack/host';
import { repoRoot } from '../../../test/support/env.js';
import { tempDir } from '../../../test/support/tools.js';

const hostDist = path.join(repoRoot, 'packages/host/dist/index.js');
// Each test gets its own folder inside this one, removed after the file.
const work = tempDir('host');

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temporary file', async () => {
    const dir = mkdtempSync(path.join(work, 'atomic-'));
    const f = path.join(dir, 'out.bin');
    writeFileSync(f, 'old');
    await writeFileAtomic(f, Uint8Array.of(1, 2, 3));
    expect([...readFileSync(f)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['out.bin']);
  });

  it('refuses to write over an input, even through another name', async () => {
    const dir = mkdtempSync(path.join(work, 'atomic-'));
    const f = path.join(dir, 'in.bin');
    writeFileSync(f, 'input');
    const err = await writeFileAtomic(path.join(dir, '.', 'in.bin'), 'x', { inputs: [f] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('OUTPUT_IS_INPUT');
    expect(readFileSync(f, 'utf8')).toBe('input');
  });

  it('leaves the old file intact when the writer is killed mid-way', async () => {
    expect(existsSync(hostDist), 'run `tsc -b` first (the test command does)').toBe(true);
    const dir = mkdtempSync(path.join(work, 'atomic-'));
    const f = path.join(dir, 'target.bin');
    writeFileSync(f, 'the old content');
    // The child writes 256 MiB atomically; we kill it as soon as its temporary file appears.
    const script = `import { writeFileAtomic } from ${JSON.stringify(pathToFileURL(hostDist).href)};
      await writeFileAtomic(${JSON.stringify(f)}, new Uint8Array(256 * 1024 * 1024).fill(0x41));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !readdirSync(dir).some((n) => n.endsWith('.tmp'))) {
      await new Promise((r) => setTimeout(r, 1));
    }
    child.kill('SIGKILL');
    const { signal } = await exited;
    expect(signal).toBe('SIGKILL');
    expect(readFileSync(f, 'utf8')).toBe('the old content');
  });
});

describe('readInputFile', () => {
  it.each([
    ['a missing file', (d: string) => path.join(d, 'nope'), 'NOT_FOUND'],
    ['a folder', (d: string) => d, 'IS_DIRECTORY'],
  ])('reports %s as an InputError naming the file', async (_n, pick, code) => {
    const dir = mkdtempSync(path.join(work, 'read-'));
    const err = await readInputFile(pick(dir)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe(code);
    expect((err as InputError).file).toBe(pick(dir));
  });

  it('refuses a file over the input limit', async () => {
    const dir = mkdtempSync(path.join(work, 'read-'));
    const f = path.join(dir, 'big');
    writeFileSync(f, new Uint8Array(100));
    const err = await readInputFile(f, { maxInputBytes: 99 }).catch((e: unknown) => e);
    expect((err as InputError).code).toBe('TOO_LARGE');
  });
});

describe('readInputFile on endless or size-less sources', () => {
  it.skipIf(!existsSync('/dev/zero'))('stops /dev/zero at the input limit instead of hanging', async () => {
    const err = await readInputFile('/dev/zero', { maxInputBytes: 3 * 1024 * 1024 + 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('TOO_LARGE');
  });

  it.skipIf(!existsSync('/proc/self/status'))('reads a file whose stat size is 0 (procfs/sysfs style) completely', async () => {
    const bytes = await readInputFile('/proc/self/status');
    expect(bytes.length).toBeGreaterThan(0);
    expect(new TextDecoder().decode(bytes)).toMatch(/^Name:/);
  });
});
