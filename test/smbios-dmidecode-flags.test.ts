// dmidecode's own flags on `smbios decode`: -q, -u, -H, --oem-string and --from-dump print what
// dmidecode 3.4 prints with the same flags, byte for byte, on every corpus table it reads (its
// two banner lines, `# dmidecode 3.4` and `Reading SMBIOS/DMI data from file …`, aside).
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExampleHost } from '@hvmpack/host';
import { runHvmpack } from './support/cli.js';
import { skipReason } from './support/env.js';
import { corpusDumpCases } from './support/smbios-corpus.js';
import { runTool, tempDir } from './support/tools.js';

const skip = skipReason({ tools: ['dmidecode'], corpus: 'smbios' });
const BANNER = /^(# dmidecode .*|Reading SMBIOS\/DMI data from file .*)\n/gm;
const cases = skip === undefined ? corpusDumpCases(tempDir('dmi-flags')) : [];

describe.skipIf(skip !== undefined)('smbios decode with dmidecode 3.4 flags', () => {
  it.each(cases.map((c) => ({ ...c, label: c.name })))('$label: -q, -u, -H, --oem-string print what dmidecode prints', async (c) => {
    const plain = await runTool('dmidecode', ['--from-dump', c.dumpFile]);
    // A table dmidecode cannot read has nothing to compare.
    if (!/^Handle /m.test(plain.stdout)) return;
    const second = c.table.structures[1]?.handle ?? 0;
    const h = `0x${second.toString(16).padStart(4, '0')}`;
    for (const flags of [['-q'], ['-u'], ['-H', h], ['-H', h, '-q'], ['-q', '-t', 'memory'], ['--oem-string', 'count']]) {
      const want = await runTool('dmidecode', ['--from-dump', c.dumpFile, ...flags]);
      const got = await runHvmpack(['smbios', 'decode', '--from-dump', c.dumpFile, ...flags]);
      expect(got.stdout, flags.join(' ')).toBe(want.stdout.replace(BANNER, ''));
    }
  });
});

const skipTool = skipReason({ tools: ['dmidecode'] });

describe.skipIf(skipTool !== undefined)('dmidecode flags on the example host (no corpus needed)', () => {
  const file = path.join(tempDir('dmi-flags-example'), 'host.bin');
  writeFileSync(file, buildExampleHost().smbiosDumpBin);

  it.each([[['-q']], [['-u']], [['-H', '0x000B']], [['-H', '11', '-q']], [['-t', '11', '-u']], [['--oem-string', 'count']], [['--oem-string', '2']]])('%j prints what dmidecode prints', async (flags) => {
    const want = await runTool('dmidecode', ['--from-dump', file, ...flags]);
    const got = await runHvmpack(['smbios', 'decode', file, ...flags]);
    expect(got.stdout).toBe(want.stdout.replace(BANNER, ''));
  });

  it.each([[['-H', 'zz']], [['-H', '0x10000']], [['--oem-string', '0']], [['--oem-string', 'x']]])('%j is a usage error (exit 2, one line)', async (flags) => {
    const r = await runHvmpack(['smbios', 'decode', file, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hvmpack: [^\n]+\n$/);
    expect(r.stdout).toBe('');
  });
});
