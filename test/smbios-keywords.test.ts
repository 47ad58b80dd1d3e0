// Differential test: `hvmpack smbios get FILE KEYWORD` against `dmidecode --from-dump -s KEYWORD`
// for every dmidecode string keyword on every corpus SMBIOS file dmidecode can read (other
// containers are converted to --dump-bin by our own encoder for dmidecode's side).
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable, encodeTyped, getKeyword, STRING_KEYWORDS } from '@hvmpack/smbios';
import { runHvmpack } from './support/cli.js';
import { skipReason } from './support/env.js';
import { corpusDumpCases } from './support/smbios-corpus.js';
import { pool, tempDir, toolOutput } from './support/tools.js';

const reason = skipReason({ tools: ['dmidecode'], corpus: 'smbios' });
const workDir = tempDir('keywords');

function dmidecodeS(file: string, keyword: string): Promise<string> {
  return toolOutput('dmidecode', ['--from-dump', file, '-s', keyword], { maxBuffer: 1 << 20 });
}

/** Keywords per file that also go through the whole CLI; rotated so every keyword is covered several times. */
const CLI_KEYWORDS_PER_FILE = 4;

const cases = reason ? [] : corpusDumpCases(workDir);

describe.skipIf(reason !== undefined)('smbios get agrees with dmidecode -s', () => {
  it('has corpus files to compare', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  it.for(cases.map((c, n) => [c.name, c, n] as const))('%s', async ([, c, n]) => {
    const theirs = await pool(STRING_KEYWORDS, 4, (k) => dmidecodeS(c.dumpFile, k));
    // Report the keyword and line only: the values are serial numbers and UUIDs.
    const mismatches: string[] = [];
    const compare = (k: string, ours: string, expected: string): void => {
      if (ours === expected) return;
      const a = ours.split('\n');
      const b = expected.split('\n');
      mismatches.push(`${k}: line ${a.findIndex((l, j) => l !== b[j])} (${a.length} vs ${b.length} lines)`);
    };
    for (const [i, k] of STRING_KEYWORDS.entries()) {
      const values = getKeyword(c.table, k);
      compare(k, values.map((v) => v + '\n').join(''), theirs[i]!);
      // The whole CLI (input detection, reading, printing) for a rotating few keywords per file.
      const slot = (((i - n * CLI_KEYWORDS_PER_FILE) % STRING_KEYWORDS.length) + STRING_KEYWORDS.length) % STRING_KEYWORDS.length;
      if (slot < CLI_KEYWORDS_PER_FILE) {
        const cli = await runHvmpack(['smbios', 'get', c.input, k]);
        if (cli.code !== 0) mismatches.push(`${k}: cli exit ${cli.code}`);
        else compare(`${k} (cli)`, cli.stdout, theirs[i]!);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('smbios get on a table built in code', () => {
  // Type 1 (SMBIOS 2.8 layout) through our typed encoder, with a recognisable serial number.
  const SERIAL = 'SERIAL-0042';
  const UUID = '4c4c4544-0042-3510-8052-b4c04f565731';
  const built = buildTable(
    [{ ...encodeTyped(1, { manufacturer: 'Maker', productName: 'Box', serialNumber: SERIAL, uuid: UUID, wakeUpType: 6, skuNumber: 'SKU', family: 'Fam' }, { version: { major: 2, minor: 8 } }), handle: 0x0100 }],
    { version: { major: 2, minor: 8 } },
  );
  const file = path.join(workDir, 'built.bin');
  writeFileSync(file, built.dumpBin);

  it.each<[string, string]>([
    ['system-serial-number', `${SERIAL}\n`],
    ['system-uuid', `${UUID}\n`],
    ['SYSTEM-FAMILY', 'Fam\n'],
    ['baseboard-manufacturer', ''],
  ])('%s', async (kw, expected) => {
    const r = await runHvmpack(['smbios', 'get', file, kw]);
    expect(r).toMatchObject({ code: 0, stdout: expected, stderr: '' });
  });

  it('prints JSON with --json', async () => {
    const r = await runHvmpack(['--json', 'smbios', 'get', file, 'system-product-name']);
    expect(JSON.parse(r.stdout)).toEqual({ input: file, keyword: 'system-product-name', values: ['Box'] });
  });

  it('rejects an unknown keyword with exit 2 before reading, and never echoes table contents', async () => {
    const r = await runHvmpack(['smbios', 'get', file, 'system-serial']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('system-serial-number');
    expect(r.stderr.includes(SERIAL)).toBe(false);
  });
});
