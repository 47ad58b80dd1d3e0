// Acer OEM types as dmidecode 3.4 prints them (`dmioem.c`, `dmi_decode_acer`; layout from the
// Linux acer-wmi driver).
import { hexN, type StructView } from './view.js';

const yesNo = (set: number): string => (set ? 'Yes' : 'No');
const word = (v: StructView, at: number): string => `0x${hexN(v.u16(at), 4).toLowerCase()}`;

/** Prints an Acer OEM structure and returns true, or returns false for a type dmidecode has no Acer decoder for. */
export function formatAcerOem(v: StructView): boolean {
  if (v.s.type !== 170) return false;
  // Type 170, Hotkey Function: which buttons the keyboard's communication key drives.
  v.title('Acer Hotkey Function');
  if (v.length < 0x0f) return true;
  const cap = v.u16(0x04);
  v.attr('Function bitmap for Communication Button', word(v, 0x04));
  v.subattr('WiFi', yesNo(cap & 0x0001));
  v.subattr('3G', yesNo(cap & 0x0040));
  v.subattr('WiMAX', yesNo(cap & 0x0080));
  v.subattr('Bluetooth', yesNo(cap & 0x0800));
  v.attr('Function bitmap for Application Button', word(v, 0x06));
  v.attr('Function bitmap for Media Button', word(v, 0x08));
  v.attr('Function bitmap for Display Button', word(v, 0x0a));
  v.attr('Function bitmap for Others Button', word(v, 0x0c));
  v.attr('Communication Function Key Number', v.u8(0x0e));
  return true;
}
