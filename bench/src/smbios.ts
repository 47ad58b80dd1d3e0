import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { decodeSmbios, decodeSmbiosPair, decodeStructureTable, decodeTyped, encodeDumpBin, scanStructureTable, type SmbiosTable } from '@hvmpack/smbios';
import { smbiosJsonBatch, smbiosJsonLine } from '@hvmpack/host';
import type { Harness } from './harness.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus', 'smbios');

function loadCorpus(): SmbiosTable[] {
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

/**
 * The one-thread batch's first pass in a new Node process (module loading and CLI parsing not
 * counted, the JIT cold): what one `smbios decode --json` run over the files spends decoding.
 */
function freshProcessMs(files: readonly string[]): number | string {
  const host = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'host', 'dist', 'index.js');
  const script = [
    `const { smbiosJsonLine } = await import(${JSON.stringify(host)});`,
    `const files = JSON.parse(process.argv[1]); let n = 0; const t0 = performance.now();`,
    `for (const f of files) { const r = await smbiosJsonLine(f, { bytes: true }); n += r.ok ? r.line.length : 1; }`,
    `console.log(JSON.stringify({ ms: performance.now() - t0, n }));`,
  ].join('\n');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(files)], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) return `failed (status ${r.status})`;
  return Math.round((JSON.parse(r.stdout) as { ms: number }).ms);
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
  const raw = tables.map((t) => ({ bytes: t.table, count: t.entryPoint?.kind === '_SM_' || t.entryPoint?.kind === '_DMI_' ? t.entryPoint.structureCount : undefined }));
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
      for (const r of raw) sink += scanStructureTable(r.bytes, r.count !== undefined ? { structureCount: r.count } : {}).count;
    },
    { bytesPerOp: bytes, itemsPerOp: structures, itemLabel: 'structures', minMs: 1000 },
  );
  // The same walk plus a RawStructure object per structure (two Uint8Array views, Latin-1 strings).
  await h.measure(
    `smbios: raw decode to RawStructure objects (${tables.length} corpus tables)`,
    () => {
      for (const r of raw) sink += decodeStructureTable(r.bytes, r.count !== undefined ? { structureCount: r.count } : {}).structures.length;
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
    // What `smbios decode --json <1,000 files>` does per file (smbiosJsonLine: resolve, read,
    // structure index, JSON line as UTF-8 bytes), on this thread. The first pass runs on a cold
    // JIT, as a one-shot CLI run does; the median of three later passes is a long batch's rate.
    const oneThread = async (): Promise<number> => {
      const t0 = performance.now();
      for (const f of files) {
        const r = await smbiosJsonLine(f, { bytes: true });
        sink += r.ok ? r.line.length : 1;
      }
      return performance.now() - t0;
    };
    const coldMs = await oneThread();
    const oursMs = median([await oneThread(), await oneThread(), await oneThread()]);
    // The same through smbiosJsonBatch with one worker beside this thread (the CLI's --threads 2).
    // Its first pass starts the worker, which then stays for the later passes.
    const twoThreads = async (): Promise<number> => {
      const t0 = performance.now();
      await smbiosJsonBatch(files, { threads: 2, bytes: true }, (r) => (sink += r.ok ? r.line.length : 1));
      return performance.now() - t0;
    };
    const coldTwoMs = await twoThreads();
    const twoMs = median([await twoThreads(), await twoThreads(), await twoThreads()]);
    const extra: Record<string, number | string> = {
      'one thread, warm ms (median of 3)': Math.round(oursMs),
      'one thread, cold first pass ms': Math.round(coldMs),
      'two threads, warm ms (median of 3)': Math.round(twoMs),
      'two threads, first pass ms': Math.round(coldTwoMs),
      'fresh process, first pass ms': freshProcessMs(files),
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
      if (typeof extra['fresh process, first pass ms'] === 'number') extra['ratio fresh process'] = `${(dmiMs / extra['fresh process, first pass ms']).toFixed(1)}x`;
    } else {
      extra['dmidecode'] = 'not installed';
    }
    h.record({ name: 'smbios: batch 1,000 dumps → JSON', itemsPerSec: (files.length * 1000) / oursMs, itemLabel: 'files', extra });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (sink + sinkRef.n === 0.5) console.log(sink);
}
