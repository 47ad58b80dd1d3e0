// ACPI pass-through behaviours of xen.md §4 and §11, built in code.
import { describe, expect, it } from 'vitest';
import { parseXenVersion, resolveGuest, type Guest } from '@hvmpack/guest';
import { buildGuestAcpi, builtinSecondaryTables, checkAcpiBlob, decodeAcpiBlob, detectBlobKind, encodeSmbiosBlob, passThroughSlots } from '@hvmpack/xen';
import { acpiTable, cat, smbiosStructure } from './xen-fixtures.js';

const cfg = (p: Partial<Guest> = {}) => resolveGuest(p);
const codes = (fs: { code: string }[]) => fs.map((f) => f.code);
const ssdts = (n: number) => Array.from({ length: n }, (_, i) => acpiTable('SSDT', 8 + i));

describe('secondary-table slots per guest config', () => {
  it.each([
    ['default xl guest', {}, ['APIC', 'HPET', 'WAET', 'SSDT', 'SSDT'], 10],
    ['1 vCPU, no apic_mode, no HPET, no S3/S4', { apicMode: false, hpet: false, acpiS3: false, acpiS4: false }, ['WAET'], 14],
    ['2 vCPUs without apic_mode still get a MADT', { vcpus: 2, apicMode: false }, ['APIC', 'HPET', 'WAET', 'SSDT', 'SSDT'], 10],
    ['battery + laptop/slate', { battery: true, laptopSlate: true }, ['APIC', 'HPET', 'WAET', 'SSDT', 'SSDT', 'SSDT', 'SSDT'], 8],
    ['TPM 1.2', { tpm: 1 }, ['APIC', 'HPET', 'WAET', 'SSDT', 'SSDT', 'SSDT', 'TCPA'], 8],
    ['TPM 2.0 + vNUMA', { tpm: 2, vnuma: true }, ['APIC', 'HPET', 'WAET', 'SSDT', 'SSDT', 'SSDT', 'TPM2', 'SRAT', 'SLIT'], 6],
  ] as const)('%s', (_name, p, sigs, slots) => {
    const c = cfg(p as Partial<Guest>);
    expect(builtinSecondaryTables(c).map((b) => b.signature)).toEqual(sigs);
    expect(passThroughSlots(c)).toBe(slots);
  });

  it('takes min(tables, slots) and drops the rest silently (reported)', () => {
    const r = checkAcpiBlob(cat(...ssdts(12)), cfg());
    const passed = r.guest.tables.filter((t) => t.source === 'pass-through');
    expect(passed).toHaveLength(10);
    expect(r.guest.dropped.map((d) => d.blobOffset)).toEqual([44 + 45 + 46 + 47 + 48 + 49 + 50 + 51 + 52 + 53, 44 * 11 + 55]);
    expect(r.findings.find((f) => f.code === 'XEN_ACPI_OVER_CAP')?.severity).toBe('warning');
  });

  it('lists pass-through tables after the built-ins, in blob order', () => {
    const g = buildGuestAcpi(cat(acpiTable('SSDT'), acpiTable('BGRT')), cfg());
    expect(g.tables.map((t) => t.signature)).toEqual(['RSD PTR ', 'XSDT', 'RSDT', 'FACP', 'DSDT', 'FACS', 'APIC', 'HPET', 'WAET', 'SSDT', 'SSDT', 'SSDT', 'BGRT']);
    expect(g.tables.slice(-2).map((t) => t.source)).toEqual(['pass-through', 'pass-through']);
  });

  it('with ROMBIOS/OVMF the RSDP is at 0xEA020', () => {
    expect(buildGuestAcpi(null, cfg({ firmware: 'ovmf' })).rsdpAddress).toBe(0xea020);
    expect(buildGuestAcpi(null, cfg({ firmware: 'seabios' })).rsdpAddress).toBeNull();
  });

  it('platform/acpi off: no ACPI at all, every blob table dropped', () => {
    const r = checkAcpiBlob(acpiTable('SSDT'), cfg({ acpi: false }));
    expect(r.guest.tables).toEqual([]);
    expect(r.guest.dropped.map((d) => d.reason)).toEqual(['acpi-disabled']);
    expect(codes(r.findings)).toContain('XEN_ACPI_DISABLED');
  });
});

