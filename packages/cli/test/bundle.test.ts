// The bundled CLI (packages/cli/build.mjs, run by `pnpm test` and `pnpm build`) must behave as the
// per-package build it is made from: the same output, errors and exit codes, byte for byte.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildExampleHost } from '@hvmpack/host';
import { nodeIO, runCli, withIO } from '../src/index.js';
import { loadCommandTree } from '../src/tree.js';
import { runHvmpack } from '../../../test/support/cli.js';
import { repoRoot } from '../../../test/support/env.js';
import { tempDir } from '../../../test/support/tools.js';

const bin = path.join(repoRoot, 'packages/cli/bin/hvmpack.js');
const bundleJs = path.join(repoRoot, 'packages/cli/bin/bundle.js');
interface Manifest {
  commands: string[];
}
const launcher = createRequire(import.meta.url)(bundleJs) as {
  FULL: string;
  BUNDLE_DIR: string;
  HELP: string;
  REPLAY_WIDTH: number;
  isCurrent(): boolean;
  currentManifest(): Manifest | undefined;
  bundleFor(argv: readonly string[], manifest: Manifest): string;
  scriptOf(name: string): string;
};
// Without a current bundle the launcher runs dist/ itself and there is nothing to compare.
const bundled = launcher.isCurrent();
if (!bundled) console.warn('[skip] no current CLI bundle: run `node packages/cli/build.mjs` after `tsc -b` (`pnpm test` does)');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `hvmpack argv` through the launcher, which runs the bundle while it is current. */
function viaLauncher(argv: readonly string[], cwd: string): Run {
  return spawnSync(process.execPath, [bin, ...argv], { cwd, encoding: 'utf8', timeout: 60_000 });
}

/** `hvmpack argv` from the per-package build in dist/, as the launcher runs it when the bundle is stale. */
function viaDist(argv: readonly string[], cwd: string): Run {
  const main = pathToFileURL(path.join(repoRoot, 'packages/cli/dist/main.js')).href;
  const script = `process.argv.splice(1, 0, 'hvmpack'); import(${JSON.stringify(main)}).then((m) => m.runFromProcess());`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', ...argv], { cwd, encoding: 'utf8', timeout: 60_000 });
}

