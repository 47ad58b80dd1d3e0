// The UUID of type 1 (DSP0134 §7.2.1) as dmidecode prints it (`dmi_system_uuid`), and back.
import { ErrorCode, FormatError, HEX_BYTE } from '@hvmpack/bytes';

const UUID_STORED_ORDER = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] as const;
const UUID_SWAPPED_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;

/**
 * The UUID text dmidecode prints for 16 raw bytes: `Not Present` (all FF), `Not Settable` (all
 * 00), else lower-case 8-4-4-4-12. From SMBIOS 2.6 (`versionCode >= 0x0206`) the first three
 * fields are little-endian and are byte-swapped for display; before 2.6 the bytes print in stored
 * order, because some older firmware used RFC 4122 network order (dmidecode `dmi_system_uuid`).
 */
export function formatUuid(p: Uint8Array, versionCode: number): string {
  if (p.length !== 16) throw new RangeError('a UUID is 16 bytes');
  if (p.every((b) => b === 0xff)) return 'Not Present';
  if (p.every((b) => b === 0x00)) return 'Not Settable';
  const order = versionCode >= 0x0206 ? UUID_SWAPPED_ORDER : UUID_STORED_ORDER;
  const h = order.map((i) => HEX_BYTE[p[i]!]!.toLowerCase());
  return `${h.slice(0, 4).join('')}-${h.slice(4, 6).join('')}-${h.slice(6, 8).join('')}-${h.slice(8, 10).join('')}-${h.slice(10).join('')}`;
}

/**
 * The inverse of {@link formatUuid}: the 16 bytes to store so that dmidecode prints `uuid` under
 * `versionCode` (`Not Present` and `Not Settable` included). Below 0x0206 the bytes keep the
 * text's order, as hvmloader's copy of a Xen domain handle does. A malformed UUID is a
 * `BAD_VALUE` FormatError at `path`, never zeros.
 */
export function encodeUuid(uuid: string, versionCode: number, path = 'uuid'): Uint8Array {
  if (uuid === 'Not Present') return new Uint8Array(16).fill(0xff);
  if (uuid === 'Not Settable') return new Uint8Array(16);
  if (!UUID_TEXT.test(uuid)) {
    throw new FormatError(ErrorCode.BadValue, 'not a UUID', { path, expected: '32 hex digits as 8-4-4-4-12 (dashes optional)', found: JSON.stringify(uuid) });
  }
  const hexText = uuid.replace(/-/g, '');
  const shown = new Uint8Array(16);
  for (let i = 0; i < 16; i++) shown[i] = parseInt(hexText.slice(i * 2, i * 2 + 2), 16);
  const order = versionCode >= 0x0206 ? UUID_SWAPPED_ORDER : UUID_STORED_ORDER;
  const out = new Uint8Array(16);
  order.forEach((src, i) => (out[src] = shown[i]!));
  return out;
}

const UUID_TEXT = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
