import { describe, expect, it } from 'vitest';
import { checksum8 } from '@hvmpack/bytes';
import {
  ACPI_HEADER_LENGTH,
  decodeAcpiHeader,
  decodeRootTable,
  decodeRsdp,
  decodeTable,
  encodeAcpiHeader,
  encodeFacs,
  encodeRootTable,
  encodeRsdp,
  encodeTable,
  fixTableChecksum,
  isValidSignature,
  rsdpLength,
  tableBody,
  toRawTable,
  verifyTableChecksum,
} from '@hvmpack/acpi';
import { hdr, table } from './build.js';
import { errorCodeAt as codeOf } from '../../../test/support/errors.js';

describe('common header (ACPI 6.5 §5.2.6)', () => {
  it('decodes every field at its offset, written byte by byte', () => {
    const b = new Uint8Array(36);
    b.set([0x53, 0x53, 0x44, 0x54], 0); // "SSDT"
    b.set([0x24, 0x01, 0x00, 0x00], 4); // length 0x124
    b[8] = 2; // revision
    b[9] = 0xab; // checksum
    b.set([...'OEMID1'].map((c) => c.charCodeAt(0)), 10);
    b.set([...'TABLEID '].map((c) => c.charCodeAt(0)), 16);
    b.set([0x78, 0x56, 0x34, 0x12], 24); // OEM revision
    b.set([...'INTL'].map((c) => c.charCodeAt(0)), 28);
    b.set([0x01, 0x00, 0x16, 0x20], 32); // creator revision 0x20160001
    expect(decodeAcpiHeader(b)).toEqual({
      signature: 'SSDT', length: 0x124, revision: 2, checksum: 0xab, oemId: 'OEMID1', oemTableId: 'TABLEID ',
      oemRevision: 0x12345678, creatorId: 'INTL', creatorRevision: 0x20160001,
    });
    expect(encodeAcpiHeader(decodeAcpiHeader(b))).toEqual(b);
  });

  it.each([0, 4, 35])('rejects a %i-byte header as TRUNCATED', (n) => {
    expect(codeOf(() => decodeAcpiHeader(new Uint8Array(n))).code).toBe('TRUNCATED');
  });

  it('keeps NUL padding in text fields so the header round-trips', () => {
    const h = hdr('SSDT', { oemId: 'AB\0\0\0\0', oemTableId: 'X\0\0\0\0\0\0\0' });
    const bytes = encodeTable({ header: h, body: new Uint8Array(4) });
    const t = decodeTable(bytes);
    expect(t.header!.oemId).toBe('AB\0\0\0\0');
    expect(encodeTable(toRawTable(t))).toEqual(bytes);
  });

  it.each([
    ['SSDT', true], ['ASF!', true], ['WD__', true], ['ssdt', false], ['!ASF', false], ['SSD', false], ['SS T', false],
  ])('signature %j valid: %s', (s, ok) => {
    expect(isValidSignature(s)).toBe(ok);
  });
});

describe('table raw layer', () => {
  it('encodeTable computes length and checksum', () => {
    const b = table('SSDT', 100);
    expect(b.length).toBe(136);
    expect(new DataView(b.buffer).getUint32(4, true)).toBe(136);
    expect(checksum8(b)).toBe(0);
    const t = decodeTable(b);
    expect(t.checksumOk).toBe(true);
    expect(tableBody(t).length).toBe(100);
  });

  it('round-trips a table with a bad checksum when asked to keep it', () => {
    const b = table('OEMB', 20);
    b[9] = (b[9]! + 1) & 0xff;
    const t = decodeTable(b);
    expect(t.checksumOk).toBe(false);
    expect(encodeTable(toRawTable(t), { keepChecksum: true })).toEqual(b);
    expect(encodeTable(toRawTable(t))).not.toEqual(b);
    expect(fixTableChecksum(b)[9]).toBe(encodeTable(toRawTable(t))[9]);
    expect(verifyTableChecksum(fixTableChecksum(b))).toBe(true);
  });

  it('treats FACS as having no checksum and no standard header', () => {
    const b = encodeFacs(new Uint8Array(56));
    expect(b.length).toBe(64);
    const t = decodeTable(b);
    expect(t.header).toBeNull();
    expect(t.checksumOk).toBeNull();
    expect(tableBody(t).length).toBe(56);
    expect(codeOf(() => encodeTable({ header: hdr('FACS'), body: new Uint8Array(1) })).code).toBe('BAD_SIGNATURE');
  });

  it('reports a table whose length runs past its bytes as checksum-failed, not decoded short', () => {
    const b = table('SSDT', 50).subarray(0, 60);
    const t = decodeTable(b);
    expect(t.header!.length).toBe(86);
    expect(t.checksumOk).toBe(false);
    expect(t.bytes.length).toBe(60);
  });

  it('gives a table too short for its header header null', () => {
    const t = decodeTable(table('SSDT').subarray(0, 20));
    expect(t.header).toBeNull();
    expect(t.signature).toBe('SSDT');
  });
});

