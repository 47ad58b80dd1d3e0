// DSP0134 §7.38 Memory Channel (Type 37). Text follows dmidecode 3.4 case 37.
import { indexFields } from './fields.js';
import { memoryChannelType } from './names.js';
import { hexN, nameOr, type FieldSpec, type StructView } from './view.js';

/** Type 37 offset table (3-byte device records follow at 0x07). */
export const MEMORY_CHANNEL_FIELDS = [
  { name: 'channelType', offset: 0x04, kind: 'u8' },
  { name: 'maximumChannelLoad', offset: 0x05, kind: 'u8' },
  { name: 'memoryDeviceCount', offset: 0x06, kind: 'u8' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(MEMORY_CHANNEL_FIELDS);

/**
 * Prints type 37 as dmidecode 3.4 does. Its device loop starts at record 1 of a pointer already
 * at 0x07, so it shows each device's load and handle one record late (reading past the last one);
 * we print what it prints.
 */
export function formatMemoryChannel(v: StructView): void {
  v.title('Memory Channel');
  if (v.length < 0x07) return;
  v.attr('Type', nameOr(memoryChannelType, v.u8(F.channelType.offset)));
  v.attr('Maximal Load', v.u8(F.maximumChannelLoad.offset));
  const count = v.u8(F.memoryDeviceCount.offset);
  v.attr('Devices', count);
  if (v.length < 0x07 + 3 * count) return;
  for (let i = 1; i <= count; i++) {
    const at = 0x07 + 3 * i;
    v.attr(`Device ${i} Load`, v.looseU8(at));
    v.attr(`Device ${i} Handle`, `0x${hexN(v.looseU8(at + 1) | (v.looseU8(at + 2) << 8), 4)}`);
  }
}
