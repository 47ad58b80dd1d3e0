// FADT ("FACP"), ACPI 6.5 §5.2.9. Fields are read only when the table is long enough to hold them:
// real FADTs are 116 (ACPI 1.0), 244 (2.0–4.0), 268 (5.x) or 276 (6.x) bytes, and ACPICA's
// disassembler gates its output the same way (by length, not revision).
import { finding, hex, type Finding } from '@hvmpack/bytes';
import type { AcpiHeader, AcpiTable } from '../model.js';
import { encodeFixedTable, flagNames, openTable, readFields, type FieldLayout, type LayoutFields, type TableDecodeOptions } from './common.js';

/**
 * The FADT declaration (ACPI 6.5 Table 5.9): key, offset, kind. `facs`/`dsdt` are FIRMWARE_CTRL
 * and DSDT (32-bit), `xFacs`/`xDsdt` their 64-bit forms; `model` is ACPI 1.0's INT_MODEL;
 * `flags` and `iapcBootArch` are named by {@link FADT_FLAGS} and {@link FADT_BOOT_ARCH_FLAGS};
 * `hypervisorVendorId` (ACPI 6.0+) is 8 bytes read as a little-endian u64.
 */
export const FADT_LAYOUT = [
  ['facs', 36, 'u32'], ['dsdt', 40, 'u32'], ['model', 44, 'u8'], ['pmProfile', 45, 'u8'],
  ['sciInt', 46, 'u16'], ['smiCmd', 48, 'u32'], ['acpiEnable', 52, 'u8'], ['acpiDisable', 53, 'u8'],
  ['s4biosReq', 54, 'u8'], ['pstateCnt', 55, 'u8'], ['pm1aEvtBlk', 56, 'u32'], ['pm1bEvtBlk', 60, 'u32'],
  ['pm1aCntBlk', 64, 'u32'], ['pm1bCntBlk', 68, 'u32'], ['pm2CntBlk', 72, 'u32'], ['pmTmrBlk', 76, 'u32'],
  ['gpe0Blk', 80, 'u32'], ['gpe1Blk', 84, 'u32'], ['pm1EvtLen', 88, 'u8'], ['pm1CntLen', 89, 'u8'],
  ['pm2CntLen', 90, 'u8'], ['pmTmrLen', 91, 'u8'], ['gpe0BlkLen', 92, 'u8'], ['gpe1BlkLen', 93, 'u8'],
  ['gpe1Base', 94, 'u8'], ['cstCnt', 95, 'u8'], ['pLvl2Lat', 96, 'u16'], ['pLvl3Lat', 98, 'u16'],
  ['flushSize', 100, 'u16'], ['flushStride', 102, 'u16'], ['dutyOffset', 104, 'u8'], ['dutyWidth', 105, 'u8'],
  ['dayAlrm', 106, 'u8'], ['monAlrm', 107, 'u8'], ['century', 108, 'u8'], ['iapcBootArch', 109, 'u16'],
  ['flags', 112, 'u32'], ['resetReg', 116, 'gas'], ['resetValue', 128, 'u8'], ['armBootArch', 129, 'u16'],
  ['minorRevision', 131, 'u8'], ['xFacs', 132, 'u64'], ['xDsdt', 140, 'u64'], ['xPm1aEvtBlk', 148, 'gas'],
  ['xPm1bEvtBlk', 160, 'gas'], ['xPm1aCntBlk', 172, 'gas'], ['xPm1bCntBlk', 184, 'gas'], ['xPm2CntBlk', 196, 'gas'],
  ['xPmTmrBlk', 208, 'gas'], ['xGpe0Blk', 220, 'gas'], ['xGpe1Blk', 232, 'gas'], ['sleepControlReg', 244, 'gas'],
  ['sleepStatusReg', 256, 'gas'], ['hypervisorVendorId', 268, 'u64'],
] as const satisfies FieldLayout;

/** The decoded FADT: header, the length that gates every field, and the fields the table is long enough to hold. */
export type Fadt = { header: AcpiHeader; length: number } & LayoutFields<typeof FADT_LAYOUT>;

/** FADT lengths ACPICA names (`actbl.h` ACPI_FADT_V1_SIZE … V6): 1.0, 2.0 (MS 1.0b), 3.0–4.0, 5.x, 6.x. */
export const FADT_KNOWN_LENGTHS = [116, 132, 244, 268, 276] as const;

