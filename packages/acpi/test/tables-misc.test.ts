import { decodeAcpiHeader, decodeBgrt, decodeDefinitionBlock, decodeFacs, decodeHpet, decodeMcfg, decodeMsdm, decodeSlic, decodeTpm2, facsFlagNames, slicMatchesRoot } from '@hvmpack/acpi';
import { ByteWriter } from '@hvmpack/bytes';
import { describe, expect, it } from 'vitest';
import { body, buildTable, FAKE_KEY, gas, msdmBody, slicBody } from './tables-fixtures.js';

describe('MCFG', () => {
  it('decodes allocations and reports a trailing partial entry', () => {
    const w = body().u64(0n); // 36 reserved
    w.u64(0xb0000000n).u16(0).u8(0).u8(0xff).u32(0); // 44
    w.u64(0x1_0000_0000n).u16(1).u8(0x10).u8(0x1f).u32(0); // 60
    w.u32(0xdead); // 76 partial
    const m = decodeMcfg(buildTable('MCFG', w.finish()));
    expect(m.allocations).toEqual([
      { baseAddress: 0xb0000000n, segment: 0, startBus: 0, endBus: 0xff },
      { baseAddress: 0x1_0000_0000n, segment: 1, startBus: 0x10, endBus: 0x1f },
    ]);
    expect(m.findings).toMatchObject([{ code: 'ACPI_MCFG_PARTIAL_ENTRY', offset: 76 }]);
  });
  it('reports an MCFG shorter than its fixed part', () => {
    expect(decodeMcfg(buildTable('MCFG', new Uint8Array(4))).findings).toMatchObject([{ code: 'ACPI_MCFG_SHORT' }]);
  });
});

describe('HPET / BGRT / TPM2 length gating', () => {
  it.each([
    { len: 56, has: ['pageProtection'], lacks: [] },
    { len: 53, has: ['hpetNumber'], lacks: ['minimumTick', 'pageProtection'] },
    { len: 40, has: ['eventTimerBlockId'], lacks: ['baseAddress'] },
  ])('HPET of $len bytes', ({ len, has, lacks }) => {
    const w = body().u32(0x8086a201);
    gas(w, 0, 64, 0xfed00000n).u8(0).u16(0x80).u8(1);
    const h = decodeHpet(buildTable('HPET', w.finish().subarray(0, len - 36)));
    for (const k of has) expect(h).toHaveProperty(k);
    for (const k of lacks) expect(h).not.toHaveProperty(k);
    expect(h.eventTimerBlockId).toBe(0x8086a201);
  });

  it('BGRT', () => {
    const b = decodeBgrt(buildTable('BGRT', body().u16(1).u8(1).u8(0).u64(0x7e000000n).u32(100).u32(200).finish()));
    expect(b).toMatchObject({ version: 1, status: 1, imageType: 0, imageAddress: 0x7e000000n, imageOffsetX: 100, imageOffsetY: 200 });
  });

  it.each([
    { len: 52, params: undefined, log: false },
    { len: 64, params: 12, log: false },
    { len: 76, params: 12, log: true },
  ])('TPM2 of $len bytes', ({ len, params, log }) => {
    const w = body().u16(0).u16(0).u64(0xfed40040n).u32(7).fill(12).u32(0x10000).u64(0x7ff0000n);
    const t = decodeTpm2(buildTable('TPM2', w.finish().subarray(0, len - 36), { revision: 4 }));
    expect(t.startMethod).toBe(7);
    expect(t.controlAddress).toBe(0xfed40040n);
    expect(t.startMethodParameters?.length).toBe(params);
    expect(t.logAreaStartAddress).toBe(log ? 0x7ff0000n : undefined);
  });
});

describe('FACS', () => {
  /** ACPI 6.5 §5.2.10 Table 5.14, 64 bytes. */
  function facs(length = 64): Uint8Array {
    const w = new ByteWriter().ascii('FACS').u32(length).u32(0x12345678).u32(0x9a000).u32(0).u32(3).u64(0x1_0000_0000n).u8(2).fill(3).u32(1).fill(24);
    return w.finish();
  }
  it('decodes the fields and flag names', () => {
    const f = decodeFacs(facs());
    expect(f).toMatchObject({ signature: 'FACS', length: 64, hardwareSignature: 0x12345678, firmwareWakingVector: 0x9a000, flags: 3, xFirmwareWakingVector: 0x1_0000_0000n, version: 2, ospmFlags: 1 });
    expect(facsFlagNames(f.flags!)).toEqual(['S4BIOS_F', '64BIT_WAKE_SUPPORTED_F']);
  });
  it.each([
    { name: 'wrong signature', bytes: buildTable('FACP', new Uint8Array(28)), code: 'BAD_SIGNATURE', offset: 0 },
    { name: 'length below 8', bytes: facs(4), code: 'BAD_LENGTH', offset: 4 },
    { name: 'length past the data', bytes: facs(128), code: 'TRUNCATED', offset: 0 },
  ])('rejects a FACS with $name', ({ bytes, code, offset }) => {
    expect(() => decodeFacs(bytes)).toThrow(expect.objectContaining({ code, offset }));
  });
  it('gates fields on a short FACS (ACPI 1.0 era)', () => {
    const f = decodeFacs(facs().slice(0, 32).fill(0, 4, 8).map((b, i) => (i === 4 ? 32 : b)));
    expect(f).toHaveProperty('xFirmwareWakingVector');
    expect(f).not.toHaveProperty('version');
  });
});

