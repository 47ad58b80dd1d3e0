import { decodeTable, decodeTypedTable } from '@hvmpack/acpi';
import { ByteWriter, isFormatError } from '@hvmpack/bytes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { body, buildTable, gas, msdmBody, slicBody } from './tables-fixtures.js';

// One valid fixture per typed decoder; the properties mutate them.
const FIXTURES: Record<string, Uint8Array> = {
  FACP: buildTable('FACP', gas(body().u32(0x1000).u32(0x2000).fill(68).u32(0x400), 1, 8, 0xcf9n).u8(6).u16(0).u8(1).u64(0x1000n).u64(0x3000n).fill(96).finish()),
  APIC: buildTable('APIC', body().u32(0xfee00000).u32(1).u8(0).u8(8).u8(0).u8(0).u32(1).u8(9).u8(16).u16(0).u32(1).u32(1).u32(1).u8(12).u8(6).u32(0).finish()),
  MCFG: buildTable('MCFG', body().u64(0n).u64(0xb0000000n).u16(0).u8(0).u8(0xff).u32(0).finish()),
  HPET: buildTable('HPET', gas(body().u32(0x8086a201), 0, 0, 0xfed00000n).u8(0).u16(0x80).u8(0).finish()),
  BGRT: buildTable('BGRT', body().u16(1).u8(1).u8(0).u64(0x7e000000n).u32(1).u32(2).finish()),
  TPM2: buildTable('TPM2', body().u16(0).u16(0).u64(0n).u32(7).fill(12).u32(0x10000).u64(0x7ff0000n).finish()),
  MSDM: buildTable('MSDM', msdmBody()),
  SLIC: buildTable('SLIC', slicBody()),
  SSDT: buildTable('SSDT', new Uint8Array([0x10, 0x00])),
  XSDT: buildTable('XSDT', body().u64(0x1000n).u64(0x2000n).finish()),
  FACS: new ByteWriter().ascii('FACS').u32(64).fill(56).finish(),
};

describe('typed decoders on mutated tables', () => {
  it.each(Object.keys(FIXTURES))('%s: any byte edits or truncation give a result or a FormatError', (sig) => {
    const base = FIXTURES[sig]!;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat({ max: base.length }),
        (edits, cut) => {
          const t = base.slice(0, cut);
          for (const [at, v] of edits) if (at < t.length && at >= 4) t[at] = v; // keep the signature so the decoder under test runs
          try {
            const r = decodeTypedTable(decodeTable(t, { signature: sig }));
            expect(r.signature).toBe(sig);
            JSON.stringify(r.fields); // must not throw (no bigint left)
          } catch (e) {
            if (!isFormatError(e)) throw e;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a table whose length field is past the data is TRUNCATED at offset 0, never a shorter value', () => {
    const t = FIXTURES['HPET']!.slice(0, 50);
    expect(() => decodeTypedTable(decodeTable(t))).toThrow(expect.objectContaining({ code: 'TRUNCATED', offset: 0 }));
  });
});
