/**
 * Caps that keep a hostile or corrupt input from making a parser allocate or loop without bound.
 * Every parser takes `Partial<Limits>` in its options and resolves it with {@link resolveLimits}.
 * Defaults are far above anything real firmware ships (largest SMBIOS tables seen: ~20 KiB;
 * largest ACPI DSDTs: ~1.5 MiB) and far below what would hurt a 2-core CI machine.
 */
export interface Limits {
  /** Maximum input size accepted by any reader, in bytes. Default 64 MiB. */
  maxInputBytes: number;
  /** Maximum SMBIOS structures in one table. Default 65,536 (handles are 16-bit). */
  maxStructures: number;
  /** Maximum strings in one SMBIOS structure's string set. Default 255 (indexes are a u8). */
  maxStringsPerStructure: number;
  /** Maximum length of one SMBIOS structure table or one ACPI table, in bytes. Default 16 MiB. */
  maxTableLength: number;
  /** Maximum ACPI tables in one input (dump, root table, blob). Default 4,096. */
  maxTables: number;
  /** Maximum modules in one module set. Default 1,024. */
  maxModules: number;
  /** Maximum lines in a text input (acpidump, hex). Default 4,000,000. */
  maxTextLines: number;
}

/** The documented defaults for {@link Limits}. */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxInputBytes: 64 * 1024 * 1024,
  maxStructures: 65_536,
  maxStringsPerStructure: 255,
  maxTableLength: 16 * 1024 * 1024,
  maxTables: 4_096,
  maxModules: 1_024,
  maxTextLines: 4_000_000,
});

/** Fills unspecified limits with {@link DEFAULT_LIMITS}. */
export function resolveLimits(partial?: Partial<Limits>): Limits {
  return partial ? { ...DEFAULT_LIMITS, ...partial } : { ...DEFAULT_LIMITS };
}