describe('blob walk failure modes', () => {
  it('crashes the guest on a table with header length 0', () => {
    const zero = acpiTable('SSDT');
    zero.fill(0, 4, 8);
    const r = checkAcpiBlob(cat(acpiTable('SSDT'), zero), cfg());
    expect(r.guest.crashes).toBe(true);
    expect(r.findings.find((f) => f.code === 'ACPI_BLOB_ZERO_LENGTH')).toMatchObject({ severity: 'error', offset: 44 });
  });

  it('a last table overrunning the blob walks into zero memory and crashes', () => {
    const t = acpiTable('SSDT', 20);
    const r = checkAcpiBlob(t.subarray(0, 40), cfg());
    expect(codes(r.findings)).toEqual(expect.arrayContaining(['ACPI_BLOB_OVERRUN', 'ACPI_BLOB_ZERO_LENGTH']));
    expect(r.guest.crashes).toBe(true);
  });

  it('an overrunning table in the last slot does not crash (the cap stops the walk)', () => {
    const c = cfg({ apicMode: false, hpet: false, acpiS3: false, acpiS4: false, vcpus: 1 });
    const slots = passThroughSlots(c);
    const blob = cat(...ssdts(slots - 1), acpiTable('SSDT', 20).subarray(0, 40));
    const g = buildGuestAcpi(blob, c);
    expect(g.crashes).toBe(false);
    expect(g.walk.records).toHaveLength(slots);
  });

  it.each([1, 35])('ignores %i trailing byte(s)', (n) => {
    const r = checkAcpiBlob(cat(acpiTable('SSDT'), new Uint8Array(n).fill(0xaa)), cfg());
    expect(r.guest.crashes).toBe(false);
    expect(r.findings.find((f) => f.code === 'ACPI_BLOB_TRAILING_BYTES')).toMatchObject({ offset: 44 });
  });

  it('36 trailing zero bytes read as a zero-length table: crash', () => {
    expect(buildGuestAcpi(cat(acpiTable('SSDT'), new Uint8Array(36)), cfg()).crashes).toBe(true);
  });
});

describe('table content rules', () => {
  it('copies a bad checksum unfixed and reports it', () => {
    const r = checkAcpiBlob(acpiTable('SSDT', 8, { badChecksum: true }), cfg());
    expect(r.guest.tables.at(-1)?.checksumOk).toBe(false);
    expect(r.findings.find((f) => f.code === 'XEN_ACPI_BAD_CHECKSUM')).toMatchObject({ severity: 'error', offset: 0 });
  });

  it.each(['FACP', 'DSDT', 'FACS', 'RSDT', 'XSDT'])('%s cannot replace the built-in: it becomes another secondary table', (sig) => {
    const r = checkAcpiBlob(acpiTable(sig), cfg());
    expect(r.guest.tables.filter((t) => t.signature === sig)).toHaveLength(2);
    expect(r.findings.find((f) => f.code === 'XEN_ACPI_CANNOT_REPLACE_BUILTIN')?.severity).toBe('error');
  });

  it('warns about a second HPET next to the built-in one', () => {
    expect(codes(checkAcpiBlob(acpiTable('HPET'), cfg()).findings)).toContain('XEN_ACPI_DUPLICATES_BUILTIN');
    expect(codes(checkAcpiBlob(acpiTable('HPET'), cfg({ hpet: false })).findings)).not.toContain('XEN_ACPI_DUPLICATES_BUILTIN');
  });

  it.each([
    ['LENOVO', 'TP-N1M  ', true],
    ['Xen', 'HVM', false],
  ])('SLIC with OEM %s/%s: mismatch = %s', (oemId, oemTableId, mismatch) => {
    const r = checkAcpiBlob(acpiTable('SLIC', 10, { oemId, oemTableId }), cfg());
    expect(codes(r.findings).includes('XEN_ACPI_SLIC_OEM_MISMATCH')).toBe(mismatch);
  });

  it('decodes each table\'s header fields', () => {
    const w = decodeAcpiBlob(cat(acpiTable('SSDT', 4, { oemId: 'ABC', oemTableId: 'DEF' }), acpiTable('BERT')));
    expect(w.records.map((r) => [r.signature, r.offset, r.length, r.checksumOk, r.oemId.replace(/\0+$/, '')])).toEqual([
      ['SSDT', 0, 40, true, 'ABC'], ['BERT', 40, 44, true, 'HVMPCK'],
    ]);
    expect(w.end).toBe('exact');
  });
});

describe('detectBlobKind', () => {
  const text = (t: string) => Uint8Array.from([...t].map((c) => c.charCodeAt(0)));
  it.each([
    ['an ACPI blob', cat(acpiTable('SSDT'), acpiTable('ASF!')), 'acpi'],
    ['an SMBIOS blob', encodeSmbiosBlob([smbiosStructure(1, 27, 1, ['a'])]), 'smbios'],
    ['an SMBIOS blob starting with an OEM type', encodeSmbiosBlob([smbiosStructure(222, 6, 0, [])]), 'smbios'],
    ['a dmidecode --dump-bin file', cat(text('_SM_'), new Uint8Array(60)), 'smbios-dump'],
    ['acpidump text', text('DSDT @ 0x00000000BFFE0040\n    0000: 44 53 44 54\n'), 'acpidump-text'],
    ['four zero bytes', new Uint8Array(4), 'unknown'],
    ['an hvmpack module set (HVMM is no ACPI signature here)', cat(text('HVMMODS\0'), new Uint8Array(40)), 'module-set'],
    ['an SMBIOS blob cut short inside its first structure', encodeSmbiosBlob([smbiosStructure(1, 27, 1, ['a'])]).subarray(0, 20), 'smbios'],
  ] as const)('%s → %s', (_name, bytes, want) => {
    expect(detectBlobKind(bytes)).toBe(want);
  });
});

