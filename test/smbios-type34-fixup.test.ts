// dmidecode 3.4's type-34 fix-up (`dmi_fixup_type_34`) on crafted structures: a Management Device
// stored with length 0x10 whose bytes 0x0B..0x0F are printable ASCII is read as 0x0B bytes long,
// those 5 bytes then starting its first string. The Handle line keeps the stored length; dmidecode
// prints "Invalid entry length (16). Fixed up to 11." on stderr only for a displayed structure, and
// ours prints one SMBIOS_TYPE34_LENGTH_FIXUP warning line in the same cases.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable, decodeSmbios, decodeTyped } from '@hvmpack/smbios';
import { runHvmpack } from './support/cli.js';
import { skipReason } from './support/env.js';
import { runTool, tempDir } from './support/tools.js';

const reason = skipReason({ tools: ['dmidecode'] });
const work = tempDir('type34');
const text = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Formatted bytes 0x04..0x0A: description string number, type 04h (LM78), address 0x2D, address type 03h (I/O port). */
const head = (description: number): number[] => [description, 0x04, 0x2d, 0x00, 0x00, 0x00, 0x03];

// [name, description string number, bytes 0x0B..0x0F, strings, fixed up, description as dmidecode prints it]
const CASES: Array<[string, number, number[], string[], boolean, string]> = [
  ['printable hidden bytes and no strings', 1, text('ABCDE'), [], true, 'ABCDE'],
  ['printable hidden bytes joined to the first string', 1, text('LM78-'), ['A', 'B'], true, 'LM78-A'],
  ['the description naming string 2, which the fix-up turns into the second one', 2, text('LM78-'), ['A', 'B'], true, 'B'],
  ['a space and a tilde, the ends of the printable range', 1, text(' ~~~ '), ['X'], true, ' ~~~ X'],
  ['a DEL byte among the hidden bytes: no fix-up', 1, [...text('ABCD'), 0x7f], ['X'], false, 'X'],
  ['a NUL among the hidden bytes: no fix-up', 1, [...text('AB'), 0, ...text('DE')], ['X'], false, 'X'],
];

describe.skipIf(reason !== undefined)('type 34 of length 0x10: smbios decode text agrees with dmidecode 3.4', () => {
  it.each(CASES)('%s', async (name, index, hidden, strings, fixed, description) => {
    const data = Uint8Array.from([...head(index), ...hidden]);
    const built = buildTable([{ type: 34, data, strings }, { type: 35, data: Uint8Array.from([1, 0, 0, 0, 0, 0, 0]), strings: ['C'] }], { version: { major: 2, minor: 7 } });
    const file = path.join(work, `${name.replace(/[^a-z0-9]+/gi, '-')}.bin`);
    writeFileSync(file, built.dumpBin);
    for (const t of [[], ['-t', '34'], ['-t', '35']]) {
      const [theirs, ours] = await Promise.all([runTool('dmidecode', ['--from-dump', file, ...t]), runHvmpack(['smbios', 'decode', file, ...t])]);
      expect([theirs.code, ours.code]).toEqual([0, 0]);
      expect(ours.stdout).toBe(theirs.stdout.split('\n').slice(2).join('\n'));
      const shown = fixed && t[1] !== '35';
      const theirLines = theirs.stderr.split('\n').filter((l) => l === 'Invalid entry length (16). Fixed up to 11.').length;
      // Ours is the finding line: its message is dmidecode's sentence word for word.
      const ourLines = ours.stderr.split('\n').filter((l) => l.endsWith(' SMBIOS_TYPE34_LENGTH_FIXUP at 0x20: Invalid entry length (16). Fixed up to 11.')).length;
      expect([theirLines, ourLines]).toEqual(shown ? [1, 1] : [0, 0]);
      if (shown) expect(ours.stdout).toContain(`\tDescription: ${description}\n`);
    }
    // The typed fields read the structure as dmidecode does.
    const s = decodeSmbios(built.dumpBin).structures[0]!;
    expect(decodeTyped(s, { major: 2, minor: 7 }).fields.description).toBe(description);
  });
});
