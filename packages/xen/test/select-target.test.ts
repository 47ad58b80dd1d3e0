// The Xen target's policy as a library: selection, OEM rewrite, xl's guest options, check dispatch.
import { describe, expect, it } from 'vitest';
import { decodeAcpiHeader, decodeTable, encodeTable, type AcpiTable } from '@hvmpack/acpi';
import { checksum8 } from '@hvmpack/bytes';
import { resolveGuest } from '@hvmpack/guest';
import { guestFromXl, rewriteOem, selectTables, xenTarget } from '@hvmpack/xen';

function table(signature: string, body = 8, oemId = 'LENOVO'): Uint8Array {
  return encodeTable({ header: { signature, length: 0, revision: 1, checksum: 0, oemId, oemTableId: 'TP-N23', oemRevision: 1, creatorId: 'PTEC', creatorRevision: 2 }, body: new Uint8Array(body).fill(0x42) });
}
const tables = (...sigs: string[]): AcpiTable[] => {
  const seen = new Map<string, number>();
  return sigs.map((s) => {
    const n = (seen.get(s) ?? 0) + 1;
    seen.set(s, n);
    return { ...decodeTable(table(s)), instance: n };
  });
};
const guest = resolveGuest();

describe('selectTables', () => {
  it('leaves out hvmloader\'s own tables and the sensitive ones, each with a finding', () => {
    const r = selectTables(tables('XSDT', 'FACP', 'DSDT', 'SSDT', 'MSDM', 'SLIC', 'BERT'), guest);
    expect(r.chosen.map((t) => t.signature)).toEqual(['SSDT', 'BERT']);
    expect(r.notes.map((f) => [f.code, f.path])).toEqual([
      ['PACK_ACPI_LEFT_OUT', 'input.tables[0]'],
      ['PACK_ACPI_LEFT_OUT', 'input.tables[1]'],
      ['PACK_ACPI_LEFT_OUT', 'input.tables[2]'],
      ['PACK_ACPI_SENSITIVE_LEFT_OUT', 'input.tables[4]'],
      ['PACK_ACPI_SENSITIVE_LEFT_OUT', 'input.tables[5]'],
    ]);
  });

  it('takes exactly the named tables, sensitive ones included, and flags names the input lacks', () => {
    const r = selectTables(tables('SSDT', 'SSDT', 'MSDM'), guest, new Set(['SSDT2', 'MSDM', 'XXXX', 'SSDT7']));
    expect(r.chosen.map((t) => `${t.signature}${t.instance}`)).toEqual(['SSDT2', 'MSDM1']);
    expect(r.notes.map((f) => [f.code, f.severity])).toEqual([['PACK_ACPI_TABLE_NOT_IN_INPUT', 'error']]);
    expect(r.notes[0]!.message).toContain('XXXX, SSDT7');
  });
});

describe('rewriteOem (through the ACPI header encoder)', () => {
  it('NUL-pads the new IDs, keeps every other byte and makes the table sum to zero', () => {
    const before = table('SSDT', 20);
    const after = rewriteOem(before, { oemId: 'Xen', oemTableId: 'HVM' });
    const h = decodeAcpiHeader(after);
    expect([h.oemId, h.oemTableId]).toEqual(['Xen\0\0\0', 'HVM\0\0\0\0\0']);
    expect(checksum8(after)).toBe(0);
    const same = (i: number): boolean => i === 9 || (i >= 10 && i < 24) || after[i] === before[i];
    expect(before.every((_, i) => same(i))).toBe(true);
  });

  it('with no new ID only fixes the checksum', () => {
    const broken = table('SSDT');
    broken[9] = (broken[9]! + 1) & 0xff;
    const fixed = rewriteOem(broken, {});
    expect(checksum8(fixed)).toBe(0);
    expect(fixed.subarray(10)).toEqual(broken.subarray(10));
  });
});

describe('guestFromXl', () => {
  it('turns xl underscores into hyphens in bios-strings keys', () => {
    expect(guestFromXl({ biosStrings: ['system_manufacturer=Acme', 'oem-1=x=y'] }).biosStrings).toEqual({ 'system-manufacturer': 'Acme', 'oem-1': 'x=y' });
  });
  it.each([
    ['a key without a value', { biosStrings: ['colour'] }, 'bios-string'],
    ['a key hvmloader does not read', { biosStrings: ['colour=blue'] }, 'bios-string'],
    ['Xen 4.2', { xen: '4.2' }, 'xen'],
    ['an unknown firmware', { firmware: 'ovfm' }, 'firmware'],
  ])('refuses %s with BAD_VALUE naming the option', (_n, options, path) => {
    expect(() => guestFromXl(options)).toThrow(expect.objectContaining({ code: 'BAD_VALUE', path }));
  });
});

describe('xenTarget.check', () => {
  it('detects the blob kind and refuses host data with a hint', () => {
    expect(xenTarget.check(xenTarget.emit.acpi([table('SSDT'), table('BERT')]), guest).kind).toBe('acpi');
    expect(() => xenTarget.check(new TextEncoder().encode('_SM3_ and more'), guest)).toThrow(expect.objectContaining({ code: 'UNKNOWN_FORMAT' }));
  });
});
