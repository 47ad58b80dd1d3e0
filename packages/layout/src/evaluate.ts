// Plan evaluation: places the loader and modules per profile, adds the fixed regions, and
// checks every rule with bigint arithmetic. Facts: shared/research/xen.md §2.2–§2.7, §5, §8.
import { ErrorCode, FormatError } from '@hvmpack/bytes';
import { buildE820, type MemoryModel } from './e820.js';
import type { ElfImage } from './elf.js';
import {
  COMMON_FIXED_REGIONS,
  DEFAULT_OVMF_SIZE,
  DEFAULT_SEABIOS_SIZE,
  DEFAULT_VIDEO_MIB,
  FOUR_GIB,
  HVM_BELOW_4G_MMIO_LENGTH,
  HVMLOADER_MODULE_MAX_COUNT,
  HVMLOADER_PHYSICAL_ADDRESS,
  HYPERCALL_PHYSICAL_ADDRESS,
  LOW_RAM_FLOOR,
  MIB,
  PAGE_SIZE,
  PROFILE_SPECS,
  RESERVED_MEMBASE,
  RFC_MODULE_ALIGN,
  RFC_MODULE_BASE,
  RFC_SCRATCH_DEFAULT_SIZE,
  SCRATCH_PHYSICAL_ADDRESS,
  START_INFO_FIXED_SIZE,
  START_INFO_MEMMAP_ENTRY_SIZE,
  XEN43_MODULE_ALIGN,
  XG_MAX_MODULES,
  firmwareRegions,
  roundUp,
  type ProfileName,
} from './profiles.js';
import { LayoutCode, type PlanGuest, type LayoutFinding, type LoaderSpec, type ModuleKind, type ModuleSpec, type Plan, type PlanInput, type Region } from './types.js';

/** Infers a module's slot from its name (`seabios`/`ovmf`/`firmware` → firmware, etc.). */
export function inferModuleKind(name: string): ModuleKind {
  const n = name.toLowerCase();
  if (n === 'firmware' || n === 'seabios' || n === 'ovmf' || n === 'bios') return 'firmware';
  if (n === 'acpi' || n.startsWith('acpi')) return 'acpi';
  if (n === 'smbios' || n.startsWith('smbios')) return 'smbios';
  if (n === 'ipxe') return 'ipxe';
  return 'other';
}

/** A loader span from a decoded ELF image (libelf `pstart`/`pend`). */
export function loaderFromElf(image: ElfImage, source: string): LoaderSpec {
  return { start: image.pstart, end: image.pend, source };
}

/** A loader span from an explicit size, linked at 0x100000 like hvmloader. */
export function loaderFromSize(size: bigint, source = 'size given'): LoaderSpec {
  return { start: HVMLOADER_PHYSICAL_ADDRESS, end: HVMLOADER_PHYSICAL_ADDRESS + size, source };
}

/** Derives RAM size, low RAM end, MMIO start and high RAM end as libxl does (xen.md §2.1). */
export function memoryModel(guest: PlanGuest): MemoryModel {
  if (!Number.isInteger(guest.memoryMiB) || guest.memoryMiB < 0) {
    throw new FormatError(ErrorCode.BadValue, 'guest memory must be a whole number of MiB', { found: String(guest.memoryMiB) });
  }
  const hole = guest.mmioHoleMiB === undefined ? HVM_BELOW_4G_MMIO_LENGTH : BigInt(guest.mmioHoleMiB) * MIB;
  if (hole <= 0n || hole >= FOUR_GIB) throw new FormatError(ErrorCode.BadValue, 'MMIO hole must be between 1 MiB and 4095 MiB', { found: String(guest.mmioHoleMiB) });
  const video = BigInt(guest.videoMiB ?? DEFAULT_VIDEO_MIB) * MIB;
  const total = BigInt(guest.memoryMiB) * MIB;
  const ramBytes = total > video ? total - video : 0n;
  const mmioStart = FOUR_GIB - hole;
  const lowmemEnd = ramBytes < mmioStart ? ramBytes : mmioStart;
  const highmemEnd = ramBytes > mmioStart ? FOUR_GIB + (ramBytes - mmioStart) : undefined;
  return { ramBytes, mmioStart, lowmemEnd, ...(highmemEnd !== undefined && { highmemEnd }) };
}

