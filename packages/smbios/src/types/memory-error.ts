// Fields shared by the memory error types 18 (32-bit) and 33 (64-bit): DSP0134 §7.19, §7.34.
import { memoryErrorGranularity, memoryErrorOperation, memoryErrorType } from './names.js';
import { hexN, nameOr, type StructView } from './view.js';

/** Prints Type, Granularity, Operation and Vendor Syndrome (offsets 0x04–0x0A in both types). */
export function printMemoryErrorHead(v: StructView): void {
  v.attr('Type', nameOr(memoryErrorType, v.u8(0x04)));
  v.attr('Granularity', nameOr(memoryErrorGranularity, v.u8(0x05)));
  v.attr('Operation', nameOr(memoryErrorOperation, v.u8(0x06)));
  const syn = v.u32(0x07);
  v.attr('Vendor Syndrome', syn === 0 ? 'Unknown' : `0x${hexN(syn, 8)}`);
}

/** A 32-bit error address; 0x80000000 means unknown. */
export function address32(code: number): string {
  return code === 0x80000000 ? 'Unknown' : `0x${hexN(code, 8)}`;
}
