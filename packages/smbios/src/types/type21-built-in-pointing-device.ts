// DSP0134 §7.22 Built-in Pointing Device (Type 21). Text follows dmidecode 3.4 case 21.
import { indexFields } from './fields.js';
import { pointingDeviceInterface, pointingDeviceInterfaceXA0, pointingDeviceType } from './names.js';
import { lookupName, nameOr, OUT_OF_SPEC, type FieldSpec, type StructView } from './view.js';

/** Type 21 offset table. */
export const BUILT_IN_POINTING_DEVICE_FIELDS = [
  { name: 'deviceType', offset: 0x04, kind: 'u8' },
  { name: 'interface', offset: 0x05, kind: 'u8' },
  { name: 'numberOfButtons', offset: 0x06, kind: 'u8' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(BUILT_IN_POINTING_DEVICE_FIELDS);

/** Prints type 21 as dmidecode does. */
export function formatBuiltInPointingDevice(v: StructView): void {
  v.title('Built-in Pointing Device');
  if (v.length < 0x07) return;
  v.attr('Type', nameOr(pointingDeviceType, v.u8(F.deviceType.offset)));
  const i = v.u8(F.interface.offset);
  v.attr('Interface', lookupName(pointingDeviceInterface, i) ?? lookupName(pointingDeviceInterfaceXA0, i) ?? OUT_OF_SPEC);
  v.attr('Buttons', v.u8(F.numberOfButtons.offset));
}
