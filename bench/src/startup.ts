// `pnpm bench startup`: how long `hvmpack` takes from exec to exit, against `node -e 0` measured
// in the same run, rounds interleaved so that a busy machine slows every command alike (issue 16).
// Also the steps that explain the figures (yargs alone, the per-package build, the bundle without
// its code cache), the peak RSS of every run, and one `smbios decode --json` over 1,000 and
// 10,000 dumps against a dmidecode shell loop.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encodeDumpBin } from '@hvmpack/smbios';
import type { Harness } from './harness.js';
import { loadCorpus } from './smbios.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliDir = path.join(repo, 'packages', 'cli');
const bin = path.join(cliDir, 'bin', 'hvmpack.js');
const shared = process.env['HVMPACK_SHARED'] ?? path.join(repo, '..', 'shared');
const smbiosCorpus = path.join(shared, 'corpus', 'smbios');
const acpiCorpus = path.join(shared, 'corpus', 'acpi');

/** Interleaved rounds of the one-shot commands (each figure is over this many runs). */
const ROUNDS = 15;
/** Whole-process batch runs per size; the figure is their median. */
const BATCH_RUNS = 3;

/** GNU time, for each run's peak RSS (the figures go without it where it is missing). */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Sample {
  ms: number;
  /** User + system CPU time (GNU time's 10 ms resolution); less swayed than wall time by other load. */
  cpuMs: number | undefined;
  rssMiB: number | undefined;
}

/** Runs `argv` once with its output thrown away: wall time from spawn to exit, CPU time and peak RSS. */
function runOnce(argv: readonly string[], cwd: string, rssFile: string, status = 0): Sample {
  const [cmd, ...args] = TIME ? [TIME, '-f', '%U %S %M', '-o', rssFile, ...argv] : argv;
  const t0 = performance.now();
  const r = spawnSync(cmd!, args, { cwd, stdio: 'ignore', timeout: 600_000 });
  const ms = performance.now() - t0;
  if (r.status !== status) throw new Error(`startup bench: \`${argv.join(' ')}\` exited with ${r.status ?? r.signal}`);
  const [user, system, kib] = TIME ? readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : [];
  const cpu = (user ?? NaN) + (system ?? NaN);
  return { ms, cpuMs: Number.isFinite(cpu) ? cpu * 1000 : undefined, rssMiB: kib !== undefined && Number.isFinite(kib) ? kib / 1024 : undefined };
}

/** Minimum, median and maximum. */
function spread(xs: readonly number[]): { min: number; median: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
}

interface Case {
  name: string;
  argv: string[];
  /** Milliseconds over `node -e 0` (median) the issue allows, for the commands it names. */
  goalMs?: number;
  /** The exit status the run ends with (audit: 1, a policy violation). */
  status?: number;
}

/** The whole-process figure of one case against the baseline's, as printed and recorded. */
function figure(h: Harness, c: Case, runs: readonly Sample[], baseRuns: readonly Sample[]): void {
  const base = spread(baseRuns.map((r) => r.ms));
  const t = spread(runs.map((r) => r.ms));
  const rss = runs.map((r) => r.rssMiB).filter((m): m is number => m !== undefined);
  const over = t.median - base.median;
  const extra: Record<string, number | string> = {
    'ms min/median/max': `${t.min.toFixed(0)}/${t.median.toFixed(0)}/${t.max.toFixed(0)}`,
    'over node -e 0 (median)': `+${over.toFixed(0)} ms (${(t.median / base.median).toFixed(2)}x)`,
    'over node -e 0 (min)': `+${(t.min - base.min).toFixed(0)} ms`,
  };
  const cpu = runs.map((r) => r.cpuMs).filter((m): m is number => m !== undefined);
  const baseCpu = baseRuns.map((r) => r.cpuMs).filter((m): m is number => m !== undefined);
  if (cpu.length > 0 && baseCpu.length > 0) extra['CPU ms median (over node -e 0)'] = `${spread(cpu).median.toFixed(0)} (+${(spread(cpu).median - spread(baseCpu).median).toFixed(0)})`;
  if (rss.length > 0) extra['peak RSS MB'] = Math.max(...rss).toFixed(1);
  if (c.goalMs !== undefined) extra['goal'] = `+${c.goalMs} ms: ${over <= c.goalMs ? 'met' : 'NOT met'}`;
  h.record({ name: `startup: ${c.name}`, extra });
}

