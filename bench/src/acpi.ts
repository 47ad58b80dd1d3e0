import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { acpixtractNames, checkTables, parseAcpidump } from '@hvmpack/acpi';
import type { Harness } from './harness.js';

// HVMPACK_SHARED as in the tests: the shared tree when the checkout is not beside it.
const corpus = path.join(process.env['HVMPACK_SHARED'] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared'), 'corpus', 'acpi');

/**
 * ACPI figures: acpidump text → tables over the whole corpus (MB/s of text), and the batch
 * comparison: every corpus dump extracted to .dat files in one process vs an `acpixtract -a` loop.
 */
export async function run(h: Harness): Promise<void> {
  if (!existsSync(corpus)) {
    console.log('acpi: skipped (../shared/corpus/acpi absent)');
    return;
  }
  const files = readdirSync(corpus).filter((n) => n.endsWith('.acpidump.txt')).sort().map((n) => path.join(corpus, n));
  const texts = files.map((f) => new Uint8Array(readFileSync(f)));
  const total = texts.reduce((a, t) => a + t.length, 0);
  let tables = 0;
  for (const t of texts) tables += parseAcpidump(t).tables.length;

  await h.measure(
    `acpi: acpidump text → tables (${files.length} dumps, ${(total / 1e6).toFixed(1)} MB)`,
    () => {
      for (const t of texts) parseAcpidump(t);
    },
    { bytesPerOp: total, itemsPerOp: tables, itemLabel: 'tables', minMs: 2000 },
  );
  await h.measure(
    'acpi: acpidump text → tables + checkTables',
    () => {
      for (const t of texts) checkTables(parseAcpidump(t));
    },
    { bytesPerOp: total, minMs: 1000 },
  );

  // Batch: read, parse and write every table of every dump as acpixtract names it (plain writes,
  // as acpixtract does; `hvmpack acpi extract` adds an fsync per file on top).
  const work = mkdtempSync(path.join(tmpdir(), 'hvmpack-bench-acpi-'));
  try {
    const t0 = performance.now();
    files.forEach((f, i) => {
      const dir = path.join(work, `hv${i}`);
      mkdirSync(dir);
      const set = parseAcpidump(new Uint8Array(readFileSync(f)));
      acpixtractNames(set.tables).forEach((n, k) => writeFileSync(path.join(dir, n), set.tables[k]!.bytes));
    });
    const ours = performance.now() - t0;
    const extra: Record<string, number | string> = { hvmpackMs: Math.round(ours), dumps: files.length };
    const probe = spawnSync('acpixtract', ['-v'], { encoding: 'utf8' });
    if (probe.error === undefined) {
      const t1 = performance.now();
      files.forEach((f, i) => {
        const dir = path.join(work, `ax${i}`);
        mkdirSync(dir);
        spawnSync('acpixtract', ['-a', f], { cwd: dir, stdio: 'ignore', timeout: 30_000 });
      });
      const theirs = performance.now() - t1;
      extra['acpixtractLoopMs'] = Math.round(theirs);
      extra['ratio'] = `${(theirs / ours).toFixed(1)}x`;
    } else {
      extra['acpixtract'] = 'not installed';
    }
    h.record({ name: `acpi: batch extract, ${files.length} dumps: one process vs acpixtract -a loop`, extra });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
