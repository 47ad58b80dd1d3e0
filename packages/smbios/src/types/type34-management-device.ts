// DSP0134 §7.35 Management Device (Type 34). Text follows dmidecode 3.4 case 34.
import { indexFields } from './fields.js';
import type { RawStructure } from '../model.js';
import { managementDeviceAddressType, managementDeviceType } from './names.js';
import { hexN, nameOr, type FieldSpec, type StructView } from './view.js';

/** Type 34 offset table. */
export const MANAGEMENT_DEVICE_FIELDS = [
  { name: 'description', offset: 0x04, kind: 'string' },
  { name: 'deviceType', offset: 0x05, kind: 'u8' },
  { name: 'address', offset: 0x06, kind: 'u32' },
  { name: 'addressType', offset: 0x0a, kind: 'u8' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(MANAGEMENT_DEVICE_FIELDS);

/**
 * dmidecode's `dmi_fixup_type_34`: some boards store length 0x10 for a 0x0B-byte structure, so
 * the first 5 bytes of the first string sit inside the "formatted area". When those 5 bytes are
 * printable ASCII, dmidecode reads the structure as 0x0B bytes long; this returns the structure
 * as dmidecode then sees it (or `s` unchanged).
 */
export function fixupType34(s: RawStructure): RawStructure {
  if (s.type !== 34 || s.formatted.length !== 0x10) return s;
  const hidden = s.formatted.subarray(0x0b, 0x10);
  if (!hidden.every((b) => b >= 32 && b < 127)) return s;
  const stringSet = new Uint8Array(hidden.length + s.stringSet.length);
  stringSet.set(hidden, 0);
  stringSet.set(s.stringSet, hidden.length);
  return { ...s, length: 0x0b, formatted: s.formatted.subarray(0, 0x0b), stringSet };
}

/** Prints type 34 as dmidecode does. */
export function formatManagementDevice(v: StructView): void {
  v.title('Management Device');
  if (v.length < 0x0b) return;
  v.attr('Description', v.strField(F.description));
  v.attr('Type', nameOr(managementDeviceType, v.u8(F.deviceType.offset)));
  v.attr('Address', `0x${hexN(v.u32(F.address.offset), 8)}`);
  v.attr('Address Type', nameOr(managementDeviceAddressType, v.u8(F.addressType.offset)));
}
