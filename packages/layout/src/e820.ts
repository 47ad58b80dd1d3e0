// The two memory maps a guest goes through: the toolstack's (libxl `domain_construct_memmap`,
// xen.md §2.6), handed to hvmloader, and the one hvmloader builds for the firmware and OS
// (`e820.c` `build_e820_table`, xen.md §5.4–§5.5).
import {
  ACPI_MEMORY_DYNAMIC_START,
  FOUR_GIB,
  HVMLOADER_PHYSICAL_ADDRESS,
  PAGE_SIZE,
  RESERVED_MEMBASE,
  VGA_HOLE_START,
  biosImageBase,
  roundUp,
  type PlannedFirmware,
} from './profiles.js';

/** e820 types (ACPI "Address Range Types"; `XEN_HVM_MEMMAP_TYPE_*`). */
export const E820Type = { ram: 1, reserved: 2, acpi: 3, nvs: 4, unusable: 5 } as const;
/** One of {@link E820Type}'s keys. */
export type E820TypeName = keyof typeof E820Type;

/** One e820 entry; `end` is exclusive. */
export interface E820Entry {
  start: bigint;
  end: bigint;
  type: E820TypeName;
  /** What the range holds, for people. */
  note?: string;
}

/** Guest memory as libxl derives it (xen.md §2.1). */
export interface MemoryModel {
  /** Guest RAM in bytes (memory − video memory). */
  ramBytes: bigint;
  /** `mmio_start` = 4 GiB − MMIO hole size. */
  mmioStart: bigint;
  /** `lowmem_end` = min(RAM, mmio_start). */
  lowmemEnd: bigint;
  /** End of RAM above 4 GiB, when RAM exceeds `mmio_start`. */
  highmemEnd?: bigint;
}

/** What the after-hand-off map depends on besides memory. */
export interface E820Options {
  firmware: PlannedFirmware;
  /** Firmware image size (SeaBIOS' reserved area is 1 MiB − size). */
  biosSize: bigint;
  /** Pass-through ACPI bytes hvmloader copies into ACPI memory. */
  acpiSize: bigint;
  vcpus: number;
}

/**
 * Estimate of hvmloader's built-in ACPI tables (DSDT, FADTs, FACS, MADT, HPET, WAET, SSDTs) in
 * bytes; the real figure is only known at run time, so the NVS end is an estimate.
 */
export const ACPI_BUILTIN_ESTIMATE = 0xc000n;

/** Builds the toolstack's e820 (before hand-off) and hvmloader's (what the OS sees). */
export function buildE820(memory: MemoryModel, options: E820Options): { beforeHandoff: E820Entry[]; afterHandoff: E820Entry[] } {
  const before: E820Entry[] = [];
  // libxl: RAM from GUEST_LOW_MEM_START_DEFAULT (0x100000) when there is a device model.
  if (memory.lowmemEnd > HVMLOADER_PHYSICAL_ADDRESS) {
    before.push({ start: HVMLOADER_PHYSICAL_ADDRESS, end: memory.lowmemEnd, type: 'ram', note: 'loader, modules and start info live here until hand-off' });
  }
  // libxl also adds an NVS entry per acpi_modules[i]; for HVM its address is still 0 at that
  // point (xen.md §2.6, a quirk we deliberately do not reproduce).
  if (memory.highmemEnd !== undefined) before.push({ start: FOUR_GIB, end: memory.highmemEnd, type: 'ram', note: 'high RAM' });

  const after: E820Entry[] = [];
  after.push({ start: 0n, end: VGA_HOLE_START, type: 'ram', note: 'low RAM (scratch, info pages reused)' });
  const base = biosImageBase(options.firmware, options.biosSize);
  after.push({ start: base, end: HVMLOADER_PHYSICAL_ADDRESS, type: 'reserved', note: `${options.firmware === 'ovmf' ? 'OVMF' : 'SeaBIOS'} image, SMBIOS/RSDP copies` });
  if (memory.lowmemEnd > HVMLOADER_PHYSICAL_ADDRESS) {
    after.push({ start: HVMLOADER_PHYSICAL_ADDRESS, end: memory.lowmemEnd, type: 'ram', note: 'loader and module pages returned to RAM' });
  }
  // NVS over acpi_info and the ACPI pages used (Xen 4.15+; "ACPI data" before); MADT grows 8 bytes per vCPU.
  const acpiUsed = ACPI_BUILTIN_ESTIMATE + BigInt(options.vcpus) * 8n + options.acpiSize;
  const nvsEnd = ACPI_MEMORY_DYNAMIC_START + roundUp(acpiUsed, PAGE_SIZE);
  after.push({ start: RESERVED_MEMBASE, end: nvsEnd, type: 'nvs', note: 'acpi_info + ACPI tables (copied pass-through tables); size estimated' });
  after.push({ start: nvsEnd, end: FOUR_GIB, type: 'reserved', note: 'reserved dynamic memory, special pages, fixed MMIO, firmware' });
  if (memory.highmemEnd !== undefined) after.push({ start: FOUR_GIB, end: memory.highmemEnd, type: 'ram', note: 'high RAM' });
  after.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return { beforeHandoff: before, afterHandoff: after };
}
