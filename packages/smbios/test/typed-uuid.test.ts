// Type-1 UUID byte order: swapped first three fields from SMBIOS 2.6, stored order before
// (dmidecode `dmi_system_uuid`), and the encoder that inverts it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStructure, decodeTyped, encodeTyped, encodeUuid, formatStructureText, formatUuid, versionCode, type SmbiosVersion } from '@hvmpack/smbios';
import { formatErrorOf } from '../../../test/support/errors.js';

const BYTES = Uint8Array.from({ length: 16 }, (_, i) => i);
const SWAPPED = '03020100-0504-0706-0809-0a0b0c0d0e0f';
const STORED = '00010203-0405-0607-0809-0a0b0c0d0e0f';

describe('formatUuid', () => {
  it.each<[string, SmbiosVersion | null, string]>([
    ['2.6 swaps the first three fields', { major: 2, minor: 6 }, SWAPPED],
    ['3.0 swaps', { major: 3, minor: 0 }, SWAPPED],
    ['2.5 keeps stored order', { major: 2, minor: 5 }, STORED],
    ['2.3 keeps stored order', { major: 2, minor: 3 }, STORED],
    ['2.51 is read as 2.6 (dmidecode fix-up) and swaps', { major: 2, minor: 51 }, SWAPPED],
    ['2.33 is read as 2.3 and keeps stored order', { major: 2, minor: 33 }, STORED],
    ['an unknown version (bare table) swaps', null, SWAPPED],
  ])('%s', (_, version, expected) => {
    expect(formatUuid(BYTES, versionCode(version))).toBe(expected);
  });

  it.each<[string, number, string]>([
    ['all FF', 0xff, 'Not Present'],
    ['all 00', 0x00, 'Not Settable'],
  ])('%s prints %s', (_, fill, expected) => {
    expect(formatUuid(new Uint8Array(16).fill(fill), 0x0300)).toBe(expected);
  });

  it('encodeUuid inverts formatUuid under both byte orders', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.constantFrom(0x0205, 0x0206, 0x0300), (bytes, ver) => {
        const text = formatUuid(bytes, ver);
        fc.pre(text !== 'Not Present' && text !== 'Not Settable');
        expect(encodeUuid(text, ver)).toEqual(bytes);
      }),
    );
  });
});

describe('type 1 UUID in context', () => {
  // Type 1, length 0x19: four string numbers, the UUID at 0x08, wake-up type at 0x18 (SMBIOS 2.1+).
  const s = buildStructure({ type: 1, handle: 0x0100, data: Uint8Array.from([1, 0, 0, 0, ...BYTES, 0x06]), strings: ['Maker'] });

  it.each<[SmbiosVersion, string]>([
    [{ major: 2, minor: 6 }, SWAPPED],
    [{ major: 2, minor: 4 }, STORED],
  ])('version %o prints the matching order in text and fields', (version, expected) => {
    expect(formatStructureText(s, version)).toContain(`\tUUID: ${expected}`);
    expect(decodeTyped(s, version).fields['uuid']).toBe(expected);
  });
});

describe('a malformed UUID', () => {
  // The Xen generator's own copy of this encoder returned 16 zero bytes ("Not Settable") for these.
  it.each(['12345678-9abc-def0-1234-56789abcdef', 'not-a-uuid', '12345678-9abc-def0-1234-56789abcdefg', '', '1-2-3-4-5'])('%j is a BAD_VALUE FormatError, not zeros', (text) => {
    const e = formatErrorOf(() => encodeUuid(text, 0x0300, 'guest.uuid'));
    expect(e.code).toBe('BAD_VALUE');
    expect(e.path).toBe('guest.uuid');
    expect(formatErrorOf(() => encodeTyped(1, { uuid: text })).path).toBe('structure.fields.uuid');
  });

  it.each([
    ['Not Present', 0xff],
    ['Not Settable', 0x00],
  ])('%s encodes to the bytes formatUuid prints it for', (text, fill) => {
    expect(encodeUuid(text, 0x0300)).toEqual(new Uint8Array(16).fill(fill));
  });
});
