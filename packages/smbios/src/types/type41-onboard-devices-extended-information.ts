// DSP0134 §7.42 Onboard Devices Extended Information (Type 41). Text follows dmidecode 3.4 case 41.
import { indexFields } from './fields.js';
import { onBoardDevicesType } from './names.js';
import { hexN, nameOr, type FieldSpec, type StructView } from './view.js';

/** Type 41 offset table. */
export const ONBOARD_DEVICES_EXTENDED_FIELDS = [
  { name: 'referenceDesignation', offset: 0x04, kind: 'string' },
  { name: 'deviceType', offset: 0x05, kind: 'u8' },
  { name: 'deviceTypeInstance', offset: 0x06, kind: 'u8' },
  { name: 'segmentGroupNumber', offset: 0x07, kind: 'u16' },
  { name: 'busNumber', offset: 0x09, kind: 'u8' },
  { name: 'deviceFunctionNumber', offset: 0x0a, kind: 'u8' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(ONBOARD_DEVICES_EXTENDED_FIELDS);

/** Prints type 41 as dmidecode does. */
export function formatOnboardDevicesExtended(v: StructView): void {
  v.title('Onboard Device');
  if (v.length < 0x0b) return;
  v.attr('Reference Designation', v.strField(F.referenceDesignation));
  const t = v.u8(F.deviceType.offset);
  v.attr('Type', nameOr(onBoardDevicesType, t & 0x7f));
  v.attr('Status', t & 0x80 ? 'Enabled' : 'Disabled');
  v.attr('Type Instance', v.u8(F.deviceTypeInstance.offset));
  const seg = v.u16(F.segmentGroupNumber.offset);
  const bus = v.u8(F.busNumber.offset);
  const df = v.u8(F.deviceFunctionNumber.offset);
  if (!(seg === 0xffff && bus === 0xff && df === 0xff)) {
    v.attr('Bus Address', `${hexN(seg, 4)}:${hexN(bus, 2)}:${hexN(df >> 3, 2)}.${(df & 7).toString(16)}`.toLowerCase());
  }
}
