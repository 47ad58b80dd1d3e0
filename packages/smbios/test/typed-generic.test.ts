// Types without a decoder (OEM 128–255 and unknown ones) print dmidecode's hex dump form.
import { describe, expect, it } from 'vitest';
import { buildStructure, decodeTyped, formatStructureText } from '@hvmpack/smbios';

describe('generic view', () => {
  it.each<[string, number, string]>([
    ['OEM type 0xDA', 0xda, 'OEM-specific Type'],
    ['unassigned type 100', 100, 'Unknown Type'],
  ])('%s', (_, type, title) => {
    // 20 bytes of formatted area: two hex rows (16 + 4).
    const s = buildStructure({ type, handle: 0x1234, data: Uint8Array.from({ length: 16 }, (_, i) => i), strings: ['one', 'two'] });
    expect(formatStructureText(s, null)).toEqual([
      title,
      '\tHeader and Data:',
      `\t\t${type.toString(16).toUpperCase()} 14 34 12 00 01 02 03 04 05 06 07 08 09 0A 0B`,
      '\t\t0C 0D 0E 0F',
      '\tStrings:',
      '\t\tone',
      '\t\ttwo',
    ]);
    expect(decodeTyped(s, null)).toMatchObject({ type, name: title, fields: { data: '000102030405060708090A0B0C0D0E0F' } });
  });

  it('an empty string set prints no Strings list', () => {
    const s = buildStructure({ type: 0xc0, handle: 1, data: new Uint8Array(0) });
    expect(formatStructureText(s, null)).toEqual(['OEM-specific Type', '\tHeader and Data:', '\t\tC0 04 01 00']);
  });

  it.each([
    [126, 'Inactive'],
    [127, 'End Of Table'],
  ])('type %i prints only its title', (type, title) => {
    expect(formatStructureText(buildStructure({ type, handle: 1, data: Uint8Array.from([1, 2]) }), null)).toEqual([title]);
  });
});
