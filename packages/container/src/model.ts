// The hvmpack module container (docs/module-format.md): constants and the decoded model.
// Every offset and value here is normative in that document; change both together.

/** Signature of the module-set header, 8 bytes at offset 0 (docs/module-format.md §3). */
export const MODSET_SIGNATURE = 'HVMMODS\0';
/** Format major version this code reads and writes; a loader rejects any other major. */
export const MODSET_FORMAT_MAJOR = 1;
/** Format minor version this code writes; newer minors only add fields a 1.0 loader may skip. */
export const MODSET_FORMAT_MINOR = 0;
/** Size of the 1.0 module-set header in bytes. */
export const MODSET_HEADER_SIZE = 32;
/** Size of the common module header in bytes. */
export const MODULE_HEADER_SIZE = 16;
/** Alignment of the set base, every module start and the set's total length. */
export const MODULE_ALIGN = 16;
/** Size of every revision-1 type-specific header defined by format 1.0. */
export const TYPE_HEADER_SIZE = 16;

/** Module type numbers (u16 at module offset 4); 0 is reserved so zero-filled memory never parses. */
export const ModuleType = {
  /** SMBIOS structures (`SMBS`). */
  Smbios: 1,
  /** ACPI tables to append to the root tables (`ACPI`). */
  Acpi: 2,
  /** A PCI option ROM (`OROM`). */
  OptionRom: 3,
  /** Key/value metadata: strings, numbers, control flags (`META`). */
  Metadata: 4,
} as const;
/** One of the module types format 1.0 defines. */
export type ModuleType = (typeof ModuleType)[keyof typeof ModuleType];

/** The 4-character signature each known module type must carry. */
export const MODULE_SIGNATURES: Readonly<Record<ModuleType, string>> = {
  [ModuleType.Smbios]: 'SMBS',
  [ModuleType.Acpi]: 'ACPI',
  [ModuleType.OptionRom]: 'OROM',
  [ModuleType.Metadata]: 'META',
};

/** Module-set flags (u32 at offset 20): low 16 bits compatible (ignored if unknown), high 16 incompatible (rejected if unknown). */
export const ModuleSetFlags = {
  /** The loader may reuse the set's memory once it has consumed the modules (the RFC's "disappear"). */
  Reclaimable: 0x0000_0001,
  /** Mask of the compatible flag bits: a loader ignores unknown bits here. */
  CompatibleMask: 0x0000_ffff,
  /** Mask of the incompatible flag bits: a loader rejects the set when an unknown bit here is set. */
  IncompatibleMask: 0xffff_0000,
} as const;

/** Module flags (u8 at module offset 7). */
export const ModuleFlags = {
  /** A loader that does not understand this module's type must reject the whole set. */
  Critical: 0x01,
  /** Every bit a format 1.0 loader knows; the others are reserved and must be zero. */
  KnownMask: 0x01,
} as const;

/** SMBIOS payload formats (u8 at type-header offset 3). */
export const SmbiosPayloadFormat = {
  /** Xen's `smbios_firmware` blob: `[u32 LE length][structure incl. strings]` repeated. */
  XenBlob: 1,
  /** A plain SMBIOS structure table, structures back to back as in DSP0134 §6.1. */
  Table: 2,
} as const;
/** One of {@link SmbiosPayloadFormat}'s values. */
export type SmbiosPayloadFormat = (typeof SmbiosPayloadFormat)[keyof typeof SmbiosPayloadFormat];

/** ACPI root-table flags (u8 at type-header offset 4): which root tables the loader appends to. */
export const AcpiRootFlags = {
  /** Append each table's address to the RSDT (32-bit entries). */
  Rsdt: 0x01,
  /** Append each table's address to the XSDT (64-bit entries). */
  Xsdt: 0x02,
  /** Every bit format 1.0 defines. */
  KnownMask: 0x03,
} as const;

/** Option-ROM modes (u8 at type-header offset 7). */
export const OromMode = {
  /** Add the ROM for a device that has none. */
  Add: 0,
  /** Use this ROM instead of the device's own. */
  Override: 1,
} as const;
/** One of {@link OromMode}'s values. */
export type OromMode = (typeof OromMode)[keyof typeof OromMode];

/** Metadata value types (u8 at entry offset 0). */
export const MetaValueType = {
  /** Printable ASCII string, no NUL. */
  String: 1,
  /** Little-endian u64, value length 8. */
  U64: 2,
  /** Control flag, value length 1, byte 0 or 1. */
  Flag: 3,
} as const;

