// DSP0134 §7.32 Boot Integrity Services (BIS) Entry Point (Type 31). Text follows dmidecode 3.4 case 31.
import { indexFields } from './fields.js';
import { checksum8 } from '@hvmpack/bytes';
import { hexN, type FieldSpec, type StructView } from './view.js';

/** Type 31 offset table. */
export const BOOT_INTEGRITY_SERVICES_FIELDS = [
  { name: 'checksum', offset: 0x04, kind: 'u8' },
  { name: 'bisEntry16', offset: 0x08, kind: 'u32' },
  { name: 'bisEntry32', offset: 0x0c, kind: 'u32' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(BOOT_INTEGRITY_SERVICES_FIELDS);

/** Prints type 31 as dmidecode does; the whole formatted area sums to 0 when the checksum is right. */
export function formatBootIntegrityServices(v: StructView): void {
  v.title('Boot Integrity Services Entry Point');
  if (v.length < 0x1c) return;
  v.attr('Checksum', checksum8(v.s.formatted) === 0 ? 'OK' : 'Invalid');
  const e16 = v.u32(F.bisEntry16.offset);
  v.attr('16-bit Entry Point Address', `${hexN(e16 >>> 16, 4)}:${hexN(e16 & 0xffff, 4)}`);
  v.attr('32-bit Entry Point Address', `0x${hexN(v.u32(F.bisEntry32.offset), 8)}`);
}
