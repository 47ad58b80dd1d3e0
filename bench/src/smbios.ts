import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { decodeSmbios, decodeSmbiosPair, decodeStructureTable, decodeTyped, encodeDumpBin, type SmbiosTable } from '@hvmpack/smbios';
import { SmbiosScratch, scanStructureTable } from '@hvmpack/smbios/indexed';
import type { Harness } from './harness.js';

// HVMPACK_SHARED as in the tests: the shared tree when the checkout is not beside it.
const corpus = path.join(process.env['HVMPACK_SHARED'] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared'), 'corpus', 'smbios');

/** Every corpus SMBIOS input decoded (sysfs entry points with their table file). */
export function loadCorpus(): SmbiosTable[] {
  const names = readdirSync(corpus).filter((n) => !n.endsWith('.md')).sort();
  const read = (n: string): Uint8Array => new Uint8Array(readFileSync(path.join(corpus, n)));
  const out: SmbiosTable[] = [];
  for (const n of names) {
    const b = read(n);
    // Lone sysfs entry points are read with their table file.
    if (b.length <= 32) {
      const table = n.replace(/entry(?!.*entry)/, 'dmi');
      if (names.includes(table)) out.push(decodeSmbiosPair(b, read(table)));
      continue;
    }
    out.push(decodeSmbios(b));
  }
  return out;
}

/** Runs smbios-batch-child.js in a new Node process; the time of each of its passes. */
function batchChild(mode: 'one-thread' | 'two-threads', listFile: string): { passes: number[] } {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'smbios-batch-child.js');
  const r = spawnSync(process.execPath, [child, mode, listFile], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`batch child (${mode}) failed with status ${r.status}: ${r.stderr.slice(0, 500)}`);
  return JSON.parse(r.stdout) as { passes: number[] };
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/**
 * Speed of this machine at the simplest possible byte work (counting non-zero bytes), so the
 * decode MB/s can be read against it: on a loaded 2-core VM this alone can be a few hundred MB/s.
 */
function scanReference(h: Harness, sinkRef: { n: number }): Promise<unknown> {
  const b = new Uint8Array(1 << 17);
  for (let i = 0; i < b.length; i++) b[i] = (i * 7) & 0xff;
  return h.measure(
    'smbios: reference byte scan (machine speed)',
    () => {
      let n = 0;
      for (let i = 0; i < b.length; i++) if (b[i] !== 0) n++;
      sinkRef.n += n;
    },
    { bytesPerOp: b.length, minMs: 500 },
  );
}

/** SMBIOS figures: raw decode MB/s and structures/s, typed decode, and batch JSON vs a dmidecode loop. */
export async function run(h: Harness): Promise<void> {
  if (!existsSync(corpus)) {
    console.log('smbios: skipped (../shared/corpus/smbios absent)');
    return;
  }
  const tables = loadCorpus();
  // One scratch for the loop, as a batch keeps one per thread.
  const scratch = new SmbiosScratch();
  const raw = tables.map((t) => ({ bytes: t.table, options: t.entryPoint?.kind === '_SM_' || t.entryPoint?.kind === '_DMI_' ? { structureCount: t.entryPoint.structureCount, scratch } : { scratch } }));
  const bytes = raw.reduce((n, r) => n + r.bytes.length, 0);
  const structures = tables.reduce((n, t) => n + t.structures.length, 0);
  let sink = 0;
  const sinkRef = { n: 0 };
  await scanReference(h, sinkRef);
  // The raw layer itself: every structure's header, formatted area, string set and strings
  // located (scanStructureTable's index, what the raw decode target is measured on).
  await h.measure(
    `smbios: raw decode, structure index (${tables.length} corpus tables)`,
    () => {
      for (const r of raw) sink += scanStructureTable(r.bytes, r.options).count;
    },
    { bytesPerOp: bytes, itemsPerOp: structures, itemLabel: 'structures', minMs: 1000 },
  );
  // The same walk plus a RawStructure object per structure (two Uint8Array views, Latin-1 strings).
  await h.measure(
    `smbios: raw decode to RawStructure objects (${tables.length} corpus tables)`,
    () => {
      for (const r of raw) sink += decodeStructureTable(r.bytes, r.options).structures.length;
    },
    { bytesPerOp: bytes, itemsPerOp: structures, itemLabel: 'structures', minMs: 1000 },
  );
  await h.measure(
    'smbios: typed decode (decodeTyped, all structures)',
    () => {
      for (const t of tables) for (const s of t.structures) sink += Object.keys(decodeTyped(s, t.version).fields).length;
    },
    { itemsPerOp: structures, itemLabel: 'structures', minMs: 1000 },
  );

  // Batch: 1,000 --dump-bin files (the corpus, cycled) decoded to JSON in one process.
  const work = mkdtempSync(path.join(tmpdir(), 'hvmpack-bench-smbios-'));
  try {
    const files: string[] = [];
    const dumps = tables.map((t) => encodeDumpBin(t));
    for (let i = 0; i < 1000; i++) {
      const f = path.join(work, `d${i}.bin`);
      writeFileSync(f, dumps[i % dumps.length]!);
      files.push(f);
    }
    // What `smbios decode --json <1,000 files>` does (smbiosJsonBatch: per file resolve, read,
    // structure index, JSON line as UTF-8 bytes), in a fresh process (smbios-batch-child.ts): its
    // first pass is a cold start, as one CLI run is; the median of its last three (of eight) is the
    // rate of a long batch. Then the same through smbiosJsonBatch with one worker thread.
    const listFile = path.join(work, 'files.json');
    writeFileSync(listFile, JSON.stringify(files));
    const one = batchChild('one-thread', listFile);
    const two = batchChild('two-threads', listFile);
    const oursMs = median(one.passes.slice(-3));
    const coldMs = one.passes[0]!;
    const twoMs = median(two.passes.slice(-3));
    const extra: Record<string, number | string> = {
      'one thread, warm ms (median of passes 6-8)': Math.round(oursMs),
      'one thread, cold first pass ms': Math.round(coldMs),
      'two threads, warm ms (median of passes 6-8)': Math.round(twoMs),
      'two threads, first pass ms': Math.round(two.passes[0]!),
    };
    const probe = spawnSync('dmidecode', ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) {
      // The loop is a shell loop, as a user would run it (a spawnSync per file from this process
      // costs about 1.5x more per file and would flatter us). It runs on 100 of the files and is
      // scaled to 1,000: one process per file is what is being measured. dmidecode's text goes to
      // /dev/null; ours is built in full (its length goes to the sink).
      const sample = files.slice(0, 100);
      const loop = (): number => {
        const d0 = performance.now();
        const r = spawnSync('sh', ['-c', 'for f; do dmidecode --from-dump "$f" >/dev/null 2>&1; done', 'sh', ...sample], { stdio: 'ignore', timeout: 120_000 });
        if (r.status !== 0) throw new Error(`dmidecode loop failed (status ${r.status})`);
        return ((performance.now() - d0) * files.length) / sample.length;
      };
      const dmiMs = median([loop(), loop(), loop()]);
      extra['dmidecode sh loop ms (100 files x10, median of 3)'] = Math.round(dmiMs);
      extra['ratio one thread warm'] = `${(dmiMs / oursMs).toFixed(1)}x`;
      extra['ratio two threads warm'] = `${(dmiMs / twoMs).toFixed(1)}x`;
      extra['ratio one thread cold'] = `${(dmiMs / coldMs).toFixed(1)}x`;
    } else {
      extra['dmidecode'] = 'not installed';
    }
    h.record({ name: 'smbios: batch 1,000 dumps → JSON', itemsPerSec: (files.length * 1000) / oursMs, itemLabel: 'files', extra });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (sink + sinkRef.n === 0.5) console.log(sink);
}
