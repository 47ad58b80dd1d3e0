// MSDM, Microsoft "Software Licensing Tables (SLIC and MSDM)" (2011): the Windows 8+ OA 3.0
// activation data. The product key it carries is a secret: only the `acpi show` command prints
// it, because the user asked for this table; messages and findings never contain it.
import { finding, latin1, type Finding } from '@hvmpack/bytes';
import type { AcpiHeader, AcpiTable } from '../model.js';
import { openTable, readFields, type FieldLayout, type LayoutFields, type TableDecodeOptions } from './common.js';

/**
 * MSDM declaration: software licensing structure version (1), data type (1 = product key),
 * declared data length (29 for a product key). The data after it is the product key.
 */
export const MSDM_LAYOUT = [['version', 36, 'u32'], ['reserved', 40, 'u32'], ['dataType', 44, 'u32'], ['dataReserved', 48, 'u32'], ['dataLength', 52, 'u32']] as const satisfies FieldLayout;

/** A decoded MSDM. `data`/`productKey` are SENSITIVE (class `product-key`). */
export type Msdm = { header: AcpiHeader; findings: Finding[] } & LayoutFields<typeof MSDM_LAYOUT> & {
  /** The data bytes actually present (at most `dataLength`); a view. */
  data?: Uint8Array;
  /** The data as text with trailing NULs removed (the product key). */
  productKey?: string;
};

/** Offset of the MSDM data (the product key). */
export const MSDM_DATA_OFFSET = 56;
/** Length of a product key in MSDM data (`XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`), the `dataLength` firmware declares. */
export const MSDM_PRODUCT_KEY_LENGTH = 29;

/** Decodes an MSDM; a data length running past the table is a finding and the data is cut there. */
export function decodeMsdm(table: Uint8Array | AcpiTable, options: TableDecodeOptions = {}): Msdm {
  const { header, r, path } = openTable(table, ['MSDM'], options);
  const out: Msdm = { header, findings: [], ...readFields(r, MSDM_LAYOUT, header.length) };
  if (out.dataLength === undefined) return out;
  const available = header.length - MSDM_DATA_OFFSET;
  if (out.dataLength > available) {
    // The message gives sizes only, never the bytes.
    out.findings.push(finding('ACPI_MSDM_DATA_TRUNCATED', 'error', `MSDM data length ${out.dataLength} runs past the table (${available} bytes left)`, { offset: r.base + 52, path: `${path}.dataLength` }));
  }
  out.data = r.bytesAt(MSDM_DATA_OFFSET, Math.min(out.dataLength, available));
  out.productKey = latin1(out.data).replace(/\0+$/, '');
  return out;
}
