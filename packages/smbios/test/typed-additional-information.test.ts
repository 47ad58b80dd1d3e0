// Type 40's entries (DSP0134 §7.41) are in the typed fields as the text shows them: every entry
// up to the first one too short or running past the structure, each value as dmidecode reads it.
import { describe, expect, it } from 'vitest';
import { buildStructure, decodeTyped, formatWithFindings, type RawStructure } from '@hvmpack/smbios';

const V = { major: 3, minor: 3 };

/** An entry at its offset: length, referenced handle (LE), referenced offset, string number, value bytes. */
const entry = (handle: number, offset: number, string: number, value: number[]): number[] => [5 + value.length, handle & 0xff, handle >> 8, offset, string, ...value];

/** Type 40: number of entries at 0x04, entries from 0x05. */
function additional(count: number, entries: number[][], strings: string[]): RawStructure {
  return buildStructure({ type: 40, handle: 0x4000, data: Uint8Array.from([count, ...entries.flat()]), strings });
}

describe('type 40 entries', () => {
  it.each<[string, RawStructure, unknown[], string[]]>([
    [
      'values of 1, 2, 4 and 3 bytes (the last one hex, as "Unexpected size" in text)',
      additional(4, [entry(0x0001, 0x08, 1, [0x7f]), entry(0x0020, 0x10, 2, [0x34, 0x12]), entry(0x0101, 0x04, 0, [0xef, 0xbe, 0xad, 0xde]), entry(0x0002, 0x05, 1, [1, 2, 0xab])], ['Speed', 'Mode']),
      [
        { referencedHandle: 1, referencedOffset: 8, string: 'Speed', value: 0x7f },
        { referencedHandle: 0x20, referencedOffset: 0x10, string: 'Mode', value: 0x1234 },
        { referencedHandle: 0x101, referencedOffset: 4, string: null, value: 0xdeadbeef },
        { referencedHandle: 2, referencedOffset: 5, string: 'Speed', value: '0102ab' },
      ],
      ['\tReferenced Handle: 0x0001', '\tValue: 0x7f', '\tValue: 0x1234', '\tString: Not Specified', '\tValue: 0xdeadbeef', '\tValue: Unexpected size'],
    ],
    // The count says 3; the second entry's length byte says 2 (shorter than an entry's header): both stop there.
    ['stops at a short entry', additional(3, [entry(0x0005, 0x06, 1, [9]), [2, 0, 0, 0, 0, 0]], ['x']), [{ referencedHandle: 5, referencedOffset: 6, string: 'x', value: 9 }], ['Additional Information 2']],
    // The last entry claims 0x20 bytes, more than the structure holds.
    ['stops at an entry running past the structure', additional(2, [entry(0x0005, 0x06, 1, [9]), [0x20, 0, 0, 0, 0, 0]], ['x']), [{ referencedHandle: 5, referencedOffset: 6, string: 'x', value: 9 }], ['Additional Information 2']],
  ])('%s', (_name, s, entries, text) => {
    const typed = decodeTyped(s, V);
    expect(typed.fields['entries']).toEqual(entries);
    const lines = formatWithFindings(s, V).lines;
    for (const line of text) expect(lines).toContain(line);
    expect(lines.filter((l) => l.startsWith('\tReferenced Handle')).length).toBe(entries.length);
  });

  it('a string number past the set is null in the entry and one finding, as in the text', () => {
    const s = additional(1, [entry(0x0001, 0x08, 4, [1])], ['only']);
    const typed = decodeTyped(s, V);
    expect(typed.fields['entries']).toEqual([{ referencedHandle: 1, referencedOffset: 8, string: null, value: 1 }]);
    expect(typed.findings).toEqual([expect.objectContaining({ code: 'SMBIOS_STRING_INDEX_OUT_OF_RANGE', offset: s.offset + 5 + 4 })]);
    expect(formatWithFindings(s, V).findings.map((f) => [f.code, f.offset])).toEqual(typed.findings.map((f) => [f.code, f.offset]));
  });

  it('has no entries below 0x0b bytes, where dmidecode prints none', () => {
    expect(decodeTyped(additional(1, [[6, 1, 0]], []), V).fields['entries']).toBeUndefined();
  });
});