/** Formats an address as `0x` + at least 8 lower-case hex digits. */
export function formatAddress(v: bigint): string {
  return '0x' + v.toString(16).padStart(8, '0');
}

function span(r: { name: string; start: bigint; end: bigint }): string {
  return `${r.name} [${formatAddress(r.start)}, ${formatAddress(r.end)})`;
}

/** Regions whose placement hvmpack decides or checks (as opposed to Xen's own fixed areas). */
function isPlaced(r: Region): boolean {
  return r.kind === 'loader' || r.kind === 'module' || r.kind === 'start-info' || r.kind === 'scratch';
}

/** {@link planLayout} without the minimum-memory search (the search calls this). */
export function evaluatePlan(input: PlanInput): Omit<Plan, 'minimumMemoryMiB'> & { minimumMemoryMiB: null } {
  const spec = PROFILE_SPECS[input.profile];
  if (!spec) throw new FormatError(ErrorCode.BadValue, 'unknown layout profile', { found: String(input.profile), expected: 'rfc, xen-4.3 or xen-4.8' });
  const guest = input.guest;
  const options = input.options ?? {};
  const memory = memoryModel(guest);
  const findings: LayoutFinding[] = [];
  const add = (code: LayoutCode, severity: LayoutFinding['severity'], message: string, regions: string[], rule: string): void => {
    findings.push({ code, severity, message, regions, rule });
  };
  const firmware = guest.firmware ?? 'seabios';
  const modules = uniqueNames(input.modules).map((m) => ({ ...m, kind: m.kind ?? inferModuleKind(m.name) }));
  const fwModule = modules.find((m) => m.kind === 'firmware');
  const fwSize = fwModule?.size ?? options.firmwareSize ?? (firmware === 'ovmf' ? DEFAULT_OVMF_SIZE : DEFAULT_SEABIOS_SIZE);

  const regions: Region[] = [];
  for (const f of COMMON_FIXED_REGIONS) regions.push({ ...f });
  for (const f of firmwareRegions(firmware, fwSize)) regions.push({ ...f });
  if (memory.mmioStart < RESERVED_MEMBASE) {
    regions.push({ name: 'MMIO hole', start: memory.mmioStart, end: RESERVED_MEMBASE, kind: 'hole', source: 'libxl mmio_start = 4 GiB − mmio_size; hvmloader pci_setup up to RESERVED_MEMBASE' });
  }

  const loaderName = input.loader.name ?? 'hvmloader';
  const loader: Region = { name: loaderName, start: input.loader.start, end: input.loader.end, kind: 'loader', source: input.loader.source };
  if (loader.end < loader.start) throw new FormatError(ErrorCode.BadValue, 'loader end lies before its start', { found: span(loader) });
  regions.push(loader);

  // Scratch: hvmloader's low allocator (current Xen) or the RFC era's area behind the loader.
  const scratchCfg = options.scratch ?? { placement: spec.defaultScratch };
  if (scratchCfg.placement === 'low') {
    const size = scratchCfg.size ?? HYPERCALL_PHYSICAL_ADDRESS - SCRATCH_PHYSICAL_ADDRESS;
    regions.push({ name: 'scratch', start: SCRATCH_PHYSICAL_ADDRESS, end: SCRATCH_PHYSICAL_ADDRESS + size, kind: 'scratch', source: 'hvmloader config.h SCRATCH_PHYSICAL_ADDRESS (up to the hypercall page)' });
  } else {
    const start = roundUp(loader.end, 16n);
    regions.push({ name: 'scratch', start, end: start + (scratchCfg.size ?? RFC_SCRATCH_DEFAULT_SIZE), kind: 'scratch', source: 'RFC era: ACPI builder scratch behind the loader (size configurable)' });
  }

  // Module sizes are uint32_t in libxenguest (struct xc_hvm_firmware_module.length).
  for (const m of modules) {
    if (m.size > 0xffff_ffffn) add(LayoutCode.ModuleTooLarge, 'error', `${m.name} is ${m.size} bytes; module lengths are 32-bit`, [m.name], 'xenguest.h xc_hvm_firmware_module.length is uint32_t');
    if (m.size === 0n) add(LayoutCode.EmptyModule, 'info', `${m.name} is empty and is not placed (libxenguest skips zero-length modules)`, [m.name], 'xg_dom_hvmloader.c module_init_one skips length 0');
  }
  const placeable = modules.filter((m) => m.size > 0n);

  let ramLimitRule: string;
  let lastEnd: bigint; // running allocation end, for the RAM check
  if (input.profile === 'xen-4.8') {
    ramLimitRule = 'xg_dom_core.c xc_dom_chk_alloc_pages: segment pages must fit total_pages';
    // xc_dom_alloc_pad: a segment boundary must be page-aligned.
    if (loader.start % PAGE_SIZE !== 0n) {
      add(LayoutCode.Misaligned, 'error', `${span(loader)} does not start on a page boundary`, [loaderName], 'xg_dom_core.c xc_dom_alloc_pad: segment boundary must be page aligned');
    }
    let cursor = loader.start + roundUp(loader.end - loader.start, PAGE_SIZE);
    const ordered = orderForXen48(placeable, add);
    for (const m of ordered) {
      const r = placeModule(m, cursor, PAGE_SIZE, add, 'xc_dom_alloc_segment: segments start on a page boundary');
      regions.push(r);
      if (m.address === undefined) cursor = r.start + roundUp(m.size, PAGE_SIZE);
    }
    if (!fwModule) {
      add(LayoutCode.FirmwareModuleMissing, 'warning', `no firmware module given: stock hvmloader BUG()s with "no BIOS ROM image found"; the plan lacks the ${firmware} segment`, [], 'hvmloader.c main: get_module_entry("firmware")');
    }
    const e820Count = BigInt(buildE820(memory, { firmware, biosSize: fwSize, acpiSize: 0n, vcpus: guest.vcpus ?? 1 }).beforeHandoff.length);
    const siSize = START_INFO_FIXED_SIZE + START_INFO_MEMMAP_ENTRY_SIZE * e820Count;
    const si: Region = { name: 'hvm_start_info', start: cursor, end: cursor + siSize, kind: 'start-info', source: 'xg_dom_x86.c alloc_magic_pages_hvm: 56 + 2×32 + 2×1024 + 24×e820 entries' };
    regions.push(si);
    cursor += roundUp(siSize, PAGE_SIZE);
    if (siSize > PAGE_SIZE) add(LayoutCode.StartInfoMultiPage, 'warning', `${span(si)} spans ${roundUp(siSize, PAGE_SIZE) / PAGE_SIZE} pages (more than 80 memmap entries)`, [si.name], 'bootlate_hvm: up to 80 memmap entries fit one page');
    if (cursor > memory.ramBytes || si.end > memory.mmioStart) {
      add(LayoutCode.StartInfoDoesNotFit, 'error', `${span(si)} does not fit below ${span({ name: 'guest RAM', start: 0n, end: minBig(memory.ramBytes, memory.mmioStart) })}`, [si.name, 'guest RAM'], 'xc_dom_chk_alloc_pages: "segment HVM start info too large"');
    }
    lastEnd = cursor;
  } else if (input.profile === 'xen-4.3') {
    ramLimitRule = 'modules_init: mend must not exceed the end of guest memory';
    let offset = 0n;
    const mstart = roundUp(loader.end, MIB) + MIB;
    for (const m of placeable) {
      if (m.kind !== 'acpi' && m.kind !== 'smbios') {
        add(LayoutCode.ModuleUnsupported, 'error', `${m.name} (${m.kind}) cannot be placed: Xen 4.3–4.7 pass only one ACPI and one SMBIOS blob (the BIOS is inside hvmloader)`, [m.name], 'xc_hvm_build_x86.c modules_init: acpi_module, smbios_module');
      }
    }
    const acpi = placeable.filter((m) => m.kind === 'acpi');
    const smbios = placeable.filter((m) => m.kind === 'smbios');
    for (const extra of [...acpi.slice(1), ...smbios.slice(1)]) {
      add(LayoutCode.TooManyModules, 'error', `${extra.name}: Xen 4.3–4.7 take one ${extra.kind} blob`, [extra.name], 'xc_hvm_build_args: one acpi_module, one smbios_module');
    }
    for (const m of [acpi[0], smbios[0]]) {
      if (!m) continue;
      const r = placeModule(m, mstart + offset, XEN43_MODULE_ALIGN, add, 'modules_init: MODULE_ALIGN 128');
      regions.push(r);
      if (m.address === undefined) offset += roundUp(m.size, XEN43_MODULE_ALIGN);
    }
    lastEnd = mstart + offset;
  } else {
    ramLimitRule = 'RFC: modules live in guest RAM below the MMIO hole';
    const align = options.moduleAlign ?? RFC_MODULE_ALIGN;
    let cursor = options.moduleBase ?? RFC_MODULE_BASE;
    for (const m of placeable) {
      const r = placeModule(m, roundUp(cursor, align), align, add, `RFC module container: modules aligned to ${align} bytes`);
      regions.push(r);
      if (m.address === undefined) cursor = r.end;
    }
    lastEnd = cursor;
  }
  void lastEnd;

  // hvmloader's own floor: BUG_ON(low_mem_end < MB(2)).
  if (memory.lowmemEnd < LOW_RAM_FLOOR) {
    add(LayoutCode.LowRamFloor, 'error', `${span({ name: 'low RAM', start: 0n, end: memory.lowmemEnd })} ends below the 2 MiB floor [0x00000000, 0x00200000)`, ['low RAM'], 'hvmloader e820.c: BUG_ON(low_mem_end < MB(2))');
  }

  checkPlacedRegions(regions, memory, ramLimitRule, input.profile, add);
  regions.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
  const acpiSize = placeable.filter((m) => m.kind === 'acpi').reduce((s, m) => s + m.size, 0n);
  const e820 = buildE820(memory, { firmware, biosSize: fwSize, acpiSize, vcpus: guest.vcpus ?? 1 });
  return { profile: input.profile, regions, e820, minimumMemoryMiB: null, findings, memory, ok: !findings.some((f) => f.severity === 'error') };
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

type Add = (code: LayoutCode, severity: LayoutFinding['severity'], message: string, regions: string[], rule: string) => void;

function uniqueNames(modules: readonly ModuleSpec[]): ModuleSpec[] {
  const seen = new Map<string, number>();
  return modules.map((m) => {
    const n = (seen.get(m.name) ?? 0) + 1;
    seen.set(m.name, n);
    return n === 1 ? m : { ...m, name: `${m.name}#${n}` };
  });
}

/** libxenguest order: system firmware → ACPI → SMBIOS → dom->modules (iPXE); one per slot. */
function orderForXen48(modules: Array<ModuleSpec & { kind: ModuleKind }>, add: Add): Array<ModuleSpec & { kind: ModuleKind }> {
  const out: Array<ModuleSpec & { kind: ModuleKind }> = [];
  for (const kind of ['firmware', 'acpi', 'smbios'] as const) {
    const of = modules.filter((m) => m.kind === kind);
    if (of[0]) out.push(of[0]);
    for (const extra of of.slice(1)) {
      add(LayoutCode.TooManyModules, 'error', `${extra.name}: libxenguest has one ${kind} slot (already used by ${of[0]!.name})`, [extra.name, of[0]!.name], 'xenguest.h: system_firmware_module, acpi_modules[0] ("Only one module can be added"), smbios_module');
    }
  }
  const rest = modules.filter((m) => m.kind === 'ipxe' || m.kind === 'other');
  rest.forEach((m, i) => {
    if (i >= XG_MAX_MODULES) add(LayoutCode.TooManyModules, 'error', `${m.name}: at most ${XG_MAX_MODULES} extra modules`, [m.name], 'xenguest.h XG_MAX_MODULES');
    out.push(m);
    if (m.kind === 'other') add(LayoutCode.UnknownModuleName, 'warning', `${m.name}: stock hvmloader looks up only "firmware" and "ipxe"; this module would be ignored`, [m.name], 'hvmloader.c get_module_entry');
  });
  const listed = out.filter((m) => m.kind === 'firmware' || m.kind === 'ipxe').length;
  if (listed > HVMLOADER_MODULE_MAX_COUNT) add(LayoutCode.TooManyModules, 'error', `${listed} modules for hvm_start_info's list, which holds ${HVMLOADER_MODULE_MAX_COUNT}`, [], 'xg_dom_x86.c HVMLOADER_MODULE_MAX_COUNT');
  return out;
}

function placeModule(m: ModuleSpec & { kind: ModuleKind }, at: bigint, align: bigint, add: Add, alignRule: string): Region {
  const start = m.address ?? at;
  const r: Region = { name: m.name, start, end: start + m.size, kind: 'module', source: m.address !== undefined ? `pinned at ${formatAddress(start)}` : (m.source ?? 'placed'), moduleKind: m.kind };
  if (start % align !== 0n) add(LayoutCode.Misaligned, 'error', `${span(r)} is not aligned to ${align} bytes`, [m.name], alignRule);
  return r;
}

/** Every placed region against everything else, RAM, the MMIO hole and the 32-bit limit. */
function checkPlacedRegions(regions: Region[], memory: MemoryModel, ramRule: string, profile: ProfileName, add: Add): void {
  const ram = { name: 'guest RAM', start: 0n, end: memory.lowmemEnd };
  for (const r of regions) {
    if (!isPlaced(r)) continue;
    if (r.end > FOUR_GIB) {
      add(LayoutCode.AddressOverflow, 'error', `${span(r)} ends above ${span({ name: '32-bit space', start: 0n, end: FOUR_GIB })}`, [r.name], 'hvmloader is 32-bit: get_module_entry BUG()s on addresses above 4 GiB');
    }
    if (r.kind === 'scratch') continue; // low scratch lies in the toolstack's RAM hole below 1 MiB by design
    const aboveMmio = r.end > memory.mmioStart || r.start > memory.mmioStart;
    if (aboveMmio) {
      add(LayoutCode.AboveMmioStart, 'error', `${span(r)} reaches above mmio_start ${formatAddress(memory.mmioStart)} into ${span({ name: 'MMIO hole', start: memory.mmioStart, end: RESERVED_MEMBASE })}`, [r.name, 'MMIO hole'], 'xg_dom_hvmloader.c module_init_one: "Module %s would be loaded abrove 4GB"');
    }
    // Xen 4.8+ counts whole pages (xc_dom_chk_alloc_pages); the others compare byte ends.
    const end = profile === 'xen-4.8' ? roundUp(r.end, PAGE_SIZE) : r.end;
    if (!aboveMmio && r.kind !== 'start-info' && end > memory.lowmemEnd) {
      add(LayoutCode.BeyondGuestRam, 'error', `${span(r)} ends beyond ${span(ram)}`, [r.name, ram.name], ramRule);
    }
  }
  for (let i = 0; i < regions.length; i++) {
    for (let j = i + 1; j < regions.length; j++) {
      // Name the placed region first: it is the one that moved into the other.
      const [a, b] = isPlaced(regions[i]!) || !isPlaced(regions[j]!) ? [regions[i]!, regions[j]!] : [regions[j]!, regions[i]!];
      if (!isPlaced(a) && !isPlaced(b)) continue;
      if (!(a.start < b.end && b.start < a.end)) continue;
      if (a.start === a.end || b.start === b.end) continue;
      // A module past mmio_start is already reported by ABOVE_MMIO_START.
      if ((a.name === 'MMIO hole' && b.kind !== 'scratch') || (b.name === 'MMIO hole' && a.kind !== 'scratch')) continue;
      const { code, rule } = overlapRule(a, b);
      add(code, 'error', `${span(a)} overlaps ${span(b)}`, [a.name, b.name], rule);
    }
  }
}

function overlapRule(a: Region, b: Region): { code: LayoutCode; rule: string } {
  const kinds = new Set([a.kind, b.kind]);
  if (kinds.has('loader') && (kinds.has('module') || kinds.has('start-info'))) return { code: LayoutCode.LoaderModuleOverlap, rule: 'modules are placed behind the loader image; the loader is copied first' };
  if (kinds.has('scratch')) return { code: LayoutCode.ScratchOverlap, rule: 'hvmloader writes its scratch area while modules are still unread' };
  if (kinds.size === 1 || (kinds.has('module') && kinds.has('start-info'))) return { code: LayoutCode.ModuleOverlap, rule: 'each segment owns its pages (xc_dom_alloc_segment)' };
  return { code: LayoutCode.FixedRegionOverlap, rule: "fixed hvmloader/firmware areas (Xen's tools/firmware/hvmloader/config.h, commit c447b7308b) must stay free" };
}

