// String numbers: 0 is "Not Specified", past the set is <BAD INDEX> plus a finding (never an
// exception), non-printable bytes print as dots (dmidecode `dmi_string`).
import { describe, expect, it } from 'vitest';
import { buildStructure, decodeTyped, formatWithFindings, type RawStructure } from '@hvmpack/smbios';

const V = { major: 3, minor: 3 };

/** Type 2, length 8: manufacturer, product, version, serial string numbers. */
function board(numbers: number[], strings: string[]): RawStructure {
  return buildStructure({ type: 2, handle: 0x0200, data: Uint8Array.from(numbers), strings });
}

describe('string resolution', () => {
  it('index 0 prints Not Specified and decodes to null', () => {
    const s = board([0, 1, 1, 1], ['x']);
    expect(formatWithFindings(s, V).lines[1]).toBe('\tManufacturer: Not Specified');
    expect(decodeTyped(s, V).fields['manufacturer']).toBeNull();
  });

  it('an index past the string set prints <BAD INDEX> and reports a finding at the field offset', () => {
    const s = { ...board([1, 2, 9, 1], ['a', 'b']), offset: 0x100 };
    const r = formatWithFindings(s, V);
    expect(r.lines).toContain('\tVersion: <BAD INDEX>');
    expect(r.findings).toEqual([expect.objectContaining({ code: 'SMBIOS_STRING_INDEX_OUT_OF_RANGE', offset: 0x100 + 6 })]);
    const typed = decodeTyped(s, V);
    expect(typed.fields['version']).toBeNull();
    expect(typed.findings.map((f) => f.code)).toEqual(['SMBIOS_STRING_INDEX_OUT_OF_RANGE']);
  });

  it('an empty string set makes every non-zero index bad', () => {
    const r = formatWithFindings(board([1, 0, 0, 0], []), V);
    expect(r.lines[1]).toBe('\tManufacturer: <BAD INDEX>');
    expect(r.findings).toHaveLength(1);
  });

  it('control and high bytes print as dots but stay raw in fields', () => {
    const s = board([1, 0, 0, 0], ['A\u0007B\u00e9']);
    expect(formatWithFindings(s, V).lines[1]).toBe('\tManufacturer: A.B.');
    expect(decodeTyped(s, V).fields['manufacturer']).toBe('A\u0007B\u00e9');
  });

  it('a set that starts with a NUL has no strings, as dmidecode walks it', () => {
    const s: RawStructure = { ...board([1, 0, 0, 0], []), stringSet: Uint8Array.from([0, 0x41, 0, 0]) };
    expect(formatWithFindings(s, V).lines[1]).toBe('\tManufacturer: <BAD INDEX>');
  });
});
