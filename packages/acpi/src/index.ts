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
// Raw layer, root walk, acpidump text, naming, detection and checks (header.ts … check.ts).
export {
  ACPI_HEADER_LENGTH,
  FACS_HEADER_LENGTH,
  HEADER_CHECKSUM_OFFSET,
  HEADER_LAYOUT,
  NO_CHECKSUM_SIGNATURES,
  decodeAcpiHeader,
  encodeAcpiHeader,
  expectedTableChecksum,
  fixTableChecksum,
  hasStandardHeader,
  isValidSignature,
  verifyTableChecksum,
  type HeaderDecodeOptions,
} from './header.js';
export {
  decodeTable,
  declaredLength,
  encodeFacs,
  encodeTable,
  normalizeSignature,
  signatureOf,
  tableBody,
  toRawTable,
  type EncodeTableOptions,
  type RawTable,
  type TableOptions,
} from './table.js';
export {
  RSDP_SIGNATURE,
  RSDP_V1_LENGTH,
  RSDP_V2_LENGTH,
  decodeRsdp,
  encodeRsdp,
  isRsdpAt,
  rsdpLength,
  verifyRsdpChecksums,
  type Rsdp,
  type RsdpInit,
} from './rsdp.js';
export {
  decodeRootTable,
  encodeRootTable,
  fadtTargets,
  findRsdp,
  numberInstances,
  rootEntrySize,
  walkMemoryImage,
  type FoundRsdp,
  type MemoryRegion,
  type RootEntries,
  type WalkOptions,
} from './root.js';
export { formatAcpidump, parseAcpidump, type AcpidumpOptions, type FormatAcpidumpOptions } from './acpidump.js';
export { acpixtractNames, isSafeFileName, parseTableFileName, sysfsNames, type Named, type TableFileName } from './naming.js';
export { decodeAcpiInput, looksLikeAcpidump, splitBlob, type AcpiInputOptions } from './detect.js';
export { AcpiCheck, checkTable, checkTables } from './check.js';
