// DSP0134 §7.36 Management Device Component (Type 35). Text follows dmidecode 3.4 case 35.
import { indexFields } from './fields.js';
import { hexN, type FieldSpec, type StructView } from './view.js';

/** Type 35 offset table. */
export const MANAGEMENT_DEVICE_COMPONENT_FIELDS = [
  { name: 'description', offset: 0x04, kind: 'string' },
  { name: 'managementDeviceHandle', offset: 0x05, kind: 'handle' },
  { name: 'componentHandle', offset: 0x07, kind: 'handle' },
  { name: 'thresholdHandle', offset: 0x09, kind: 'handle' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(MANAGEMENT_DEVICE_COMPONENT_FIELDS);

/** Prints type 35 as dmidecode does. */
export function formatManagementDeviceComponent(v: StructView): void {
  v.title('Management Device Component');
  if (v.length < 0x0b) return;
  v.attr('Description', v.strField(F.description));
  v.attr('Management Device Handle', `0x${hexN(v.u16(F.managementDeviceHandle.offset), 4)}`);
  v.attr('Component Handle', `0x${hexN(v.u16(F.componentHandle.offset), 4)}`);
  if (v.u16(F.thresholdHandle.offset) !== 0xffff) v.attr('Threshold Handle', `0x${hexN(v.u16(F.thresholdHandle.offset), 4)}`);
}
