import { isFormatError } from '@hvmpack/bytes';
import { decodeFadt, fadtBootArchNames, fadtFlagNames, fadtPointers } from '@hvmpack/acpi';
import { describe, expect, it } from 'vitest';
import { body, buildTable, gas } from './tables-fixtures.js';

/** A FADT body (offset 36 onwards) of the given total table length, byte by byte from ACPI 6.5 Table 5.9. */
function fadtBody(totalLength: number, p: { facs?: number; dsdt?: number; xFacs?: bigint; xDsdt?: bigint } = {}): Uint8Array {
  const w = body();
  w.u32(p.facs ?? 0).u32(p.dsdt ?? 0); // 36 FIRMWARE_CTRL, 40 DSDT
  w.u8(0).u8(2).u16(9).u32(0xb2); // 44 model, 45 PM profile (Mobile), 46 SCI_INT, 48 SMI_CMD
  w.u8(0xf0).u8(0xf1).u8(0).u8(0); // 52 ACPI_ENABLE, ACPI_DISABLE, S4BIOS_REQ, PSTATE_CNT
  w.u32(0x1800).u32(0).u32(0x1804).u32(0).u32(0x1850).u32(0x1808).u32(0x1820).u32(0); // 56..84 blocks
  w.u8(4).u8(2).u8(1).u8(4).u8(0x20).u8(0).u8(0).u8(0); // 88..95 lengths
  w.u16(101).u16(57).u16(0).u16(0); // 96 P_LVL2_LAT, P_LVL3_LAT, FLUSH_SIZE, FLUSH_STRIDE
  w.u8(1).u8(3).u8(0x0d).u8(0).u8(0x32); // 104 duty offset/width, day/mon alarm, century
  w.u16(0x0003).u8(0); // 109 IAPC_BOOT_ARCH (legacy devices + 8042), 111 reserved
  w.u32(0x000084a5 | (1 << 30)); // 112 flags, plus an undefined bit 30
  gas(w, 1, 8, 0xcf9n).u8(6).u16(0).u8(1); // 116 RESET_REG, 128 value, 129 ARM, 131 minor
  w.u64(p.xFacs ?? 0n).u64(p.xDsdt ?? 0n); // 132 X_FIRMWARE_CTRL, 140 X_DSDT
  gas(w, 1, 32, 0x1800n); // 148 X_PM1a_EVT_BLK
  for (let i = 0; i < 7; i++) gas(w, 0, 0, 0n); // 160..232
  gas(w, 0, 8, 0x1000n).u8(0); // 244 SLEEP_CONTROL (+1 byte so the next GAS lines up below)
  const v = w.finish().subarray(0, 256 - 36);
  const out = new Uint8Array(Math.max(0, totalLength - 36));
  out.set(v.subarray(0, out.length));
  if (totalLength >= 276) out.set([0x58, 0x65, 0x6e, 0x56, 0x4d, 0x4d, 0x58, 0x65], 268 - 36); // "XenVMMXe"
  return out;
}