describe.skipIf(!bundled)('bundled CLI', () => {
  const work = tempDir('bundle');
  const host = buildExampleHost();
  writeFileSync(path.join(work, 'host-smbios.bin'), host.smbiosDumpBin);
  writeFileSync(path.join(work, 'host-acpidump.txt'), host.acpidumpText);
  writeFileSync(path.join(work, 'not-smbios.bin'), new Uint8Array(64).fill(0x5a));

  it.each([
    [['--version']],
    [['--help']],
    [['smbios', 'decode', '--help']],
    [['smbios', 'decode', 'host-smbios.bin']],
    [['smbios', 'decode', '--json', 'host-smbios.bin', 'host-smbios.bin']],
    [['acpi', 'list', 'host-acpidump.txt', '--json']],
    [['check', 'host-smbios.bin']],
    [['smbios', 'decode', 'not-smbios.bin']],
    [['smbios', 'decode', 'missing.bin', '--json']],
    [['smbios', 'decod']],
    [['plan', '--bogus']],
    [['completion', 'bash']],
  ])('hvmpack %j: the same stdout, stderr and exit code as dist/', (argv) => {
    const a = viaLauncher(argv, work);
    const b = viaDist(argv, work);
    expect(a.stderr).toBe(b.stderr);
    expect(a.stdout).toBe(b.stdout);
    expect(a.status).toBe(b.status);
    expect(a.stdout.length + a.stderr.length).toBeGreaterThan(0);
  });

  it('runs the worker pool from a bundle (Node modules it loads on first use) as dist/ does', () => {
    // Enough dumps for the batch to start worker threads (host's POOL_MIN_INPUTS).
    const list = Array.from({ length: 80 }, (_, i) => path.join(work, `pool-${i}.bin`));
    for (const f of list) writeFileSync(f, host.smbiosDumpBin);
    writeFileSync(path.join(work, 'pool.list'), list.join('\n') + '\n');
    // Two threads whatever the machine (its default may be one: see defaultPoolThreads).
    const argv = ['smbios', 'decode', '--json', '--threads', '2', '--files-from', 'pool.list'];
    const a = viaLauncher(argv, work);
    const b = viaDist(argv, work);
    expect(a.stderr).toBe(b.stderr);
    expect(a.status).toBe(0);
    expect(a.stdout.split('\n').filter((l) => l !== '')).toHaveLength(80);
    expect(a.stdout).toBe(b.stdout);
  });

  it('runs from the whole-CLI bundle when the command\'s own is missing', () => {
    // A copy of the launcher and the bundles, as an installed package has them, less cmd-plan.
    const copy = tempDir('bundle-copy');
    cpSync(path.join(repoRoot, 'packages/cli/bin'), path.join(copy, 'bin'), { recursive: true });
    cpSync(launcher.BUNDLE_DIR, path.join(copy, 'dist', 'bundle'), { recursive: true });
    cpSync(path.join(repoRoot, 'packages/cli/package.json'), path.join(copy, 'package.json'));
    rmSync(path.join(copy, 'dist', 'bundle', 'cmd-plan.cjs'));
    const argv = ['plan', '--bogus'];
    const a = spawnSync(process.execPath, [path.join(copy, 'bin', 'hvmpack.js'), ...argv], { cwd: work, encoding: 'utf8', timeout: 60_000 });
    const b = viaDist(argv, work);
    expect({ status: a.status, stdout: a.stdout, stderr: a.stderr }).toEqual({ status: b.status, stdout: b.stdout, stderr: b.stderr });
    expect(a.status).toBe(2);
  });

  it('reads a YAML guest file from a bundle, where yaml loads on first use, as dist/ does', () => {
    writeFileSync(path.join(work, 'guest.yaml'), 'xen: "4.17"\nvcpus: 2\nmemoryMiB: 2048\nfirmware: ovmf\n');
    writeFileSync(path.join(work, 'bad.yaml'), 'xen: [4.17\n');
    for (const argv of [['xl-cfg', '--guest', 'guest.yaml'], ['xl-cfg', '--guest', 'bad.yaml']]) {
      const a = viaLauncher(argv, work);
      const b = viaDist(argv, work);
      expect({ status: a.status, stdout: a.stdout, stderr: a.stderr }, argv.join(' ')).toEqual({ status: b.status, stdout: b.stdout, stderr: b.stderr });
    }
    expect(viaLauncher(['xl-cfg', '--guest', 'guest.yaml'], work).stdout).toContain('ovmf');
  });

  it('names no path of the checkout it was built in', () => {
    // Same sources, same bundles, wherever they are built (module labels are repository paths).
    for (const name of [launcher.FULL, ...launcher.currentManifest()!.commands.map((c) => `cmd-${c}`)]) {
      expect(readFileSync(launcher.scriptOf(name), 'latin1').includes(repoRoot), name).toBe(false);
    }
  });

  it('a one-shot run from its bundle loads none of the Node modules it does not use', () => {
    const script = [
      `process.argv.splice(1, 0, 'hvmpack', 'smbios', 'decode', 'host-smbios.bin');`,
      `process.on('exit', () => process.stderr.write(JSON.stringify(process.moduleLoadList)));`,
      `require(${JSON.stringify(bundleJs)}).runBundle();`,
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script], { cwd: work, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('SMBIOS');
    const loaded = JSON.parse(r.stderr) as string[];
    for (const m of ['crypto', 'worker_threads', 'assert', 'os']) expect(loaded, m).not.toContain(`NativeModule ${m}`);
  });

  it('writes the same pack output as dist/', () => {
    const a = viaLauncher(['pack', 'smbios', 'host-smbios.bin', '-o', '-', '-q'], work);
    const b = viaDist(['pack', 'smbios', 'host-smbios.bin', '-o', '-', '-q'], work);
    expect(a.status).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('loads every command in the tree from the bundle a run of it loads: each --help as the sources print it', async () => {
    // One process per bundle runs its commands' help; a module that breaks only when bundled (an
    // import.meta use, a load-order dependency, a module left out of a command's bundle) fails
    // here as soon as its command is added.
    const manifest = launcher.currentManifest()!;
    const byBundle = new Map<string, string[][]>();
    for (const leaf of await loadCommandTree()) {
      const argv = [...leaf.words, '--help'];
      const name = launcher.bundleFor(argv, manifest);
      byBundle.set(name, [...(byBundle.get(name) ?? []), argv]);
    }
    // Every command bundle is reached, and the whole CLI for the commands that have none.
    expect([...byBundle.keys()].sort()).toEqual([launcher.FULL, ...manifest.commands.map((c) => `cmd-${c}`)].sort());
    for (const [name, argvs] of byBundle) {
      const script = [
        `const b = require(${JSON.stringify(bundleJs)});`,
        `const { exports: cli } = b.load(${JSON.stringify(name)}, require('node:fs').readFileSync(b.cacheOf(${JSON.stringify(name)})));`,
        `(async () => { const out = []; for (const argv of ${JSON.stringify(argvs)}) { let text = '';`,
        'const io = cli.withIO(cli.nodeIO(), { stdout: (t) => void (text += t), stderr: (t) => void (text += t) });',
        'out.push({ code: await cli.runCli(argv, io), text }); } process.stdout.write(JSON.stringify(out)); })();',
      ].join('\n');
      const r = spawnSync(process.execPath, ['-e', script], { cwd: work, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
      expect(r.stderr, name).toBe('');
      const fromBundle = JSON.parse(r.stdout) as { code: number; text: string }[];
      expect(fromBundle).toHaveLength(argvs.length);
      for (const [i, argv] of argvs.entries()) {
        const fromSources = await runHvmpack(argv);
        expect(fromBundle[i], `${name}: ${argv.join(' ')}`).toEqual({ code: fromSources.code, text: fromSources.stdout + fromSources.stderr });
      }
    }
  });

  it('a command bundle holds its own command modules and not the others', () => {
    const manifest = launcher.currentManifest()!;
    const full = readFileSync(launcher.scriptOf(launcher.FULL), 'latin1');
    expect(full).toContain('dist/commands/smbios.js');
    expect(full).toContain('dist/commands/plan.js');
    expect(manifest.commands).toEqual(expect.arrayContaining(['smbios', 'acpi', 'plan', 'check', 'guest-view', 'pack']));
    expect(manifest.commands).not.toContain('demo');
    const smbios = readFileSync(launcher.scriptOf('cmd-smbios'), 'latin1');
    expect(smbios).toContain('dist/commands/smbios.js');
    expect(smbios).toContain('dist/commands/smbios-get.js');
    expect(smbios).not.toContain('dist/commands/plan.js');
    expect(smbios).not.toContain('dist/commands/audit.js');
    expect(smbios.length).toBeLessThan(full.length * 0.6);
  });

  it.each([
    [['smbios', 'decode', 'x.bin'], 'cmd-smbios'],
    [['--json', 'smbios', 'decode', 'x.bin'], 'cmd-smbios'],
    [['-q', 'guest-view', '--smbios', 'x'], 'cmd-guest-view'],
    [['plan', '--help'], 'cmd-plan'],
    [['demo'], 'hvmpack'],
    [['completion', 'bash'], 'hvmpack'],
    [['smbioz', 'decode'], 'hvmpack'],
    [['--help'], 'hvmpack'],
    [[], 'hvmpack'],
  ])('a run of %j loads the bundle %s', (argv, name) => {
    expect(launcher.bundleFor(argv, launcher.currentManifest()!)).toBe(name);
  });

  it('replays every help screen as the CLI renders it when standard output is not a terminal', async () => {
    const help = JSON.parse(readFileSync(path.join(launcher.BUNDLE_DIR, launcher.HELP), 'utf8')) as { width: number; screens: Record<string, string> };
    expect(help.width).toBe(launcher.REPLAY_WIDTH);
    const keys = Object.keys(help.screens);
    // The top level, each command and group, and each subcommand.
    expect(keys).toEqual(expect.arrayContaining(['', 'smbios', 'smbios decode', 'acpi list', 'plan', 'qemu prepare']));
    expect(keys.length).toBe(1 + new Set((await loadCommandTree()).flatMap((l) => [l.words[0]!, l.words.join(' ')])).size);
    for (const key of keys) {
      let stdout = '';
      const io = withIO(nodeIO(), { stdout: (t) => void (stdout += t), stderr: (t) => void (stdout += t), stdoutIsTTY: false, stdoutColumns: undefined });
      expect(await runCli([...(key ? key.split(' ') : []), '--help'], io), key).toBe(0);
      expect(help.screens[key], key).toBe(stdout);
    }
  });

  it('renders help live, as dist/ does, when YARGS_DISABLE_WRAP asks yargs not to wrap', () => {
    const env = { ...process.env, YARGS_DISABLE_WRAP: '1' };
    const a = spawnSync(process.execPath, [bin, 'smbios', 'decode', '--help'], { cwd: work, encoding: 'utf8', env });
    const main = pathToFileURL(path.join(repoRoot, 'packages/cli/dist/main.js')).href;
    const script = `process.argv.splice(1, 0, 'hvmpack'); import(${JSON.stringify(main)}).then((m) => m.runFromProcess());`;
    const b = spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', 'smbios', 'decode', '--help'], { cwd: work, encoding: 'utf8', env });
    expect(a.stdout).toBe(b.stdout);
    // Unwrapped, the long description stays on one line.
    expect(a.stdout.split('\n').some((l) => l.length > 100)).toBe(true);
  });

  it('replays help only for a line that is words and --help, and runs the CLI otherwise', () => {
    for (const argv of [['smbios', '--help'], ['--json', '--help'], ['smbios', 'decode', '-h'], ['nosuch', '--help']]) {
      const a = viaLauncher(argv, work);
      const b = viaDist(argv, work);
      expect({ status: a.status, stdout: a.stdout, stderr: a.stderr }, argv.join(' ')).toEqual({ status: b.status, stdout: b.stdout, stderr: b.stderr });
    }
  });

  it('every bundle\'s V8 code cache is accepted by this Node', () => {
    // In a plain process: a code cache is refused under other V8 flags (a test runner's among them).
    const names = [launcher.FULL, ...launcher.currentManifest()!.commands.map((c) => `cmd-${c}`)];
    const script = `const b = require(${JSON.stringify(bundleJs)}); const fs = require('node:fs'); process.stdout.write(JSON.stringify(${JSON.stringify(names)}.map((n) => b.load(n, fs.readFileSync(b.cacheOf(n))).script.cachedDataRejected)));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(names.map(() => false));
  });
});
