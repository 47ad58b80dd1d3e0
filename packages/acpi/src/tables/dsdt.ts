// DSDT and SSDT, ACPI 6.5 §5.2.11: a header followed by an AML definition block. We do not parse
// AML; the bytes are exposed for pass-through, hashing and disassembly by iasl.
import { ACPI_HEADER_LENGTH } from '../header.js';
import type { AcpiHeader, AcpiTable } from '../model.js';
import { openTable, type TableDecodeOptions } from './common.js';

/** A DSDT or SSDT: header plus its AML bytes. */
export interface DefinitionBlock {
  header: AcpiHeader;
  /** The AML after the header (a view, `header.length - 36` bytes). */
  aml: Uint8Array;
  amlLength: number;
}

/** Decodes a DSDT/SSDT (also PSDT, OEM-signature definition blocks when `signatures` says so). */
export function decodeDefinitionBlock(table: Uint8Array | AcpiTable, options: TableDecodeOptions & { signatures?: readonly string[] } = {}): DefinitionBlock {
  const { header, r } = openTable(table, options.signatures ?? ['DSDT', 'SSDT', 'PSDT'], options);
  const aml = r.bytesAt(ACPI_HEADER_LENGTH, header.length - ACPI_HEADER_LENGTH);
  return { header, aml, amlLength: aml.length };
}
