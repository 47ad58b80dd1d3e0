// Address constants, fixed regions and placement parameters per profile. Every number is
// quoted from Xen (shared/research/xen.md §2, §5); the paths name the defining file.
import { Firmware } from '@hvmpack/guest';

/** Region kinds shown in plans and maps. */
export const RegionKind = {
  /** The loader image (hvmloader), `[pstart, pend)` incl. `.bss`. */
  Loader: 'loader',
  /** A module placed by the toolstack or the RFC rule. */
  Module: 'module',
  /** The `hvm_start_info` segment (Xen 4.8+). */
  StartInfo: 'start-info',
  /** The hvmloader scratch allocator's area. */
  Scratch: 'scratch',
  /** A fixed hvmloader/firmware area in low memory. */
  Fixed: 'fixed',
  /** A hole with no RAM behind it (VGA hole, PCI MMIO hole). */
  Hole: 'hole',
  /** Memory hvmloader or the toolstack reserves above the MMIO hole. */
  Reserved: 'reserved',
} as const;
/** One of {@link RegionKind}'s values. */
export type RegionKind = (typeof RegionKind)[keyof typeof RegionKind];

/** Profile names accepted by the planner. */
export const PROFILES = ['rfc', 'xen-4.3', 'xen-4.8'] as const;
/** One of {@link PROFILES}. */
export type ProfileName = (typeof PROFILES)[number];

/** The firmware the planner models: the guest's `Firmware` less ROMBIOS (libxl rejects it with qemu-xen). */
export type PlannedFirmware = Extract<Firmware, 'seabios' | 'ovmf'>;
/** Every {@link PlannedFirmware}, for option lists. */
export const PLANNED_FIRMWARES: readonly PlannedFirmware[] = [Firmware.SeaBIOS, Firmware.OVMF];

/** x86 page size; libxenguest allocates segments in whole pages (`xc_dom_alloc_segment`). */
export const PAGE_SIZE = 0x1000n;
/** 1 MiB. */
export const MIB = 0x100000n;
/** 4 GiB, the end of what 32-bit hvmloader can address. */
export const FOUR_GIB = 0x1_0000_0000n;

/** hvmloader's link address (`hvmloader.lds` `. = 0x100000`, `HVMLOADER_PHYSICAL_ADDRESS`). */
export const HVMLOADER_PHYSICAL_ADDRESS = 0x100000n;
/** `SCRATCH_PHYSICAL_ADDRESS` (hvmloader `config.h`): scratch allocator start. */
export const SCRATCH_PHYSICAL_ADDRESS = 0x10000n;
/** `HYPERCALL_PHYSICAL_ADDRESS` (hvmloader `config.h`). */
export const HYPERCALL_PHYSICAL_ADDRESS = 0x80000n;
/** `HVM_INFO_PADDR` = (`HVM_INFO_PFN` 0x9F << 12) + `HVM_INFO_OFFSET` 0x800 (`hvm_info_table.h`). */
export const HVM_INFO_PADDR = 0x9f800n;
/** sizeof(struct hvm_info_table) (xen.md §5.3). */
export const HVM_INFO_SIZE = 48n;
/** Start of the VGA hole, also the default low RAM end hvmloader reports (`e820.c`). */
export const VGA_HOLE_START = 0xa0000n;
/** End of the VGA hole. */
export const VGA_HOLE_END = 0xc0000n;
/** `ACPI_PHYSICAL_ADDRESS`: RSDP for ROMBIOS/OVMF. */
export const ACPI_PHYSICAL_ADDRESS = 0xea020n;
/** `SMBIOS_PHYSICAL_ADDRESS`/`SMBIOS_PHYSICAL_END` (`rombios/config.h`). */
export const SMBIOS_PHYSICAL_ADDRESS = 0xeb000n;
/** End of the low SMBIOS area. */
export const SMBIOS_PHYSICAL_END = 0xf0000n;
/** `HVM_BELOW_4G_MMIO_LENGTH` (public `hvm/e820.h`): default MMIO hole, 256 MiB. */
export const HVM_BELOW_4G_MMIO_LENGTH = 0x1000_0000n;
/** `RESERVED_MEMBASE` = `ACPI_INFO_PHYSICAL_ADDRESS`: end of the PCI hole, `acpi_info`. */
export const RESERVED_MEMBASE = 0xfc00_0000n;
/** `ACPI_MEMORY_DYNAMIC_START`. */
export const ACPI_MEMORY_DYNAMIC_START = 0xfc00_1000n;
/** `RESERVED_MEMORY_DYNAMIC_START`: end of ACPI memory, start of `mem_alloc`. */
export const RESERVED_MEMORY_DYNAMIC_START = 0xfc10_0000n;
/** `RESERVED_MEMORY_DYNAMIC_END`. */
export const RESERVED_MEMORY_DYNAMIC_END = 0xfe00_0000n;
/** hvmloader's `BUG_ON(low_mem_end < MB(2))` floor (xen.md §5.4). */
export const LOW_RAM_FLOOR = 2n * MIB;
/** Start-info segment bytes before the memmap: 56 + 2×32 modlist + 2×1024 name slots (`bootlate_hvm`). */
export const START_INFO_FIXED_SIZE = 56n + 2n * 32n + 2n * 1024n;
/** Bytes per `hvm_memmap_table_entry`. */
export const START_INFO_MEMMAP_ENTRY_SIZE = 24n;
/** `HVMLOADER_MODULE_MAX_COUNT` (`xg_dom_x86.c`): entries in hvm_start_info's module list. */
export const HVMLOADER_MODULE_MAX_COUNT = 2;
/** `XG_MAX_MODULES` (`xenguest.h`): extra `dom->modules` (iPXE). */
export const XG_MAX_MODULES = 2;
/** Pre-4.8 `MODULE_ALIGN` (`1UL << 7`, ebb3f4943c). */
export const XEN43_MODULE_ALIGN = 128n;
/** RFC module area start ("0x200000 1–N modules", xen.md §8). */
export const RFC_MODULE_BASE = 0x200000n;
/** Module alignment of the hvmpack module container (docs/module-format.md, `MODULE_ALIGN`). */
export const RFC_MODULE_ALIGN = 16n;
/** Default scratch size behind the loader in the rfc profile (an assumption; configurable). */
export const RFC_SCRATCH_DEFAULT_SIZE = 0x40000n;
/** Default SeaBIOS image size when no firmware module gives one (128 KiB, an assumption). */
export const DEFAULT_SEABIOS_SIZE = 0x20000n;
/** Default OVMF image size when no firmware module gives one (2 MiB, an assumption). */
export const DEFAULT_OVMF_SIZE = 0x200000n;
/** Default video memory subtracted from the guest's memory by libxl (`video_memkb`, 8 MiB). */
export const DEFAULT_VIDEO_MIB = 8;

