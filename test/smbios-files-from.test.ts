// `smbios decode --files-from LIST`: inputs listed one per line (a file, or `-` for standard
// input) decode exactly as the same inputs named on the command line, after any that are.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable } from '@hvmpack/smbios';
import { runHvmpack } from './support/cli.js';
import { repoRoot } from './support/env.js';
import { tempDir } from './support/tools.js';

const work = tempDir('smbios-files-from');

// Five small tables built here, each a --dump-bin file with its own system name.
const dumps = Array.from({ length: 5 }, (_, i) => {
  const built = buildTable([{ type: 1, data: Uint8Array.from([1, 2, 0, 0]), strings: ['Maker', `Box ${i}`] }], { version: { major: 3, minor: 3, docrev: 0 } });
  const f = path.join(work, `d${i}.bin`);
  writeFileSync(f, built.dumpBin);
  return f;
});

function listFile(name: string, text: string): string {
  const f = path.join(work, name);
  writeFileSync(f, text);
  return f;
}

describe('smbios decode --files-from', () => {
  it.each([
    ['one path per line', dumps.join('\n') + '\n'],
    ['no final newline', dumps.join('\n')],
    ['CRLF line ends and blank lines', '\r\n' + dumps.join('\r\n\r\n') + '\r\n\r\n'],
  ])('%s: the same lines as the paths given as arguments', async (name, text) => {
    const [listed, named] = await Promise.all([runHvmpack(['smbios', 'decode', '--json', '--files-from', listFile(`${name}.txt`, text)]), runHvmpack(['smbios', 'decode', '--json', ...dumps])]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe(named.stdout);
    expect(listed.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { input: string }).input)).toEqual(dumps);
  });

  it('puts inputs named as arguments first', async () => {
    const r = await runHvmpack(['smbios', 'decode', '--json', dumps[4]!, '--files-from', listFile('three.txt', dumps.slice(0, 3).join('\n'))]);
    expect(r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { input: string }).input)).toEqual([dumps[4], ...dumps.slice(0, 3)]);
  });

  it('gives a list of one input a JSON line, as any list', async () => {
    const r = await runHvmpack(['smbios', 'decode', '--json', '--files-from', listFile('one.txt', dumps[0]!)]);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect((JSON.parse(r.stdout) as { input: string }).input).toBe(dumps[0]);
  });

  it.each([
    ['an empty list', () => ['--files-from', listFile('empty.txt', '\n\n')], 'names no input'],
    ['a missing list file', () => ['--files-from', path.join(work, 'absent.txt')], 'absent.txt'],
    ['no input at all', () => [], 'no input given'],
  ])('refuses %s with exit code 2', async (_name, argv, says) => {
    const r = await runHvmpack(['smbios', 'decode', '--json', ...argv()]);
    expect(r.code).toBe(2);
    // In JSON mode the error is also the one document on stdout (docs/json.md).
    expect((JSON.parse(r.stdout) as { error: { message: string } }).error.message).toContain(says);
    expect(r.stderr).toContain(says);
  });

  it('reads the list from standard input with -', () => {
    const run = (args: string[], input?: string): string => {
      const child = spawnSync(process.execPath, [path.join(repoRoot, 'packages/cli/bin/hvmpack.js'), 'smbios', 'decode', '--json', ...args], { input, encoding: 'utf8', timeout: 60_000 });
      expect(child.status).toBe(0);
      return child.stdout;
    };
    expect(run(['--files-from', '-'], dumps.join('\n'))).toBe(run(dumps));
  });
});
