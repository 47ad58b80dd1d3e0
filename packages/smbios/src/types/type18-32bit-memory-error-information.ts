// DSP0134 §7.19 32-Bit Memory Error Information (Type 18). Text follows dmidecode 3.4 case 18.
import { indexFields } from './fields.js';
import { address32, printMemoryErrorHead } from './memory-error.js';
import type { FieldSpec, StructView } from './view.js';

/** Type 18 offset table. */
export const MEMORY_ERROR_32_FIELDS = [
  { name: 'errorType', offset: 0x04, kind: 'u8' },
  { name: 'errorGranularity', offset: 0x05, kind: 'u8' },
  { name: 'errorOperation', offset: 0x06, kind: 'u8' },
  { name: 'vendorSyndrome', offset: 0x07, kind: 'u32' },
  { name: 'memoryArrayErrorAddress', offset: 0x0b, kind: 'u32' },
  { name: 'deviceErrorAddress', offset: 0x0f, kind: 'u32' },
  { name: 'errorResolution', offset: 0x13, kind: 'u32' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(MEMORY_ERROR_32_FIELDS);

/** Prints type 18 as dmidecode does. */
export function formatMemoryError32(v: StructView): void {
  v.title('32-bit Memory Error Information');
  if (v.length < 0x17) return;
  printMemoryErrorHead(v);
  v.attr('Memory Array Address', address32(v.u32(F.memoryArrayErrorAddress.offset)));
  v.attr('Device Address', address32(v.u32(F.deviceErrorAddress.offset)));
  v.attr('Resolution', address32(v.u32(F.errorResolution.offset)));
}
