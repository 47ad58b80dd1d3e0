// The bundled CLI (packages/cli/build.mjs, run by `pnpm test` and `pnpm build`) must behave as the
// per-package build it is made from: the same output, errors and exit codes, byte for byte.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildExampleHost } from '@hvmpack/host';
import { loadCommandTree } from '../src/tree.js';
import { runHvmpack } from '../../../test/support/cli.js';
import { repoRoot } from '../../../test/support/env.js';
import { tempDir } from '../../../test/support/tools.js';

const bin = path.join(repoRoot, 'packages/cli/bin/hvmpack.js');
const launcher = createRequire(import.meta.url)(path.join(repoRoot, 'packages/cli/bin/bundle.js')) as { isCurrent(): boolean };
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

  it('writes the same pack output as dist/', () => {
    const a = viaLauncher(['pack', 'smbios', 'host-smbios.bin', '-o', '-', '-q'], work);
    const b = viaDist(['pack', 'smbios', 'host-smbios.bin', '-o', '-', '-q'], work);
    expect(a.status).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('loads every command in the tree: each --help as the sources print it', async () => {
    // One process runs them all from the bundle; a module that breaks only when bundled (an
    // import.meta use, a load-order dependency) fails here as soon as its command is added.
    const argvs = (await loadCommandTree()).map((l) => [...l.words, '--help']);
    const script = [
      `const b = require(${JSON.stringify(path.join(repoRoot, 'packages/cli/bin/bundle.js'))});`,
      "const { exports: cli } = b.load(require('node:fs').readFileSync(b.CODE_CACHE));",
      `(async () => { const out = []; for (const argv of ${JSON.stringify(argvs)}) { let text = '';`,
      'const io = cli.withIO(cli.nodeIO(), { stdout: (t) => void (text += t), stderr: (t) => void (text += t) });',
      'out.push({ code: await cli.runCli(argv, io), text }); } process.stdout.write(JSON.stringify(out)); })();',
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script], { cwd: work, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
    expect(r.stderr).toBe('');
    const fromBundle = JSON.parse(r.stdout) as { code: number; text: string }[];
    expect(fromBundle).toHaveLength(argvs.length);
    for (const [i, argv] of argvs.entries()) {
      const fromSources = await runHvmpack(argv);
      expect(fromBundle[i], argv.join(' ')).toEqual({ code: fromSources.code, text: fromSources.stdout + fromSources.stderr });
    }
  });

  it('its V8 code cache is accepted by this Node', () => {
    // In a plain process: a code cache is refused under other V8 flags (a test runner's among them).
    const script = `const b = require(${JSON.stringify(path.join(repoRoot, 'packages/cli/bin/bundle.js'))}); const fs = require('node:fs'); process.stdout.write(String(b.load(fs.readFileSync(b.CODE_CACHE)).script.cachedDataRejected));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('false');
  });
});
