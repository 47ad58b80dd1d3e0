// DSP0134 §7.16 System Event Log (Type 15). Text follows dmidecode 3.4 case 15.
import { indexFields } from './fields.js';
import { eventLogDescriptorFormat, eventLogDescriptorType, eventLogHeaderType, eventLogMethod, eventLogStatusFull, eventLogStatusValid } from './names.js';
import { hexN, lookupName, OUT_OF_SPEC, type FieldSpec, type StructView } from './view.js';

/** Type 15 offset table (log type descriptors follow at 0x17). */
export const SYSTEM_EVENT_LOG_FIELDS = [
  { name: 'logAreaLength', offset: 0x04, kind: 'u16', since: '2.0' },
  { name: 'logHeaderStartOffset', offset: 0x06, kind: 'u16', since: '2.0' },
  { name: 'logDataStartOffset', offset: 0x08, kind: 'u16', since: '2.0' },
  { name: 'accessMethod', offset: 0x0a, kind: 'u8', since: '2.0' },
  { name: 'logStatus', offset: 0x0b, kind: 'u8', since: '2.0' },
  { name: 'logChangeToken', offset: 0x0c, kind: 'u32', since: '2.0' },
  { name: 'accessMethodAddress', offset: 0x10, kind: 'u32', since: '2.0' },
  { name: 'logHeaderFormat', offset: 0x14, kind: 'u8', since: '2.1' },
  { name: 'numberOfSupportedLogTypeDescriptors', offset: 0x15, kind: 'u8', since: '2.1' },
  { name: 'lengthOfLogTypeDescriptor', offset: 0x16, kind: 'u8', since: '2.1' },
] as const satisfies readonly FieldSpec[];

const F = indexFields(SYSTEM_EVENT_LOG_FIELDS);

function oemOr(code: number, name: string | undefined): string {
  return name ?? (code >= 0x80 ? 'OEM-specific' : OUT_OF_SPEC);
}

function descriptorType(code: number): string {
  if (code === 0xff) return 'End of log';
  const n = lookupName(eventLogDescriptorType, code);
  if (n !== undefined) return n;
  return code >= 0x80 ? 'OEM-specific' : OUT_OF_SPEC;
}

/** Prints type 15 as dmidecode does. */
export function formatSystemEventLog(v: StructView): void {
  v.title('System Event Log');
  if (v.length < 0x14) return;
  v.attr('Area Length', `${v.u16(F.logAreaLength.offset)} bytes`);
  const hdr = v.u16(F.logHeaderStartOffset.offset);
  const dat = v.u16(F.logDataStartOffset.offset);
  v.attr('Header Start Offset', `0x${hexN(hdr, 4)}`);
  // C int arithmetic: a data offset below the header offset gives a negative length, printed as %u.
  const diff = dat - hdr;
  if (diff !== 0) v.attr('Header Length', `${diff >>> 0} byte${diff > 1 ? 's' : ''}`);
  v.attr('Data Start Offset', `0x${hexN(dat, 4)}`);
  const method = v.u8(F.accessMethod.offset);
  v.attr('Access Method', oemOr(method, lookupName(eventLogMethod, method)));
  if (method <= 0x02) v.attr('Access Address', `Index 0x${hexN(v.u16(0x10), 4)}, Data 0x${hexN(v.u16(0x12), 4)}`);
  else if (method === 0x03) v.attr('Access Address', `0x${hexN(v.u32(F.accessMethodAddress.offset), 8)}`);
  else if (method === 0x04) v.attr('Access Address', `0x${hexN(v.u16(0x10), 4)}`);
  else v.attr('Access Address', 'Unknown');
  const status = v.u8(F.logStatus.offset);
  v.attr('Status', `${lookupName(eventLogStatusValid, status & 1)}, ${lookupName(eventLogStatusFull, (status >> 1) & 1)}`);
  v.attr('Change Token', `0x${hexN(v.u32(F.logChangeToken.offset), 8)}`);
  if (v.length < 0x17) return;
  const fmt = v.u8(F.logHeaderFormat.offset);
  v.attr('Header Format', oemOr(fmt, lookupName(eventLogHeaderType, fmt)));
  const count = v.u8(F.numberOfSupportedLogTypeDescriptors.offset);
  const len = v.u8(F.lengthOfLogTypeDescriptor.offset);
  v.attr('Supported Log Type Descriptors', count);
  if (v.length < 0x17 + count * len) return;
  for (let i = 0; i < count && len >= 2; i++) {
    const at = 0x17 + i * len;
    v.attr(`Descriptor ${i + 1}`, descriptorType(v.u8(at)));
    const f = v.u8(at + 1);
    v.attr(`Data Format ${i + 1}`, oemOr(f, lookupName(eventLogDescriptorFormat, f)));
  }
}
