// The bundled CLI answers yargs' width questions with oneColumnWidth before string-width (see
// build.mjs); the answer must be the one each string-width yargs and cliui use would give.
import { createRequire } from 'node:module';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { oneColumnWidth } from '../src/text-width.js';
import { repoRoot } from '../../../test/support/env.js';

type StringWidth = (text: string) => number;

/** The string-width that `from` (a package's entry file) imports, loaded from its own folder. */
async function stringWidthOf(from: string): Promise<{ version: string; width: StringWidth }> {
  const req = createRequire(from);
  const entry = req.resolve('string-width');
  const manifest = req(path.join(path.dirname(entry), 'package.json')) as { version: string };
  return { version: manifest.version, width: ((await import(pathToFileURL(entry).href)) as { default: StringWidth }).default };
}

const yargsEntry = realpathSync(path.join(repoRoot, 'packages/cli/node_modules/yargs/index.mjs'));
const widths: { name: string; version: string; width: StringWidth }[] = [];

beforeAll(async () => {
  const yargsOwn = await stringWidthOf(yargsEntry);
  const cliui = createRequire(yargsEntry).resolve('cliui');
  const cliuiOwn = await stringWidthOf(realpathSync(cliui));
  widths.push({ name: 'yargs', ...yargsOwn }, { name: 'cliui', ...cliuiOwn });
});

/** Every code point oneColumnWidth accepts, by range. */
const ACCEPTED: readonly [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0xa8],
  [0xaa, 0xac],
  [0xaf, 0xff],
  [0x2010, 0x2027],
  [0x2190, 0x2193],
];

describe('oneColumnWidth', () => {
  it('finds yargs and cliui string-width (7 and 8 when this was written)', () => {
    expect(widths.map((w) => w.name)).toEqual(['yargs', 'cliui']);
  });

  it.each(ACCEPTED)('every code point from 0x%s to 0x%s is one column for each string-width', (from, to) => {
    const wrong: string[] = [];
    for (let c = from; c <= to; c++) {
      const ch = String.fromCodePoint(c);
      expect(oneColumnWidth(ch)).toBe(1);
      for (const w of widths) if (w.width(ch) !== 1) wrong.push(`U+${c.toString(16).padStart(4, '0')} ${w.name} string-width ${w.version}: ${w.width(ch)}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['\u00a9', 'copyright sign, two columns for string-width 7'],
    ['\u00ad', 'soft hyphen, no column'],
    ['\u2194', 'left-right arrow, an emoji for string-width 7'],
    ['\u4e2d', 'CJK ideograph, two columns'],
    ['e\u0301', 'e and a combining accent, one column from two code points'],
    ['\x1b[1mbold\x1b[22m', 'ANSI escapes, no columns'],
    ['\t', 'a control character'],
    ['\u{1f600}', 'an emoji outside the BMP'],
  ])('leaves %j (%s) to string-width', (text) => {
    expect(oneColumnWidth(text)).toBeUndefined();
  });

  it.each(['', 'hvmpack smbios decode [input..]', 'the whole host \u2192 guest walk-through', 'DSP0134 \u00a77.2 \u2026 \u00d72'])('%j: its length, as string-width says', (text) => {
    expect(oneColumnWidth(text)).toBe(text.length);
    for (const w of widths) expect(w.width(text), `${w.name} string-width ${w.version}`).toBe(text.length);
  });
});
