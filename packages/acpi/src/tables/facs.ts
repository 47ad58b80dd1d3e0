// FACS, ACPI 6.5 §5.2.10. It has no standard header: only a signature and a length (≥ 64), no
// revision, checksum or OEM fields, so it is decoded without openTable.
import { ByteReader, ErrorCode } from '@hvmpack/bytes';
import { FACS_HEADER_LENGTH } from '../header.js';
import type { AcpiTable } from '../model.js';
import { flagNames, readFields, type FieldLayout, type LayoutFields, type TableDecodeOptions } from './common.js';

/**
 * FACS declaration (ACPI 6.5 Table 5.14). `globalLock`: bit 0 pending, bit 1 owned; `flags`: bit
 * 0 S4BIOS_F, bit 1 64BIT_WAKE_SUPPORTED_F; `ospmFlags`: bit 0 64BIT_WAKE_F.
 */
export const FACS_LAYOUT = [
  ['hardwareSignature', 8, 'u32'], ['firmwareWakingVector', 12, 'u32'], ['globalLock', 16, 'u32'], ['flags', 20, 'u32'],
  ['xFirmwareWakingVector', 24, 'u64'], ['version', 32, 'u8'], ['ospmFlags', 36, 'u32'],
] as const satisfies FieldLayout;

/** A decoded FACS: its signature and length (it has no standard header), then the fields it is long enough to hold. */
export type Facs = { signature: string; length: number } & LayoutFields<typeof FACS_LAYOUT>;

/** FACS flag names by bit. */
export const FACS_FLAGS: Readonly<Record<number, string>> = { 0: 'S4BIOS_F', 1: '64BIT_WAKE_SUPPORTED_F' };

/** Names of the set FACS flags. */
export function facsFlagNames(flags: number): string[] {
  return flagNames(flags, FACS_FLAGS);
}

/**
 * Decodes a FACS; a signature other than "FACS" is `BAD_SIGNATURE`, a length below 8 `BAD_LENGTH`,
 * a length past the data `TRUNCATED`. A length below the spec's 64 decodes the fields it holds.
 */
export function decodeFacs(table: Uint8Array | AcpiTable, options: TableDecodeOptions = {}): Facs {
  const bytes = table instanceof Uint8Array ? table : table.bytes;
  const r = new ByteReader(bytes, { base: options.base ?? 0, path: options.path ?? 'acpi.FACS' });
  r.expectSignature('FACS');
  const length = r.u32At(4);
  if (length < FACS_HEADER_LENGTH) {
    throw r.error(ErrorCode.BadLength, 'FACS length is smaller than its signature and length', { at: 4, expected: `>= ${FACS_HEADER_LENGTH}`, found: `${length}` });
  }
  r.need(length, 0, 'FACS (length field)');
  return { signature: 'FACS', length, ...readFields(r, FACS_LAYOUT, length) };
}