/** A fixed region template; `end` is exclusive. */
export interface FixedRegionSpec {
  name: string;
  start: bigint;
  end: bigint;
  kind: RegionKind;
  source: string;
}

/** Fixed regions every profile shares, independent of the guest config. */
export const COMMON_FIXED_REGIONS: readonly FixedRegionSpec[] = [
  { name: 'real-mode trampoline', start: 0x0n, end: 0x1000n, kind: 'fixed', source: 'hvmloader.c _start (copied to 0 at hand-off)' },
  { name: 'BIOS info page', start: 0x1000n, end: 0x2000n, kind: 'fixed', source: 'config-seabios.h BIOS_INFO_PHYSICAL_ADDRESS / ovmf.c OVMF_INFO_PHYSICAL_ADDRESS' },
  { name: 'hypercall page', start: HYPERCALL_PHYSICAL_ADDRESS, end: HYPERCALL_PHYSICAL_ADDRESS + PAGE_SIZE, kind: 'fixed', source: 'hvmloader config.h HYPERCALL_PHYSICAL_ADDRESS' },
  { name: 'hvm_info_table', start: HVM_INFO_PADDR, end: HVM_INFO_PADDR + HVM_INFO_SIZE, kind: 'fixed', source: 'hvm_info_table.h HVM_INFO_PADDR' },
  { name: 'VGA hole', start: VGA_HOLE_START, end: VGA_HOLE_END, kind: 'hole', source: 'e820.c (not in e820), meminit_hvm skips it' },
  { name: 'RESERVED_MEMBASE / ACPI memory', start: RESERVED_MEMBASE, end: RESERVED_MEMORY_DYNAMIC_START, kind: 'reserved', source: 'hvmloader config.h ACPI_INFO_PHYSICAL_ADDRESS..RESERVED_MEMORY_DYNAMIC_START' },
  { name: 'reserved dynamic (mem_alloc)', start: RESERVED_MEMORY_DYNAMIC_START, end: RESERVED_MEMORY_DYNAMIC_END, kind: 'reserved', source: 'hvmloader config.h RESERVED_MEMORY_DYNAMIC_START/END' },
  { name: 'GUEST_RESERVED', start: 0xfe70_0000n, end: 0xfe80_0000n, kind: 'reserved', source: 'hvmloader config.h GUEST_RESERVED_START/END' },
  { name: 'IOAPIC', start: 0xfec0_0000n, end: 0xfec0_1000n, kind: 'reserved', source: 'hvmloader config.h IOAPIC_BASE_ADDRESS' },
  { name: 'HPET', start: 0xfed0_0000n, end: 0xfed0_1000n, kind: 'reserved', source: 'hvmloader HPET_BASE_ADDRESS' },
  { name: 'TPM log area', start: 0xfed5_0000n, end: 0xfed6_0000n, kind: 'reserved', source: 'hvmloader TPM_LOG_AREA_ADDRESS (64 KiB)' },
  { name: 'LAPIC', start: 0xfee0_0000n, end: 0xfee0_1000n, kind: 'reserved', source: 'hvmloader config.h LAPIC_BASE_ADDRESS' },
  { name: 'ioreq + special pages', start: 0xfeff_0000n, end: 0xff00_0000n, kind: 'reserved', source: 'libxenguest X86_HVM_END_SPECIAL_REGION 0xff000, reserved_mem_pgstart 0xfeff0' },
];

