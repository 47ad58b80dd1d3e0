import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FormatError } from '@hvmpack/bytes';
import { isInputError, nodeFileAccess, rebuildSmbiosLineError, smbiosJsonLine, type SmbiosJsonBatchOptions, type SmbiosFileAccess, type SmbiosJsonLineResult } from '@hvmpack/host';
import { buildTable } from '@hvmpack/smbios';
import type { PoolTestHooks } from '../src/ordered-pool.js';
import { smbiosJsonBatchWithHooks } from '../src/smbios-batch.js';
import { repoRoot } from '../../../test/support/env.js';
import { tempDir } from '../../../test/support/tools.js';

const work = tempDir('smbios-batch');

// Distinct small dumps (a type 1 whose product string carries the index) and a few bad inputs
// spread over the list, so both good and bad results come from every thread.
function writeInputs(dir: string, count: number): string[] {
  mkdirSync(dir, { recursive: true });
  const inputs: string[] = [];
  for (let i = 0; i < count; i++) {
    const f = path.join(dir, `${i}.bin`);
    inputs.push(f);
    if (i % 37 === 5) {
      writeFileSync(f, new Uint8Array(0)); // empty file
    } else if (i % 37 === 17) {
      // missing file: named but never written
    } else if (i % 37 === 29) {
      mkdirSync(f); // a folder without an entry point + table pair
    } else {
      // type 1, 27 bytes: manufacturer (string 1), product (string 2), then zeros
      const data = new Uint8Array(23);
      data[0] = 1;
      data[1] = 2;
      const { dumpBin } = buildTable([{ type: 1, data, strings: ['Example', `Board ${i}`] }], { version: { major: 2, minor: 8 } });
      writeFileSync(f, dumpBin);
    }
  }
  return inputs;
}

async function runBatch(inputs: readonly string[], options: SmbiosJsonBatchOptions & PoolTestHooks) {
  const results: SmbiosJsonLineResult[] = [];
  const { crashWorkerOnInput, workerScript, mainThreadWorks, ...batch } = options;
  const hooks: PoolTestHooks = {
    ...(crashWorkerOnInput !== undefined && { crashWorkerOnInput }),
    ...(workerScript !== undefined && { workerScript }),
    ...(mainThreadWorks !== undefined && { mainThreadWorks }),
  };
  const stats = await smbiosJsonBatchWithHooks(inputs, batch, (r) => results.push(r), hooks);
  return { results, stats };
}

