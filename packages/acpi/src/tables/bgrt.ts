// BGRT, ACPI 6.5 §5.2.23: where the firmware left its boot logo.
import type { AcpiHeader, AcpiTable } from '../model.js';
import { openTable, readFields, type FieldLayout, type LayoutFields, type TableDecodeOptions } from './common.js';

/** BGRT declaration. `status`: bit 0 displayed, bits 1–2 orientation offset (ACPI 6.2+); `imageType` 0 = bitmap (BMP). */
export const BGRT_LAYOUT = [['version', 36, 'u16'], ['status', 38, 'u8'], ['imageType', 39, 'u8'], ['imageAddress', 40, 'u64'], ['imageOffsetX', 48, 'u32'], ['imageOffsetY', 52, 'u32']] as const satisfies FieldLayout;

/** A decoded BGRT; fields past the table's length are absent. */
export type Bgrt = { header: AcpiHeader } & LayoutFields<typeof BGRT_LAYOUT>;

/** Decodes a BGRT. */
export function decodeBgrt(table: Uint8Array | AcpiTable, options: TableDecodeOptions = {}): Bgrt {
  const { header, r } = openTable(table, ['BGRT'], options);
  return { header, ...readFields(r, BGRT_LAYOUT, header.length) };
}
