// `smbios decode --json` over many inputs: the worker-thread batch prints exactly what one thread
// prints (and what the in-thread loop over ctx.io prints), in input order, with the same exit code.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeIO, runCli, withIO, type CliIO } from '@hvmpack/cli';
import { decodeSmbios, encodeDumpBin } from '@hvmpack/smbios';
import { runHvmpack, type CliRun } from './support/cli.js';
import { corpusFiles, repoRoot, skipReason } from './support/env.js';
import { tempDir } from './support/tools.js';

const skip = skipReason({ corpus: 'smbios' });
const work = tempDir('smbios-batch-cli');

/** Every corpus input that decodes alone, as --dump-bin bytes. */
function corpusDumps(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of corpusFiles('smbios')) {
    try {
      out.push(encodeDumpBin(decodeSmbios(new Uint8Array(readFileSync(f)))));
    } catch {
      /* entry-point halves and other inputs that need a partner */
    }
  }
  return out;
}

/** ~200 dumps (the corpus cycled) with bad inputs among them, at the start, middle and end. */
function batchInputs(dir: string, count: number): string[] {
  const dumps = corpusDumps();
  mkdirSync(dir, { recursive: true });
  const inputs: string[] = [];
  for (let i = 0; i < count; i++) {
    const f = path.join(dir, `${String(i).padStart(4, '0')}.bin`);
    writeFileSync(f, dumps[i % dumps.length]!);
    inputs.push(f);
  }
  const empty = path.join(dir, 'empty.bin');
  writeFileSync(empty, new Uint8Array(0));
  // Fixed pseudo-random bytes (an LCG), so the error and its offset never change between runs.
  const noise = new Uint8Array(4096);
  for (let i = 0, x = 12345; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  const random = path.join(dir, 'random.bin');
  writeFileSync(random, noise);
  const folder = path.join(dir, 'folder');
  mkdirSync(folder);
  inputs.splice(3, 0, path.join(dir, 'missing.bin'));
  inputs.splice(80, 0, empty);
  inputs.splice(150, 0, random);
  inputs.push(folder);
  return inputs;
}

/** The same command with a CliIO that is not the real one, so everything stays on this thread, read through ctx.io. */
async function runInThreadIo(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const real = nodeIO();
  const io: CliIO = {
    ...real,
    readFile: (f) => real.readFile(f),
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe.skipIf(skip !== undefined)('smbios decode --json with many inputs', () => {
  const inputs = skip ? [] : batchInputs(path.join(work, 'set'), 200);

  it.each([
    { name: 'every type', extra: [] as string[] },
    { name: 'a type filter', extra: ['-t', '1,4'] },
    { name: 'checksums not verified', extra: ['--no-verify-checksums'] },
  ])('prints the same bytes with --threads 2, --threads 1 and ctx.io reads ($name)', async ({ extra }) => {
    const argv = ['smbios', 'decode', '--json', ...inputs, ...extra];
    const one = await runHvmpack([...argv, '--threads', '1']);
    const two = await runHvmpack([...argv, '--threads', '2']);
    const auto = await runHvmpack(argv);
    const io = await runInThreadIo(argv);
    expect(one.code).toBe(2);
    const lines = one.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => (JSON.parse(l) as { input: string }).input)).toEqual(inputs);
    expect(one.stderr.split('\n').length - 1).toBe(4);
    for (const other of [two, auto, io]) {
      expect(other.code).toBe(one.code);
      expect(other.stderr).toBe(one.stderr);
      expect(other.stdout === one.stdout).toBe(true);
    }
  });

  it('puts each error line on stderr right before the stdout line of its input (one merged stream)', async () => {
    let merged = '';
    const io = withIO(nodeIO(), { stdout: (t) => void (merged += t), stderr: (t) => void (merged += t) });
    expect(await runCli(['smbios', 'decode', '--json', '--threads', '2', ...inputs], io)).toBe(2);
    // Today's loop wrote, per input, the stderr line (equal to the error message) then the JSON line.
    const expected = merged
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => {
        const e = (JSON.parse(l) as { error?: { message: string } }).error;
        return (e ? `hvmpack: ${e.message}\n` : '') + l + '\n';
      })
      .join('');
    expect(merged === expected).toBe(true);
    expect(merged.split('\n').filter((l) => l.startsWith('hvmpack: ')).length).toBe(4);
  });

  it('takes the worker path in-process when an injected io declares the real file system, lines as bytes', async () => {
    const argv = ['smbios', 'decode', '--json', '--threads', '2', ...inputs];
    const want = await runInThreadIo(argv);
    const chunks: Uint8Array[] = [];
    let stdout = '';
    let stderr = '';
    // readFile fails, so output equal to the in-thread run's means the batch opened the files
    // itself (the worker path), as the declared capability allows; stdoutBytes takes the lines.
    const io = withIO(nodeIO(), {
      readFile: (f) => Promise.reject(new Error(`${f} read through ctx.io`)),
      fileSystem: 'node',
      stdout: (t) => void (stdout += t),
      stdoutBytes: (b) => void chunks.push(b.slice()),
      stderr: (t) => void (stderr += t),
    });
    expect(await runCli(argv, io)).toBe(want.code);
    expect(stderr).toBe(want.stderr);
    expect(stdout).toBe('');
    expect(Buffer.concat(chunks).toString('utf8') === want.stdout).toBe(true);
  });

  it('writes the same bytes to a real stdout (lines as UTF-8 bytes) as to a captured one', async () => {
    const argv = ['smbios', 'decode', '--json', '--threads', '2', ...inputs];
    const inProcess = await runHvmpack(argv);
    const child = spawnSync(process.execPath, [path.join(repoRoot, 'packages/cli/bin/hvmpack.js'), ...argv], { maxBuffer: 256 << 20, timeout: 60_000 });
    expect(child.status).toBe(inProcess.code);
    expect(child.stderr.toString('utf8')).toBe(inProcess.stderr);
    expect(child.stdout.equals(Buffer.from(inProcess.stdout, 'utf8'))).toBe(true);
  });

  it('keeps the exit code of a batch without bad inputs', async () => {
    const good = inputs.filter((f) => /\d{4}\.bin$/.test(f));
    const one = await runHvmpack(['smbios', 'decode', '--json', '--threads', '1', ...good]);
    const two = await runHvmpack(['smbios', 'decode', '--json', '--threads', '2', ...good]);
    expect([0, 1]).toContain(one.code);
    expect(two.code).toBe(one.code);
    expect(two.stdout === one.stdout).toBe(true);
    expect(two.stderr).toBe('');
  });

  it.each(['-1', '1.5', 'many'])('refuses --threads %s', async (n) => {
    const r = await runHvmpack(['smbios', 'decode', '--json', '--threads', n, ...inputs.slice(0, 2)]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ input: null, error: { code: 'USAGE', message: expect.stringMatching(/^invalid --threads/) } });
    expect(r.stderr).toMatch(/--threads/);
    expect(r.stderr).not.toMatch(/NaN/);
  });
});