describe('decodeFadt', () => {
  it.each([
    { length: 116, has: 'flags', lacks: 'resetReg' },
    { length: 132, has: 'minorRevision', lacks: 'xFacs' },
    { length: 244, has: 'xGpe1Blk', lacks: 'sleepControlReg' },
    { length: 268, has: 'sleepStatusReg', lacks: 'hypervisorVendorId' },
    { length: 276, has: 'hypervisorVendorId', lacks: undefined },
  ])('gates fields by length $length', ({ length, has, lacks }) => {
    const f = decodeFadt(buildTable('FACP', fadtBody(length), { revision: 6 }));
    expect(f.length).toBe(length);
    expect(f).toHaveProperty(has);
    if (lacks) expect(f).not.toHaveProperty(lacks);
    expect(f.sciInt).toBe(9);
    expect(f.pmProfile).toBe(2);
    expect(f.century).toBe(0x32);
  });

  it('decodes flags, boot flags, GAS and the hypervisor id', () => {
    const f = decodeFadt(buildTable('FACP', fadtBody(276)));
    expect(fadtFlagNames(f.flags!)).toEqual(['WBINVD', 'PROC_C1', 'SLP_BUTTON', 'RTC_S4', 'RESET_REG_SUP', 'USE_PLATFORM_CLOCK', 'bit30']);
    expect(fadtBootArchNames(f.iapcBootArch!)).toEqual(['LEGACY_DEVICES', '8042']);
    expect(f.resetReg).toEqual({ spaceId: 1, bitWidth: 8, bitOffset: 0, accessSize: 0, address: 0xcf9n });
    expect(f.resetValue).toBe(6);
    expect(f.xPm1aEvtBlk?.address).toBe(0x1800n);
    expect(f.hypervisorVendorId).toBe(0x65584d4d566e6558n);
  });

  it.each([
    { name: 'wrong signature', bytes: buildTable('APIC', fadtBody(116)), code: 'BAD_SIGNATURE', offset: 0 },
    { name: 'length below the header', bytes: buildTable('FACP', fadtBody(116), { length: 20 }), code: 'BAD_LENGTH', offset: 4 },
    { name: 'length past the data', bytes: buildTable('FACP', fadtBody(116), { length: 300 }), code: 'TRUNCATED', offset: 0 },
    { name: 'fewer than 36 bytes', bytes: new Uint8Array(20), code: 'TRUNCATED', offset: 0 },
  ])('rejects a FADT with $name', ({ bytes, code, offset }) => {
    let err: unknown;
    try {
      decodeFadt(bytes);
    } catch (e) {
      err = e;
    }
    expect(isFormatError(err)).toBe(true);
    expect(err).toMatchObject({ code, offset });
  });

  it('reads only up to the header length when bytes follow the table', () => {
    const t = buildTable('FACP', fadtBody(116));
    const padded = new Uint8Array(t.length + 40).fill(0xff);
    padded.set(t);
    expect(decodeFadt(padded)).not.toHaveProperty('resetReg');
  });
});

describe('fadtPointers (ACPICA AcpiTbSelectAddress)', () => {
  it.each([
    { name: 'only 32-bit set', p: { facs: 0x1000, dsdt: 0x2000 }, dsdt: [0x2000n, 'DSDT'], facs: [0x1000n, 'FACS'], conflicts: 0 },
    { name: 'only 64-bit set', p: { xFacs: 0x1_0000_1000n, xDsdt: 0x1_0000_2000n }, dsdt: [0x1_0000_2000n, 'X_DSDT'], facs: [0x1_0000_1000n, 'X_FACS'], conflicts: 0 },
    { name: 'both set and equal', p: { dsdt: 0x2000, xDsdt: 0x2000n }, dsdt: [0x2000n, 'X_DSDT'], facs: undefined, conflicts: 0 },
    { name: 'both set and different', p: { dsdt: 0x2000, xDsdt: 0x3000n, facs: 0x10, xFacs: 0x20n }, dsdt: [0x3000n, 'X_DSDT'], facs: [0x20n, 'X_FACS'], conflicts: 2 },
    { name: 'none set', p: {}, dsdt: undefined, facs: undefined, conflicts: 0 },
  ])('$name', ({ p, dsdt, facs, conflicts }) => {
    const r = fadtPointers(decodeFadt(buildTable('FACP', fadtBody(244, p))));
    expect(r.dsdt ? [r.dsdt.address, r.dsdt.field] : undefined).toEqual(dsdt);
    expect(r.facs ? [r.facs.address, r.facs.field] : undefined).toEqual(facs);
    expect(r.findings.filter((f) => f.code === 'ACPI_FADT_ADDRESS_CONFLICT')).toHaveLength(conflicts);
  });

  it('names both values in a conflict and points at the X_ field', () => {
    const r = fadtPointers(decodeFadt(buildTable('FACP', fadtBody(244, { dsdt: 0x2000, xDsdt: 0x3000n }))), { offset: 0x100 });
    expect(r.findings[0]).toMatchObject({ severity: 'warning', offset: 0x100 + 140, path: 'acpi.FACP.X_DSDT' });
    expect(r.findings[0]!.message).toContain('0x00002000');
    expect(r.findings[0]!.message).toContain('0x0000000000003000');
  });

  it('uses the 32-bit fields of an ACPI 1.0 (116-byte) FADT', () => {
    const r = fadtPointers(decodeFadt(buildTable('FACP', fadtBody(116, { dsdt: 0x7000 }))));
    expect(r.dsdt).toEqual({ address: 0x7000n, field: 'DSDT' });
  });
});
