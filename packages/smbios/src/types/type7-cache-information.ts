// DSP0134 §7.8 Cache Information (Type 7). Text follows dmidecode 3.4 case 7.
import { indexFields } from './fields.js';
import { cacheAssociativity, cacheEcType, cacheLocation, cacheMode, cacheType, cacheTypes } from './names.js';
import { formatMemorySize, nameOr, printFlags, type FieldSpec, type StructView } from './view.js';

/** Type 7 offset table. */
export const CACHE_INFORMATION_FIELDS = [
  { name: 'socketDesignation', offset: 0x04, kind: 'string', since: '2.0' },
  { name: 'cacheConfiguration', offset: 0x05, kind: 'u16', since: '2.0' },
  { name: 'maximumCacheSize', offset: 0x07, kind: 'u16', since: '2.0' },
  { name: 'installedSize', offset: 0x09, kind: 'u16', since: '2.0' },
  { name: 'supportedSramType', offset: 0x0b, kind: 'u16', since: '2.0' },
  { name: 'currentSramType', offset: 0x0d, kind: 'u16', since: '2.0' },
  { name: 'cacheSpeed', offset: 0x0f, kind: 'u8', since: '2.1' },
  { name: 'errorCorrectionType', offset: 0x10, kind: 'u8', since: '2.1' },
  { name: 'systemCacheType', offset: 0x11, kind: 'u8', since: '2.1' },
  { name: 'associativity', offset: 0x12, kind: 'u8', since: '2.1' },
  { name: 'maximumCacheSize2', offset: 0x13, kind: 'u32', since: '3.1' },
  { name: 'installedCacheSize2', offset: 0x17, kind: 'u32', since: '3.1' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(CACHE_INFORMATION_FIELDS);

/** dmidecode's `dmi_cache_size_2`: bit 31 selects 64 kB granularity, else 1 kB. */
export function cacheSize2(code: number): string {
  const size = code & 0x80000000 ? BigInt(code & 0x7fffffff) << 6n : BigInt(code);
  return formatMemorySize(size, 1);
}

/** dmidecode's `dmi_cache_size` for the 16-bit fields (bit 15 = 64 kB granularity). */
export function cacheSize(code: number): string {
  return cacheSize2(((code & 0x8000) << 16) >>> 0 | (code & 0x7fff));
}

/** dmidecode's `dmi_memory_module_speed`: nanoseconds, 0 = Unknown. */
export function speedNs(code: number): string {
  return code === 0 ? 'Unknown' : `${code} ns`;
}

/** Prints type 7 as dmidecode does. */
export function formatCacheInformation(v: StructView): void {
  v.title('Cache Information');
  if (v.length < 0x0f) return;
  v.attr('Socket Designation', v.strField(F.socketDesignation));
  const cfg = v.u16(F.cacheConfiguration.offset);
  v.attr('Configuration', `${cfg & 0x0080 ? 'Enabled' : 'Disabled'}, ${cfg & 0x0008 ? 'Socketed' : 'Not Socketed'}, Level ${(cfg & 0x0007) + 1}`);
  v.attr('Operational Mode', nameOr(cacheMode, (cfg >> 8) & 0x3));
  v.attr('Location', nameOr(cacheLocation, (cfg >> 5) & 0x3));
  v.attr('Installed Size', v.length >= 0x1b ? cacheSize2(v.u32(F.installedCacheSize2.offset)) : cacheSize(v.u16(F.installedSize.offset)));
  v.attr('Maximum Size', v.length >= 0x17 ? cacheSize2(v.u32(F.maximumCacheSize2.offset)) : cacheSize(v.u16(F.maximumCacheSize.offset)));
  printFlags(v, 'Supported SRAM Types', cacheTypes, v.u16(F.supportedSramType.offset), { mask: 0x7f, from: 0, to: 6 });
  printFlags(v, 'Installed SRAM Type', cacheTypes, v.u16(F.currentSramType.offset), { mask: 0x7f, from: 0, to: 6, flat: true });
  if (v.length < 0x13) return;
  v.attr('Speed', speedNs(v.u8(F.cacheSpeed.offset)));
  v.attr('Error Correction Type', nameOr(cacheEcType, v.u8(F.errorCorrectionType.offset)));
  v.attr('System Type', nameOr(cacheType, v.u8(F.systemCacheType.offset)));
  v.attr('Associativity', nameOr(cacheAssociativity, v.u8(F.associativity.offset)));
}
