// The domain UUID in hvmloader's generated type 1: one encoder (smbios encodeUuid) for every UUID.
import { describe, expect, it } from 'vitest';
import { resolveGuest } from '@hvmpack/guest';
import { buildGuestSmbios } from '@hvmpack/xen';
import { formatErrorOf } from '../../../test/support/errors.js';

describe('generated type 1 UUID', () => {
  it('stores the domain handle in text order, as hvmloader copies it', () => {
    const g = buildGuestSmbios(null, resolveGuest({ uuid: '12345678-9abc-def0-1234-56789abcdef0' }));
    const t1 = g.structures.find((s) => s.type === 1)!;
    expect(Array.from(t1.bytes.subarray(8, 24))).toEqual([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0]);
  });

  it('a guest UUID one digit short is a BAD_VALUE FormatError, not an all-zero UUID', () => {
    const e = formatErrorOf(() => buildGuestSmbios(null, resolveGuest({ uuid: '12345678-9abc-def0-1234-56789abcdef' })));
    expect(e.code).toBe('BAD_VALUE');
    expect(e.path).toBe('guest.uuid');
  });
});
