// DSP0134 §7.15 Group Associations (Type 14). Text follows dmidecode 3.4 case 14.
import { indexFields } from './fields.js';
import { smbiosStructureType } from './names.js';
import { hexN, nameOr, type FieldSpec, type StructView } from './view.js';

/** Type 14 offset table (items of 3 bytes follow at 0x05). */
export const GROUP_ASSOCIATIONS_FIELDS = [{ name: 'groupName', offset: 0x04, kind: 'string' }] as const satisfies readonly FieldSpec[];

const F = indexFields(GROUP_ASSOCIATIONS_FIELDS);

/** The title dmidecode gives a structure type in lists (`dmi_smbios_structure_type`). */
export function structureTypeName(type: number): string {
  return type >= 128 ? 'OEM-specific' : nameOr(smbiosStructureType, type);
}

/** Prints type 14 as dmidecode does. */
export function formatGroupAssociations(v: StructView): void {
  v.title('Group Associations');
  if (v.length < 0x05) return;
  v.attr('Name', v.strField(F.groupName));
  const count = Math.floor((v.length - 0x05) / 3);
  v.listStart('Items', count);
  for (let i = 0; i < count; i++) v.item(`0x${hexN(v.u16(0x05 + 3 * i + 1), 4)} (${structureTypeName(v.u8(0x05 + 3 * i))})`);
}

/** Typed fields of type 14: the member structures, as the text lists them (type and handle). */
export function groupAssociationsExtras(v: StructView, fields: { items?: { type: number; handle: number }[] }): void {
  if (v.length < 0x05) return;
  const count = Math.floor((v.length - 0x05) / 3);
  fields.items = Array.from({ length: count }, (_, i) => ({ type: v.u8(0x05 + 3 * i), handle: v.u16(0x05 + 3 * i + 1) }));
}
