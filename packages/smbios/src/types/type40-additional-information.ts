// DSP0134 §7.41 Additional Information (Type 40). Text follows dmidecode 3.4 case 40.
import { toHex } from '@hvmpack/bytes';
import { indexFields } from './fields.js';
import { hexN, type FieldSpec, type StructView } from './view.js';

/** Type 40 offset table (variable-length entries follow at 0x05). */
export const ADDITIONAL_INFORMATION_FIELDS = [{ name: 'numberOfEntries', offset: 0x04, kind: 'u8' }] as const satisfies readonly FieldSpec[];

const F = indexFields(ADDITIONAL_INFORMATION_FIELDS);

/** Prints type 40 as dmidecode does: one titled block per entry, stopping at a short entry. */
export function formatAdditionalInformation(v: StructView): void {
  if (v.length < 0x0b) return;
  const count = v.u8(F.numberOfEntries.offset);
  let at = 5;
  for (let i = 0; i < count; i++) {
    v.title(`Additional Information ${i + 1}`);
    if (v.length < at + 1) break;
    const len = v.u8(at);
    if (len < 0x05 || v.length < at + len) break;
    v.attr('Referenced Handle', `0x${hexN(v.u16(at + 1), 4).toLowerCase()}`);
    v.attr('Referenced Offset', `0x${hexN(v.u8(at + 3), 2).toLowerCase()}`);
    v.attr('String', v.str(v.u8(at + 4), `entries[${i}].string`, at + 4));
    const size = len - 5;
    if (size === 1) v.attr('Value', `0x${hexN(v.u8(at + 5), 2).toLowerCase()}`);
    else if (size === 2) v.attr('Value', `0x${hexN(v.u16(at + 5), 4).toLowerCase()}`);
    else if (size === 4) v.attr('Value', `0x${hexN(v.u32(at + 5), 8).toLowerCase()}`);
    else v.attr('Value', 'Unexpected size');
    at += len;
  }
}

/** One entry of type 40: what it changes (handle and offset of the field), its string, its value. */
export interface AdditionalInformationEntry {
  referencedHandle: number;
  referencedOffset: number;
  string: string | null;
  /** The value as a number when it is 1, 2 or 4 bytes long (as dmidecode prints it), else its bytes as hex. */
  value: number | string;
}

/** Typed fields of type 40: the entries the text shows, stopping where it stops (a short or overrunning entry). */
export function additionalInformationExtras(v: StructView, fields: { entries?: AdditionalInformationEntry[] }): void {
  if (v.length < 0x0b) return;
  const count = v.u8(F.numberOfEntries.offset);
  const entries: AdditionalInformationEntry[] = [];
  let at = 5;
  for (let i = 0; i < count && v.length >= at + 1; i++) {
    const len = v.u8(at);
    if (len < 0x05 || v.length < at + len) break;
    const size = len - 5;
    const value = size === 1 ? v.u8(at + 5) : size === 2 ? v.u16(at + 5) : size === 4 ? v.u32(at + 5) : toHex(Uint8Array.from({ length: size }, (_, k) => v.u8(at + 5 + k)));
    entries.push({ referencedHandle: v.u16(at + 1), referencedOffset: v.u8(at + 3), string: v.rawString(v.u8(at + 4), `entries[${i}].string`, at + 4), value });
    at += len;
  }
  fields.entries = entries;
}

