// DSP0134 §7.25 Hardware Security (Type 24). Text follows dmidecode 3.4 case 24.
import { indexFields } from './fields.js';
import { hardwareSecurityStatus } from './names.js';
import { nameOr, type FieldSpec, type StructView } from './view.js';

/** Type 24 offset table. */
export const HARDWARE_SECURITY_FIELDS = [{ name: 'hardwareSecuritySettings', offset: 0x04, kind: 'u8' }] as const satisfies readonly FieldSpec[];

const F = indexFields(HARDWARE_SECURITY_FIELDS);

/** Prints type 24 as dmidecode does: four 2-bit statuses, high bits first. */
export function formatHardwareSecurity(v: StructView): void {
  v.title('Hardware Security');
  if (v.length < 0x05) return;
  const s = v.u8(F.hardwareSecuritySettings.offset);
  v.attr('Power-On Password Status', nameOr(hardwareSecurityStatus, s >> 6));
  v.attr('Keyboard Password Status', nameOr(hardwareSecurityStatus, (s >> 4) & 3));
  v.attr('Administrator Password Status', nameOr(hardwareSecurityStatus, (s >> 2) & 3));
  v.attr('Front Panel Reset Status', nameOr(hardwareSecurityStatus, s & 3));
}
