// DSP0134 §7.36 Management Device Component (Type 35). Text follows dmidecode 3.4 case 35.
import { hexN, type FieldSpec, type StructView } from './view.js';

/** Type 35 offset table. */
export const MANAGEMENT_DEVICE_COMPONENT_FIELDS = [
  { name: 'description', offset: 0x04, kind: 'string' },
  { name: 'managementDeviceHandle', offset: 0x05, kind: 'handle' },
  { name: 'componentHandle', offset: 0x07, kind: 'handle' },
  { name: 'thresholdHandle', offset: 0x09, kind: 'handle' },
] as const satisfies readonly FieldSpec[];

/** Prints type 35 as dmidecode does. */
export function formatManagementDeviceComponent(v: StructView): void {
  v.title('Management Device Component');
  if (v.length < 0x0b) return;
  v.attr('Description', v.strAt(0x04, 'description'));
  v.attr('Management Device Handle', `0x${hexN(v.u16(0x05), 4)}`);
  v.attr('Component Handle', `0x${hexN(v.u16(0x07), 4)}`);
  if (v.u16(0x09) !== 0xffff) v.attr('Threshold Handle', `0x${hexN(v.u16(0x09), 4)}`);
}
