// hvm_info_table: validate_hvm_info's rules, the builder, value checks, round trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksum8, isFormatError } from '@hvmpack/bytes';
import { HVM_INFO_PADDR, buildHvmInfoTable, checkHvmInfoTable, decodeHvmInfoTable, encodeHvmInfoTable, type HvmInfoTable } from '@hvmpack/xen';

const base = buildHvmInfoTable({ nrVcpus: 4, lowMemBytes: 0xf0000000n, highMemBytes: 0x10000000n });

describe('hvm_info_table', () => {
  it('is 48 bytes summing to zero at 0x9F800', () => {
    const b = encodeHvmInfoTable(base);
    expect(b).toHaveLength(48);
    expect(checksum8(b)).toBe(0);
    expect(HVM_INFO_PADDR).toBe(0x9f800);
    expect(base).toMatchObject({ lowMemPgend: 0xf0000, highMemPgend: 0x110000, reservedMemPgstart: 0xfeff0, apicMode: 1 });
    expect(base.vcpuOnline[0]).toBe(0x0f);
    expect(checkHvmInfoTable(base)).toEqual([]);
  });

  it.each<[string, (b: Uint8Array) => void, string, number]>([
    ['a wrong signature', (b) => void (b[0] = 0x68), 'BAD_SIGNATURE', 0],
    ['length 40', (b) => void (b[8] = 40), 'BAD_LENGTH', 8],
    ['length past the data', (b) => void (b[8] = 64), 'TRUNCATED', 0],
    ['a bad checksum', (b) => void (b[20]! ^= 1), 'BAD_CHECKSUM', 12],
  ])('rejects %s', (_n, edit, code, offset) => {
    const b = encodeHvmInfoTable(base);
    edit(b);
    expect(() => decodeHvmInfoTable(b)).toThrow(expect.objectContaining({ code, offset }));
  });

  it.each<[string, Partial<HvmInfoTable>, string]>([
    ['no vCPUs', { nrVcpus: 0 }, 'BAD_VALUE'],
    ['vCPUs online past nr_vcpus', { nrVcpus: 2 }, 'ONLINE_BEYOND_NR_VCPUS'],
    ['low RAM below 2 MiB', { lowMemPgend: 0x100 }, 'LOW_MEMORY'],
    ['low RAM into the reserved region', { lowMemPgend: 0xff000 }, 'OVERLAP'],
  ])('checks %s', (_n, patch, code) => {
    expect(checkHvmInfoTable({ ...base, ...patch }).map((f) => f.code)).toContain(code);
  });

  it('decode(encode(x)) deep-equals x', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    const arb = fc.record(
      {
        apicMode: fc.integer({ min: 0, max: 255 }),
        nrVcpus: u32,
        lowMemPgend: u32,
        reservedMemPgstart: u32,
        highMemPgend: u32,
        vcpuOnline: fc.uint8Array({ minLength: 16, maxLength: 16 }),
        pad: fc.uint8Array({ minLength: 2, maxLength: 2 }).filter((p) => p[0] !== 0 || p[1] !== 0),
        extra: fc.uint8Array({ minLength: 1, maxLength: 16 }),
      },
      { requiredKeys: ['apicMode', 'nrVcpus', 'lowMemPgend', 'reservedMemPgstart', 'highMemPgend', 'vcpuOnline'] },
    );
    fc.assert(fc.property(arb, (t) => {
      expect(decodeHvmInfoTable(encodeHvmInfoTable(t as HvmInfoTable))).toEqual(t);
    }));
  });

  it('random bytes only ever raise FormatError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        const x = Uint8Array.from([...new TextEncoder().encode('HVM INFO'), ...b]);
        try {
          checkHvmInfoTable(decodeHvmInfoTable(x, { verifyChecksums: false }));
        } catch (e) {
          expect(isFormatError(e)).toBe(true);
        }
      }),
    );
  });
});
