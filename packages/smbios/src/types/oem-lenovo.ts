// IBM and Lenovo OEM types as dmidecode 3.4 prints them (`dmioem.c`, `dmi_decode_ibm_lenovo`).
// Each type is decoded only in the one form dmidecode knows; other structures of the same type
// number (ThinkPads carry several) keep the generic view.
import { asciiFilter, stringsOf, type StructView } from './view.js';

const LENOVO = [0x4c, 0x45, 0x4e, 0x4f, 0x56, 0x4f]; // "LENOVO"

/** Prints an IBM/Lenovo OEM structure and returns true, or returns false when dmidecode prints the generic view. */
export function formatIbmLenovoOem(v: StructView): boolean {
  switch (v.s.type) {
    case 131:
      // ThinkVantage Technologies feature bits: exactly 0x16 bytes, first string "TVT-Enablement"
      // (compared after dmidecode's printable-ASCII filter).
      if (v.length !== 0x16 || asciiFilter(stringsOf(v.s.stringSet)[0] ?? '') !== 'TVT-Enablement') return false;
      v.title('ThinkVantage Technologies');
      v.attr('Version', v.u8(0x04));
      // Bit 127 of the 128-bit feature field: diagnostics (PC-Doctor) available.
      v.attr('Diagnostics', v.u8(0x14) & 0x80 ? 'Available' : 'No');
      return true;
    case 135:
      // Device presence bits: signature "TP", OEM struct offset 7, number 3, revision 1.
      if (v.length < 0x0a || v.u8(0x04) !== 0x54 || v.u8(0x05) !== 0x50) return false;
      if (v.u8(0x06) !== 0x07 || v.u8(0x07) !== 0x03 || v.u8(0x08) !== 0x01) return false;
      v.title('ThinkPad Device Presence Detection');
      v.attr('Fingerprint Reader', v.u8(0x09) & 0x01 ? 'Present' : 'No');
      return true;
    case 140:
      // Embedded Controller Program: signature "LENOVO", OEM struct offset 0x0B, number 7, revision 1.
      if (v.length < 0x0f || LENOVO.some((c, i) => v.u8(0x04 + i) !== c)) return false;
      if (v.u8(0x0a) !== 0x0b || v.u8(0x0b) !== 0x07 || v.u8(0x0c) !== 0x01) return false;
      v.title('ThinkPad Embedded Controller Program');
      // The strings are taken by position, not through the string-number bytes at 0x0D/0x0E.
      v.attr('Version ID', v.str(1, 'versionId'));
      v.attr('Release Date', v.str(2, 'releaseDate'));
      return true;
    default:
      return false;
  }
}
