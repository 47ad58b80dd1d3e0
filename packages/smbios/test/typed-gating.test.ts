// Fields are read only when the structure is long enough (and, where dmidecode does, per version).
import { describe, expect, it } from 'vitest';
import { buildStructure, decodeTyped, formatStructureText, type SmbiosVersion } from '@hvmpack/smbios';

const V3: SmbiosVersion = { major: 3, minor: 0 };

/** Type 1 with `n` bytes after the header: strings 1–4, UUID bytes 0x11.., wake-up 6, SKU 5, family 6. */
function type1(n: number) {
  const full = [1, 2, 3, 4, ...new Array<number>(16).fill(0x11), 0x06, 5, 6];
  return buildStructure({ type: 1, handle: 1, data: Uint8Array.from(full.slice(0, n)), strings: ['M', 'P', 'V', 'S', 'K', 'F'] });
}

describe('type 1 by length', () => {
  it.each<[string, number, string[], string[]]>([
    ['2.0 (0x08 bytes)', 4, ['Manufacturer', 'Product Name', 'Version', 'Serial Number'], ['UUID', 'Wake-up Type', 'SKU Number']],
    ['2.1 (0x19 bytes)', 21, ['Serial Number', 'UUID', 'Wake-up Type'], ['SKU Number', 'Family']],
    ['2.4 (0x1B bytes)', 23, ['UUID', 'Wake-up Type', 'SKU Number', 'Family'], []],
  ])('%s', (_, n, present, absent) => {
    const lines = formatStructureText(type1(n), V3);
    expect(lines[0]).toBe('System Information');
    for (const a of present) expect(lines.some((l) => l.startsWith(`\t${a}: `))).toBe(true);
    for (const a of absent) expect(lines.some((l) => l.startsWith(`\t${a}: `))).toBe(false);
  });

  it('typed fields follow the same gates', () => {
    expect(Object.keys(decodeTyped(type1(4), V3).fields)).toEqual(['manufacturer', 'productName', 'version', 'serialNumber']);
    expect(decodeTyped(type1(21), V3).fields).toMatchObject({ wakeUpType: 6, uuid: '11111111-1111-1111-1111-111111111111' });
    expect(decodeTyped(type1(21), V3).fields).not.toHaveProperty('skuNumber');
    expect(decodeTyped(type1(23), V3).fields).toMatchObject({ skuNumber: 'K', family: 'F' });
  });

  it('a structure shorter than the first field prints only its title', () => {
    expect(formatStructureText(type1(2), V3)).toEqual(['System Information']);
  });
});

describe('version-dependent text', () => {
  // Type 4, length 0x20: cache handles at 0x1A–0x1F all 0xFFFF.
  const data = new Uint8Array(0x20 - 4);
  data.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 0x1a - 4);
  const cpu = buildStructure({ type: 4, handle: 4, data });

  it.each<[SmbiosVersion, string]>([
    [{ major: 2, minor: 2 }, 'No L1 Cache'],
    [{ major: 2, minor: 3 }, 'Not Provided'],
  ])('absent cache handles under %o read "%s"', (version, text) => {
    expect(formatStructureText(cpu, version)).toContain(`\tL1 Cache Handle: ${text}`);
  });
});

describe('unknown enum values stay numbers', () => {
  it('chassis type 0x7E is kept as 0x7E and printed as out of spec', () => {
    const s = buildStructure({ type: 3, handle: 3, data: Uint8Array.from([0, 0x7e, 0, 0, 0]) });
    expect(decodeTyped(s, V3).fields['chassisType']).toBe(0x7e);
    expect(formatStructureText(s, V3)).toContain('\tType: <OUT OF SPEC>');
  });
});
