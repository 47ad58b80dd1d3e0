// BGRT, ACPI 6.5 §5.2.23: where the firmware left its boot logo.
import type { AcpiHeader, AcpiTable } from '../model.js';
import { openTable, readFields, type FieldLayout, type TableDecodeOptions } from './common.js';

/** A decoded BGRT; fields past the table's length are absent. */
export interface Bgrt {
  header: AcpiHeader;
  version?: number;
  /** Bit 0 displayed; bits 1–2 orientation offset (ACPI 6.2+). */
  status?: number;
  /** 0 = bitmap (BMP). */
  imageType?: number;
  imageAddress?: bigint;
  imageOffsetX?: number;
  imageOffsetY?: number;
}

/** BGRT offset table. */
export const BGRT_LAYOUT: FieldLayout = [['version', 36, 'u16'], ['status', 38, 'u8'], ['imageType', 39, 'u8'], ['imageAddress', 40, 'u64'], ['imageOffsetX', 48, 'u32'], ['imageOffsetY', 52, 'u32']];

/** Decodes a BGRT. */
export function decodeBgrt(table: Uint8Array | AcpiTable, options: TableDecodeOptions = {}): Bgrt {
  const { header, r } = openTable(table, ['BGRT'], options);
  return readFields(r, BGRT_LAYOUT, header.length, { header }) as unknown as Bgrt;
}
