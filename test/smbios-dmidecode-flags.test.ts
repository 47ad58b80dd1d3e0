// dmidecode's own flags on `smbios decode`: -q, -u, -H, --oem-string and --from-dump print what
// dmidecode 3.4 prints with the same flags, byte for byte, on every corpus table it reads (its
// two banner lines, `# dmidecode 3.4` and `Reading SMBIOS/DMI data from file …`, aside).
import { describe, expect, it } from 'vitest';
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
