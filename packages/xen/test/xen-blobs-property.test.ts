// Round trips and robustness of both Xen blobs (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveGuest } from '@hvmpack/guest';
import { checkAcpiBlob, checkSmbiosBlob, computeGuestView, decodeAcpiBlob, decodeSmbiosBlob, encodeAcpiBlob, encodeSmbiosBlob } from '@hvmpack/xen';
import { acpiTable, smbiosStructure } from './xen-fixtures.js';

const arbStructure = fc
  .record({
    type: fc.integer({ min: 0, max: 255 }),
    formatted: fc.integer({ min: 4, max: 40 }),
    handle: fc.integer({ min: 0, max: 0xffff }),
    strings: fc.array(fc.string({ minLength: 1, maxLength: 12 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'a')), { maxLength: 4 }),
  })
  .map((r) => smbiosStructure(r.type, r.formatted, r.handle, r.strings, 1));

const arbTable = fc
  .record({ sig: fc.constantFrom('SSDT', 'BGRT', 'SLIC', 'MCFG', 'TPM2', 'BERT'), body: fc.integer({ min: 0, max: 64 }) })
  .map((r) => acpiTable(r.sig, r.body));

const configs = [resolveGuest(), resolveGuest({ firmware: 'ovmf', vcpus: 4 }), resolveGuest({ firmware: 'rombios' })];

describe('smbios_firmware blob', () => {
  it('decode(encode(structures)) gives back every structure byte for byte, in order', () => {
    fc.assert(fc.property(fc.array(arbStructure, { maxLength: 12 }), (structs) => {
      const w = decodeSmbiosBlob(encodeSmbiosBlob(structs));
      expect(w.records.map((r) => Array.from(r.bytes))).toEqual(structs.map((s) => Array.from(s)));
      expect(w.end).toBe('exact');
      expect(w.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    }));
  });

  it('random and mutated blobs give findings, never exceptions', () => {
    fc.assert(fc.property(
      fc.array(arbStructure, { minLength: 1, maxLength: 6 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      fc.nat({ max: 8 }),
      fc.nat({ max: 2 }),
      (structs, edits, cut, c) => {
        const blob = encodeSmbiosBlob(structs).slice();
        for (const [at, v] of edits) blob[at % blob.length] = v;
        const b = blob.subarray(0, Math.max(0, blob.length - cut));
        const r = checkSmbiosBlob(b, configs[c]!);
        expect(Array.isArray(r.findings)).toBe(true);
      },
    ), { numRuns: 300 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
      expect(() => checkSmbiosBlob(b, configs[0]!)).not.toThrow();
    }), { numRuns: 300 });
  });
});

describe('acpi_firmware blob', () => {
  it('decode(encode(tables)) gives back every table, lengths summing to the blob size', () => {
    fc.assert(fc.property(fc.array(arbTable, { maxLength: 10 }), (tables) => {
      const blob = encodeAcpiBlob(tables);
      const w = decodeAcpiBlob(blob);
      expect(w.records.map((r) => Array.from(r.bytes))).toEqual(tables.map((t) => Array.from(t)));
      expect(w.records.reduce((a, r) => a + r.length, 0)).toBe(blob.length);
      expect(w.records.every((r) => r.checksumOk === true)).toBe(true);
      expect(w.end).toBe('exact');
    }));
  });

  it('random and mutated blobs give findings, never exceptions', () => {
    fc.assert(fc.property(
      fc.array(arbTable, { minLength: 1, maxLength: 6 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      fc.nat({ max: 40 }),
      (tables, edits, cut) => {
        const blob = encodeAcpiBlob(tables).slice();
        for (const [at, v] of edits) blob[at % blob.length] = v;
        const r = checkAcpiBlob(blob.subarray(0, Math.max(0, blob.length - cut)), configs[0]!);
        expect(Array.isArray(r.findings)).toBe(true);
      },
    ), { numRuns: 300 });
  });

  it('the guest view never throws on random bytes for either blob', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
      const v = computeGuestView({ smbios: a, acpi: b, config: configs[1]! });
      expect(v.smbios.structures.at(-1)?.type).toBe(127);
    }), { numRuns: 200 });
  });
});