describe('XSDT and RSDT entries (libacpi acpi_build_tables)', () => {
  const entries = (g: ReturnType<typeof buildGuestAcpi>, root: 'xsdt' | 'rsdt') => g[root]!.map((e) => [e.signature, e.length, e.checksumOk]);

  it('default xl guest: FACP, the five built-ins with their lengths, then the blob tables as copied', () => {
    const g = buildGuestAcpi(cat(acpiTable('SSDT', 10), acpiTable('BGRT', 20, { badChecksum: true })), cfg());
    expect(entries(g, 'xsdt')).toEqual([
      ['FACP', 244, true], ['APIC', 104, true], ['HPET', 56, true], ['WAET', 40, true], ['SSDT', 49, true], ['SSDT', 49, true],
      ['SSDT', 46, true], ['BGRT', 56, false],
    ]);
    // The RSDT points at the revision-1 FADT copy, then at the same tables.
    expect(entries(g, 'rsdt')).toEqual([['FACP', 116, true], ...entries(g, 'xsdt').slice(1)]);
    expect(g.passthroughAccepted).toBe(2);
  });

  it.each([
    // MADT = 44 + 4 overrides × 10 + IO-APIC 12 + 8 per local APIC.
    ['4.22', 'seabios', 1, 104],
    ['4.22', 'seabios', 4, 128],
    ['4.8', 'seabios', 2, 112],
    // Before 0875433389 (4.8): one local APIC per DSDT processor object.
    ['4.7', 'seabios', 1, 44 + 40 + 12 + 8 * 128],
    ['4.7', 'rombios', 4, 44 + 40 + 12 + 8 * 15],
    ['4.7', 'rombios', 16, 44 + 40 + 12 + 8 * 128],
  ] as const)('Xen %s, %s, %i vCPU(s): MADT is %i bytes', (v, firmware, vcpus, length) => {
    const g = buildGuestAcpi(null, cfg({ xen: parseXenVersion(v), firmware, vcpus }));
    expect(g.xsdt!.find((e) => e.signature === 'APIC')?.length).toBe(length);
  });

  it.each([
    ['4.3', { hpet: false }, ['APIC', 'HPET', 'WAET', 'SSDT', 'SSDT']],
    ['4.4', { hpet: false }, ['APIC', 'WAET', 'SSDT', 'SSDT']],
    ['4.8', { laptopSlate: true }, ['APIC', 'HPET', 'WAET', 'SSDT', 'SSDT']],
    ['4.9', { laptopSlate: true }, ['APIC', 'HPET', 'WAET', 'SSDT', 'SSDT', 'SSDT']],
    ['4.17', { tpm: 2 }, ['APIC', 'HPET', 'WAET', 'SSDT', 'SSDT']],
    ['4.18', { tpm: 2 }, ['APIC', 'HPET', 'WAET', 'SSDT', 'SSDT', 'SSDT', 'TPM2']],
    ['4.5', { vnuma: true }, ['APIC', 'HPET', 'WAET', 'SSDT', 'SSDT']],
    ['4.6', { vnuma: true }, ['APIC', 'HPET', 'WAET', 'SSDT', 'SSDT', 'SRAT', 'SLIT']],
  ] as const)('Xen %s with %o: built-ins %j', (v, p, sigs) => {
    expect(builtinSecondaryTables(cfg({ xen: parseXenVersion(v), ...(p as Partial<Guest>) })).map((b) => b.signature)).toEqual(sigs);
  });

  it('a zero-length table: hvmloader BUG()s before writing the root tables', () => {
    const zero = acpiTable('SSDT');
    zero.fill(0, 4, 8);
    const g = buildGuestAcpi(cat(acpiTable('SSDT'), zero), cfg());
    expect([g.crashes, g.xsdt, g.rsdt, g.passthroughAccepted]).toEqual([true, null, null, 0]);
  });

  it('tables past the 16-entry cap are the dropped ones, and the XSDT has exactly 16 entries', () => {
    const g = buildGuestAcpi(cat(...ssdts(12)), cfg());
    expect(g.xsdt).toHaveLength(16);
    expect(g.dropped).toHaveLength(2);
  });
});
