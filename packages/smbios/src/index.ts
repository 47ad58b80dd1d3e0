/**
 * @hvmpack/smbios — SMBIOS entry points, the lossless structure table, typed views, builder. No
 * Node APIs. Decode with `decodeSmbios` (one buffer, container detected) or `decodeSmbiosPair`
 * (sysfs entry point + table); `smbiosJsonDocument` is the JSON form.
 */
export type { RawStructure, SmbiosVersion, EntryPoint, EntryPoint32, EntryPoint64, SmbiosContainer, SmbiosTable } from './model.js';
export {
  decodeTyped,
  encodeTyped,
  encodeTypedStructure,
  encodeTypedOver,
  fieldsForJson,
  isTypedAs,
  formatStructureText,
  formatWithFindings,
  formatUuid,
  encodeUuid,
  versionCode,
  sensitiveFields,
  isTypedType,
  TYPE_DECLARATIONS,
  type TypedStructure,
  type TypedStructureOf,
  type GenericStructure,
  type TypedType,
  type TypedFields,
  type TypedFieldInput,
  type EncodeTypedOptions,
  type EncodeTypedStructureOptions,
  type FieldSpec,
  type FieldKind,
  type FieldsOf,
  type SensitiveClass,
  type SensitiveField,
} from './typed.js';
export { oemContext, OemVendor, type OemContext } from './typed.js';
export { TYPE_KEYWORDS, STRING_KEYWORDS, getKeyword, findStringKeyword, typesForKeyword } from './keywords.js';
export {
  decodeEntryPoint,
  encodeEntryPoint,
  entryPointSize,
  entryPointVersion,
  entryPointTableAddress,
  formatVersion,
  compareVersion,
  hasEntryPointAnchor,
  rewriteTableAddress,
  SM_ANCHOR,
  SM3_ANCHOR,
  DMI_ANCHOR,
  SM_ENTRY_LENGTH,
  SM3_ENTRY_LENGTH,
  LEGACY_ENTRY_LENGTH,
  type DecodeEntryPointOptions,
} from './entry-point.js';
export {
  decodeStructureTable,
  encodeStructure,
  encodeStructureTable,
  encodeStringSet,
  structureString,
  dmidecodeLength,
  structureSize,
  maxStructureSize,
  END_OF_TABLE_TYPE,
  INACTIVE_TYPE,
  STRUCTURE_HEADER_SIZE,
  type DecodeTableOptions,
  type DecodedStructureTable,
} from './table.js';
export { decodeSmbios, decodeSmbiosPair, encodeSmbios, encodeRsmb, isRsmbBlob, DUMP_BIN_TABLE_OFFSET, RSMB_HEADER_SIZE, type DecodeSmbiosOptions } from './containers.js';
export { checkBareTableGuess, bareTableRefusal, SMBIOS_DEFINED_TYPE_MAX } from './detect.js';
// The fast path behind these (structure index, JSON written from it, reusable scratch memory) is
// the subpath '@hvmpack/smbios/indexed'; this entry keeps one decode per container kind and one
// JSON document.
export { smbiosJsonDocument } from './json.js';
export { JSON_OUTPUT_LIMIT } from './json-writer.js';
export { fixupType34 } from './types/type34-management-device.js';
export { encodeDumpBin, entryPointFor, synthesizeEntryPoint, DUMP_BIN_ADDRESS, type EncodeDumpBinOptions, type EncodeSmbiosOptions } from './dump-bin.js';
export { buildStructure, buildTable, StringAllocator, RESERVED_HANDLE_START, type StructureSpec, type BuildTableOptions, type BuiltTable } from './builder.js';
