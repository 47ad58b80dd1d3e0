// DSP0134 §7.44 TPM Device (Type 43). Text follows dmidecode 3.4 case 43.
import { indexFields } from './fields.js';
import { tpmCharacteristics } from './names.js';
import { hexN, printBits, type FieldSpec, type StructView } from './view.js';

/** Type 43 offset table. */
export const TPM_DEVICE_FIELDS = [
  { name: 'vendorId', offset: 0x04, kind: 'u32' },
  { name: 'majorSpecVersion', offset: 0x08, kind: 'u8' },
  { name: 'minorSpecVersion', offset: 0x09, kind: 'u8' },
  { name: 'firmwareVersion1', offset: 0x0a, kind: 'u32' },
  { name: 'firmwareVersion2', offset: 0x0e, kind: 'u32' },
  { name: 'description', offset: 0x12, kind: 'string' },
  { name: 'characteristics', offset: 0x13, kind: 'u64' },
  { name: 'oemDefined', offset: 0x1b, kind: 'u32' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(TPM_DEVICE_FIELDS);

/** Prints type 43 as dmidecode does. */
export function formatTpmDevice(v: StructView): void {
  v.title('TPM Device');
  if (v.length < 0x1b) return;
  // Up to 4 ASCII bytes, stopping at a NUL; non-printable bytes as dots.
  let vendor = '';
  for (let i = 0; i < 4 && v.u8(0x04 + i) !== 0; i++) {
    const b = v.u8(0x04 + i);
    vendor += b < 32 || b >= 127 ? '.' : String.fromCharCode(b);
  }
  v.attr('Vendor ID', vendor);
  const major = v.u8(F.majorSpecVersion.offset);
  v.attr('Specification Version', `${major}.${v.u8(F.minorSpecVersion.offset)}`);
  if (major === 0x01) v.attr('Firmware Revision', `${v.u8(0x0c)}.${v.u8(0x0d)}`);
  else if (major === 0x02) v.attr('Firmware Revision', `${v.u32(F.firmwareVersion1.offset) >>> 16}.${v.u32(F.firmwareVersion1.offset) & 0xffff}`);
  v.attr('Description', v.strField(F.description));
  v.listStart('Characteristics');
  const ch = v.u32(0x13);
  // Bit 2 "characteristics not supported" overrides the others.
  if (ch & 4) v.item('TPM Device characteristics not supported');
  else printBits(v, tpmCharacteristics, ch, 3, 5);
  if (v.length < 0x1f) return;
  v.attr('OEM-specific Information', `0x${hexN(v.u32(F.oemDefined.offset), 8)}`);
}
