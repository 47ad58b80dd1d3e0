// getKeyword follows dmidecode -s: one value per structure, stop at End-of-Table, print nothing
// for fields the structure is too short for or revisions marked 0xFF.
import { describe, expect, it } from 'vitest';
import { buildStructure, findStringKeyword, getKeyword, STRING_KEYWORDS, TYPE_KEYWORDS, type RawStructure, type SmbiosTable, type SmbiosVersion } from '@hvmpack/smbios';

function table(structures: RawStructure[], version: SmbiosVersion | null = { major: 3, minor: 0 }): SmbiosTable {
  return { container: 'built', entryPoint: null, version, table: new Uint8Array(0), structures, findings: [] };
}

/** Type 0, length 0x18: vendor 1, version 2, segment 0, date 3, ROM 0, characteristics, ext, revisions. */
function bios(rev: [number, number, number, number]): RawStructure {
  const data = new Uint8Array(0x18 - 4);
  data.set([1, 2, 0, 0, 3], 0);
  data.set(rev, 0x14 - 4);
  return buildStructure({ type: 0, handle: 0, data, strings: ['Vendor', 'V1', '01/01/2020'] });
}
const eot = buildStructure({ type: 127, handle: 0xfeff, data: new Uint8Array(0) });

describe('getKeyword', () => {
  it.each<[string, [number, number, number, number], string[]]>([
    ['bios-revision', [1, 2, 3, 4], ['1.2']],
    ['firmware-revision', [1, 2, 3, 4], ['3.4']],
    ['bios-revision', [0xff, 2, 3, 4], []],
    ['firmware-revision', [1, 2, 3, 0xff], []],
    ['bios-vendor', [0, 0, 0, 0], ['Vendor']],
    ['BIOS-Release-Date', [0, 0, 0, 0], ['01/01/2020']],
  ])('%s with revisions %o', (kw, rev, expected) => {
    expect(getKeyword(table([bios(rev)]), kw)).toEqual(expected);
  });

  it('prints one value per matching structure and stops at End-of-Table', () => {
    const t = table([bios([0, 0, 0, 0]), bios([0, 0, 0, 0]), eot, bios([0, 0, 0, 0])]);
    expect(getKeyword(t, 'bios-vendor')).toEqual(['Vendor', 'Vendor']);
  });

  it('a field past the structure prints nothing', () => {
    const short = buildStructure({ type: 1, handle: 1, data: Uint8Array.from([1, 0, 0, 0]), strings: ['M'] });
    expect(getKeyword(table([short]), 'system-sku-number')).toEqual([]);
    expect(getKeyword(table([short]), 'system-uuid')).toEqual([]);
    expect(getKeyword(table([short]), 'system-product-name')).toEqual(['Not Specified']);
  });

  it('system-uuid reads 16 bytes from 0x08 even into the string set, as dmidecode does', () => {
    // Length 0x0C: four UUID bytes in the formatted area, the rest from the string-set bytes.
    const s = buildStructure({ type: 1, handle: 1, data: Uint8Array.from([0, 0, 0, 0, 1, 2, 3, 4]), strings: ['ABCDEFGHIJKL'] });
    expect(getKeyword(table([s], { major: 2, minor: 4 }), 'system-uuid')).toEqual(['01020304-4142-4344-4546-4748494a4b4c']);
  });

  it('chassis-type masks the lock bit', () => {
    const s = buildStructure({ type: 3, handle: 3, data: Uint8Array.from([0, 0x80 | 0x17, 0, 0, 0]) });
    expect(getKeyword(table([s]), 'chassis-type')).toEqual(['Rack Mount Chassis']);
  });

  it.each<[number, string, string]>([
    [0xbe, 'Intel(R) Corporation', 'Core 2'],
    [0xbe, 'AuthenticAMD', 'K7'],
    [0xbe, 'CentaurHauls', 'Core 2 or K7'],
    [0xbe, 'AMD', 'K7'],
    [0xb3, 'x', 'Xeon'],
    [0x7f, 'x', '<OUT OF SPEC>'],
  ])('processor-family %i with manufacturer %s', (family, maker, expected) => {
    const data = new Uint8Array(0x1a - 4);
    data[0x06 - 4] = family;
    data[0x07 - 4] = 1;
    const s = buildStructure({ type: 4, handle: 4, data, strings: [maker] });
    expect(getKeyword(table([s]), 'processor-family')).toEqual([expected]);
  });

  it('processor-frequency prints MHz or Unknown', () => {
    const mk = (mhz: number): RawStructure => {
      const data = new Uint8Array(0x1a - 4);
      data[0x16 - 4] = mhz & 0xff;
      data[0x17 - 4] = mhz >> 8;
      return buildStructure({ type: 4, handle: 4, data });
    };
    expect(getKeyword(table([mk(2400), mk(0)]), 'processor-frequency')).toEqual(['2400 MHz', 'Unknown']);
  });

  it('rejects an unknown keyword', () => {
    expect(() => getKeyword(table([]), 'system-colour')).toThrow(RangeError);
    expect(findStringKeyword('System-UUID')).toEqual({ keyword: 'system-uuid', type: 1, offset: 8 });
  });

  it('lists dmidecode 3.4 keywords', () => {
    expect(STRING_KEYWORDS).toHaveLength(26);
    expect(TYPE_KEYWORDS['memory']).toEqual([5, 6, 16, 17]);
    expect(TYPE_KEYWORDS['baseboard']).toEqual([2, 10, 41]);
  });
});
