// The RSDP's OEM ID: an ACPI input that carries the RSDP (a memory image, acpidump text) holds
// the firmware vendor's OEM ID there too. It is inventoried like the tables' OEM IDs, never reaches
// a guest as the host's RSDP (hvmloader and QEMU build their own) unless a passed SLIC lends QEMU
// the same ID, and redacting it keeps both RSDP checksums.
import { describe, expect, it } from 'vitest';
import { latin1Bytes } from '@hvmpack/bytes';
import { decodeAcpiInput, decodeRsdp, encodeRootTable, encodeRsdp, encodeTable, verifyRsdpChecksums, type AcpiTableSet } from '@hvmpack/acpi';
import { parseXenVersion, resolveGuest } from '@hvmpack/guest';
import { resolveQemuGuest, selectQemuTables } from '@hvmpack/qemu';
import { Placeholders, auditHost, inventory, redactAcpiTables } from '../src/index.js';
import { slicBody } from './planted-host.js';

const header = (signature: string, oemId: string, oemTableId: string) => ({ signature, length: 0, revision: 1, checksum: 0, oemId, oemTableId, oemRevision: 1, creatorId: 'PLNT', creatorRevision: 1 });

/**
 * A memory image laid out byte by byte: the RSDP (revision 2) at 0x00, the XSDT at 0x40 listing an
 * SSDT at 0x100 and a SLIC at 0x200, found by the 16-byte scan as firmware leaves them in RAM.
 */
function memoryImage(rsdpOemId: string): Uint8Array {
  const image = new Uint8Array(0x400);
  image.set(encodeRsdp({ oemId: rsdpOemId, revision: 2, rsdtAddress: 0, xsdtAddress: 0x40n }), 0x00);
  image.set(encodeRootTable(header('XSDT', 'PLXSDT', 'PLXSDTID'), [0x100n, 0x200n]), 0x40);
  image.set(encodeTable({ header: header('SSDT', 'PLSSDT', 'PLSSDTID'), body: Uint8Array.of(0x10, 0x05, 0x5c, 0x5f, 0x53, 0x42, 0x5f) }), 0x100);
  image.set(encodeTable({ header: header('SLIC', 'PLRSDP', 'PLSLICID'), body: slicBody('PLMARK', 'PLMARKID') }), 0x200);
  return image;
}

const rsdpOf = (set: AcpiTableSet) => set.tables.find((t) => t.signature === 'RSDP')!;

describe('the RSDP OEM ID', () => {
  it.each<[string, () => AcpiTableSet]>([
    ['a memory image', () => decodeAcpiInput(memoryImage('PLRSDP'), 'mem.bin')],
    ['an RSDP file (as /sys/firmware/acpi/tables has none, acpixtract writes one)', () => decodeAcpiInput(encodeRsdp({ oemId: 'PLRSDP', revision: 0, rsdtAddress: 0x1000 }), 'rsdp.dat')],
  ])('is inventoried from %s, class oem-id, at its 6 bytes', (_name, read) => {
    const set = read();
    const id = inventory({ acpi: set }).identifiers.find((i) => i.id === 'acpi.RSDP.oemId');
    expect(id).toMatchObject({ class: 'oem-id', severity: 'low', value: 'PLRSDP', placeholder: false, place: { source: 'acpi', signature: 'RSDP', field: 'oemId', offset: 9, length: 6 } });
    expect(id!.bytes).toEqual(latin1Bytes('PLRSDP'));
    expect(decodeRsdp(rsdpOf(set).bytes).oemId).toBe(id!.value);
  });

  it('never passes as the host RSDP: hvmloader and QEMU build their own', () => {
    const acpi = decodeAcpiInput(memoryImage('PLRSDP'), 'mem.bin');
    expect(selectQemuTables(acpi.tables, resolveQemuGuest({})).chosen.map((t) => t.signature)).toEqual(['SSDT']);
    const reach = (o: Parameters<typeof auditHost>[1]) => auditHost({ acpi }, o).identifiers.find((i) => i.id === 'acpi.RSDP.oemId')!.reach;
    expect(reach({ guest: resolveGuest({ xen: parseXenVersion('4.21') }) })).toEqual({ reaches: false, target: 'xen', why: 'RSDP left out: hvmloader builds its own' });
    expect(reach({ qemu: resolveQemuGuest({ firmware: 'ovmf' }) })).toEqual({ reaches: false, target: 'qemu', why: 'RSDP left out: QEMU builds its own' });
    // A passed SLIC with the same OEM ID lends it to QEMU's RSDT and FADT, and under OVMF to the RSDP.
    expect(reach({ qemu: resolveQemuGuest({ firmware: 'ovmf' }), tables: new Set(['SLIC']) })).toMatchObject({ reaches: true, how: expect.stringContaining('RSDP') });
    expect(reach({ qemu: resolveQemuGuest({ firmware: 'seabios' }), tables: new Set(['SLIC']) })).toMatchObject({ reaches: true, how: expect.not.stringContaining('RSDP') });
  });

  it.each([0, 2])('is redacted with the RSDP (revision %i) checksums kept', (revision) => {
    const bytes = revision === 2 ? memoryImage('PLRSDP').subarray(0, 36) : encodeRsdp({ oemId: 'PLRSDP', revision: 0, rsdtAddress: 0x1000 });
    const set = decodeAcpiInput(bytes, 'rsdp.dat');
    const ids = inventory({ acpi: set }).identifiers.filter((i) => i.id === 'acpi.RSDP.oemId');
    const r = redactAcpiTables(set.tables, ids, new Placeholders());
    const after = rsdpOf({ ...set, tables: r.tables });
    expect(r.changes.map((c) => c.identifierId)).toEqual(['acpi.RSDP.oemId']);
    expect(decodeRsdp(after.bytes).oemId).not.toBe('PLRSDP');
    expect(verifyRsdpChecksums(after.bytes)).toBe(true);
    // Only the OEM ID and the first checksum move.
    const moved = [...after.bytes].flatMap((b, k) => (b !== bytes[k] ? [k] : []));
    expect(moved.every((k) => k === 8 || (k >= 9 && k < 15))).toBe(true);
  });
});
