/** @hvmpack/smbios — SMBIOS entry points, the lossless structure table, typed views, builder. No Node APIs. */
export type { RawStructure, SmbiosVersion, EntryPoint, EntryPoint32, EntryPoint64, SmbiosContainer, SmbiosTable } from './model.js';
export { decodeTyped, formatStructureText, formatWithFindings, formatUuid, encodeUuid, versionCode, type TypedStructure } from './typed.js';
export { TYPE_KEYWORDS, STRING_KEYWORDS, getKeyword, findStringKeyword, typesForKeyword } from './keywords.js';
