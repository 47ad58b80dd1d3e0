// HPET, IA-PC HPET Specification 1.0a §3.2.4: one timer block description after the header.
import type { AcpiHeader, AcpiTable } from '../model.js';
import { encodeFixedTable, openTable, readFields, type FieldLayout, type LayoutFields, type TableDecodeOptions } from './common.js';

/**
 * HPET declaration. `eventTimerBlockId`: hardware revision, comparator count, counter size,
 * vendor ID (high 16 bits); `pageProtection`: bits 0–3 protection (0 none, 1 4 KiB, 2 64 KiB).
 */
export const HPET_LAYOUT = [['eventTimerBlockId', 36, 'u32'], ['baseAddress', 40, 'gas'], ['hpetNumber', 52, 'u8'], ['minimumTick', 53, 'u16'], ['pageProtection', 55, 'u8']] as const satisfies FieldLayout;

/** A decoded HPET table; fields past the table's length are absent. */
export type Hpet = { header: AcpiHeader } & LayoutFields<typeof HPET_LAYOUT>;

/** Decodes an HPET table. */
export function decodeHpet(table: Uint8Array | AcpiTable, options: TableDecodeOptions = {}): Hpet {
  const { header, r } = openTable(table, ['HPET'], options);
  return { header, ...readFields(r, HPET_LAYOUT, header.length) };
}

/** Encodes an HPET table as given; bytes no field covers come from `base` or are zero. */
export function encodeHpet(hpet: Hpet, base?: Uint8Array): Uint8Array {
  return encodeFixedTable(hpet.header, HPET_LAYOUT, hpet, base);
}
