// HPET, IA-PC HPET Specification 1.0a §3.2.4: one timer block description after the header.
import type { AcpiHeader, AcpiTable } from '../model.js';
import { openTable, readFields, type FieldLayout, type GenericAddress, type TableDecodeOptions } from './common.js';

/** A decoded HPET table; fields past the table's length are absent. */
export interface Hpet {
  header: AcpiHeader;
  /** Event Timer Block ID: hardware revision, comparator count, counter size, vendor ID (high 16 bits). */
  eventTimerBlockId?: number;
  baseAddress?: GenericAddress;
  hpetNumber?: number;
  minimumTick?: number;
  /** Page protection and OEM attributes: bits 0–3 protection (0 none, 1 4 KiB, 2 64 KiB). */
  pageProtection?: number;
}

/** HPET offset table. */
export const HPET_LAYOUT: FieldLayout = [['eventTimerBlockId', 36, 'u32'], ['baseAddress', 40, 'gas'], ['hpetNumber', 52, 'u8'], ['minimumTick', 53, 'u16'], ['pageProtection', 55, 'u8']];

/** Decodes an HPET table. */
export function decodeHpet(table: Uint8Array | AcpiTable, options: TableDecodeOptions = {}): Hpet {
  const { header, r } = openTable(table, ['HPET'], options);
  return readFields(r, HPET_LAYOUT, header.length, { header }) as unknown as Hpet;
}
