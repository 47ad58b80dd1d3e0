// DSP0134 §7.5 Processor Information (Type 4). Text follows dmidecode 3.4 case 4.
import { indexFields } from './fields.js';
import { processorCharacteristics, processorFamilyNames, processorIdFlags, processorStatus, processorType, processorUpgrade } from './names.js';
import { hexN, lookupName, nameOr, OUT_OF_SPEC, printBits, type FieldSpec, type StructView } from './view.js';

/** Type 4 offset table. */
export const PROCESSOR_INFORMATION_FIELDS = [
  { name: 'socketDesignation', offset: 0x04, kind: 'string', since: '2.0' },
  { name: 'processorType', offset: 0x05, kind: 'u8', since: '2.0' },
  { name: 'processorFamily', offset: 0x06, kind: 'u8', since: '2.0', keyword: 'processor-family' },
  { name: 'processorManufacturer', offset: 0x07, kind: 'string', since: '2.0', keyword: 'processor-manufacturer' },
  { name: 'processorId', offset: 0x08, kind: 'u64', since: '2.0' },
  { name: 'processorVersion', offset: 0x10, kind: 'string', since: '2.0', keyword: 'processor-version' },
  { name: 'voltage', offset: 0x11, kind: 'u8', since: '2.0' },
  { name: 'externalClock', offset: 0x12, kind: 'u16', since: '2.0' },
  { name: 'maxSpeed', offset: 0x14, kind: 'u16', since: '2.0' },
  { name: 'currentSpeed', offset: 0x16, kind: 'u16', since: '2.0', keyword: 'processor-frequency' },
  { name: 'status', offset: 0x18, kind: 'u8', since: '2.0' },
  { name: 'processorUpgrade', offset: 0x19, kind: 'u8', since: '2.0' },
  { name: 'l1CacheHandle', offset: 0x1a, kind: 'handle', since: '2.1' },
  { name: 'l2CacheHandle', offset: 0x1c, kind: 'handle', since: '2.1' },
  { name: 'l3CacheHandle', offset: 0x1e, kind: 'handle', since: '2.1' },
  { name: 'serialNumber', offset: 0x20, kind: 'string', since: '2.3', sensitive: 'serial' },
  { name: 'assetTag', offset: 0x21, kind: 'string', since: '2.3', sensitive: 'asset-tag' },
  { name: 'partNumber', offset: 0x22, kind: 'string', since: '2.3', sensitive: 'part-number' },
  { name: 'coreCount', offset: 0x23, kind: 'u8', since: '2.5' },
  { name: 'coreEnabled', offset: 0x24, kind: 'u8', since: '2.5' },
  { name: 'threadCount', offset: 0x25, kind: 'u8', since: '2.5' },
  { name: 'processorCharacteristics', offset: 0x26, kind: 'u16', since: '2.5' },
  { name: 'processorFamily2', offset: 0x28, kind: 'u16', since: '2.6' },
  { name: 'coreCount2', offset: 0x2a, kind: 'u16', since: '3.0' },
  { name: 'coreEnabled2', offset: 0x2c, kind: 'u16', since: '3.0' },
  { name: 'threadCount2', offset: 0x2e, kind: 'u16', since: '3.0' },
  { name: 'threadEnabled', offset: 0x30, kind: 'u16', since: '3.6' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(PROCESSOR_INFORMATION_FIELDS);

/** The effective family code: Processor Family 2 at 0x28 when the byte at 0x06 is 0xFE (§7.5.2). */
export function processorFamilyCode(v: StructView): number {
  return v.looseU8(0x06) === 0xfe && v.length >= 0x2a ? v.u16(F.processorFamily2.offset) : v.looseU8(0x06);
}

function mentions(s: string, vendor: string): boolean {
  return s.includes(vendor) || s.slice(0, vendor.length).toLowerCase() === vendor.toLowerCase();
}

/** dmidecode's `dmi_processor_family`, including its manufacturer-based guesses for the ambiguous codes 0x30 (2.0) and 0xBE. */
export function processorFamilyName(v: StructView): string {
  if (v.ver === 0x0200 && v.looseU8(0x06) === 0x30 && v.length >= 0x08) {
    if (mentions(v.strField(F.processorManufacturer), 'Intel')) return 'Pentium Pro';
  }
  const code = processorFamilyCode(v);
  if (code === 0xbe) {
    if (v.length >= 0x08) {
      const m = v.strField(F.processorManufacturer);
      if (mentions(m, 'Intel')) return 'Core 2';
      if (mentions(m, 'AMD')) return 'K7';
    }
    return 'Core 2 or K7';
  }
  return processorFamilyNames.get(code) ?? OUT_OF_SPEC;
}

/** How the 8-byte Processor ID is laid out (dmidecode `enum cpuid_type`). */
export const CpuidType = { None: 0, I80386: 1, I80486: 2, ArmLegacy: 3, ArmSocId: 4, X86Intel: 5, X86Amd: 6 } as const;
/** One of {@link CpuidType}. */
export type CpuidType = (typeof CpuidType)[keyof typeof CpuidType];

const INTEL_RANGES: readonly [number, number][] = [[0x0b, 0x15], [0x28, 0x2f], [0xa1, 0xb3], [0xb5, 0xb5], [0xb9, 0xc7], [0xcd, 0xcf], [0xd2, 0xdb], [0xdd, 0xe0]];
const AMD_RANGES: readonly [number, number][] = [[0x18, 0x1d], [0x1f, 0x1f], [0x38, 0x3f], [0x46, 0x4f], [0x66, 0x6b], [0x83, 0x8f], [0xb6, 0xb7], [0xe4, 0xef]];
const inRanges = (c: number, rs: readonly [number, number][]): boolean => rs.some(([lo, hi]) => c >= lo && c <= hi);

/** dmidecode's `dmi_get_cpuid_type`: which signature format the Processor ID uses. */
export function cpuidType(v: StructView): CpuidType {
  const type = processorFamilyCode(v);
  if (type === 0x05) return CpuidType.I80386;
  if (type === 0x06) {
    // Only some 80486 steppings implement CPUID.
    const dx = v.u16(0x08);
    const hasCpuid = (dx & 0x0f00) === 0x0400 && ((dx & 0x00f0) === 0x0040 || (dx & 0x00f0) >= 0x0070) && (dx & 0x000f) >= 0x0003;
    return hasCpuid ? CpuidType.X86Intel : CpuidType.I80486;
  }
  if ((type >= 0x100 && type <= 0x101) || (type >= 0x118 && type <= 0x119)) {
    return v.length >= 0x28 && v.u16(F.processorCharacteristics.offset) & (1 << 9) ? CpuidType.ArmSocId : CpuidType.ArmLegacy;
  }
  if (inRanges(type, INTEL_RANGES)) return CpuidType.X86Intel;
  if (inRanges(type, AMD_RANGES)) return CpuidType.X86Amd;
  if (type === 0x01 || type === 0x02) {
    // Family "Other"/"Unknown": guess from the version string, as dmidecode does.
    const ver = v.strField(F.processorVersion);
    if (ver.startsWith('Pentium III MMX') || ver.startsWith('Intel(R) Core(TM)2') || ver.startsWith('Intel(R) Pentium(R)') || ver === 'Genuine Intel(R) CPU U1400') return CpuidType.X86Intel;
    if (ver.startsWith('AMD Athlon(TM)') || ver.startsWith('AMD Opteron(tm)') || ver.startsWith('Dual-Core AMD Opteron(tm)')) return CpuidType.X86Amd;
  }
  return CpuidType.None;
}

/** dmidecode's `Signature` text for a Processor ID, or undefined when it prints none. */
export function cpuidSignature(sig: CpuidType, p: Uint8Array): string | undefined {
  const w = p[0]! | (p[1]! << 8);
  const d = (p[0]! | (p[1]! << 8) | (p[2]! << 16)) + p[3]! * 0x1000000;
  const d2 = (p[4]! | (p[5]! << 8) | (p[6]! << 16)) + p[7]! * 0x1000000;
  const h2 = (n: number, width: number): string => hexN(n, width).toLowerCase();
  switch (sig) {
    case CpuidType.I80386:
      return `Type ${w >> 12}, Family ${(w >> 8) & 0xf}, Major Stepping ${(w >> 4) & 0xf}, Minor Stepping ${w & 0xf}`;
    case CpuidType.I80486:
      return `Type ${(w >> 12) & 0x3}, Family ${(w >> 8) & 0xf}, Model ${(w >> 4) & 0xf}, Stepping ${w & 0xf}`;
    case CpuidType.ArmLegacy:
      // Undefined for ARM before SMBIOS 3.1, so all zeroes print nothing.
      if (d === 0) return undefined;
      return `Implementor 0x${h2(d >>> 24, 2)}, Variant 0x${h2((d >>> 20) & 0xf, 1)}, Architecture ${(d >>> 16) & 0xf}, Part 0x${h2((d >>> 4) & 0xfff, 3)}, Revision ${d & 0xf}`;
    case CpuidType.ArmSocId:
      return `JEP-106 Bank 0x${h2((d >>> 24) & 0x7f, 2)} Manufacturer 0x${h2((d >>> 16) & 0x7f, 2)}, SoC ID 0x${h2(d & 0xffff, 4)}, SoC Revision 0x${h2(d2, 8)}`;
    case CpuidType.X86Intel:
      return `Type ${(d >>> 12) & 0x3}, Family ${((d >>> 20) & 0xff) + ((d >>> 8) & 0x0f)}, Model ${((d >>> 12) & 0xf0) + ((d >>> 4) & 0x0f)}, Stepping ${d & 0xf}`;
    case CpuidType.X86Amd: {
      const fam = (d >>> 8) & 0xf;
      return `Family ${fam + (fam === 0xf ? (d >>> 20) & 0xff : 0)}, Model ${((d >>> 4) & 0xf) | (fam === 0xf ? (d >>> 12) & 0xf0 : 0)}, Stepping ${d & 0xf}`;
    }
    default:
      return undefined;
  }
}

/** dmidecode's `dmi_processor_voltage` text, or undefined when no voltage bit is set in legacy mode. */
export function processorVoltage(code: number): string | undefined {
  if (code & 0x80) return `${((code & 0x7f) / 10).toFixed(1)} V`;
  if ((code & 0x07) === 0) return 'Unknown';
  const parts = ['5.0 V', '3.3 V', '2.9 V'].filter((_, i) => code & (1 << i));
  return parts.length ? parts.join(' ') : undefined;
}

/** dmidecode's `dmi_processor_frequency` text. */
export function processorFrequency(code: number): string {
  return code ? `${code} MHz` : 'Unknown';
}

/** Prints type 4 as dmidecode does. */
export function formatProcessorInformation(v: StructView): void {
  v.title('Processor Information');
  if (v.length < 0x1a) return;
  v.attr('Socket Designation', v.strField(F.socketDesignation));
  v.attr('Type', nameOr(processorType, v.u8(F.processorType.offset)));
  v.attr('Family', processorFamilyName(v));
  v.attr('Manufacturer', v.strField(F.processorManufacturer));
  const id = v.r.bytesAt(0x08, 8);
  v.attr('ID', Array.from(id, (b) => hexN(b, 2)).join(' '));
  const sig = cpuidType(v);
  const signature = cpuidSignature(sig, id);
  if (signature !== undefined) v.attr('Signature', signature);
  if (sig === CpuidType.X86Intel || sig === CpuidType.X86Amd) {
    const edx = v.u32(0x0c);
    // Reserved bits 10, 20 and 30 do not count towards "None" (mask 0xBFEFFBFF).
    if ((edx & 0xbfeffbff) === 0) v.listStart('Flags', 'None');
    else {
      v.listStart('Flags');
      for (let i = 0; i <= 31; i++) {
        const n = lookupName(processorIdFlags, i);
        if (n !== undefined && (edx >>> i) & 1) v.item(n);
      }
    }
  }
  v.attr('Version', v.strField(F.processorVersion));
  const volt = processorVoltage(v.u8(F.voltage.offset));
  if (volt !== undefined) v.attr('Voltage', volt);
  v.attr('External Clock', processorFrequency(v.u16(F.externalClock.offset)));
  v.attr('Max Speed', processorFrequency(v.u16(F.maxSpeed.offset)));
  v.attr('Current Speed', processorFrequency(v.u16(F.currentSpeed.offset)));
  const status = v.u8(F.status.offset);
  v.attr('Status', status & (1 << 6) ? `Populated, ${nameOr(processorStatus, status & 0x07)}` : 'Unpopulated');
  v.attr('Upgrade', nameOr(processorUpgrade, v.u8(F.processorUpgrade.offset)));
  if (v.length < 0x20) return;
  const caches: [string, number, string][] = [['L1 Cache Handle', 0x1a, 'L1'], ['L2 Cache Handle', 0x1c, 'L2'], ['L3 Cache Handle', 0x1e, 'L3']];
  for (const [attr, at, level] of caches) {
    const h = v.u16(at);
    v.attr(attr, h !== 0xffff ? `0x${hexN(h, 4)}` : v.ver >= 0x0203 ? 'Not Provided' : `No ${level} Cache`);
  }
  if (v.length < 0x23) return;
  v.attr('Serial Number', v.strField(F.serialNumber));
  v.attr('Asset Tag', v.strField(F.assetTag));
  v.attr('Part Number', v.strField(F.partNumber));
  if (v.length < 0x28) return;
  // A count byte of 0xFF means "see the 16-bit field", when the structure has it (SMBIOS 3.0).
  const counts: [string, number, number][] = [['Core Count', 0x23, 0x2a], ['Core Enabled', 0x24, 0x2c], ['Thread Count', 0x25, 0x2e]];
  for (const [attr, at, wide] of counts) {
    const c = v.u8(at);
    if (c !== 0) v.attr(attr, v.length >= wide + 2 && c === 0xff ? v.u16(wide) : c);
  }
  const ch = v.u16(F.processorCharacteristics.offset);
  // dmidecode tests only bits 2–7 for "None", then lists bits 2–9.
  if ((ch & 0x00fc) === 0) v.attr('Characteristics', 'None');
  else {
    v.listStart('Characteristics');
    printBits(v, processorCharacteristics, ch, 2, 9);
  }
}
