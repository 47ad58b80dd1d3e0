import { isFormatError } from '@hvmpack/bytes';
import { decodeMadt, describeMadtEntry, madtEntryCounts, type MadtEntry } from '@hvmpack/acpi';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { body, buildTable } from './tables-fixtures.js';

/** A MADT with one entry of each decoded kind plus a GICD (type 12, kept generic), ACPI 6.5 §5.2.12. */
function sampleMadt(): Uint8Array {
  const w = body();
  w.u32(0xfee00000).u32(1); // 36 local APIC address, 40 flags (PCAT_COMPAT)
  w.u8(0).u8(8).u8(0).u8(0).u32(1); // 44 Local APIC: UID 0, APIC ID 0, enabled
  w.u8(0).u8(8).u8(1).u8(2).u32(3); // 52 Local APIC: UID 1, APIC ID 2, enabled + online capable
  w.u8(1).u8(12).u8(4).u8(0).u32(0xfec00000).u32(0); // 60 I/O APIC id 4
  w.u8(2).u8(10).u8(0).u8(0).u32(2).u16(0); // 72 ISO: IRQ0 → GSI2
  w.u8(2).u8(10).u8(0).u8(9).u32(9).u16(0x000d); // 82 ISO: IRQ9 level/high
  w.u8(3).u8(8).u16(0x0005).u32(23); // 92 NMI source GSI 23
  w.u8(4).u8(6).u8(0xff).u16(0).u8(1); // 100 Local APIC NMI, all CPUs, LINT1
  w.u8(5).u8(12).u16(0).u64(0xfee00000n); // 106 Local APIC address override
  w.u8(9).u8(16).u16(0).u32(0x100).u32(1).u32(7); // 118 x2APIC id 0x100 UID 7
  w.u8(10).u8(12).u16(0).u32(0xffffffff).u8(1).u8(0).u8(0).u8(0); // 134 x2APIC NMI all, LINT1
  w.u8(12).u8(24).u16(0).u32(0).u64(0x8000000n).u32(0).u8(3).u8(0).u8(0).u8(0); // 146 GICD (generic)
  return buildTable('APIC', w.finish(), { revision: 5 });
}

describe('decodeMadt', () => {
  it('decodes every entry kind and keeps unknown ones whole', () => {
    const m = decodeMadt(sampleMadt());
    expect(m.findings).toEqual([]);
    expect(m.localApicAddress).toBe(0xfee00000);
    expect(m.flags).toBe(1);
    expect(m.entries.map((e) => [e.offset, e.kind])).toEqual([
      [44, 'localApic'], [52, 'localApic'], [60, 'ioApic'], [72, 'interruptSourceOverride'], [82, 'interruptSourceOverride'],
      [92, 'nmiSource'], [100, 'localApicNmi'], [106, 'localApicAddressOverride'], [118, 'localX2Apic'], [134, 'localX2ApicNmi'], [146, 'other'],
    ]);
    expect(m.entries[1]).toMatchObject({ processorUid: 1, apicId: 2, flags: 3 });
    expect(m.entries[2]).toMatchObject({ ioApicId: 4, address: 0xfec00000, gsiBase: 0 });
    expect(m.entries[4]).toMatchObject({ bus: 0, source: 9, gsi: 9, flags: 0x0d });
    expect(m.entries[5]).toMatchObject({ flags: 5, gsi: 23 });
    expect(m.entries[6]).toMatchObject({ processorUid: 0xff, flags: 0, lint: 1 });
    expect(m.entries[7]).toMatchObject({ address: 0xfee00000n });
    expect(m.entries[8]).toMatchObject({ x2apicId: 0x100, flags: 1, processorUid: 7 });
    expect(m.entries[9]).toMatchObject({ processorUid: 0xffffffff, lint: 1 });
    const gicd = m.entries[10] as Extract<MadtEntry, { kind: 'other' }>;
    expect([gicd.type, gicd.length, gicd.bytes.length, gicd.bytes[0]]).toEqual([12, 24, 24, 12]);
    expect(madtEntryCounts(m).get(0)).toBe(2);
    expect(describeMadtEntry(m.entries[3]!)).toBe('Interrupt Source Override: bus 0 IRQ 0 → GSI 2 flags 0x0');
  });

  it.each([
    { name: 'does not loop on a zero-length entry', length: 0, code: 'ACPI_MADT_BAD_ENTRY_LENGTH', kept: 0 },
    { name: 'stops at an entry of length 1', length: 1, code: 'ACPI_MADT_BAD_ENTRY_LENGTH', kept: 0 },
    { name: 'stops at an entry running past the end', length: 200, code: 'ACPI_MADT_BAD_ENTRY_LENGTH', kept: 0 },
    { name: 'keeps a too-short local APIC undecoded', length: 4, code: 'ACPI_MADT_SHORT_ENTRY', kept: 1 },
  ])('$name', ({ length, code, kept }) => {
    const t = sampleMadt();
    t[45] = length; // first entry's length byte
    const m = decodeMadt(t);
    expect(m.findings[0]).toMatchObject({ code, offset: 44, path: 'acpi.APIC.entries[0]' });
    expect(m.entries.length).toBeGreaterThanOrEqual(kept);
    if (kept) expect(m.entries[0]).toMatchObject({ kind: 'other', type: 0, length: 4 });
  });

  it('reports a single stray byte at the end', () => {
    const w = body().u32(0xfee00000).u32(0).u8(0).u8(8).u8(0).u8(0).u32(1).u8(0x7f);
    const m = decodeMadt(buildTable('APIC', w.finish()));
    expect(m.entries).toHaveLength(1);
    expect(m.findings).toMatchObject([{ code: 'ACPI_MADT_BAD_ENTRY_LENGTH', offset: 52 }]);
  });

  it('rejects a MADT shorter than its fixed part with TRUNCATED at 36', () => {
    const err = (() => {
      try {
        decodeMadt(buildTable('APIC', new Uint8Array(4)));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toMatchObject({ code: 'TRUNCATED', offset: 0 });
  });

  it('mutated entry lengths and bytes only ever give findings or a FormatError, and never hang', () => {
    const base = sampleMadt();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.nat({ max: base.length }),
        (edits, cut) => {
          const t = base.slice(0, Math.max(cut, 1));
          for (const [at, v] of edits) if (at < t.length) t[at] = v;
          try {
            const m = decodeMadt(t);
            // Every entry lies inside the table and they tile it without overlap.
            let at = 44;
            for (const e of m.entries) {
              expect(e.offset).toBe(at);
              expect(e.length).toBeGreaterThanOrEqual(2);
              at += e.length;
            }
            expect(at).toBeLessThanOrEqual(m.header.length);
            if (at < m.header.length) expect(m.findings.some((f) => f.code === 'ACPI_MADT_BAD_ENTRY_LENGTH')).toBe(true);
          } catch (e) {
            expect(isFormatError(e)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('mutated entry length bytes never throw once the header is sound (findings only)', () => {
    const base = sampleMadt();
    const lengthBytes = [45, 53, 61, 73, 83, 93, 101, 107, 119, 135, 147];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...lengthBytes), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
        const t = base.slice();
        for (const [at, v] of edits) t[at] = v;
        const m = decodeMadt(t);
        const end = m.entries.reduce((a, e) => a + e.length, 44);
        expect(end === t.length || m.findings.some((f) => f.severity === 'error')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
