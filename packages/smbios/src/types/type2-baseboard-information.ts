// DSP0134 §7.3 Baseboard (or Module) Information (Type 2). Text follows dmidecode 3.4 case 2.
import { indexFields } from './fields.js';
import { baseBoardFeatures, baseBoardType } from './names.js';
import { hexN, nameOr, printBits, type FieldSpec, type StructView } from './view.js';

/** Type 2 offset table (contained handles follow at 0x0F, `containedObjectCount` of them). */
export const BASEBOARD_INFORMATION_FIELDS = [
  { name: 'manufacturer', offset: 0x04, kind: 'string', keyword: 'baseboard-manufacturer' },
  { name: 'product', offset: 0x05, kind: 'string', keyword: 'baseboard-product-name' },
  { name: 'version', offset: 0x06, kind: 'string', keyword: 'baseboard-version' },
  { name: 'serialNumber', offset: 0x07, kind: 'string', sensitive: 'serial', keyword: 'baseboard-serial-number' },
  { name: 'assetTag', offset: 0x08, kind: 'string', sensitive: 'asset-tag', keyword: 'baseboard-asset-tag' },
  { name: 'featureFlags', offset: 0x09, kind: 'u8' },
  { name: 'locationInChassis', offset: 0x0a, kind: 'string' },
  { name: 'chassisHandle', offset: 0x0b, kind: 'handle' },
  { name: 'boardType', offset: 0x0d, kind: 'u8' },
  { name: 'containedObjectCount', offset: 0x0e, kind: 'u8' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(BASEBOARD_INFORMATION_FIELDS);

/** Prints type 2 as dmidecode does. */
export function formatBaseboardInformation(v: StructView): void {
  v.title('Base Board Information');
  if (v.length < 0x08) return;
  v.attr('Manufacturer', v.strField(F.manufacturer));
  v.attr('Product Name', v.strField(F.product));
  v.attr('Version', v.strField(F.version));
  v.attr('Serial Number', v.strField(F.serialNumber));
  if (v.length < 0x09) return;
  v.attr('Asset Tag', v.strField(F.assetTag));
  if (v.length < 0x0a) return;
  const features = v.u8(F.featureFlags.offset);
  if ((features & 0x1f) === 0) v.listStart('Features', 'None');
  else {
    v.listStart('Features');
    printBits(v, baseBoardFeatures, features, 0, 4);
  }
  if (v.length < 0x0e) return;
  v.attr('Location In Chassis', v.strField(F.locationInChassis));
  v.attr('Chassis Handle', `0x${hexN(v.u16(F.chassisHandle.offset), 4)}`);
  v.attr('Type', nameOr(baseBoardType, v.u8(F.boardType.offset)));
  if (v.length < 0x0f) return;
  const count = v.u8(F.containedObjectCount.offset);
  if (v.length < 0x0f + count * 2) return;
  v.listStart('Contained Object Handles', count);
  for (let i = 0; i < count; i++) v.item(`0x${hexN(v.u16(0x0f + 2 * i), 4)}`);
}

/** Typed fields of type 2 beyond the offset table: the contained object handles. */
export function baseboardInformationExtras(v: StructView, fields: { containedObjectHandles?: number[] }): void {
  if (v.length < 0x0f) return;
  const count = v.u8(F.containedObjectCount.offset);
  if (v.length < 0x0f + count * 2) return;
  fields.containedObjectHandles = Array.from({ length: count }, (_, i) => v.u16(0x0f + 2 * i));
}