/** One-shot commands on one real dump, and the steps behind them. */
async function oneShots(h: Harness, work: string): Promise<void> {
  const dump = path.join(work, 'host.bin');
  const acpidump = path.join(work, 'host.acpidump.txt');
  const smbiosBlob = path.join(work, 'smbios.bin');
  const acpiBlob = path.join(work, 'acpi.bin');
  // A real machine's tables: the first corpus SMBIOS dump and ACPI dump, and the blobs packed from them.
  writeFileSync(dump, encodeDumpBin(loadCorpus()[0]!));
  writeFileSync(acpidump, readFileSync(path.join(acpiCorpus, 'linuxhw_ACPI__Desktop_Dell_OptiPlex_OptiPlex-7020_6D4E9A8FE68B.acpidump.txt')));
  const node = process.execPath;
  const prepare = (argv: string[]): void => void runOnce([node, bin, ...argv], work, path.join(work, 'rss'));
  prepare(['pack', 'smbios', dump, '-o', smbiosBlob, '-q']);
  prepare(['pack', 'acpi', acpidump, '--tables', 'SSDT', '-o', acpiBlob, '-q']);

  const hvmpack = (argv: string[]): string[] => [node, bin, ...argv];
  const distMain = pathToFileURL(path.join(cliDir, 'dist', 'main.js')).href;
  const bundleJs = path.join(cliDir, 'bin', 'bundle.js');
  /** A run of one bundle (see packages/cli/bin/bundle.js), with or without its code cache. */
  const fromBundle = (name: string, cache: boolean, argv: string[]): string[] => {
    const cached = cache ? `require('node:fs').readFileSync(b.cacheOf(${JSON.stringify(name)}))` : 'undefined';
    return [node, '-e', `process.argv.splice(1, 0, 'hvmpack'); const b = require(${JSON.stringify(bundleJs)}); b.load(${JSON.stringify(name)}, ${cached}).exports.runFromProcess()`, '--', ...argv];
  };
  const cases: Case[] = [
    { name: 'node -e 0 (baseline)', argv: [node, '-e', '0'] },
    { name: 'hvmpack --version', argv: hvmpack(['--version']), goalMs: 40 },
    { name: 'hvmpack --help', argv: hvmpack(['--help']), goalMs: 40 },
    { name: 'hvmpack smbios decode (one dump)', argv: hvmpack(['smbios', 'decode', dump]), goalMs: 80 },
    { name: 'hvmpack smbios decode --json (one dump)', argv: hvmpack(['smbios', 'decode', '--json', dump]), goalMs: 80 },
    { name: 'hvmpack acpi list (one acpidump)', argv: hvmpack(['acpi', 'list', acpidump]), goalMs: 80 },
    { name: 'hvmpack pack smbios', argv: hvmpack(['pack', 'smbios', dump, '-o', path.join(work, 'out.bin'), '-q']), goalMs: 80 },
    { name: 'hvmpack check (smbios blob)', argv: hvmpack(['check', smbiosBlob, '-q']), goalMs: 80 },
    { name: 'hvmpack guest-view', argv: hvmpack(['guest-view', '--smbios', smbiosBlob, '--acpi', acpiBlob]), goalMs: 80 },
    { name: 'hvmpack plan', argv: hvmpack(['plan', '--loader', '0x40000', '--module', `smbios=${smbiosBlob}`, '--module', `acpi=${acpiBlob}`, '--memory', '1024']), goalMs: 80 },
    { name: 'hvmpack audit (one dump)', argv: hvmpack(['audit', dump, '-q']), status: 1 },
    // The steps: yargs alone from node_modules (what the per-package build loads first), the
    // per-package build (what runs without the bundles), help rendered by yargs instead of
    // replayed, the whole-CLI bundle instead of the command's own, a bundle without its code cache.
    { name: 'step: import yargs (node_modules, ES modules)', argv: [node, '--input-type=module', '-e', "await import('yargs')"] },
    { name: 'step: --help from dist/ (per-package ES modules)', argv: [node, '--input-type=module', '-e', `process.argv.splice(1, 0, 'hvmpack'); (await import(${JSON.stringify(distMain)})).runFromProcess()`, '--', '--help'] },
    { name: 'step: smbios decode from dist/', argv: [node, '--input-type=module', '-e', `process.argv.splice(1, 0, 'hvmpack'); (await import(${JSON.stringify(distMain)})).runFromProcess()`, '--', 'smbios', 'decode', dump] },
    { name: 'step: --help rendered by yargs (whole-CLI bundle)', argv: fromBundle('hvmpack', true, ['--help']) },
    { name: 'step: smbios decode from the whole-CLI bundle', argv: fromBundle('hvmpack', true, ['smbios', 'decode', dump]) },
    { name: 'step: smbios decode, its bundle without code cache', argv: fromBundle('cmd-smbios', false, ['smbios', 'decode', dump]) },
  ];
  const runs: Sample[][] = cases.map(() => []);
  const rssFile = path.join(work, 'rss');
  for (const c of cases) runOnce(c.argv, cliDir, rssFile, c.status);
  for (let r = 0; r < ROUNDS; r++) cases.forEach((c, i) => runs[i]!.push(runOnce(c.argv, cliDir, rssFile, c.status)));
  cases.forEach((c, i) => figure(h, c, runs[i]!, runs[0]!));
}

