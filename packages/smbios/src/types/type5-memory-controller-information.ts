// DSP0134 §7.6 Memory Controller Information (Type 5, obsolete since 2.1). Text follows dmidecode 3.4 case 5.
import { indexFields } from './fields.js';
import { memoryControllerEcCapabilities, memoryControllerEdMethod, memoryControllerInterleave, type NameTable } from './names.js';
import { memoryModuleTypesText } from './type6-memory-module-information.js';
import { processorVoltage } from './type4-processor-information.js';
import { hexN, nameOr, printFlags, type FieldSpec, type StructView } from './view.js';

/** Type 5 offset table (slot handles follow at 0x0F, then the enabled capabilities byte). */
export const MEMORY_CONTROLLER_INFORMATION_FIELDS = [
  { name: 'errorDetectingMethod', offset: 0x04, kind: 'u8' },
  { name: 'errorCorrectingCapability', offset: 0x05, kind: 'u8' },
  { name: 'supportedInterleave', offset: 0x06, kind: 'u8' },
  { name: 'currentInterleave', offset: 0x07, kind: 'u8' },
  { name: 'maximumMemoryModuleSize', offset: 0x08, kind: 'u8' },
  { name: 'supportedSpeeds', offset: 0x09, kind: 'u16' },
  { name: 'supportedMemoryTypes', offset: 0x0b, kind: 'u16' },
  { name: 'memoryModuleVoltage', offset: 0x0d, kind: 'u8' },
  { name: 'numberOfAssociatedSlots', offset: 0x0e, kind: 'u8' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(MEMORY_CONTROLLER_INFORMATION_FIELDS);

// §7.6.4; dmidecode keeps this list local to its function.
const SPEEDS: NameTable = { start: 0, names: ['Other', 'Unknown', '70 ns', '60 ns', '50 ns'] };

/** Prints type 5 as dmidecode does. */
export function formatMemoryControllerInformation(v: StructView): void {
  v.title('Memory Controller Information');
  if (v.length < 0x0f) return;
  v.attr('Error Detecting Method', nameOr(memoryControllerEdMethod, v.u8(F.errorDetectingMethod.offset)));
  printFlags(v, 'Error Correcting Capabilities', memoryControllerEcCapabilities, v.u8(F.errorCorrectingCapability.offset), { mask: 0x3f, from: 0, to: 5 });
  v.attr('Supported Interleave', nameOr(memoryControllerInterleave, v.u8(F.supportedInterleave.offset)));
  v.attr('Current Interleave', nameOr(memoryControllerInterleave, v.u8(F.currentInterleave.offset)));
  const maxLog = v.u8(F.maximumMemoryModuleSize.offset);
  // C shifts a 32-bit int: 1 << n wraps modulo 32.
  const maxModule = (1 << (maxLog & 31)) >>> 0;
  v.attr('Maximum Memory Module Size', `${maxModule} MB`);
  const count = v.u8(F.numberOfAssociatedSlots.offset);
  v.attr('Maximum Total Memory Size', `${(count * maxModule) >>> 0} MB`);
  printFlags(v, 'Supported Speeds', SPEEDS, v.u16(F.supportedSpeeds.offset), { mask: 0x1f, from: 0, to: 4 });
  memoryModuleTypesText(v, 'Supported Memory Types', v.u16(F.supportedMemoryTypes.offset), false);
  const volt = processorVoltage(v.u8(F.memoryModuleVoltage.offset));
  if (volt !== undefined) v.attr('Memory Module Voltage', volt);
  if (v.length < 0x0f + count * 2) return;
  v.listStart('Associated Memory Slots', count);
  for (let i = 0; i < count; i++) v.item(`0x${hexN(v.u16(0x0f + 2 * i), 4)}`);
  if (v.length < 0x10 + count * 2) return;
  printFlags(v, 'Enabled Error Correcting Capabilities', memoryControllerEcCapabilities, v.u8(0x0f + count * 2), { mask: 0x3f, from: 0, to: 5 });
}
