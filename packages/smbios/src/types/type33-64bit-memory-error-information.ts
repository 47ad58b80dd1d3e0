// DSP0134 §7.34 64-Bit Memory Error Information (Type 33). Text follows dmidecode 3.4 case 33.
import { indexFields } from './fields.js';
import { address32, printMemoryErrorHead } from './memory-error.js';
import { hexN, type FieldSpec, type StructView } from './view.js';

/** Type 33 offset table. */
export const MEMORY_ERROR_64_FIELDS = [
  { name: 'errorType', offset: 0x04, kind: 'u8' },
  { name: 'errorGranularity', offset: 0x05, kind: 'u8' },
  { name: 'errorOperation', offset: 0x06, kind: 'u8' },
  { name: 'vendorSyndrome', offset: 0x07, kind: 'u32' },
  { name: 'memoryArrayErrorAddress', offset: 0x0b, kind: 'u64' },
  { name: 'deviceErrorAddress', offset: 0x13, kind: 'u64' },
  { name: 'errorResolution', offset: 0x1b, kind: 'u32' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(MEMORY_ERROR_64_FIELDS);

function address64(code: bigint): string {
  return code === 0x8000000000000000n ? 'Unknown' : `0x${hexN(code, 16)}`;
}

/** Prints type 33 as dmidecode does. */
export function formatMemoryError64(v: StructView): void {
  v.title('64-bit Memory Error Information');
  if (v.length < 0x1f) return;
  printMemoryErrorHead(v);
  v.attr('Memory Array Address', address64(v.u64(F.memoryArrayErrorAddress.offset)));
  v.attr('Device Address', address64(v.u64(F.deviceErrorAddress.offset)));
  v.attr('Resolution', address32(v.u32(F.errorResolution.offset)));
}