/** FADT fixed feature flag names by bit (ACPI 6.5 Table 5.10). */
export const FADT_FLAGS: Readonly<Record<number, string>> = {
  0: 'WBINVD', 1: 'WBINVD_FLUSH', 2: 'PROC_C1', 3: 'P_LVL2_UP', 4: 'PWR_BUTTON', 5: 'SLP_BUTTON',
  6: 'FIX_RTC', 7: 'RTC_S4', 8: 'TMR_VAL_EXT', 9: 'DCK_CAP', 10: 'RESET_REG_SUP', 11: 'SEALED_CASE',
  12: 'HEADLESS', 13: 'CPU_SW_SLP', 14: 'PCI_EXP_WAK', 15: 'USE_PLATFORM_CLOCK', 16: 'S4_RTC_STS_VALID',
  17: 'REMOTE_POWER_ON_CAPABLE', 18: 'FORCE_APIC_CLUSTER_MODEL', 19: 'FORCE_APIC_PHYSICAL_DESTINATION_MODE',
  20: 'HW_REDUCED_ACPI', 21: 'LOW_POWER_S0_IDLE_CAPABLE', 22: 'PERSISTENT_CPU_CACHES_0', 23: 'PERSISTENT_CPU_CACHES_1',
};

/** IA-PC boot architecture flag names by bit (ACPI 6.5 Table 5.11). */
export const FADT_BOOT_ARCH_FLAGS: Readonly<Record<number, string>> = {
  0: 'LEGACY_DEVICES', 1: '8042', 2: 'VGA_NOT_PRESENT', 3: 'MSI_NOT_SUPPORTED', 4: 'PCIE_ASPM_CONTROLS', 5: 'CMOS_RTC_NOT_PRESENT',
};

const PM_PROFILES = ['Unspecified', 'Desktop', 'Mobile', 'Workstation', 'Enterprise Server', 'SOHO Server', 'Appliance PC', 'Performance Server', 'Tablet'];

/** Display name of a Preferred_PM_Profile value, or undefined for values the spec does not define. */
export function pmProfileName(v: number): string | undefined {
  return PM_PROFILES[v];
}

/** Names of the set FADT flags (unnamed bits as `bit<N>`). */
export function fadtFlagNames(flags: number): string[] {
  return flagNames(flags, FADT_FLAGS);
}

/** Names of the set IA-PC boot architecture flags. */
export function fadtBootArchNames(flags: number): string[] {
  return flagNames(flags, FADT_BOOT_ARCH_FLAGS);
}

/** Decodes a FADT ("FACP"); throws FormatError on a wrong signature or a length past the data. */
export function decodeFadt(table: Uint8Array | AcpiTable, options: TableDecodeOptions = {}): Fadt {
  const { header, r } = openTable(table, ['FACP'], options);
  return { header, length: header.length, ...readFields(r, FADT_LAYOUT, header.length) };
}

/**
 * Encodes a FADT as given (header length and checksum included, see `fixTableChecksum`); bytes no
 * field covers come from `base` (the table it was decoded from) or are zero.
 */
export function encodeFadt(fadt: Fadt, base?: Uint8Array): Uint8Array {
  return encodeFixedTable(fadt.header, FADT_LAYOUT, fadt, base);
}

/** A pointer taken from the FADT, and which field it came from. */
export interface FadtPointer<F extends string> {
  address: bigint;
  field: F;
}

/**
 * DSDT and FACS addresses chosen the way ACPICA chooses them, and any conflict seen. `FACS` and
 * `X_FACS` are the spec's FIRMWARE_CTRL and X_FIRMWARE_CTRL.
 */
export interface FadtPointers {
  dsdt?: FadtPointer<'X_DSDT' | 'DSDT'>;
  facs?: FadtPointer<'X_FACS' | 'FACS'>;
  findings: Finding[];
}

/**
 * Picks the DSDT and FACS addresses as ACPICA's `AcpiTbSelectAddress` (tbfadt.c) does: the 64-bit
 * X_ field when non-zero, else the 32-bit one; when both are non-zero and differ, the 64-bit one
 * wins and a `ACPI_FADT_ADDRESS_CONFLICT` warning names both values. A pointer that is zero in
 * both fields (or absent from a short FADT) is left out.
 */
export function fadtPointers(fadt: Fadt, where: { offset?: number; path?: string } = {}): FadtPointers {
  const findings: Finding[] = [];
  const path = where.path ?? 'acpi.FACP';
  const pick = <F extends string>(name32: F, v32: number | undefined, name64: F, v64: bigint | undefined, off64: number): FadtPointer<F> | undefined => {
    const a32 = BigInt(v32 ?? 0);
    const a64 = v64 ?? 0n;
    if (a64 !== 0n && a32 !== 0n && a64 !== a32) {
      findings.push(
        finding(
          'ACPI_FADT_ADDRESS_CONFLICT',
          'warning',
          `FADT ${name32} ${hex(a32, 8)} and ${name64} ${hex(a64, 16)} differ; using ${name64} (as ACPICA does)`,
          { offset: (where.offset ?? 0) + off64, path: `${path}.${name64}` },
        ),
      );
    }
    if (a64 !== 0n) return { address: a64, field: name64 };
    if (a32 !== 0n) return { address: a32, field: name32 };
    return undefined;
  };
  const dsdt = pick('DSDT', fadt.dsdt, 'X_DSDT', fadt.xDsdt, 140);
  const facs = pick('FACS', fadt.facs, 'X_FACS', fadt.xFacs, 132);
  return { ...(dsdt && { dsdt }), ...(facs && { facs }), findings };
}