describe('MSDM (fake key)', () => {
  it('decodes version, data type, length and the key', () => {
    const m = decodeMsdm(buildTable('MSDM', msdmBody(), { revision: 3 }));
    expect(m).toMatchObject({ version: 1, dataType: 1, dataLength: 29, productKey: FAKE_KEY });
    expect(m.header.length).toBe(85);
    expect(m.findings).toEqual([]);
  });
  it('reports a data length past the table without quoting the key', () => {
    const m = decodeMsdm(buildTable('MSDM', msdmBody(FAKE_KEY, 40)));
    expect(m.findings).toMatchObject([{ code: 'ACPI_MSDM_DATA_TRUNCATED', severity: 'error', offset: 52 }]);
    expect(JSON.stringify(m.findings)).not.toContain('AAAAA');
    expect(m.productKey).toBe(FAKE_KEY);
  });
  it('stops before the data on a 52-byte MSDM', () => {
    const m = decodeMsdm(buildTable('MSDM', msdmBody().subarray(0, 16)));
    expect(m.dataLength).toBeUndefined();
    expect(m.productKey).toBeUndefined();
  });
});

describe('SLIC (fake key and marker)', () => {
  it('decodes the public key and the marker', () => {
    const s = decodeSlic(buildTable('SLIC', slicBody()));
    expect(s.header.length).toBe(374);
    expect(s.publicKey).toMatchObject({ type: 0, length: 156, keyType: 6, keyVersion: 2, algorithm: 0x2400, magic: 'RSA1', bitLength: 1024, exponent: 0x10001 });
    expect(s.publicKey!.modulus.length).toBe(128);
    expect(s.marker).toMatchObject({ type: 1, length: 182, version: 0x00020001, oemId: 'HVMPK ', oemTableId: 'FIXTURE ', windowsFlag: 'WINDOWS ', slicVersion: 0x00020001 });
    expect([s.marker!.signature.length, s.marker!.signature[0]]).toEqual([128, 0x5a]);
    expect(s.findings).toEqual([]);
  });
  it('reports a marker whose OEM IDs differ from the header, without the values', () => {
    const s = decodeSlic(buildTable('SLIC', slicBody('OTHER', 'OTHERTBL')));
    expect(s.findings).toMatchObject([{ code: 'ACPI_SLIC_OEM_MISMATCH', severity: 'info', offset: 192 + 12 }]);
    expect(slicMatchesRoot(s, { oemId: 'OTHER ', oemTableId: 'OTHERTBL' })).toBe(true);
    expect(slicMatchesRoot(s, s.header)).toBe(false);
    expect(s.findings[0]!.message).not.toMatch(/OTHER|HVMPK/);
  });
  it.each([
    { name: 'does not loop on a zero-length structure', at: 36 + 4, v: 0, code: 'ACPI_SLIC_BAD_STRUCTURE', offset: 36 },
    { name: 'stops at a marker length past the end', at: 192 + 4, v: 0xff, code: 'ACPI_SLIC_BAD_STRUCTURE', offset: 192 },
  ])('$name', ({ at, v, code, offset }) => {
    const t = buildTable('SLIC', slicBody());
    t[at] = v;
    expect(decodeSlic(t).findings[0]).toMatchObject({ code, offset });
  });
  it('reports a header-only SLIC (as QEMU tests ship) as incomplete only when it has a body', () => {
    expect(decodeSlic(buildTable('SLIC', new Uint8Array(0))).findings).toEqual([]);
    expect(decodeSlic(buildTable('SLIC', slicBody().subarray(0, 156))).findings).toMatchObject([{ code: 'ACPI_SLIC_INCOMPLETE' }]);
  });
});

describe('DSDT/SSDT', () => {
  it('exposes the AML bytes after the header', () => {
    const aml = new Uint8Array([0x10, 0x05, 0x5c, 0x5f, 0x53, 0x42, 0x5f]); // Scope (\_SB_)
    const d = decodeDefinitionBlock(buildTable('SSDT', aml, { revision: 2 }));
    expect(d.amlLength).toBe(7);
    expect([...d.aml]).toEqual([...aml]);
    expect(decodeAcpiHeader(buildTable('SSDT', aml)).signature).toBe('SSDT');
  });
  it('rejects a non-definition-block signature', () => {
    expect(() => decodeDefinitionBlock(buildTable('FACP', new Uint8Array(4)))).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
  });
});
