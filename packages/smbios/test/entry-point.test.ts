import { describe, expect, it } from 'vitest';
import { checksum8, type Finding } from '@hvmpack/bytes';
import {
  decodeEntryPoint,
  encodeEntryPoint,
  entryPointVersion,
  formatVersion,
  rewriteTableAddress,
  type EntryPoint,
  type EntryPoint32,
  type EntryPoint64,
} from '@hvmpack/smbios';
import { errorCodeAt as errorOf } from '../../../test/support/errors.js';

const sm: EntryPoint32 = {
  kind: '_SM_',
  entryLength: 0x1f,
  major: 2,
  minor: 7,
  maxStructureSize: 0x80,
  entryPointRevision: 0,
  formattedArea: new Uint8Array(5),
  tableLength: 0x1234,
  tableAddress: 0x000e0020,
  structureCount: 69,
  bcdRevision: 0x27,
};
const sm3: EntryPoint64 = {
  kind: '_SM3_',
  entryLength: 0x18,
  major: 3,
  minor: 1,
  docrev: 1,
  entryPointRevision: 1,
  tableMaxSize: 3320,
  tableAddress: 0x1_2345_6000n,
};
const legacy: EntryPoint32 = {
  kind: '_DMI_',
  entryLength: 0x0f,
  major: 2,
  minor: 0,
  maxStructureSize: 0,
  entryPointRevision: 0,
  formattedArea: new Uint8Array(0),
  tableLength: 500,
  tableAddress: 0xf0000,
  structureCount: 12,
  bcdRevision: 0x20,
};

describe('entry point round trip', () => {
  it.each<[string, EntryPoint, number]>([
    ['_SM_ length 0x1F', sm, 0x1f],
    ['_SM_ length 0x20 (Dell)', { ...sm, entryLength: 0x20, extraBytes: new Uint8Array([0x5a]) }, 0x20],
    ['_SM_ length 0x1E (2.1 erratum)', { ...sm, entryLength: 0x1e }, 0x1f],
    ['_SM3_', sm3, 0x18],
    ['_SM3_ with reserved byte', { ...sm3, reserved: 7 }, 0x18],
    ['legacy _DMI_', legacy, 0x0f],
  ])('%s decodes back to itself with valid checksums', (_n, ep, size) => {
    const bytes = encodeEntryPoint(ep);
    expect(bytes.length).toBe(size);
    expect(decodeEntryPoint(bytes)).toEqual(ep);
  });

  it('_SM_ checksums: outer over the length byte count, intermediate over 0x10..0x1E', () => {
    const b = encodeEntryPoint(sm);
    expect(checksum8(b, 0, 0x1f)).toBe(0);
    expect(checksum8(b, 0x10, 0x1f)).toBe(0);
  });

  it.each([
    ['2.31', 2, 31, '2.3'],
    ['2.33', 2, 33, '2.3'],
    ['2.51', 2, 51, '2.6'],
    ['2.8', 2, 8, '2.8'],
  ])('version %s reads as %s (dmidecode fix-ups)', (_n, major, minor, want) => {
    expect(formatVersion(entryPointVersion({ ...sm, major, minor }))).toBe(want);
  });
  it('3.x versions carry the docrev', () => expect(formatVersion(entryPointVersion(sm3))).toBe('3.1.1'));
});

describe('entry point errors', () => {
  const good = encodeEntryPoint(sm);
  const good3 = encodeEntryPoint(sm3);
  const mutate = (b: Uint8Array, at: number, v: number): Uint8Array => {
    const c = b.slice();
    c[at] = v;
    return c;
  };
  it.each<[string, Uint8Array, string, number]>([
    ['bad _SM_ checksum', mutate(good, 4, (good[4]! + 1) & 0xff), 'BAD_CHECKSUM', 4],
    ['bad _DMI_ intermediate checksum', mutate(good, 0x15, (good[0x15]! + 1) & 0xff), 'BAD_CHECKSUM', 4],
    ['bad _SM3_ checksum', mutate(good3, 5, (good3[5]! + 1) & 0xff), 'BAD_CHECKSUM', 5],
    ['_SM_ length 0x1D', mutate(good, 5, 0x1d), 'BAD_LENGTH', 5],
    ['_SM_ length 0x21', mutate(good, 5, 0x21), 'BAD_LENGTH', 5],
    ['_SM3_ length 0x17', mutate(good3, 6, 0x17), 'BAD_LENGTH', 6],
    ['missing _DMI_ intermediate anchor', mutate(good, 0x10, 0x41), 'BAD_SIGNATURE', 0x10],
    ['no anchor', new Uint8Array(32), 'BAD_SIGNATURE', 0],
    ['_SM_ cut at 20 bytes', good.subarray(0, 20), 'TRUNCATED', 20],
    ['_SM3_ cut at 10 bytes', good3.subarray(0, 10), 'TRUNCATED', 10],
  ])('%s', (_n, bytes, code, offset) => {
    const e = errorOf(() => decodeEntryPoint(bytes));
    expect(e.code).toBe(code);
    // The intermediate checksum fails the outer one first (it is inside its range).
    expect(e.offset).toBe(offset);
  });

  it('a bad intermediate checksum alone is reported at 0x15', () => {
    // Move one unit from the intermediate checksum to a byte outside it: outer sum unchanged.
    const b = good.slice();
    b[0x15] = (b[0x15]! + 1) & 0xff;
    b[0x0b] = (b[0x0b]! - 1) & 0xff;
    expect(errorOf(() => decodeEntryPoint(b))).toEqual({ code: 'BAD_CHECKSUM', offset: 0x15 });
  });

  it('verifyChecksums: false decodes and reports findings instead', () => {
    const findings: Finding[] = [];
    const ep = decodeEntryPoint(mutate(good, 4, 0), { verifyChecksums: false, findings });
    expect(ep.kind).toBe('_SM_');
    expect(findings.map((f) => [f.code, f.offset])).toEqual([['SMBIOS_BAD_ENTRY_POINT_CHECKSUM', 4]]);
  });
});

describe('rewriteTableAddress (dmidecode overwrite_*_address)', () => {
  it.each<[string, EntryPoint]>([
    ['_SM_', sm],
    ['_SM3_', sm3],
    ['_DMI_', legacy],
  ])('%s: address becomes 32 and checksums stay valid', (_n, ep) => {
    const out = decodeEntryPoint(rewriteTableAddress(encodeEntryPoint(ep), 32));
    expect(out).toEqual({ ...ep, tableAddress: typeof ep.tableAddress === 'bigint' ? 32n : 32 });
  });
});
