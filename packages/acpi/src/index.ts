/** @hvmpack/acpi — ACPI tables: header, raw layer, root walk, acpidump text, typed views. No Node APIs. */
export type { AcpiHeader, AcpiTable, AcpiTableSet } from './model.js';
export {
  decodeFadt,
  fadtPointers,
  fadtFlagNames,
  fadtBootArchNames,
  pmProfileName,
  FADT_LAYOUT,
  FADT_FLAGS,
  FADT_BOOT_ARCH_FLAGS,
  FADT_KNOWN_LENGTHS,
  type Fadt,
  type FadtPointer,
  type FadtPointers,
} from './tables/fadt.js';
export {
  openTable,
  tableBytes,
  readGas,
  addressSpaceName,
  flagNames,
  toJsonValue,
  ACPI_HEADER_SIZE,
  GAS_SIZE,
  type GenericAddress,
  type TableDecodeOptions,
  type OpenedTable,
} from './tables/common.js';
