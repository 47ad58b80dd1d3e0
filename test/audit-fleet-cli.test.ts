// `hvmpack audit --fleet` as a user runs it: reports and exit codes on a generated fleet, the
// summary against single-host `audit --json` runs, usage errors that write nothing, a run killed
// half-way that leaves no report, and the HTML report rendered by headless Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLEET_CHART_FAIL_COLOUR, FLEET_CHART_LEAK_COLOUR, FLEET_TABLE_HEADER_COLOUR } from '@hvmpack/audit';
import { nodeIO, runCli, withIO } from '@hvmpack/cli';
import { buildExampleHost } from '@hvmpack/host';
import { runHvmpack } from './support/cli.js';
import { repoRoot, skipReason, which } from './support/env.js';
import { corpusFleet, type GeneratedFleet } from './support/fleet.js';
import { colourPixels, decodePng } from './support/fleet-png.js';
import { tempDir } from './support/tools.js';

const skip = skipReason({ corpus: 'smbios' });
const BIN = path.join(repoRoot, 'packages', 'cli', 'bin', 'hvmpack.js');

describe.skipIf(skip)('audit --fleet on a generated fleet', () => {
  const dir = tempDir('fleet-cli');
  const fleetDir = path.join(dir, 'hosts');
  const out = (n: string): string => path.join(dir, 'out', n);
  let fleet: GeneratedFleet;
  beforeAll(() => {
    mkdirSync(fleetDir);
    mkdirSync(path.join(dir, 'out'));
    fleet = corpusFleet(fleetDir, { hosts: 300, corruptEvery: 50 })!;
  });

  it('writes the JSON and HTML reports, lists the unreadable dumps, exits 1 on violations', async () => {
    const r = await runHvmpack(['audit', '--fleet', fleetDir, '--json', '-o', out('fleet.json'), '--html', out('fleet.html'), '--xen', '4.17']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    // Not a terminal: no bar; a plain line every few seconds (a slow machine), then the closing line.
    const lines = r.stderr.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.pop()).toMatch(/^hvmpack audit --fleet: 300 hosts in [\d.]+ s \([\d,]+\/s\): [\d,]+ failing the policy, 6 unreadable$/);
    for (const l of lines) expect(l).toMatch(/^hvmpack audit --fleet: [\d,]+\/300 hosts \(\d+%\), /);
    expect(r.stderr).not.toContain('\r');
    const doc = JSON.parse(readFileSync(out('fleet.json'), 'utf8')) as Record<string, unknown> & { unreadableHosts: { input: string; code: string }[] };
    expect(doc['hostCount']).toBe(300);
    expect(doc['guest']).toEqual({ target: 'xen', xen: '4.17.0', firmware: 'seabios' });
    expect(doc.unreadableHosts.map((u) => u.input).sort()).toEqual([...fleet.corrupt.keys()].sort());
    const html = readFileSync(out('fleet.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Unreadable dumps (6)');
  });

  it('-q prints nothing on stderr; text (Markdown) goes to stdout', async () => {
    const r = await runHvmpack(['audit', '--fleet', fleetDir, '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^# Fleet audit: /);
    // No guest named: reach is unknown, as for one host, and the report says so.
    expect(r.stdout).toContain('Guest: none given, so reach is unknown');
  });

  it('draws a progress bar in place when stderr is a terminal', async () => {
    let stderr = '';
    const io = withIO(nodeIO(), { stdout: () => undefined, stderr: (t) => void (stderr += t), stderrIsTTY: true });
    expect(await runCli(['audit', '--fleet', fleetDir, '--json'], io)).toBe(1);
    // The bar is redrawn over itself (carriage return, erase line), then replaced by the closing line.
    expect(stderr).toMatch(/^\r\x1b\[K\[[#-]{30}\] [\d,]+\/300 hosts \(\d+%\)/);
    expect(stderr).toMatch(/\r\x1b\[Khvmpack audit --fleet: 300 hosts in [\d.]+ s .*\n$/);
  });

  // One rule for both: a guest is judged only when the command line names one, the same for a host alone and in a fleet.
  it.each<[string, string[]]>([
    ['a Xen guest (--xen 4.17)', ['--xen', '4.17']],
    ['no guest named: reach unknown', []],
    ['a QEMU guest (--target qemu --machine q35 --firmware ovmf)', ['--target', 'qemu', '--machine', 'q35', '--firmware', 'ovmf']],
  ])("the summary's counts equal the sums of single-host `audit --json` runs (12 hosts), against %s", async (_name, guestFlags) => {
    const sample = fleet.hosts.filter((h) => !fleet.corrupt.has(h)).filter((_, i) => i % 25 === 0);
    expect(sample.length).toBe(12);
    writeFileSync(path.join(dir, 'sample.txt'), sample.join('\n') + '\n');
    const r = await runHvmpack(['audit', '--files-from', path.join(dir, 'sample.txt'), '--json', ...guestFlags, '-q']);
    const s = JSON.parse(r.stdout) as Record<string, number> & { guest: unknown };
    const sum = { identifierCount: 0, placeholderCount: 0, reachingIdentifierCount: 0, violatingHostCount: 0, violationCount: 0, unknownReachHostCount: 0 };
    for (const h of sample) {
      // A folder host is the SMBIOS dump and the ACPI tables it holds, as single-host inputs.
      const inputs = fleet.folders.has(h) ? readdirSync(h).map((n) => path.join(h, n)) : [h];
      const one = await runHvmpack(['audit', ...inputs, '--json', ...guestFlags]);
      const d = JSON.parse(one.stdout) as { guest: unknown; violation: boolean; summary: { identifierCount: number; placeholderCount: number; failCount: number }; identifiers: { placeholder: boolean; reach: { reaches: unknown } }[] };
      expect(d.guest).toEqual(s.guest);
      sum.identifierCount += d.summary.identifierCount;
      sum.placeholderCount += d.summary.placeholderCount;
      sum.reachingIdentifierCount += d.identifiers.filter((i) => i.reach.reaches === true && !i.placeholder).length;
      sum.violationCount += d.summary.failCount;
      if (d.violation) sum.violatingHostCount++;
      if (d.identifiers.some((i) => i.reach.reaches === 'unknown')) sum.unknownReachHostCount++;
    }
    expect(sum.identifierCount).toBeGreaterThan(100);
    for (const [k, v] of Object.entries(sum)) expect(s[k], k).toBe(v);
    if (guestFlags.length === 0) {
      expect(s.guest).toBeNull();
      expect([s['unknownReachHostCount'], s['reachingIdentifierCount']]).toEqual([12, 0]);
    } else {
      expect(s.guest).toMatchObject({ target: guestFlags[0] === '--target' ? 'qemu' : 'xen' });
      expect(s['reachingIdentifierCount']).toBeGreaterThan(12);
    }
  });

  it.each<[NodeJS.Signals]>([['SIGTERM'], ['SIGKILL']])('a run killed half-way (%s) leaves no report file, partial or whole', async (signal) => {
    // The fleet's 300 hosts listed 200 times: a run of minutes on any machine, made in no time.
    const big = path.join(dir, 'big.txt');
    if (!existsSync(big)) writeFileSync(big, Array.from({ length: 200 }, () => fleet.hosts.join('\n')).join('\n') + '\n');
    const outDir = path.join(dir, `killed-${signal}`);
    mkdirSync(outDir);
    const child = spawn(process.execPath, [BIN, 'audit', '--files-from', big, '--threads', '1', '--json', '-o', path.join(outDir, 'fleet.json'), '--html', path.join(outDir, 'fleet.html')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Half-way: hosts are being audited (a few hundred ms in), the reports are not yet made.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(child.exitCode, `the run ended before it was killed: ${stderr}`).toBeNull();
    child.kill(signal);
    await exited;
    expect(readdirSync(outDir)).toEqual([]);
  });
});

describe('audit --fleet usage errors run nothing and write nothing (exit 2)', () => {
  const dir = tempDir('fleet-usage');
  const hosts = path.join(dir, 'hosts');
  const host = path.join(hosts, 'one.bin');
  beforeAll(() => {
    mkdirSync(hosts);
    writeFileSync(host, buildExampleHost().smbiosDumpBin);
    writeFileSync(path.join(dir, 'empty.txt'), '\n');
  });

  it.each<[string, () => string[], string, RegExp]>([
    ['a host input beside --fleet', () => ['--fleet', hosts, host], 'USAGE', /host input too/],
    ['--html without --fleet', () => [host, '--html', path.join(dir, 'r.html')], 'USAGE', /--html goes with --fleet/],
    ['--sarif with --fleet', () => ['--fleet', hosts, '--sarif'], 'USAGE', /--sarif describes one host/],
    ['--blobs with --fleet', () => ['--fleet', hosts, '--blobs', dir], 'USAGE', /--blobs\/--prepare/],
    ['a report inside the fleet folder', () => ['--fleet', hosts, '--html', path.join(hosts, 'r.html')], 'USAGE', /read as a host next time/],
    ['-o and --html naming one file', () => ['--fleet', hosts, '-o', path.join(dir, 'r'), '--html', path.join(dir, 'r')], 'USAGE', /same file/],
    ['a bad --threads', () => ['--fleet', hosts, '--threads', 'x'], 'USAGE', /invalid --threads/],
    ['a missing fleet', () => ['--fleet', path.join(dir, 'absent')], 'NOT_FOUND', /absent/],
    ['a dump given as the fleet list', () => ['--fleet', host], 'UNKNOWN_FORMAT', /one host's data/],
    ['an empty list', () => ['--files-from', path.join(dir, 'empty.txt')], 'USAGE', /names no host/],
    ['--fleet with no value and no --files-from', () => ['--fleet'], 'USAGE', /--fleet needs a folder or a list file, or --files-from/],
    ['--fleet with no value before a guest flag', () => ['--fleet', '--xen', '4.17'], 'USAGE', /--fleet needs a folder/],
    ['--fleet given twice', () => ['--fleet', hosts, '--fleet', hosts], 'USAGE', /give --fleet once/],
    ['--files-from given twice', () => ['--files-from', path.join(dir, 'empty.txt'), '--files-from', path.join(dir, 'empty.txt')], 'USAGE', /give --files-from once/],
    ['--files-from= with no file', () => ['--fleet', '--files-from='], 'USAGE', /--files-from needs a list file/],
    ['--fleet and --files-from naming one list', () => ['--fleet', path.join(dir, 'empty.txt'), '--files-from', path.join(dir, '.', 'empty.txt')], 'USAGE', /audited twice/],
    ['--fleet - and --files-from - (one standard input)', () => ['--fleet', '-', '--files-from', '-'], 'USAGE', /both read standard input/],
  ])('%s', async (_name, argv, code, message) => {
    const before = readdirSync(dir).sort();
    const r = await runHvmpack(['audit', ...argv()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hvmpack: /);
    expect(r.stderr).toMatch(message);
    // --json and --sarif are two formats: that is its own usage error.
    if (!argv().includes('--sarif')) {
      const j = await runHvmpack(['audit', ...argv(), '--json']);
      expect(j.code).toBe(2);
      expect((JSON.parse(j.stdout) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readdirSync(hosts)).toEqual(['one.bin']);
  });
});

describe('audit --fleet takes its hosts from --files-from, with or without a --fleet value', () => {
  const dir = tempDir('fleet-files-from');
  const list = path.join(dir, 'hosts.txt');
  const hostFiles = [path.join(dir, 'a.bin'), path.join(dir, 'b.acpidump.txt'), path.join(dir, 'c.bin')];
  beforeAll(() => {
    const ex = buildExampleHost();
    writeFileSync(hostFiles[0]!, ex.smbiosDumpBin);
    writeFileSync(hostFiles[1]!, ex.acpidumpText);
    writeFileSync(hostFiles[2]!, ex.smbiosDumpBin);
    writeFileSync(list, hostFiles.join('\n') + '\n');
  });

  /** Runs `audit <argv> --json -q` with `stdin` as standard input; the summary and the input it names. */
  async function fleetRun(argv: string[], stdin?: string): Promise<{ code: number; doc: Record<string, unknown> }> {
    let stdout = '';
    const io = withIO(nodeIO(), { stdout: (t) => void (stdout += t), stderr: () => undefined, ...(stdin !== undefined && { readStdin: async () => new TextEncoder().encode(stdin) }) });
    const code = await runCli(['audit', ...argv, '--json', '-q', '--xen', '4.17'], io);
    return { code, doc: JSON.parse(stdout) as Record<string, unknown> };
  }

  it.each<[string, () => string[], string | undefined, Record<string, string>]>([
    ['--fleet --files-from - (a list piped in)', () => ['--fleet', '--files-from', '-'], hostFiles.join('\n'), { filesFrom: '-' }],
    ['--fleet --files-from LIST', () => ['--fleet', '--files-from', list], undefined, { filesFrom: list }],
    ['--files-from LIST alone', () => ['--files-from', list], undefined, { filesFrom: list }],
    ['--files-from - alone', () => ['--files-from', '-'], hostFiles.join('\r\n') + '\r\n', { filesFrom: '-' }],
    ['--fleet LIST', () => ['--fleet', list], undefined, { fleet: list }],
  ])('%s audits the three listed hosts', async (_name, argv, stdin, input) => {
    const r = await fleetRun(argv(), stdin);
    expect(r.code).toBe(1);
    expect(r.doc['input']).toEqual(input);
    expect(r.doc['hostCount']).toBe(3);
    expect(r.doc['auditedHostCount']).toBe(3);
    // The example host's dump twice and its ACPI once: the same counts however the list arrives.
    const once = await fleetRun(['--fleet', list]);
    for (const k of ['identifierCount', 'reachingIdentifierCount', 'violationCount']) expect(r.doc[k], k).toBe(once.doc[k]);
  });
});

const chromium = which('chromium');
if (!chromium) console.warn('[skip] chromium not installed: the fleet HTML render check is skipped (the structural checks in audit-fleet-summary.test.ts still run)');

describe.skipIf(skip || !chromium)('the fleet HTML report in headless Chromium', () => {
  const dir = tempDir('fleet-html');

  it('opens from file:// and shows the chart bars and the tables', async () => {
    const hosts = path.join(dir, 'hosts');
    mkdirSync(hosts);
    corpusFleet(hosts, { hosts: 120 });
    const html = path.join(dir, 'fleet.html');
    expect((await runHvmpack(['audit', '--fleet', hosts, '--xen', '4.17', '--html', html, '-q', '-o', path.join(dir, 'fleet.md')])).code).toBe(1);
    const png = path.join(dir, 'fleet.png');
    const profile = path.join(dir, 'profile');
    spawnSync(
      chromium!,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, `--screenshot=${png}`, '--window-size=1200,1400', `file://${html}`],
      { timeout: 60_000, stdio: 'ignore' },
    );
    const shot = decodePng(new Uint8Array(readFileSync(png)));
    expect([shot.width, shot.height]).toEqual([1200, 1400]);
    // The chart: bars of both colours, on many distinct rows (one bar per identifier).
    const leak = colourPixels(shot, FLEET_CHART_LEAK_COLOUR);
    const fail = colourPixels(shot, FLEET_CHART_FAIL_COLOUR);
    expect(leak.count).toBeGreaterThan(2000);
    expect(fail.count).toBeGreaterThan(2000);
    expect(new Set([...leak.rows, ...fail.rows]).size).toBeGreaterThan(100);
    // The tables: header rows in their colour, below the chart.
    const header = colourPixels(shot, FLEET_TABLE_HEADER_COLOUR);
    expect(header.count).toBeGreaterThan(5000);
    expect(Math.max(...header.rows)).toBeGreaterThan(Math.max(...leak.rows, ...fail.rows));
  });
});