describe('smbiosJsonBatch', () => {
  const inputs = writeInputs(path.join(work, 'set'), 150);

  it('gives the same results, in input order, with and without a worker', async () => {
    const one = await runBatch(inputs, { threads: 1 });
    expect(one.stats.workersStarted + one.stats.workersReused).toBe(0);
    expect(one.results.map((r) => r.input)).toEqual(inputs);
    expect(one.results.filter((r) => !r.ok).length).toBe(12);
    const two = await runBatch(inputs, { threads: 2, chunkSize: 8, mainThreadWorks: false });
    expect(two.stats).toMatchObject({ workersFailed: 0, chunksOnMain: 0, chunksOnWorkers: Math.ceil(inputs.length / 8) });
    expect(two.stats.workersStarted + two.stats.workersReused).toBe(1);
    expect(two.results).toEqual(one.results);
  });

  it('passes the type filter and checksum option to workers', async () => {
    const options = { types: new Set([127]), verifyChecksums: false };
    const one = await runBatch(inputs, { ...options, threads: 1 });
    const two = await runBatch(inputs, { ...options, threads: 2, chunkSize: 16, mainThreadWorks: false });
    expect(two.stats.chunksOnWorkers).toBeGreaterThan(0);
    expect(two.results).toEqual(one.results);
    const good = one.results.find((r) => r.ok);
    expect(good?.ok && JSON.parse(String(good.line)).structures.map((s: { type: number }) => s.type)).toEqual([127]);
  });

  it('gives lines as UTF-8 bytes, from workers too, equal to the text lines', async () => {
    const one = await runBatch(inputs, { threads: 1 });
    const two = await runBatch(inputs, { threads: 2, chunkSize: 8, mainThreadWorks: false, bytes: true });
    expect(two.stats.chunksOnWorkers).toBeGreaterThan(0);
    const utf8 = new TextDecoder();
    const asText = two.results.map((r) => (r.ok ? { ...r, line: utf8.decode(r.line as Uint8Array) } : r));
    expect(two.results.every((r) => !r.ok || r.line instanceof Uint8Array)).toBe(true);
    expect(asText).toEqual(one.results);
  });

  it('redoes the chunks of a worker that crashes', async () => {
    const one = await runBatch(inputs, { threads: 1 });
    const two = await runBatch(inputs, { threads: 2, chunkSize: 8, mainThreadWorks: false, crashWorkerOnInput: inputs[40]! });
    expect(two.stats.workersFailed).toBe(1);
    expect(two.stats.chunksOnMain).toBeGreaterThan(0);
    expect(two.results).toEqual(one.results);
  });

  // Found in review: with unhandled rejections only warned about, a failed chunk used to leave
  // its worker alive and the batch waiting for ever. The built package runs in a child Node.
  it('finishes when a worker fails a chunk in a process that only warns of unhandled rejections', () => {
    const host = path.join(repoRoot, 'packages', 'host', 'dist', 'smbios-batch.js');
    const script = [
      `const { smbiosJsonBatchWithHooks } = await import(${JSON.stringify(pathToFileURL(host).href)});`,
      `const inputs = ${JSON.stringify(inputs.slice(0, 80))};`,
      `const stats = await smbiosJsonBatchWithHooks(inputs, { threads: 2, chunkSize: 8 }, () => {}, { mainThreadWorks: false, crashWorkerOnInput: inputs[20] });`,
      `console.log(JSON.stringify(stats));`,
    ].join('\n');
    // A script file, not -e: workers inherit the parent's Node options, and -e is not one for them.
    const file = path.join(work, 'warn-only.mjs');
    writeFileSync(file, script);
    const child = spawnSync(process.execPath, ['--unhandled-rejections=warn', file], { encoding: 'utf8', timeout: 30_000 });
    expect(child.status).toBe(0);
    expect((JSON.parse(child.stdout) as { workersFailed: number }).workersFailed).toBe(1);
  });

  it.each([
    { name: 'few inputs', count: 63, options: { threads: 2 }, workers: 0 },
    { name: 'enough inputs', count: 64, options: { threads: 2 }, workers: 1 },
    { name: 'threads 0', count: 150, options: { threads: 0 }, workers: 0 },
    { name: 'threads 1', count: 150, options: { threads: 1 }, workers: 0 },
    { name: 'one chunk only', count: 100, options: { threads: 4, chunkSize: 100 }, workers: 0 },
    { name: 'as many workers as chunks after the first', count: 100, options: { threads: 8, chunkSize: 40 }, workers: 2 },
    { name: 'a lower threshold', count: 10, options: { threads: 2, chunkSize: 2, minInputsForWorkers: 10 }, workers: 1 },
  ])('uses $workers workers for $name', async ({ count, options, workers }) => {
    const r = await runBatch(inputs.slice(0, count), options);
    expect(r.stats.workersStarted + r.stats.workersReused).toBe(workers);
    expect(r.results.length).toBe(count);
  });

  it('reuses the idle workers of an earlier batch', async () => {
    const first = await runBatch(inputs, { threads: 3, chunkSize: 8 });
    const second = await runBatch(inputs, { threads: 3, chunkSize: 8, mainThreadWorks: false });
    expect(first.stats.workersStarted + first.stats.workersReused).toBe(2);
    expect(second.stats.workersReused).toBe(2);
    expect(second.stats.workersStarted).toBe(0);
    expect(second.results).toEqual(first.results);
  });

  it.each([
    { name: 'is missing', script: 'missing-worker.js', body: undefined, started: 0 },
    { name: 'throws as it loads', script: 'broken-worker.mjs', body: 'throw new Error("broken");', started: 1 },
    { name: 'exits without a word', script: 'silent-worker.mjs', body: 'process.exit(3);', started: 1 },
  ])('decodes everything on the main thread when the worker script $name', async ({ script, body, started }) => {
    const file = path.join(work, script);
    if (body !== undefined) writeFileSync(file, body);
    const one = await runBatch(inputs, { threads: 1 });
    const r = await runBatch(inputs, { threads: 2, chunkSize: 8, mainThreadWorks: false, workerScript: pathToFileURL(file) });
    expect(r.stats).toMatchObject({ workersStarted: started, workersReused: 0, workersFailed: 0, chunksOnWorkers: 0, chunksOnMain: Math.ceil(inputs.length / 8) });
    expect(r.results).toEqual(one.results);
  });

  it('reads through a custom io on this thread only', async () => {
    const one = await runBatch(inputs.slice(0, 100), { threads: 1 });
    const seen = new Set<string>();
    const io: SmbiosFileAccess = {
      ...nodeFileAccess,
      readFile: (f, limits) => {
        seen.add(f);
        return nodeFileAccess.readFile(f, limits);
      },
    };
    const custom = await runBatch(inputs.slice(0, 100), { threads: 4, io });
    expect(custom.stats.workersStarted + custom.stats.workersReused).toBe(0);
    expect(seen.size).toBe(100 - 2); // every input but the folders (29 and 66)
    expect(custom.results).toEqual(one.results);
  });

  it('rejects, and ends its workers, when onResult throws', async () => {
    let calls = 0;
    const run = smbiosJsonBatchWithHooks(
      inputs,
      { threads: 2, chunkSize: 8 },
      () => {
        if (++calls === 20) throw new Error('stdout closed');
      },
      { mainThreadWorks: false },
    );
    await expect(run).rejects.toThrow('stdout closed');
    expect(calls).toBe(20);
  });
});

describe('smbiosJsonLine errors', () => {
  const dir = path.join(work, 'errors');
  mkdirSync(dir, { recursive: true });

  it.each([
    { name: 'random bytes', bytes: Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0), kind: 'FormatError', code: 'UNKNOWN_FORMAT' },
    { name: 'an empty file', bytes: new Uint8Array(0), kind: 'FormatError' },
    { name: 'a missing file', bytes: undefined, kind: 'InputError', code: 'NOT_FOUND' },
  ])('describes $name as plain data that rebuilds to the same error', async ({ name, bytes, kind, code }) => {
    const f = path.join(dir, name.replace(/ /g, '-'));
    if (bytes) writeFileSync(f, bytes);
    const r = await smbiosJsonLine(f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe(kind);
    if (code) expect(r.error.code).toBe(code);
    // What crosses the thread boundary is a structured clone.
    const e = rebuildSmbiosLineError(structuredClone(r.error));
    expect(e.message).toBe(r.error.message);
    if (kind === 'FormatError') {
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).offset).toBe(r.error.offset);
      expect((e as FormatError).file).toBe(f);
    } else {
      expect(isInputError(e) && e.file).toBe(f);
    }
  });

  it('keeps the code of an unexpected error', () => {
    const e = rebuildSmbiosLineError({ kind: 'Error', code: 'EACCES', message: 'permission denied' });
    expect(e).not.toBeInstanceOf(FormatError);
    expect((e as Error & { code?: string }).code).toBe('EACCES');
  });
});
