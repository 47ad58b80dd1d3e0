// DSP0134 §7.33 System Boot Information (Type 32). Text follows dmidecode 3.4 case 32.
import { indexFields } from './fields.js';
import { systemBootStatus } from './names.js';
import { lookupName, OUT_OF_SPEC, type FieldSpec, type StructView } from './view.js';

/** Type 32 offset table (six reserved bytes at 0x04, then the first status byte). */
export const SYSTEM_BOOT_INFORMATION_FIELDS = [{ name: 'bootStatus', offset: 0x0a, kind: 'u8', since: '2.3' }] as const satisfies readonly FieldSpec[];

const F = indexFields(SYSTEM_BOOT_INFORMATION_FIELDS);

/** Boot status name (§7.33.2): 128–191 OEM, 192–255 product specific. */
export function systemBootStatusName(code: number): string {
  if (code >= 128 && code <= 191) return 'OEM-specific';
  if (code >= 192) return 'Product-specific';
  return lookupName(systemBootStatus, code) ?? OUT_OF_SPEC;
}

/** Prints type 32 as dmidecode does. */
export function formatSystemBootInformation(v: StructView): void {
  v.title('System Boot Information');
  if (v.length < 0x0b) return;
  v.attr('Status', systemBootStatusName(v.u8(F.bootStatus.offset)));
}