/**
 * `smbios decode --json` over `count` dumps in one process against a dmidecode loop over the same
 * files (with `goal`, the ratio issue 16 asks for); returns the median wall time.
 */
async function batch(h: Harness, work: string, dumps: readonly Uint8Array[], count: number, goal: number | undefined): Promise<number> {
  const dir = mkdtempSync(path.join(work, `batch-${count}-`));
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const f = path.join(dir, `d${i}.bin`);
    writeFileSync(f, dumps[i % dumps.length]!);
    files.push(f);
  }
  const list = path.join(dir, 'files.txt');
  writeFileSync(list, files.join('\n') + '\n');
  const rssFile = path.join(work, 'rss');
  const ours = Array.from({ length: BATCH_RUNS }, () => runOnce([process.execPath, bin, 'smbios', 'decode', '--json', '--files-from', list], dir, rssFile));
  const t = spread(ours.map((s) => s.ms));
  const rss = ours.map((s) => s.rssMiB).filter((m): m is number => m !== undefined);
  const extra: Record<string, number | string> = {
    'hvmpack ms min/median/max': `${t.min.toFixed(0)}/${t.median.toFixed(0)}/${t.max.toFixed(0)}`,
  };
  const cpu = ours.map((s) => s.cpuMs).filter((m): m is number => m !== undefined);
  if (cpu.length > 0) extra['hvmpack CPU ms median'] = Math.round(spread(cpu).median);
  if (rss.length > 0) extra['peak RSS MB'] = Math.max(...rss).toFixed(1);
  const probe = spawnSync('dmidecode', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) {
    // A shell loop, as a user would write it. One process per file is what is measured, so a run
    // over the first 1,000 files is scaled to `count` (the whole 10,000 would take minutes).
    const sample = files.slice(0, Math.min(count, 1000));
    const sampleList = path.join(dir, 'sample.txt');
    writeFileSync(sampleList, sample.join('\n') + '\n');
    const scale = count / sample.length;
    const loops = Array.from({ length: BATCH_RUNS }, () => runOnce(['sh', '-c', 'while read -r f; do dmidecode --from-dump "$f" >/dev/null 2>&1; done < "$1"', 'sh', sampleList], dir, rssFile));
    const dmi = spread(loops.map((s) => s.ms * scale));
    extra[`dmidecode loop ms (${sample.length} files${scale > 1 ? `, x${scale}` : ''}; median)`] = Math.round(dmi.median);
    extra['ratio (median)'] = `${(dmi.median / t.median).toFixed(1)}x`;
    const dmiCpu = loops.map((s) => s.cpuMs).filter((m): m is number => m !== undefined);
    // CPU time counts the loop's dmidecode children too (GNU time reports reaped descendants).
    if (cpu.length > 0 && dmiCpu.length > 0) extra['CPU ratio (median)'] = `${((spread(dmiCpu).median * scale) / spread(cpu).median).toFixed(1)}x`;
    if (goal !== undefined) extra['goal'] = `${goal}x: ${dmi.median / t.median >= goal ? 'met' : 'NOT met'}`;
  } else {
    extra['dmidecode'] = 'not installed';
  }
  h.record({ name: `startup: smbios decode --json, ${count.toLocaleString('en-US')} dumps, one process`, itemsPerSec: (count * 1000) / t.median, itemLabel: 'files', extra });
  rmSync(dir, { recursive: true, force: true });
  return t.median;
}

/** Start-up figures (issue 16); needs the corpus for real dumps. */
export async function run(h: Harness): Promise<void> {
  if (!existsSync(smbiosCorpus) || !existsSync(acpiCorpus)) {
    console.log('startup: skipped (../shared/corpus absent)');
    return;
  }
  const work = mkdtempSync(path.join(tmpdir(), 'hvmpack-bench-startup-'));
  try {
    await oneShots(h, work);
    const dumps = loadCorpus().map((t) => encodeDumpBin(t));
    const runs = [
      { count: 100, ms: await batch(h, work, dumps, 100, undefined) },
      { count: 1000, ms: await batch(h, work, dumps, 1000, 12) },
      { count: 10_000, ms: await batch(h, work, dumps, 10_000, 25) },
    ];
    // What each further dump costs as the run goes on: the first ones run before V8 has optimised
    // the decoder, which is what bounds the 1,000-dump ratio.
    const extra: Record<string, string> = {};
    for (let i = 1; i < runs.length; i++) {
      const [a, b] = [runs[i - 1]!, runs[i]!];
      extra[`dumps ${a.count.toLocaleString('en-US')}-${b.count.toLocaleString('en-US')}, ms per dump`] = ((b.ms - a.ms) / (b.count - a.count)).toFixed(3);
    }
    h.record({ name: 'startup: smbios decode --json, cost per further dump (medians above)', extra });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
