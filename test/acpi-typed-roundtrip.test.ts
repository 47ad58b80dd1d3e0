// The ACPI layouts drive both directions: every corpus header, FADT, MADT, HPET and MCFG written
// back from its decoded form, over a copy of the table whose declared bytes are zeroed, is the
// table byte for byte; random FADT fields encode and decode back to themselves.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACPI_HEADER_LENGTH,
  decodeAcpiHeader,
  decodeAcpiInput,
  decodeFadt,
  decodeHpet,
  decodeMadt,
  decodeMcfg,
  encodeAcpiHeader,
  encodeFadt,
  encodeHpet,
  encodeMadt,
  encodeMcfg,
  FADT_LAYOUT,
  fieldWidth,
  hasStandardHeader,
  HPET_LAYOUT,
  MADT_ENTRY_LAYOUTS,
  MADT_LAYOUT,
  MCFG_ALLOCATION_LAYOUT,
  MCFG_ENTRIES_OFFSET,
  MCFG_ENTRY_SIZE,
  sensitiveTableFields,
  type AcpiTable,
  type Fadt,
  type FieldLayout,
} from '@hvmpack/acpi';
import { bytesEqual } from '@hvmpack/bytes';
import { corpusFiles, skipReason } from './support/env.js';

const skip = skipReason({ corpus: 'acpi' });
const inputs = [...corpusFiles('acpi', (n) => n.endsWith('.acpidump.txt')), ...corpusFiles('acpi-bin')];

/** Zeroes the bytes of `layout`'s fields (at `base`) that lie inside `b`. */
function zero(b: Uint8Array, layout: FieldLayout, base = 0): void {
  for (const row of layout) {
    const at = base + row[1];
    if (at + fieldWidth(row) <= b.length) b.fill(0, at, at + fieldWidth(row));
  }
}

/** `bytes` with the header and every declared field of its decoded form zeroed: what only the encoder can fill back in. */
function blanked(t: AcpiTable): Uint8Array {
  const b = t.bytes.slice();
  b.fill(0, 0, ACPI_HEADER_LENGTH);
  if (t.signature === 'FACP') zero(b, FADT_LAYOUT);
  if (t.signature === 'HPET') zero(b, HPET_LAYOUT);
  if (t.signature === 'MCFG') decodeMcfg(t).allocations.forEach((_, i) => zero(b, MCFG_ALLOCATION_LAYOUT, MCFG_ENTRIES_OFFSET + i * MCFG_ENTRY_SIZE));
  if (t.signature === 'APIC') {
    zero(b, MADT_LAYOUT);
    for (const e of decodeMadt(t).entries) {
      if (e.kind === 'other') b.fill(0, e.offset, e.offset + e.length);
      else {
        b.fill(0, e.offset, e.offset + 2);
        zero(b, MADT_ENTRY_LAYOUTS[e.type]!.fields, e.offset);
      }
    }
  }
  return b;
}

const ENCODERS: Record<string, (t: AcpiTable, base: Uint8Array) => Uint8Array> = {
  FACP: (t, base) => encodeFadt(decodeFadt(t), base),
  APIC: (t, base) => encodeMadt(decodeMadt(t), base),
  HPET: (t, base) => encodeHpet(decodeHpet(t), base),
  MCFG: (t, base) => encodeMcfg(decodeMcfg(t), base),
};

describe.skipIf(skip !== undefined)('typed ACPI encoders on the corpus', () => {
  it('give back every header, FADT, MADT, HPET and MCFG byte for byte', () => {
    const counts = new Map<string, number>();
    const mismatches: string[] = [];
    for (const file of inputs) {
      for (const t of decodeAcpiInput(new Uint8Array(readFileSync(file)), path.basename(file)).tables) {
        if (!hasStandardHeader(t.signature) || t.bytes.length < ACPI_HEADER_LENGTH) continue;
        const where = `${path.basename(file)} ${t.signature}${t.instance}`;
        if (!bytesEqual(encodeAcpiHeader(decodeAcpiHeader(t.bytes)), t.bytes.subarray(0, ACPI_HEADER_LENGTH))) mismatches.push(`${where}: header`);
        const encode = ENCODERS[t.signature];
        if (encode === undefined || t.header === null || t.header.length !== t.bytes.length) continue;
        if (!bytesEqual(encode(t, blanked(t)), t.bytes)) mismatches.push(where);
        counts.set(t.signature, (counts.get(t.signature) ?? 0) + 1);
      }
    }
    expect(mismatches).toEqual([]);
    for (const sig of Object.keys(ENCODERS)) expect(counts.get(sig) ?? 0, sig).toBeGreaterThan(0);
  });
});

describe('typed ACPI encoders', () => {
  const u = (bytes: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: 2 ** (8 * bytes) - 1 });
  const gas = fc.record({ spaceId: u(1), bitWidth: u(1), bitOffset: u(1), accessSize: u(1), address: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) });
  const fadtFields = fc.record(
    Object.fromEntries(
      FADT_LAYOUT.map((row) => [row[0], row[2] === 'gas' ? gas : row[2] === 'u64' ? fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) : u(fieldWidth(row))]),
    ),
  );
  const text = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'ABCXYZ019_ '.split('')), minLength: n, maxLength: n });

  it('decodeFadt(encodeFadt(x)) is x for every FADT length ACPICA names', () => {
    fc.assert(
      fc.property(fadtFields, fc.constantFrom(116, 132, 244, 268, 276), text(6), text(8), (fields, length, oemId, oemTableId) => {
        const header = { signature: 'FACP', length, revision: 6, checksum: 0, oemId, oemTableId, oemRevision: 1, creatorId: 'TEST', creatorRevision: 1 };
        // Only the fields a table of this length holds are kept, as the decoder gates them.
        const present = Object.fromEntries(FADT_LAYOUT.filter((row) => row[1] + fieldWidth(row) <= length).map((row) => [row[0], fields[row[0]]]));
        const fadt = { header, length, ...present } as Fadt;
        const bytes = encodeFadt(fadt);
        expect(decodeFadt(bytes)).toEqual(fadt);
        expect(bytesEqual(encodeFadt(decodeFadt(bytes)), bytes)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('lists the header OEM IDs as sensitive, the RSDP\'s OEM ID, and nothing for the FACS', () => {
    expect(sensitiveTableFields('FACP')).toEqual([
      { field: 'oemId', offset: 10, size: 6, class: 'oem-id' },
      { field: 'oemTableId', offset: 16, size: 8, class: 'oem-id' },
    ]);
    expect(sensitiveTableFields('FACS')).toEqual([]);
    expect(sensitiveTableFields('RSDP')).toEqual([{ field: 'oemId', offset: 9, size: 6, class: 'oem-id' }]);
  });

  it('refuses text that does not fit its field', () => {
    const header = decodeAcpiHeader(encodeAcpiHeader({ signature: 'HPET', length: 56, revision: 1, checksum: 0, oemId: 'OEM', oemTableId: 'TABLE', oemRevision: 1, creatorId: 'TEST', creatorRevision: 1 }));
    expect(() => encodeAcpiHeader({ ...header, oemId: 'SEVENCH' })).toThrow(expect.objectContaining({ code: 'BAD_LENGTH', path: 'acpi.header.oemId' }));
  });
});
