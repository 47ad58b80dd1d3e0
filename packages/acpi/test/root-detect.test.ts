import { describe, expect, it } from 'vitest';
import { concatBytes } from '@hvmpack/bytes';
import { checkTables, decodeAcpiInput, decodeTable, encodeRsdp, findRsdp, formatAcpidump, splitBlob, walkAcpiBlob, walkMemoryImage } from '@hvmpack/acpi';
import { encodeRootTable, facs, fadt, hdr, memoryImage, place, table } from './build.js';
import { errorCodeAt as codeOf, formatErrorOf } from '../../../test/support/errors.js';

describe('memory image walk', () => {
  it('finds the RSDP on a 16-byte boundary and collects RSDP, roots, DSDT, FACS and the listed tables', () => {
    const { image, addresses } = memoryImage();
    const set = walkMemoryImage([{ base: 0n, bytes: image }]);
    expect(set.container).toBe('memory-image');
    expect(set.tables.map((t) => t.signature)).toEqual(['RSDP', 'RSDT', 'XSDT', 'DSDT', 'FACS', 'FACP', 'SSDT', 'APIC']);
    expect(set.tables.find((t) => t.signature === 'DSDT')!.address).toBe(BigInt(addresses.dsdt));
    expect(set.tables[0]!.address).toBe(0xf0000n);
    expect(checkTables(set)).toEqual([]);
  });

  it('prefers X_FACS over a different FACS and reports the conflict, as ACPICA does', () => {
    const set = walkMemoryImage([{ base: 0n, bytes: memoryImage({ conflict: true }).image }]);
    expect(set.tables.find((t) => t.signature === 'FACS')!.address).toBe(0x83000n);
    expect(set.findings.map((f) => f.code)).toContain('ACPI_FADT_ADDRESS_CONFLICT');
  });

  it('fadt-dsdt-conflict-in-acpidump: check reports the FADT pointer conflict outside memory images too, once per FADT', () => {
    const text = formatAcpidump([decodeTable(table('DSDT', 5)), decodeTable(fadt({ dsdt: 0x1000, xDsdt: 0x2000n }))]);
    expect(checkTables(decodeAcpiInput(new TextEncoder().encode(text))).map((f) => [f.code, f.path, f.offset])).toEqual([
      ['ACPI_FADT_ADDRESS_CONFLICT', 'acpi.tables[1].X_DSDT', 140],
    ]);
    const image = walkMemoryImage([{ base: 0n, bytes: memoryImage({ conflict: true }).image }]);
    expect(checkTables(image).filter((f) => f.code === 'ACPI_FADT_ADDRESS_CONFLICT')).toHaveLength(1);
  });

  it('two-facs-image: a FACS differing from X_FACS is kept as a second FACS, X_FACS first (ACPICA installs both)', () => {
    const image = place(1 << 20, [
      [0xf0000, encodeRsdp({ oemId: 'HVMTST', revision: 2, rsdtAddress: 0, xsdtAddress: 0x80000n })],
      [0x80000, encodeRootTable(hdr('XSDT'), [0x81000n])],
      [0x81000, fadt({ facs: 0x86000, dsdt: 0x82000, xFacs: 0x83000n, xDsdt: 0x82000n })],
      [0x82000, table('DSDT', 30)],
      [0x83000, facs()],
      [0x86000, facs()],
    ]);
    const set = walkMemoryImage([{ base: 0n, bytes: image }]);
    expect(set.tables.filter((t) => t.signature === 'FACS').map((t) => [t.instance, t.address])).toEqual([
      [1, 0x83000n],
      [2, 0x86000n],
    ]);
    expect(set.findings.map((f) => f.code)).toEqual(['ACPI_FADT_ADDRESS_CONFLICT']);
  });

  it('reports a FADT pointer outside the image instead of failing', () => {
    const set = walkMemoryImage([{ base: 0n, bytes: memoryImage({ dropDsdt: true }).image }]);
    expect(set.tables.some((t) => t.signature === 'DSDT')).toBe(false);
    expect(set.findings.map((f) => f.code)).toContain('ACPI_TABLE_NOT_IN_IMAGE');
  });

  it('walks split regions (BIOS area + table area) with absolute addresses', () => {
    const { image } = memoryImage();
    const set = walkMemoryImage([
      { base: 0xe0000n, bytes: image.subarray(0xe0000, 0x100000) },
      { base: 0x80000n, bytes: image.subarray(0x80000, 0x90000) },
    ]);
    expect(set.tables).toHaveLength(8);
  });

  it('skips an RSDP candidate with a bad checksum and finds the next one', () => {
    const bad = encodeRsdp({ oemId: 'BADBAD', revision: 0, rsdtAddress: 1 });
    bad[8] = (bad[8]! + 1) & 0xff;
    const good = encodeRsdp({ oemId: 'GOODGO', revision: 0, rsdtAddress: 2 });
    const findings: never[] = [];
    const found = findRsdp([{ base: 0xe0000n, bytes: place(0x100, [[0x10, bad], [0x40, good], [0x81, good]]) }], findings);
    expect(found!.address).toBe(0xe0040n);
    expect(found!.rsdp.rsdtAddress).toBe(2);
    expect(findings).toHaveLength(1);
  });

  it('uses a known RSDP address (UEFI systab) even when it is not 16-byte aligned', () => {
    const { image } = memoryImage();
    const moved = image.slice();
    moved.copyWithin(0xf0004, 0xf0000, 0xf0024);
    moved.fill(0, 0xf0000, 0xf0004);
    expect(codeOf(() => walkMemoryImage([{ base: 0n, bytes: moved }])).code).toBe('BAD_SIGNATURE');
    const set = walkMemoryImage([{ base: 0n, bytes: moved }], { rsdpAddress: 0xf0004n });
    expect(set.tables).toHaveLength(8);
    expect(set.tables[0]!.address).toBe(0xf0004n);
  });

  it('ignores an RSDP that is not 16-byte aligned', () => {
    const good = encodeRsdp({ oemId: 'GOODGO', revision: 0, rsdtAddress: 2 });
    expect(findRsdp([{ base: 0n, bytes: place(0x100, [[0x18, good]]) }])).toBeUndefined();
  });

  it('reports overlapping tables', () => {
    const { image, addresses } = memoryImage();
    const set = walkMemoryImage([{ base: 0n, bytes: image }]);
    set.tables[7]!.address = BigInt(addresses.ssdt + 16);
    expect(checkTables(set).map((f) => f.code)).toEqual(['ACPI_TABLES_OVERLAP']);
  });
});