describe('RSDP (ACPI 6.5 §5.2.5.3)', () => {
  it('encodes a 20-byte v1 RSDP with a valid 20-byte checksum', () => {
    const b = encodeRsdp({ oemId: 'HVMTST', revision: 0, rsdtAddress: 0x7fff0000 });
    expect(b.length).toBe(20);
    expect(checksum8(b, 0, 20)).toBe(0);
    expect(rsdpLength(b)).toBe(20);
    const r = decodeRsdp(b);
    expect(r).toMatchObject({ revision: 0, rsdtAddress: 0x7fff0000, checksumOk: true });
    expect(r.xsdtAddress).toBeUndefined();
  });

  it('encodes a 36-byte v2 RSDP with both checksums', () => {
    const b = encodeRsdp({ oemId: 'HVMTST', revision: 2, rsdtAddress: 0x1000, xsdtAddress: 0x1_0000_2000n });
    expect(b.length).toBe(36);
    expect(checksum8(b, 0, 20)).toBe(0);
    expect(checksum8(b, 0, 36)).toBe(0);
    expect(decodeRsdp(b)).toMatchObject({ length: 36, xsdtAddress: 0x1_0000_2000n, checksumOk: true, extendedChecksumOk: true });
    expect(decodeTable(b).checksumOk).toBe(true);
    expect(decodeTable(b).signature).toBe('RSDP');
  });

  it.each([
    ['first checksum', 8, { checksumOk: false, extendedChecksumOk: false }],
    ['extended checksum', 32, { checksumOk: true, extendedChecksumOk: false }],
  ])('reports a broken %s', (_n, at, want) => {
    const b = encodeRsdp({ oemId: 'HVMTST', revision: 2, rsdtAddress: 0x1000, xsdtAddress: 0x2000n });
    b[at] = (b[at]! + 1) & 0xff;
    expect(decodeRsdp(b)).toMatchObject(want);
    expect(decodeTable(b).checksumOk).toBe(false);
  });

  it.each([
    ['a wrong signature', (b: Uint8Array) => b.set([0x58], 0), 'BAD_SIGNATURE', 0],
    ['a v2 length below 36', (b: Uint8Array) => b.set([20, 0, 0, 0], 20), 'BAD_LENGTH', 20],
    ['a v2 length past the end', (b: Uint8Array) => b.set([40, 0, 0, 0], 20), 'TRUNCATED', 0],
  ])('rejects %s', (_n, mutate, code, offset) => {
    const b = encodeRsdp({ oemId: 'HVMTST', revision: 2, rsdtAddress: 0x1000, xsdtAddress: 0x2000n });
    mutate(b);
    expect(codeOf(() => decodeRsdp(b))).toEqual({ code, offset });
  });
});

describe('RSDT / XSDT (ACPI 6.5 §5.2.7, §5.2.8)', () => {
  it.each([
    ['RSDT', [0x1000n, 0n, 0xfffff000n], 4],
    ['XSDT', [0x1000n, 0n, 0x1_2345_6789n], 8],
  ] as const)('%s round-trips its entries, null entries kept', (sig, entries, size) => {
    const b = encodeRootTable(hdr(sig), entries);
    expect(b.length).toBe(ACPI_HEADER_LENGTH + entries.length * size);
    expect(checksum8(b)).toBe(0);
    const r = decodeRootTable(decodeTable(b));
    expect(r.entries).toEqual(entries);
    expect(r.findings).toEqual([]);
  });

  it('rounds a partial trailing entry down, as ACPICA does, with a finding', () => {
    const b = encodeRootTable(hdr('XSDT'), [0x1000n, 0x2000n]);
    const cut = encodeTable({ header: hdr('XSDT'), body: b.subarray(36, 36 + 12) });
    const r = decodeRootTable(decodeTable(cut));
    expect(r.entries).toEqual([0x1000n]);
    expect(r.findings.map((f) => f.code)).toEqual(['ACPI_ROOT_PARTIAL_ENTRY']);
  });

  it('reads only the entries present when the length runs past the end', () => {
    const b = encodeRootTable(hdr('RSDT'), [1n, 2n, 3n]).subarray(0, 44);
    const r = decodeRootTable(decodeTable(b));
    expect(r.entries).toEqual([1n, 2n]);
    expect(r.findings.map((f) => f.code)).toContain('ACPI_ROOT_TRUNCATED');
  });

  it('refuses an RSDT entry above 32 bits', () => {
    expect(codeOf(() => encodeRootTable(hdr('RSDT'), [0x1_0000_0000n])).code).toBe('BAD_VALUE');
  });
});
