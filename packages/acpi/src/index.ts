/** @hvmpack/acpi — ACPI tables: header, raw layer, root walk, acpidump text, typed views. No Node APIs. */
export type { AcpiHeader, AcpiTable, AcpiTableSet } from './model.js';
export {
  decodeFadt,
  encodeFadt,
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
  readFields,
  readAllFields,
  writeFields,
  encodeFixedTable,
  layoutSize,
  layoutSensitive,
  fieldWidth,
  GAS_SIZE,
  FIELD_SIZE,
  type FieldKind,
  type FieldLayout,
  type FieldRow,
  type FieldOptions,
  type LayoutFields,
  type LayoutValues,
  type SensitiveClass,
  type GenericAddress,
  type TableDecodeOptions,
  type OpenedTable,
} from './tables/common.js';
export {
  decodeMadt,
  encodeMadt,
  MADT_LAYOUT,
  type MadtEntryOf,
  type MadtEntryBase,
  madtEntryName,
  madtEntryCounts,
  describeMadtEntry,
  MadtEntryType,
  MADT_ENTRIES_OFFSET,
  MADT_ENTRY_LAYOUTS,
  type Madt,
  type MadtEntry,
  type MadtLocalApic,
  type MadtIoApic,
  type MadtInterruptSourceOverride,
  type MadtNmiSource,
  type MadtLocalApicNmi,
  type MadtLocalApicAddressOverride,
  type MadtLocalX2Apic,
  type MadtLocalX2ApicNmi,
  type MadtOtherEntry,
} from './tables/madt.js';
export { decodeMcfg, encodeMcfg, MCFG_ALLOCATION_LAYOUT, MCFG_ENTRIES_OFFSET, MCFG_ENTRY_SIZE, type Mcfg, type McfgAllocation } from './tables/mcfg.js';
export { decodeHpet, encodeHpet, HPET_LAYOUT, type Hpet } from './tables/hpet.js';
export { decodeBgrt, BGRT_LAYOUT, type Bgrt } from './tables/bgrt.js';
export { decodeTpm2, tpm2StartMethodName, TPM2_LAYOUT, type Tpm2 } from './tables/tpm2.js';
export { decodeFacs, facsFlagNames, FACS_LAYOUT, FACS_FLAGS, type Facs } from './tables/facs.js';
export { decodeMsdm, MSDM_LAYOUT, MSDM_DATA_OFFSET, MSDM_PRODUCT_KEY_LENGTH, type Msdm } from './tables/msdm.js';
export {
  decodeSlic,
  slicMatchesRoot,
  SLIC_PUBLIC_KEY_SIZE,
  SLIC_MARKER_SIZE,
  SLIC_MARKER_OFFSET,
  slicSensitiveFields,
  type Slic,
  type SlicPublicKey,
  type SlicMarker,
  type SlicStructure,
} from './tables/slic.js';
export { decodeDefinitionBlock, type DefinitionBlock } from './tables/dsdt.js';
export { decodeTypedTable, tableName, sensitiveTableFields, SENSITIVE_SIGNATURES, type TypedTable } from './tables/typed.js';
// Raw layer, root walk, acpidump text, naming, detection and checks (header.ts … check.ts).
export {
  ACPI_HEADER_LENGTH,
  FACS_HEADER_LENGTH,
  HEADER_CHECKSUM_OFFSET,
  HEADER_LAYOUT,
  NO_CHECKSUM_SIGNATURES,
  decodeAcpiHeader,
  encodeAcpiHeader,
  writeHeader,
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
  quoteSignature,
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
export { acpixtractCounts, acpixtractNames, isSafeFileName, parseTableFileName, sysfsNames, type Named, type TableFileName } from './naming.js';
export { decodeAcpiInput, looksLikeAcpidump, splitBlob, sensitiveTableFinding, type AcpiInputOptions } from './detect.js';
export { walkAcpiBlob, encodeAcpiBlob, type AcpiBlobRecord, type AcpiBlobWalk, type AcpiBlobEnd, type WalkAcpiBlobOptions } from './blob.js';
export { AcpiCheck, checkTable, checkTables } from './check.js';
