// `--oem-string N|count` on `smbios get` and `smbios decode` against dmidecode 3.4 itself: the same
// stdout byte for byte, the same exit code (0 for a number past the count: dmidecode prints "No OEM
// string number N" on stderr and carries on), one stderr line per type 11 structure lacking N, and
// the same verdict on every spelling of N dmidecode's strtoul takes or refuses (exit 2).
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable, type StructureSpec } from '@hvmpack/smbios';
import { runHvmpack } from './support/cli.js';
import { skipReason } from './support/env.js';
import { corpusDumpCases } from './support/smbios-corpus.js';
import { runTool, tempDir } from './support/tools.js';

const skipTool = skipReason({ tools: ['dmidecode'] });
const BANNER = /^(# dmidecode .*|Reading SMBIOS\/DMI data from file .*)\n/gm;
const COMMANDS = [['smbios', 'get'], ['smbios', 'decode']] as const;

/** dmidecode and both hvmpack commands on one dump and one argument: stdout, exit code and the count of "no OEM string" lines agree. */
async function compare(dump: string, which: string, label: string): Promise<void> {
  const want = await runTool('dmidecode', ['--from-dump', dump, '--oem-string', which]);
  const wantMissing = (want.stderr.match(/^No OEM string number \d+$/gm) ?? []).length;
  for (const cmd of COMMANDS) {
    const got = await runHvmpack([...cmd, dump, '--oem-string', which]);
    const where = `${label}: ${cmd.join(' ')} --oem-string ${JSON.stringify(which)}`;
    expect({ code: got.code, stdout: got.stdout }, where).toEqual({ code: want.code, stdout: want.code === 2 ? '' : want.stdout.replace(BANNER, '') });
    if (want.code === 2) expect(got.stderr, where).toMatch(/^hvmpack: invalid OEM string number [^\n]+\n$/);
    else expect((got.stderr.match(/: no OEM string number \d+$/gm) ?? []).length, where).toBe(wantMissing);
  }
}

const V28 = { version: { major: 2, minor: 8 } };
const type1: StructureSpec = { type: 1, data: new Uint8Array(23), strings: [] };
/** Type 11 shapes the corpus lacks, built by our encoder: two type 11s, one too short for a count, none, a count past the strings, a zero count, control characters. */
const CRAFTED: Record<string, StructureSpec[]> = {
  'two type 11 structures': [type1, { type: 11, data: Uint8Array.of(2), strings: ['a1', 'a2'] }, { type: 11, data: Uint8Array.of(3), strings: ['b1', 'b2', 'b3'] }],
  'a type 11 of 4 bytes (no count)': [type1, { type: 11, data: new Uint8Array(0), strings: ['x'] }],
  'no type 11': [type1],
  'a count of 3 with one string': [type1, { type: 11, data: Uint8Array.of(3), strings: ['only'] }],
  'a count of 0': [type1, { type: 11, data: Uint8Array.of(0), strings: [] }],
  'control characters': [type1, { type: 11, data: Uint8Array.of(1), strings: ['a\tb\x7fc'] }],
};

describe.skipIf(skipTool !== undefined)('--oem-string against dmidecode 3.4', () => {
  const dir = tempDir('oem-string');

  it.each(Object.keys(CRAFTED))('%s', async (name) => {
    const dump = path.join(dir, `${name.replace(/\W+/g, '-')}.bin`);
    writeFileSync(dump, buildTable(CRAFTED[name]!, V28).dumpBin);
    for (const which of ['count', '1', '2', '3', '4', '255']) await compare(dump, which, name);
  });

  it('takes and refuses the spellings of N that dmidecode takes and refuses', async () => {
    const dump = path.join(dir, 'spellings.bin');
    writeFileSync(dump, buildTable(CRAFTED['two type 11 structures']!, V28).dumpBin);
    const spellings = ['count', ' 2', '\t1', '+2', '010', '003', '255', '0', '-1', '-0', '256', '99999', '1x', '0x1', '2 ', '', 'COUNT', ' ', '+', '1.0'];
    for (const which of spellings) await compare(dump, which, 'spelling');
  });

  it.skipIf(skipReason({ corpus: 'smbios' }) !== undefined)('every corpus dump, from count to one past it', async () => {
    let compared = 0;
    for (const c of corpusDumpCases(dir)) {
      const plain = await runTool('dmidecode', ['--from-dump', c.dumpFile]);
      // A table dmidecode cannot read has nothing to compare.
      if (!/^Handle /m.test(plain.stdout)) continue;
      const count = Number((await runTool('dmidecode', ['--from-dump', c.dumpFile, '--oem-string', 'count'])).stdout.replace(BANNER, '').split('\n')[0] || 0);
      for (const which of ['count', ...Array.from({ length: count + 1 }, (_, k) => String(k + 1))]) await compare(c.dumpFile, which, c.name);
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
  });
});
