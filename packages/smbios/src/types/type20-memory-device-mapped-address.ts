// DSP0134 §7.21 Memory Device Mapped Address (Type 20). Text follows dmidecode 3.4 case 20.
import { indexFields } from './fields.js';
import { printMappedRange } from './type19-memory-array-mapped-address.js';
import { hexN, OUT_OF_SPEC, type FieldSpec, type StructView } from './view.js';

/** Type 20 offset table. */
export const MEMORY_DEVICE_MAPPED_ADDRESS_FIELDS = [
  { name: 'startingAddress', offset: 0x04, kind: 'u32', since: '2.1' },
  { name: 'endingAddress', offset: 0x08, kind: 'u32', since: '2.1' },
  { name: 'memoryDeviceHandle', offset: 0x0c, kind: 'handle', since: '2.1' },
  { name: 'memoryArrayMappedAddressHandle', offset: 0x0e, kind: 'handle', since: '2.1' },
  { name: 'partitionRowPosition', offset: 0x10, kind: 'u8', since: '2.1' },
  { name: 'interleavePosition', offset: 0x11, kind: 'u8', since: '2.1' },
  { name: 'interleavedDataDepth', offset: 0x12, kind: 'u8', since: '2.1' },
  { name: 'extendedStartingAddress', offset: 0x13, kind: 'u64', since: '2.7' },
  { name: 'extendedEndingAddress', offset: 0x1b, kind: 'u64', since: '2.7' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(MEMORY_DEVICE_MAPPED_ADDRESS_FIELDS);

/** Prints type 20 as dmidecode does. */
export function formatMemoryDeviceMappedAddress(v: StructView): void {
  v.title('Memory Device Mapped Address');
  if (v.length < 0x13) return;
  printMappedRange(v, 0x13);
  v.attr('Physical Device Handle', `0x${hexN(v.u16(F.memoryDeviceHandle.offset), 4)}`);
  v.attr('Memory Array Mapped Address Handle', `0x${hexN(v.u16(F.memoryArrayMappedAddressHandle.offset), 4)}`);
  const row = v.u8(F.partitionRowPosition.offset);
  v.attr('Partition Row Position', row === 0 ? OUT_OF_SPEC : row === 0xff ? 'Unknown' : row);
  const inter = v.u8(F.interleavePosition.offset);
  if (inter !== 0) v.attr('Interleave Position', inter === 0xff ? 'Unknown' : inter);
  const depth = v.u8(F.interleavedDataDepth.offset);
  if (depth !== 0) v.attr('Interleaved Data Depth', depth === 0xff ? 'Unknown' : depth);
}
