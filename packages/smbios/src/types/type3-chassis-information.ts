// DSP0134 §7.4 System Enclosure or Chassis (Type 3). Text follows dmidecode 3.4 case 3.
import { indexFields } from './fields.js';
import { baseBoardType, chassisLock, chassisSecurityStatus, chassisState, chassisType, smbiosStructureType } from './names.js';
import { hexN, nameOr, type FieldSpec, type StructView } from './view.js';

/** Type 3 offset table (contained elements at 0x15, then the SKU string number). */
export const CHASSIS_INFORMATION_FIELDS = [
  { name: 'manufacturer', offset: 0x04, kind: 'string', since: '2.0', keyword: 'chassis-manufacturer' },
  { name: 'chassisType', offset: 0x05, kind: 'u8', since: '2.0', keyword: 'chassis-type' },
  { name: 'version', offset: 0x06, kind: 'string', since: '2.0', keyword: 'chassis-version' },
  { name: 'serialNumber', offset: 0x07, kind: 'string', since: '2.0', sensitive: 'serial', keyword: 'chassis-serial-number' },
  { name: 'assetTag', offset: 0x08, kind: 'string', since: '2.0', sensitive: 'asset-tag', keyword: 'chassis-asset-tag' },
  { name: 'bootUpState', offset: 0x09, kind: 'u8', since: '2.1' },
  { name: 'powerSupplyState', offset: 0x0a, kind: 'u8', since: '2.1' },
  { name: 'thermalState', offset: 0x0b, kind: 'u8', since: '2.1' },
  { name: 'securityStatus', offset: 0x0c, kind: 'u8', since: '2.1' },
  { name: 'oemDefined', offset: 0x0d, kind: 'u32', since: '2.3' },
  { name: 'height', offset: 0x11, kind: 'u8', since: '2.3' },
  { name: 'powerCords', offset: 0x12, kind: 'u8', since: '2.3' },
  { name: 'containedElementCount', offset: 0x13, kind: 'u8', since: '2.3' },
  { name: 'containedElementRecordLength', offset: 0x14, kind: 'u8', since: '2.3' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(CHASSIS_INFORMATION_FIELDS);

/** dmidecode's chassis type name: bits 6:0 are the type, bit 7 the lock flag. */
export function chassisTypeName(code: number): string {
  return nameOr(chassisType, code & 0x7f);
}

/** Prints type 3 as dmidecode does. */
export function formatChassisInformation(v: StructView): void {
  v.title('Chassis Information');
  if (v.length < 0x09) return;
  v.attr('Manufacturer', v.strField(F.manufacturer));
  v.attr('Type', chassisTypeName(v.u8(F.chassisType.offset)));
  v.attr('Lock', nameOr(chassisLock, v.u8(F.chassisType.offset) >> 7));
  v.attr('Version', v.strField(F.version));
  v.attr('Serial Number', v.strField(F.serialNumber));
  v.attr('Asset Tag', v.strField(F.assetTag));
  if (v.length < 0x0d) return;
  v.attr('Boot-up State', nameOr(chassisState, v.u8(F.bootUpState.offset)));
  v.attr('Power Supply State', nameOr(chassisState, v.u8(F.powerSupplyState.offset)));
  v.attr('Thermal State', nameOr(chassisState, v.u8(F.thermalState.offset)));
  v.attr('Security Status', nameOr(chassisSecurityStatus, v.u8(F.securityStatus.offset)));
  if (v.length < 0x11) return;
  v.attr('OEM Information', `0x${hexN(v.u32(F.oemDefined.offset), 8)}`);
  if (v.length < 0x13) return;
  const height = v.u8(F.height.offset);
  v.attr('Height', height === 0 ? 'Unspecified' : `${height} U`);
  const cords = v.u8(F.powerCords.offset);
  v.attr('Number Of Power Cords', cords === 0 ? 'Unspecified' : cords);
  if (v.length < 0x15) return;
  const count = v.u8(F.containedElementCount.offset);
  const len = v.u8(F.containedElementRecordLength.offset);
  if (v.length < 0x15 + count * len) return;
  v.listStart('Contained Elements', count);
  // Records shorter than 3 bytes cannot hold type + min + max, so dmidecode lists none of them.
  for (let i = 0; i < count && len >= 3; i++) {
    const at = 0x15 + i * len;
    const t = v.u8(at);
    const name = t & 0x80 ? nameOr(smbiosStructureType, t & 0x7f) : nameOr(baseBoardType, t & 0x7f);
    const min = v.u8(at + 1);
    const max = v.u8(at + 2);
    v.item(min === max ? `${name} (${min})` : `${name} (${min}-${max})`);
  }
  if (v.length < 0x16 + count * len) return;
  v.attr('SKU Number', v.strAt(0x15 + count * len, 'skuNumber'));
}

/** A contained element of type 3 (§7.4.4). */
export interface ContainedElement {
  type: number;
  minimum: number;
  maximum: number;
}

/** Type 3's members beyond its declaration: the contained elements and the SKU, whose place depends on them. */
export interface ChassisExtras {
  containedElements?: ContainedElement[];
  skuNumber?: string | null;
}

/** Typed fields of type 3 beyond the offset table: contained elements and the SKU. */
export function chassisInformationExtras(v: StructView, fields: ChassisExtras): void {
  if (v.length < 0x15) return;
  const count = v.u8(F.containedElementCount.offset);
  const len = v.u8(F.containedElementRecordLength.offset);
  if (v.length < 0x15 + count * len) return;
  if (len >= 3) {
    fields.containedElements = Array.from({ length: count }, (_, i) => {
      const at = 0x15 + i * len;
      return { type: v.u8(at), minimum: v.u8(at + 1), maximum: v.u8(at + 2) };
    });
  }
  if (v.length >= 0x16 + count * len) {
    const at = 0x15 + count * len;
    fields.skuNumber = v.rawString(v.u8(at), 'skuNumber', at);
  }
}
