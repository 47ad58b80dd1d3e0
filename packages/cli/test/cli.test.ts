import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError, VERSION } from '@hvmpack/cli';
import { FormatError } from '@hvmpack/bytes';
import { InputError } from '@hvmpack/host';
import { runHvmpack } from '../../../test/support/cli.js';
import { repoRoot } from '../../../test/support/env.js';

describe('hvmpack CLI shell', () => {
  it('--help lists commands and exits 0', async () => {
    const r = await runHvmpack(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('hvmpack <command>');
    expect(r.stdout).toContain('demo');
  });

  it('--version prints the version', async () => {
    const r = await runHvmpack(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it.each([['frobnicate'], ['--no-such-flag'], []])('bad usage %j exits 2 with a one-line message', async (...argv) => {
    const r = await runHvmpack(argv.filter((a): a is string => typeof a === 'string'));
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^hvmpack: /);
  });

  it('every command has --help', async () => {
    const top = await runHvmpack(['--help']);
    const names = [...top.stdout.matchAll(/^ {2}hvmpack ([a-z-]+)/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) {
      const r = await runHvmpack([n, '--help']);
      expect(r.code, n).toBe(0);
      expect(r.stdout, n).toContain(`hvmpack ${n}`);
    }
  });

  it('the installed binary runs (bin shim → dist)', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'packages/cli/bin/hvmpack.js'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });
});

describe('error line', () => {
  it('formats a FormatError as file: message (at 0x…) with exit 2', () => {
    const d = describeError(new FormatError('TRUNCATED', 'structure runs past the end', { offset: 0x1f, file: 'dmi.bin' }));
    expect(d.line).toBe('hvmpack: dmi.bin: structure runs past the end (at 0x1F)');
    expect(d.exitCode).toBe(2);
  });

  it('formats an InputError with its file', () => {
    expect(describeError(new InputError('NOT_FOUND', 'x.bin', 'no such file or directory')).line).toBe('hvmpack: x.bin: no such file or directory');
  });
});

describe('lazy command manifest', () => {
  it('each entry loads modules whose names and signatures match the manifest', async () => {
    const { commandEntries } = await import('../src/commands/index.js');
    for (const entry of commandEntries) {
      const parts = await entry.load();
      expect(parts.length, entry.name).toBeGreaterThan(0);
      for (const p of parts) {
        if ('subcommands' in p) {
          expect(p.command).toBe(entry.name);
          expect(p.subcommands.length).toBeGreaterThan(0);
        } else {
          expect(p.command).toBe(entry.usage);
          expect(p.describe).toBe(entry.describe);
        }
      }
    }
  });

  it('a group spread over several modules shows every subcommand in its help', async () => {
    const r = await runHvmpack(['acpi', '--help']);
    expect(r.code).toBe(0);
    for (const sub of ['list', 'extract', 'dump', 'check', 'show']) expect(r.stdout).toContain(`hvmpack acpi ${sub}`);
  });
});
