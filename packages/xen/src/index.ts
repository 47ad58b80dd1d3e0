/**
 * @hvmpack/xen — the Xen target: Xen's smbios_firmware/acpi_firmware blobs, hvmloader's rules per
 * Xen release, the guest's view of them, hvm_start_info, hvm_info_table and format detection.
 * No Node APIs.
 */
export { SMBIOS_BLOB_SEPARATOR, encodeSmbiosBlob, decodeSmbiosBlob, structureBytes, structureExtent, structureStrings, type SmbiosBlobRecord, type SmbiosBlobWalk, type SmbiosBlobEnd, type DecodeSmbiosBlobOptions } from './smbios-blob.js';
export { encodeAcpiBlob, decodeAcpiBlob, type AcpiBlobRecord, type AcpiBlobWalk, type AcpiBlobEnd, type DecodeAcpiBlobOptions } from './acpi-blob.js';
export { SMBIOS_PASS_THROUGH_RULES, SMBIOS_GENERATED_ONLY_TYPES, SMBIOS_OEM_TYPE_MIN, SMBIOS_FIXED_WINDOW_MAX, SMBIOS_PHYSICAL_ADDRESS, SMBIOS_EP_LENGTH, passThroughRules, ruleFor, hasMinimumLengths, lengthAccepted, type SmbiosPassThroughRule, type SmbiosFallback } from './smbios-rules.js';
export { buildGuestSmbios, encodeGuestEntryPoint, encodeGuestDumpBin, type GuestDumpBinOptions, type GuestSmbios, type GuestSmbiosStructure, type GuestEntryPoint, type SmbiosRecordFate } from './smbios-guest.js';
export { ACPI_MAX_SECONDARY_TABLES, XEN_ACPI_OEM_ID, XEN_ACPI_OEM_TABLE_ID, builtinSecondaryTables, passThroughSlots, buildGuestAcpi, madtLength, FADT_LENGTH, type BuiltinTable, type GuestRootEntry, type GuestRsdp, type GuestAcpi, type GuestAcpiTable, type DroppedAcpiTable } from './acpi-guest.js';
export { XenCheckCode, checkSmbiosBlob, checkAcpiBlob, checkModuleSet, detectBlobKind, type SmbiosCheckReport, type AcpiCheckReport } from './checks.js';
export { computeGuestView, diffFromHost, guestViewDumpBin, guestViewToJson, type GuestView, type GuestViewInput, type GuestViewDiff, type HostDiff, type HostDiffRow } from './guest-view.js';
export * from './start-info.js';
export * from './hvm-info.js';
export { InputFormat, detectFormats, inspectBytes, type Detection, type InspectResult } from './detect.js';
export { XenChange, XEN_BEHAVIOUR_CHANGES, XEN_RELEASES, hasChange, changesIn, type XenBehaviourChange, type XenChangeEvidence, type XenRelease } from './versions.js';
export * from './toolstack/index.js';
export { selectStructures, selectTables, rewriteOem, tableName, type Selection } from './select.js';
export { HVMLOADER_OWN_TABLES } from './own-tables.js';
export { xenTarget, guestFromXl, type Target, type TargetCheck, type TargetInputs, type XlGuestOptions } from './target.js';
export { containerModules } from './layout-bridge.js';
