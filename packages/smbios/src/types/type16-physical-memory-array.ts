// DSP0134 §7.17 Physical Memory Array (Type 16). Text follows dmidecode 3.4 case 16.
import { indexFields } from './fields.js';
import { memoryArrayEcType, memoryArrayLocation, memoryArrayLocationXA0, memoryArrayUse } from './names.js';
import { formatMemorySize, hexN, lookupName, nameOr, OUT_OF_SPEC, type FieldSpec, type StructView } from './view.js';

/** Type 16 offset table. */
export const PHYSICAL_MEMORY_ARRAY_FIELDS = [
  { name: 'location', offset: 0x04, kind: 'u8', since: '2.1' },
  { name: 'use', offset: 0x05, kind: 'u8', since: '2.1' },
  { name: 'memoryErrorCorrection', offset: 0x06, kind: 'u8', since: '2.1' },
  { name: 'maximumCapacity', offset: 0x07, kind: 'u32', since: '2.1' },
  { name: 'memoryErrorInformationHandle', offset: 0x0b, kind: 'handle', since: '2.1' },
  { name: 'numberOfMemoryDevices', offset: 0x0d, kind: 'u16', since: '2.1' },
  { name: 'extendedMaximumCapacity', offset: 0x0f, kind: 'u64', since: '2.7' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(PHYSICAL_MEMORY_ARRAY_FIELDS);

/** dmidecode's `Error Information Handle` text (0xFFFE not provided, 0xFFFF no error). */
export function errorHandleText(code: number): string {
  return code === 0xfffe ? 'Not Provided' : code === 0xffff ? 'No Error' : `0x${hexN(code, 4)}`;
}

/** Prints type 16 as dmidecode does. */
export function formatPhysicalMemoryArray(v: StructView): void {
  v.title('Physical Memory Array');
  if (v.length < 0x0f) return;
  const loc = v.u8(F.location.offset);
  v.attr('Location', lookupName(memoryArrayLocation, loc) ?? lookupName(memoryArrayLocationXA0, loc) ?? OUT_OF_SPEC);
  v.attr('Use', nameOr(memoryArrayUse, v.u8(F.use.offset)));
  v.attr('Error Correction Type', nameOr(memoryArrayEcType, v.u8(F.memoryErrorCorrection.offset)));
  const cap = v.u32(F.maximumCapacity.offset);
  // 0x80000000 defers to the 64-bit Extended Maximum Capacity in bytes (SMBIOS 2.7).
  if (cap === 0x80000000) v.attr('Maximum Capacity', v.length < 0x17 ? 'Unknown' : formatMemorySize(v.u64(F.extendedMaximumCapacity.offset), 0));
  else v.attr('Maximum Capacity', formatMemorySize(BigInt(cap), 1));
  v.attr('Error Information Handle', errorHandleText(v.u16(F.memoryErrorInformationHandle.offset)));
  v.attr('Number Of Devices', v.u16(F.numberOfMemoryDevices.offset));
}
