// Plain data shapes of the layout planner: inputs, regions, findings, the plan.
import type { Finding } from '@hvmpack/bytes';
import type { Guest } from '@hvmpack/guest';
import type { E820Entry, MemoryModel } from './e820.js';
import type { PlannedFirmware, ProfileName, RegionKind } from './profiles.js';

/** What a module is for; decides its slot and order in the Xen profiles. */
export const MODULE_KINDS = ['firmware', 'acpi', 'smbios', 'ipxe', 'other'] as const;
/** One of {@link MODULE_KINDS}. */
export type ModuleKind = (typeof MODULE_KINDS)[number];

/** One module to place. */
export interface ModuleSpec {
  /** Display name (the hvm_start_info name for `firmware`/`ipxe`). */
  name: string;
  /** Slot; inferred from the name when absent (see {@link inferModuleKind}). */
  kind?: ModuleKind;
  /** Size in bytes. */
  size: bigint;
  /** Pins the module at this address instead of the profile's rule ("what if" plans). */
  address?: bigint;
  /** Where the size came from (file name, container), for the table. */
  source?: string;
}

/** The loader image's span in guest memory. */
export interface LoaderSpec {
  /** Display name (default `hvmloader`). */
  name?: string;
  /** libelf `pstart` (lowest loadable p_paddr). */
  start: bigint;
  /** libelf `pend` (end of `.bss`). */
  end: bigint;
  /** Where the span came from. */
  source: string;
}

/**
 * The part of the guest a plan reads: the memory subset of `Guest` (`@hvmpack/guest`) and xl's
 * memory options. `memoryMiB` is xl `memory=`, video RAM included (libxl subtracts it, xen.md §2.1).
 */
export interface PlanGuest extends Pick<Guest, 'memoryMiB'>, Partial<Pick<Guest, 'vcpus'>> {
  /** System firmware (default `seabios`). */
  firmware?: PlannedFirmware;
  /** MMIO hole below 4 GiB in MiB (xl `mmio_hole=`, default 256). */
  mmioHoleMiB?: number;
  /** Video memory in MiB (libxl `video_memkb`, default 8). */
  videoMiB?: number;
}

/** Choices of the plan itself, not facts about the guest. */
export interface PlanOptions {
  /** Firmware image size when no `firmware` module says (defaults: SeaBIOS 128 KiB, OVMF 2 MiB). */
  firmwareSize?: bigint;
  /** Scratch placement: hvmloader's low area or the RFC era's area behind the loader. */
  scratch?: { placement: 'low' | 'behind-loader'; size?: bigint };
  /** rfc: module area start (default 0x200000). */
  moduleBase?: bigint;
  /** rfc: module alignment (default 16, the container's MODULE_ALIGN). */
  moduleAlign?: bigint;
}

/** Everything {@link planLayout} needs. */
export interface PlanInput {
  profile: ProfileName;
  loader: LoaderSpec;
  modules: readonly ModuleSpec[];
  guest: PlanGuest;
  options?: PlanOptions;
}

/** One range in the plan; `end` is exclusive. */
export interface Region {
  name: string;
  start: bigint;
  end: bigint;
  kind: RegionKind;
  /** Rule or file the range comes from. */
  source: string;
  /** Module slot, for modules. */
  moduleKind?: ModuleKind;
}

/** Stable finding codes of the planner. */
export const LayoutCode = {
  LoaderModuleOverlap: 'LOADER_MODULE_OVERLAP',
  ModuleOverlap: 'MODULE_OVERLAP',
  ScratchOverlap: 'SCRATCH_OVERLAP',
  FixedRegionOverlap: 'FIXED_REGION_OVERLAP',
  AddressOverflow: 'ADDRESS_OVERFLOW_32BIT',
  AboveMmioStart: 'ABOVE_MMIO_START',
  BeyondGuestRam: 'BEYOND_GUEST_RAM',
  LowRamFloor: 'LOW_RAM_FLOOR',
  StartInfoDoesNotFit: 'START_INFO_DOES_NOT_FIT',
  StartInfoMultiPage: 'START_INFO_MULTI_PAGE',
  Misaligned: 'MISALIGNED',
  ModuleUnsupported: 'MODULE_UNSUPPORTED',
  TooManyModules: 'TOO_MANY_MODULES',
  ModuleTooLarge: 'MODULE_TOO_LARGE',
  EmptyModule: 'EMPTY_MODULE',
  FirmwareModuleMissing: 'FIRMWARE_MODULE_MISSING',
  UnknownModuleName: 'UNKNOWN_MODULE_NAME',
} as const;
/** One of {@link LayoutCode}'s values. */
export type LayoutCode = (typeof LayoutCode)[keyof typeof LayoutCode];

/** A planner finding: the one `Finding` shape, naming the regions involved and the rule broken. */
export interface LayoutFinding extends Finding {
  code: LayoutCode;
  /** Names of the regions involved (plan regions, or `guest RAM`/`low RAM`). */
  regions: string[];
  /** The rule and where it comes from. */
  rule: string;
}

/** A plan: regions, memory maps, the minimum memory and findings. */
export interface Plan {
  profile: ProfileName;
  /** Every range, sorted by start. */
  regions: Region[];
  e820: { beforeHandoff: E820Entry[]; afterHandoff: E820Entry[] };
  /** Smallest `memoryMiB` for which this plan has no errors, or null if none up to 1 TiB. */
  minimumMemoryMiB: number | null;
  findings: LayoutFinding[];
  /** The derived memory model (RAM, low RAM end, MMIO start). */
  memory: MemoryModel;
  /** True when no finding is an error. */
  ok: boolean;
}

