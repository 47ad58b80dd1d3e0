// Issue 11 item 9: `smbios decode` text is written as it is made, so memory stays bounded whatever
// the table holds, and stops at the JSON writer's 64 MiB with LIMIT_EXCEEDED. The input is the
// crafted table of the issue: a 2.5 MB `_SM3_` dump of 2,000 type-40 structures whose 50 entries
// all point at one 1,000-byte string (111 MB of text; 666 MB peak RSS when the text was built whole).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeIO, runCli } from '@hvmpack/cli';
import { JSON_OUTPUT_LIMIT, buildTable } from '@hvmpack/smbios';
import { repoRoot } from './support/env.js';
import { tempDir } from './support/tools.js';

const work = tempDir('text-stream');
const crafted = path.join(work, 'type40.bin');
{
  const items = [];
  for (let i = 0; i < 2000; i++) {
    // DSP0134 §7.41: entry count at 0x04, then 5-byte entries (length 5, referenced handle,
    // referenced offset, string number 1, no value).
    const data = new Uint8Array(251);
    data[0] = 50;
    for (let e = 0; e < 50; e++) data.set([5, 0, 0, 4, 1], 1 + e * 5);
    items.push({ type: 40, data, strings: ['A'.repeat(1000)] });
  }
  writeFileSync(crafted, buildTable(items, { version: { major: 3, minor: 2, docrev: 0 } }).dumpBin);
}

describe('smbios decode text streams', () => {
  it('writes pieces as it goes and stops at 64 MiB with LIMIT_EXCEEDED (exit 2, one line)', async () => {
    expect(readFileSync(crafted).length).toBeGreaterThan(2_500_000);
    let total = 0;
    let largest = 0;
    let writes = 0;
    let stderr = '';
    const io = {
      ...nodeIO(),
      stdout: (t: string) => {
        total += t.length;
        largest = Math.max(largest, t.length);
        writes++;
      },
      stderr: (t: string) => void (stderr += t),
    };
    const code = await runCli(['smbios', 'decode', crafted], io);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^hvmpack: [^\n]*type40\.bin: text output is over its size limit[^\n]*\n$/);
    // Everything up to the cap was written, in pieces far smaller than the whole.
    expect(total).toBeLessThanOrEqual(JSON_OUTPUT_LIMIT);
    expect(total).toBeGreaterThan(JSON_OUTPUT_LIMIT - 1024 * 1024);
    expect(largest).toBeLessThan(1024 * 1024);
    expect(writes).toBeGreaterThan(500);
  });

  it('keeps peak memory bounded writing into a pipe (/usr/bin/time -v)', (t) => {
    if (!existsSync('/usr/bin/time')) return t.skip('/usr/bin/time not installed');
    const bin = path.join(repoRoot, 'packages/cli/bin/hvmpack.js');
    expect(existsSync(path.join(repoRoot, 'packages/cli/dist/main.js')), 'run `tsc -b` first (the test command does)').toBe(true);
    const timeFile = path.join(work, 'time.txt');
    const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    const r = spawnSync('sh', ['-c', `/usr/bin/time -v -o ${q(timeFile)} ${q(process.execPath)} ${q(bin)} smbios decode ${q(crafted)} 2>/dev/null | cat > /dev/null`], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'))?.[1]);
    console.log(`[measure] smbios decode of the crafted type-40 table into a pipe: peak RSS ${Math.round(kb / 1024)} MiB`);
    // The text is 111 MB; holding it (or a pipe's backlog of it) is several times this bound.
    expect(kb).toBeLessThan(200 * 1024);
  });
});
