import { decodeTable, decodeTypedTable, encodeRsdp } from '@hvmpack/acpi';
import { ByteWriter } from '@hvmpack/bytes';
import { describe, expect, it } from 'vitest';
import { body, buildTable, FAKE_KEY, gas, msdmBody, slicBody } from './tables-fixtures.js';

const facs = new ByteWriter().ascii('FACS').u32(64).u32(0).u32(0).u32(0).u32(1).u64(0n).u8(2).fill(3).u32(0).fill(24).finish();

describe('decodeTypedTable', () => {
  it.each([
    { sig: 'FACP', bytes: buildTable('FACP', body().u32(0x1000).u32(0x2000).fill(68).u32(0x10).finish()), sensitive: false, field: 'flagNames', value: ['PWR_BUTTON'] },
    { sig: 'APIC', bytes: buildTable('APIC', body().u32(0xfee00000).u32(1).u8(0).u8(8).u8(0).u8(0).u32(1).finish()), sensitive: false, field: 'entryCount', value: 1 },
    { sig: 'MCFG', bytes: buildTable('MCFG', body().u64(0n).u64(0xb0000000n).u16(0).u8(0).u8(0xff).u32(0).finish()), sensitive: false, field: 'allocations', value: [{ baseAddress: '0xB0000000', segment: 0, startBus: 0, endBus: 255 }] },
    { sig: 'HPET', bytes: buildTable('HPET', gas(body().u32(0x8086a201), 0, 0, 0xfed00000n).u8(0).u16(0x80).u8(0).finish()), sensitive: false, field: 'eventTimerBlockId', value: 0x8086a201 },
    { sig: 'MSDM', bytes: buildTable('MSDM', msdmBody()), sensitive: true, field: 'productKey', value: FAKE_KEY },
    { sig: 'SLIC', bytes: buildTable('SLIC', slicBody()), sensitive: true, field: 'structures', value: [{ type: 0, length: 156, offset: 36 }, { type: 1, length: 182, offset: 192 }] },
    { sig: 'SSDT', bytes: buildTable('SSDT', new Uint8Array([0x10, 0x00])), sensitive: false, field: 'amlLength', value: 2 },
    { sig: 'TPM2', bytes: buildTable('TPM2', body().u16(0).u16(0).u64(0n).u32(6).finish()), sensitive: false, field: 'startMethodName', value: 'Memory Mapped I/O' },
    { sig: 'FACS', bytes: facs, sensitive: false, field: 'flagNames', value: ['S4BIOS_F'] },
    { sig: 'XSDT', bytes: buildTable('XSDT', body().u64(0x7fe0000n).u64(0n).finish()), sensitive: false, field: 'entries', value: ['0x7FE0000', '0x0'] },
    { sig: 'WAET', bytes: buildTable('WAET', body().u32(2).finish()), sensitive: false, field: 'bodyLength', value: 4 },
    { sig: 'OEMB', bytes: buildTable('OEMB', new Uint8Array(10)), sensitive: false, field: 'bodyLength', value: 10 },
  ])('$sig', ({ sig, bytes, sensitive, field, value }) => {
    const t = decodeTypedTable(decodeTable(bytes));
    expect(t.signature).toBe(sig);
    expect(t.name).not.toBe('');
    expect(t.sensitive).toBe(sensitive);
    expect(t.fields[field]).toEqual(value);
    // JSON-serialisable: no bigint, no typed arrays left.
    expect(JSON.parse(JSON.stringify(t.fields))).toEqual(t.fields);
  });

  it('names the RSDP and reports its checksums', () => {
    const rsdp = encodeRsdp({ oemId: 'HVMPK', revision: 2, rsdtAddress: 0x7fe0000, xsdtAddress: 0x7fe1000n });
    const good = decodeTypedTable(decodeTable(rsdp));
    expect(good.fields).toMatchObject({ revision: 2, xsdtAddress: '0x7FE1000', checksumOk: true });
    expect(good.findings).toEqual([]);
    const bad = rsdp.slice();
    bad[8]! ^= 1;
    expect(decodeTypedTable(decodeTable(bad)).findings).toMatchObject([{ code: 'ACPI_RSDP_BAD_CHECKSUM', offset: 8 }]);
  });

  it('passes the FADT pointer conflict through as a finding', () => {
    const w = body().u32(0).u32(0x2000).fill(88).u64(0n).u64(0x3000n).fill(96);
    const t = decodeTypedTable(decodeTable(buildTable('FACP', w.finish(), { revision: 4 })));
    expect(t.fields['pointers']).toEqual({ dsdt: { address: '0x3000', field: 'X_DSDT' } });
    expect(t.findings).toMatchObject([{ code: 'ACPI_FADT_ADDRESS_CONFLICT', offset: 140 }]);
  });

  it('findings about sensitive tables never quote key material', () => {
    const t = decodeTypedTable(decodeTable(buildTable('MSDM', msdmBody(FAKE_KEY, 99))));
    expect(t.findings.length).toBe(1);
    expect(JSON.stringify(t.findings)).not.toContain('AAAAA');
  });
});