describe('decodeAcpiInput detection', () => {
  it.each([
    ['acpidump text', () => new TextEncoder().encode(formatAcpidump([decodeTable(table('SSDT'))])), 'acpidump', ['SSDT']],
    ['one binary table', () => table('SSDT', 10), 'binary', ['SSDT']],
    ['a FACS', () => facs(), 'binary', ['FACS']],
    ['an RSDP file (rsdp.dat)', () => encodeRsdp({ oemId: 'HVMTST', revision: 2, rsdtAddress: 1, xsdtAddress: 2n }), 'binary', ['RSDP']],
    ['concatenated tables', () => concatBytes([table('SSDT'), table('SLIC', 40), table('SSDT', 3)]), 'blob', ['SSDT', 'SLIC', 'SSDT']],
    ['a memory image', () => memoryImage().image, 'memory-image', ['RSDP', 'RSDT', 'XSDT', 'DSDT', 'FACS', 'FACP', 'SSDT', 'APIC']],
  ] as const)('detects %s', (_n, make, container, sigs) => {
    const set = decodeAcpiInput(make());
    expect(set.container).toBe(container);
    expect(set.tables.map((t) => t.signature)).toEqual(sigs);
  });

  it('numbers instances in a blob', () => {
    const set = decodeAcpiInput(concatBytes([table('SSDT'), table('SLIC', 40), table('SSDT', 3)]));
    expect(set.tables.map((t) => t.instance)).toEqual([1, 1, 2]);
  });

  it('keeps a table with trailing bytes whole and reports them (the iasl PHAT hazard)', () => {
    const set = decodeAcpiInput(concatBytes([table('PHAT', 40), new Uint8Array(100).fill(0xee)]));
    expect(set.container).toBe('binary');
    expect(set.tables[0]!.bytes.length).toBe(176);
    expect(checkTables(set).map((f) => f.code)).toEqual(['ACPI_TRAILING_BYTES']);
  });

  it('stops at a zero length inside concatenated tables with an error, as hvmloader stops (and crashes) there', () => {
    const second = table('SSDT');
    second.set([0, 0, 0, 0], 4);
    const set = splitBlob(concatBytes([table('SSDT'), second]));
    expect(set.tables.map((t) => t.signature)).toEqual(['SSDT']);
    expect(set.findings.map((f) => [f.code, f.severity, f.offset])).toEqual([['ACPI_BLOB_ZERO_LENGTH', 'error', 44]]);
  });

  it('reads a length below the header size and trailing bytes as the Xen blob walker does (one reader)', () => {
    const short = table('SSDT', 20);
    short.set([20, 0, 0, 0], 4);
    const bytes = concatBytes([table('SSDT'), short.subarray(0, 20), table('BERT'), new Uint8Array(7)]);
    const set = splitBlob(bytes);
    const walk = walkAcpiBlob(bytes);
    expect(set.tables.map((t) => t.bytes.length)).toEqual(walk.records.map((r) => r.bytes.length));
    expect(set.findings.map((f) => [f.code, f.severity, f.offset])).toEqual([['ACPI_BLOB_TRAILING_BYTES', 'warning', bytes.length - 7]]);
    expect(checkTables(set).map((f) => f.code)).toContain('ACPI_TRUNCATED_HEADER');
  });

  it('keeps a last table whose length runs past the blob end short, with a finding', () => {
    const set = splitBlob(concatBytes([table('SSDT'), table('SSDT', 100).subarray(0, 60)]));
    expect(set.tables[1]!.bytes.length).toBe(60);
    expect(checkTables(set).map((f) => f.code)).toEqual(['ACPI_LENGTH_PAST_END']);
  });

  it.each([
    ['zero-length-field-table', 0, [['ACPI_ZERO_LENGTH', 4]]],
    // ACPICA sums `Length` bytes, so the checksum over 20 bytes fails too.
    ['length-20-table', 20, [['ACPI_BAD_LENGTH', 4], ['ACPI_BAD_CHECKSUM', 9]]],
  ] as const)('%s: a lone table whose length field is below the header size is a finding, not UNKNOWN_FORMAT', (_name, length, want) => {
    const bytes = table('DSDT', 10);
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(4, length, true);
    const set = decodeAcpiInput(bytes, 'zerolen.bin');
    expect(set.container).toBe('binary');
    expect(checkTables(set).map((f) => [f.code, f.offset])).toEqual(want);
  });

  it('says UNKNOWN_FORMAT for random bytes', () => {
    expect(codeOf(() => decodeAcpiInput(new Uint8Array(100).fill(0xa5))).code).toBe('UNKNOWN_FORMAT');
  });
});

