// DSP0134 §7.20 Memory Array Mapped Address (Type 19) and the address helpers type 20 shares.
import { indexFields } from './fields.js';
import { formatMemorySize, hexN, type FieldSpec, type StructView } from './view.js';

/** Type 19 offset table. */
export const MEMORY_ARRAY_MAPPED_ADDRESS_FIELDS = [
  { name: 'startingAddress', offset: 0x04, kind: 'u32', since: '2.1' },
  { name: 'endingAddress', offset: 0x08, kind: 'u32', since: '2.1' },
  { name: 'memoryArrayHandle', offset: 0x0c, kind: 'handle', since: '2.1' },
  { name: 'partitionWidth', offset: 0x0e, kind: 'u8', since: '2.1' },
  { name: 'extendedStartingAddress', offset: 0x0f, kind: 'u64', since: '2.7' },
  { name: 'extendedEndingAddress', offset: 0x17, kind: 'u64', since: '2.7' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(MEMORY_ARRAY_MAPPED_ADDRESS_FIELDS);

/**
 * Prints Starting/Ending Address and Range Size the way dmidecode does for types 19 and 20:
 * 32-bit kB addresses, or, when the 32-bit start is 0xFFFFFFFF and the structure is long
 * enough, the 64-bit byte addresses at `extAt`.
 */
export function printMappedRange(v: StructView, extAt: number): void {
  const start = v.u32(F.startingAddress.offset);
  if (v.length >= extAt + 16 && start === 0xffffffff) {
    const s = v.u64(extAt);
    const e = v.u64(extAt + 8);
    v.attr('Starting Address', `0x${hexN(s, 16)}k`);
    v.attr('Ending Address', `0x${hexN(e, 16)}k`);
    v.attr('Range Size', s === e ? 'Invalid' : formatMemorySize((e - s + 1n) & 0xffffffffffffffffn, 0));
    return;
  }
  const end = v.u32(F.endingAddress.offset);
  v.attr('Starting Address', `0x${hexN(start >>> 2, 8)}${hexN((start & 0x3) << 10, 3)}`);
  v.attr('Ending Address', `0x${hexN(end >>> 2, 8)}${hexN(((end & 0x3) << 10) + 0x3ff, 3)}`);
  // u32 arithmetic, as in C: an end below the start wraps.
  const size = (end - start + 1) >>> 0;
  v.attr('Range Size', size === 0 ? 'Invalid' : formatMemorySize(BigInt(size), 1));
}

/** Prints type 19 as dmidecode does. */
export function formatMemoryArrayMappedAddress(v: StructView): void {
  v.title('Memory Array Mapped Address');
  if (v.length < 0x0f) return;
  printMappedRange(v, 0x0f);
  v.attr('Physical Array Handle', `0x${hexN(v.u16(F.memoryArrayHandle.offset), 4)}`);
  v.attr('Partition Width', v.u8(F.partitionWidth.offset));
}
