// Child process of the SMBIOS batch benchmark (bench/src/smbios.ts): decodes the files named in
// a list file to JSON lines, as `smbios decode --json <files…>` does, eight times in this fresh
// process, and prints the time of each pass as JSON. A process of its own keeps the figures
// free of what the other benchmarks did to the JIT, and makes the first pass a real cold start.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { smbiosJsonBatch } from '@hvmpack/host';

const [mode, listFile] = process.argv.slice(2);
// A worker beside the main thread takes about five passes over 1,000 files to be fully warm here.
const PASSES = 8;
const files = JSON.parse(readFileSync(listFile!, 'utf8')) as string[];
let sink = 0;

async function pass(): Promise<number> {
  const t0 = performance.now();
  // What `smbios decode --json <files…>` runs: --threads 1, or one worker beside this thread
  // (--threads 2; the worker stays for the later passes).
  await smbiosJsonBatch(files, { threads: mode === 'one-thread' ? 1 : 2, bytes: true }, (r) => (sink += r.ok ? r.line.length : 1));
  return performance.now() - t0;
}

const passes: number[] = [];
for (let i = 0; i < PASSES; i++) passes.push(await pass());
console.log(JSON.stringify({ passes, sink }));