/** Stable error codes the container adds to the byte layer's. */
export const ContainerError = {
  /** The set's major version is not 1. */
  UnsupportedVersion: 'UNSUPPORTED_VERSION',
  /** An incompatible flag bit this loader does not know is set. */
  UnsupportedFeature: 'UNSUPPORTED_FEATURE',
  /** A reserved field or bit is not zero. */
  ReservedNotZero: 'RESERVED_NOT_ZERO',
  /** A byte between modules (alignment padding) is not zero. */
  PaddingNotZero: 'PADDING_NOT_ZERO',
  /** A length or address is not a multiple of the required alignment. */
  Misaligned: 'MISALIGNED',
  /** A module of unknown type carries the Critical flag. */
  UnknownCriticalModule: 'UNKNOWN_CRITICAL_MODULE',
  /** A type header's count disagrees with what its payload holds. */
  CountMismatch: 'COUNT_MISMATCH',
  /** A metadata key is repeated. */
  DuplicateKey: 'DUPLICATE_KEY',
} as const;

/** Fields shared by every module in the model. */
export interface ModuleCommon {
  /** Type-specific header revision (1 for every format 1.0 type). */
  revision: number;
  /** Module flags ({@link ModuleFlags}). */
  flags: number;
  /** Type-header bytes after the ones this revision defines (from a newer producer), kept verbatim. */
  headerExtra?: Uint8Array;
}

/** Type header of an SMBIOS module (docs/module-format.md §5.1). */
export interface SmbiosModuleHeader {
  /** SMBIOS version the structures follow (0.0 = not stated). */
  major: number;
  minor: number;
  docrev: number;
  payloadFormat: number;
  /** Structures in the payload. */
  structureCount: number;
  /** Largest structure, formatted area plus strings, in bytes. */
  maxStructureSize: number;
}

/** An SMBIOS module. */
export interface SmbiosModule extends ModuleCommon {
  kind: 'smbios';
  smbios: SmbiosModuleHeader;
  payload: Uint8Array;
}

/** Type header of an ACPI module (§5.2). */
export interface AcpiModuleHeader {
  /** Tables in the payload. */
  tableCount: number;
  /** {@link AcpiRootFlags}. */
  rootFlags: number;
}

/** An ACPI module: whole tables back to back, as in Xen's `acpi_firmware`. */
export interface AcpiModule extends ModuleCommon {
  kind: 'acpi';
  acpi: AcpiModuleHeader;
  payload: Uint8Array;
}

/** Type header of an option-ROM module (§5.3). */
export interface OromModuleHeader {
  vendorId: number;
  deviceId: number;
  /** 24-bit PCI class code (base << 16 | sub << 8 | prog-if); 0 = any class. */
  classCode: number;
  /** {@link OromMode}. */
  mode: number;
}

/** A PCI option-ROM module. */
export interface OromModule extends ModuleCommon {
  kind: 'orom';
  orom: OromModuleHeader;
  payload: Uint8Array;
}

/** A metadata value of a type format 1.0 does not define, kept for round trips. */
export interface MetaRawValue {
  valueType: number;
  bytes: Uint8Array;
}

/** One metadata entry: a string, a u64 number, a control flag, or an unknown-typed value. */
export interface MetaEntry {
  key: string;
  value: string | bigint | boolean | MetaRawValue;
}

/** A key/value metadata module (§5.4). */
export interface MetaModule extends ModuleCommon {
  kind: 'meta';
  entries: MetaEntry[];
}

/** A module of a type this code does not know, carried byte for byte. */
export interface UnknownModule extends ModuleCommon {
  kind: 'unknown';
  type: number;
  signature: string;
  /** The whole type-specific header. */
  typeHeader: Uint8Array;
  payload: Uint8Array;
}

/** Any module. */
export type Module = SmbiosModule | AcpiModule | OromModule | MetaModule | UnknownModule;

/** A decoded (or to-be-encoded) module set. */
export interface ModuleSet {
  /** Format minor version (0 for format 1.0). */
  formatMinor: number;
  /** {@link ModuleSetFlags}. */
  flags: number;
  /** Header bytes after the 32 defined by 1.0 (from a newer minor), kept verbatim. */
  headerExtra?: Uint8Array;
  modules: Module[];
}

/** Where one module sits in an encoded set (for inspect and handoff output). */
export interface ModulePlacement {
  index: number;
  offset: number;
  totalLength: number;
  type: number;
  signature: string;
  payloadOffset: number;
  payloadLength: number;
}