describe('memory image walk limits', () => {
  const MiB = 1 << 20;
  const slotsAt = 0x120000;
  /**
   * An image whose XSDT lists `count` tables 16 bytes apart, each slot claiming 1 MiB ('SSDT' and
   * length 0x100000 at +4): the tables overlap, so a small image lists gigabytes of table bytes.
   */
  function overlappingImage(count: number): Uint8Array {
    const slot = new Uint8Array(16);
    slot.set([0x53, 0x53, 0x44, 0x54, 0x00, 0x00, 0x10, 0x00]);
    const entries = Array.from({ length: count }, (_, i) => BigInt(slotsAt + 16 * i));
    const image = place(slotsAt + 16 * count + MiB, [
      [0xf0000, encodeRsdp({ oemId: 'HVMTST', revision: 2, rsdtAddress: 0, xsdtAddress: 0x100000n })],
      [0x100000, encodeRootTable(hdr('XSDT'), entries)],
    ]);
    for (let i = 0; i < count; i++) image.set(slot, slotsAt + 16 * i);
    return image;
  }

  it('an XSDT listing 4,200 tables of 1 MiB each fails on its count before any table is read', () => {
    const e = formatErrorOf(() => walkMemoryImage([{ base: 0n, bytes: overlappingImage(4200) }]));
    expect(e.code).toBe('LIMIT_EXCEEDED');
    // Thrown where the root's count is read (path of the XSDT itself), not after loading 4,096 of them.
    expect(e.path).toBe('acpi.XSDT');
  });

  it('an XSDT listing 100 overlapping tables of 1 MiB each stops once the bytes read pass the input limit', () => {
    const e = formatErrorOf(() => walkMemoryImage([{ base: 0n, bytes: overlappingImage(100) }], { limits: { maxInputBytes: 16 * MiB } }));
    expect(e.code).toBe('LIMIT_EXCEEDED');
    // RSDP and XSDT are a few hundred bytes; fifteen 1 MiB tables fit in 16 MiB, the sixteenth does not.
    expect(e.path).toBe('acpi.XSDT[15]');
  });
});
