// DSP0134 §7.7 Memory Module Information (Type 6, obsolete since 2.1). Text follows dmidecode 3.4 case 6.
import { indexFields } from './fields.js';
import { memoryModuleError, memoryModuleTypes } from './names.js';
import { speedNs } from './type7-cache-information.js';
import { lookupName, printFlags, type FieldSpec, type StructView } from './view.js';

/** Type 6 offset table. */
export const MEMORY_MODULE_INFORMATION_FIELDS = [
  { name: 'socketDesignation', offset: 0x04, kind: 'string' },
  { name: 'bankConnections', offset: 0x05, kind: 'u8' },
  { name: 'currentSpeed', offset: 0x06, kind: 'u8' },
  { name: 'currentMemoryType', offset: 0x07, kind: 'u16' },
  { name: 'installedSize', offset: 0x09, kind: 'u8' },
  { name: 'enabledSize', offset: 0x0a, kind: 'u8' },
  { name: 'errorStatus', offset: 0x0b, kind: 'u8' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(MEMORY_MODULE_INFORMATION_FIELDS);

/** dmidecode's `dmi_memory_module_types`: a list, or one space-separated line when `flat`. */
export function memoryModuleTypesText(v: StructView, attr: string, code: number, flat: boolean): void {
  printFlags(v, attr, memoryModuleTypes, code, { mask: 0x07ff, from: 0, to: 10, flat });
}

function moduleSize(code: number): string {
  const connection = code & 0x80 ? ' (Double-bank Connection)' : ' (Single-bank Connection)';
  switch (code & 0x7f) {
    case 0x7d:
      return `Not Determinable${connection}`;
    case 0x7e:
      return `Disabled${connection}`;
    case 0x7f:
      return 'Not Installed';
    default:
      // C shifts a 32-bit int: 1 << n wraps modulo 32.
      return `${(1 << ((code & 0x7f) & 31)) >>> 0} MB${connection}`;
  }
}

/** Prints type 6 as dmidecode does. */
export function formatMemoryModuleInformation(v: StructView): void {
  v.title('Memory Module Information');
  if (v.length < 0x0c) return;
  v.attr('Socket Designation', v.strField(F.socketDesignation));
  const bank = v.u8(F.bankConnections.offset);
  // Nibbles are bank numbers; 0xF means "no connection" (§7.7.1).
  if (bank === 0xff) v.attr('Bank Connections', 'None');
  else if ((bank & 0xf0) === 0xf0) v.attr('Bank Connections', bank & 0x0f);
  else if ((bank & 0x0f) === 0x0f) v.attr('Bank Connections', bank >> 4);
  else v.attr('Bank Connections', `${bank >> 4} ${bank & 0x0f}`);
  v.attr('Current Speed', speedNs(v.u8(F.currentSpeed.offset)));
  memoryModuleTypesText(v, 'Type', v.u16(F.currentMemoryType.offset), true);
  v.attr('Installed Size', moduleSize(v.u8(F.installedSize.offset)));
  v.attr('Enabled Size', moduleSize(v.u8(F.enabledSize.offset)));
  const err = v.u8(F.errorStatus.offset);
  v.attr('Error Status', err & (1 << 2) ? 'See Event Log' : lookupName(memoryModuleError, err & 0x03) ?? '');
}