/** The low firmware areas for a firmware kind and image size (xen.md §5.1, `seabios_load`, `ovmf_load`). */
export function firmwareRegions(firmware: PlannedFirmware, imageSize: bigint): FixedRegionSpec[] {
  if (firmware === 'seabios') {
    // SeaBIOS is copied so it ends at 1 MiB; `bios_image_base` = 1 MiB − size.
    const base = imageSize >= MIB ? 0n : MIB - imageSize;
    return [{ name: 'SeaBIOS image (copied)', start: base, end: MIB, kind: 'fixed', source: 'seabios.c seabios_load: ends at 0x100000' }];
  }
  const flash = roundUp(imageSize, MIB);
  return [
    { name: 'RSDP', start: ACPI_PHYSICAL_ADDRESS, end: ACPI_PHYSICAL_ADDRESS + 36n, kind: 'fixed', source: 'hvmloader config.h ACPI_PHYSICAL_ADDRESS' },
    { name: 'SMBIOS area', start: SMBIOS_PHYSICAL_ADDRESS, end: SMBIOS_PHYSICAL_END, kind: 'fixed', source: 'rombios/config.h SMBIOS_PHYSICAL_ADDRESS..END' },
    { name: 'OVMF reset-vector copy', start: SMBIOS_PHYSICAL_END, end: MIB, kind: 'fixed', source: 'ovmf.c ovmf_load: last 64 KiB at 0xF0000' },
    { name: 'OVMF flash image', start: flash > FOUR_GIB ? 0n : FOUR_GIB - flash, end: FOUR_GIB, kind: 'reserved', source: 'ovmf.c ovmf_load: 4 GiB − roundup(size, 1 MiB)' },
  ];
}

/** The base of the BIOS area hvmloader reserves in its e820 (`build_e820_table` `bios_image_base`). */
export function biosImageBase(firmware: PlannedFirmware, imageSize: bigint): bigint {
  if (firmware === 'ovmf') return SMBIOS_PHYSICAL_END;
  return imageSize >= MIB ? 0n : MIB - imageSize;
}

/** Placement parameters of one profile (documented in docs/layout.md). */
export interface ProfileSpec {
  name: ProfileName;
  /** One-line description. */
  describe: string;
  /** Where the rule comes from. */
  source: string;
  /** Module kinds the profile can place, in placement order. */
  moduleOrder: readonly string[];
  /** Whether the profile has an `hvm_start_info` segment. */
  startInfo: boolean;
  /** Default scratch placement. */
  defaultScratch: 'low' | 'behind-loader';
}

/** The three profiles. */
export const PROFILE_SPECS: Readonly<Record<ProfileName, ProfileSpec>> = {
  rfc: {
    name: 'rfc',
    describe: 'RFC 2012: loader at 0x100000, modules stacked from 0x200000, 16-byte aligned; scratch behind the loader',
    source: 'xen-devel RFC "HVM BIOS pass-through" (Feb 2012); docs/module-format.md MODULE_ALIGN',
    moduleOrder: ['firmware', 'acpi', 'smbios', 'ipxe', 'other'],
    startInfo: false,
    defaultScratch: 'behind-loader',
  },
  'xen-4.3': {
    name: 'xen-4.3',
    describe: 'Xen 4.3–4.7: blobs at roundup(loader end, 1 MiB) + 1 MiB, ACPI then SMBIOS, 128-byte aligned',
    source: 'tools/libxc xc_hvm_build_x86.c / xc_dom_hvmloader.c modules_init (ebb3f4943c)',
    moduleOrder: ['acpi', 'smbios'],
    startInfo: false,
    defaultScratch: 'low',
  },
  'xen-4.8': {
    name: 'xen-4.8',
    describe: 'Xen 4.8+: page-aligned segments after the loader: firmware, ACPI, SMBIOS, iPXE, start info',
    source: 'tools/libs/guest xg_dom_hvmloader.c modules_init, xg_dom_core.c xc_dom_alloc_segment, xg_dom_x86.c alloc_magic_pages_hvm',
    moduleOrder: ['firmware', 'acpi', 'smbios', 'ipxe', 'other'],
    startInfo: true,
    defaultScratch: 'low',
  },
};

/** Rounds `v` up to a multiple of `a` (a power of two or any positive step). */
export function roundUp(v: bigint, a: bigint): bigint {
  return ((v + a - 1n) / a) * a;
}
