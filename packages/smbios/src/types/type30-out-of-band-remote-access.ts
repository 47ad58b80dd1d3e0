// DSP0134 §7.31 Out-of-Band Remote Access (Type 30). Text follows dmidecode 3.4 case 30.
import { indexFields } from './fields.js';
import type { FieldSpec, StructView } from './view.js';

/** Type 30 offset table. */
export const OUT_OF_BAND_REMOTE_ACCESS_FIELDS = [
  { name: 'manufacturerName', offset: 0x04, kind: 'string' },
  { name: 'connections', offset: 0x05, kind: 'u8' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(OUT_OF_BAND_REMOTE_ACCESS_FIELDS);

/** Prints type 30 as dmidecode does. */
export function formatOutOfBandRemoteAccess(v: StructView): void {
  v.title('Out-of-band Remote Access');
  if (v.length < 0x06) return;
  v.attr('Manufacturer Name', v.strField(F.manufacturerName));
  v.attr('Inbound Connection', v.u8(F.connections.offset) & 1 ? 'Enabled' : 'Disabled');
  v.attr('Outbound Connection', v.u8(F.connections.offset) & 2 ? 'Enabled' : 'Disabled');
}
