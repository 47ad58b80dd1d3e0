// The ordered pool runs any per-input job, not only SMBIOS: here a job written as a plain module
// (what an ACPI or audit job will be), on workers and on the main thread, results in input order.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runOrdered, type PoolJob } from '@hvmpack/host';
import { tempDir } from '../../../test/support/tools.js';

const work = tempDir('ordered-pool');
const jobFile = path.join(work, 'length-job.mjs');
// Each result names the input, its length times the option's factor, and the thread that ran it.
writeFileSync(
  jobFile,
  [
    "import { threadId } from 'node:worker_threads';",
    'export const lengthJob = {',
    '  start: (o) => ({ run: async (input) => ({ input, value: input.length * o.factor, thread: threadId }), transfer: () => [] }),',
    '};',
  ].join('\n'),
);

describe('runOrdered', () => {
  it('runs a job that is not SMBIOS on a worker and here, reporting in input order', async () => {
    const module = pathToFileURL(jobFile);
    const { lengthJob } = (await import(module.href)) as { lengthJob: PoolJob<{ input: string; value: number; thread: number }, { factor: number }> };
    const inputs = Array.from({ length: 100 }, (_, i) => 'x'.repeat(i % 7) + String(i));
    const results: { input: string; value: number; thread: number }[] = [];
    const stats = await runOrdered(inputs, { job: lengthJob, module, name: 'lengthJob', options: { factor: 3 } }, { threads: 2, chunkSize: 10 }, (r) => results.push(r), { mainThreadWorks: false });
    expect(results.map((r) => r.input)).toEqual(inputs);
    expect(results.map((r) => r.value)).toEqual(inputs.map((s) => 3 * s.length));
    expect(stats.chunksOnWorkers).toBeGreaterThan(0);
    expect(results.some((r) => r.thread !== 0)).toBe(true);
  });
});
