// DSP0134 §7.2 System Information (Type 1). Text follows dmidecode 3.4 `dmi_decode` case 1.
import { systemWakeUpType } from './names.js';
import { indexFields } from './fields.js';
import { formatUuid } from './uuid.js';
import { nameOr, type FieldSpec, type StructView } from './view.js';

/**
 * Type 1 declaration. The UUID is declared last although it sits at 0x08: declaration order is
 * the JSON members' order, and the JSON has always listed it after the strings.
 */
export const SYSTEM_INFORMATION_FIELDS = [
  { name: 'manufacturer', offset: 0x04, kind: 'string', since: '2.0', keyword: 'system-manufacturer' },
  { name: 'productName', offset: 0x05, kind: 'string', since: '2.0', keyword: 'system-product-name' },
  { name: 'version', offset: 0x06, kind: 'string', since: '2.0', keyword: 'system-version' },
  { name: 'serialNumber', offset: 0x07, kind: 'string', since: '2.0', sensitive: 'serial', keyword: 'system-serial-number' },
  { name: 'wakeUpType', offset: 0x18, kind: 'u8', since: '2.1' },
  { name: 'skuNumber', offset: 0x19, kind: 'string', since: '2.4', sensitive: 'sku', keyword: 'system-sku-number' },
  { name: 'family', offset: 0x1a, kind: 'string', since: '2.4', keyword: 'system-family' },
  { name: 'uuid', offset: 0x08, kind: 'uuid', since: '2.1', sensitive: 'uuid', keyword: 'system-uuid' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(SYSTEM_INFORMATION_FIELDS);

/** Offset of the 16 UUID bytes. */
export const UUID_OFFSET = F.uuid.offset;

export { formatUuid, encodeUuid } from './uuid.js';

/** Prints type 1 as dmidecode does. */
export function formatSystemInformation(v: StructView): void {
  v.title('System Information');
  if (v.length < 0x08) return;
  v.attr('Manufacturer', v.strField(F.manufacturer));
  v.attr('Product Name', v.strField(F.productName));
  v.attr('Version', v.strField(F.version));
  v.attr('Serial Number', v.strField(F.serialNumber));
  if (v.length < 0x19) return;
  v.attr('UUID', formatUuid(v.r.bytesAt(F.uuid.offset, 16), v.ver));
  v.attr('Wake-up Type', nameOr(systemWakeUpType, v.u8(F.wakeUpType.offset)));
  if (v.length < 0x1b) return;
  v.attr('SKU Number', v.strField(F.skuNumber));
  v.attr('Family', v.strField(F.family));
}
