// hvm_start_info (xen/include/public/arch-x86/hvm/start_info.h; research xen.md §1, §2.3):
// the struct, its module list and memory map, read from and written into guest-physical memory.
import { ByteReader, ByteWriter, ErrorCode, FormatError, finding, hex, latin1, type Finding } from '@hvmpack/bytes';

/** `XEN_HVM_START_MAGIC_VALUE`, little-endian bytes `78 c5 6e 33`. */
export const HVM_START_MAGIC = 0x336ec578;
/** Size of a version-0 `hvm_start_info`: the fields up to `rsdp_paddr` (version 1 added the rest at offset 40). */
export const HVM_START_INFO_SIZE_V0 = 40;
/** Size of a version-1 `hvm_start_info`. */
export const HVM_START_INFO_SIZE_V1 = 56;
/** Size of one `hvm_modlist_entry`. */
export const HVM_MODLIST_ENTRY_SIZE = 32;
/** Size of one `hvm_memmap_table_entry`. */
export const HVM_MEMMAP_ENTRY_SIZE = 24;
/** `HVMLOADER_MODULE_MAX_COUNT` (libxenguest xg_dom_x86.c). */
export const HVMLOADER_MODULE_MAX_COUNT = 2;
/** `HVMLOADER_MODULE_CMDLINE_SIZE` = `MAX_GUEST_CMDLINE`: bytes per module-name slot, NUL included. */
export const HVMLOADER_MODULE_CMDLINE_SIZE = 1024;

/** `XEN_HVM_MEMMAP_TYPE_*` (ACPI 6.2 §15 address range types). */
export const MemmapType = { Ram: 1, Reserved: 2, Acpi: 3, Nvs: 4, Unusable: 5, Disabled: 6, Pmem: 7 } as const;

/** The fixed part of `struct hvm_start_info`; v1 fields are present only when `version >= 1`. */
export interface HvmStartInfo {
  version: number;
  flags: number;
  nrModules: number;
  modlistPaddr: bigint;
  cmdlinePaddr: bigint;
  rsdpPaddr: bigint;
  /** v1+: GPA of the memory map. */
  memmapPaddr?: bigint;
  /** v1+: entries in the memory map. */
  memmapEntries?: number;
  /** v1+: must be zero. */
  reserved?: number;
}

/** `struct hvm_modlist_entry`. */
export interface HvmModlistEntry {
  paddr: bigint;
  size: bigint;
  /** GPA of the NUL-terminated name ("command line") hvmloader matches exactly. */
  cmdlinePaddr: bigint;
  reserved: bigint;
}

/** `struct hvm_memmap_table_entry`. */
export interface HvmMemmapEntry {
  addr: bigint;
  size: bigint;
  type: number;
  reserved: number;
}

/** Encodes `hvm_start_info`: 48 bytes for version 0, 56 for version 1 and above. */
export function encodeHvmStartInfo(info: HvmStartInfo): Uint8Array {
  const w = new ByteWriter(56).u32(HVM_START_MAGIC).u32(info.version).u32(info.flags).u32(info.nrModules);
  w.u64(info.modlistPaddr).u64(info.cmdlinePaddr).u64(info.rsdpPaddr);
  if (info.version >= 1) w.u64(info.memmapPaddr ?? 0n).u32(info.memmapEntries ?? 0).u32(info.reserved ?? 0);
  return w.finish();
}

/**
 * Decodes `hvm_start_info` at the start of `bytes` (a reader or bytes). Throws `BAD_SIGNATURE`
 * on a wrong magic (hvmloader `BUG`s) and `TRUNCATED` when the version's fields do not fit.
 * Versions above 1 are read as v1, which the header promises stays compatible.
 */
export function decodeHvmStartInfo(input: Uint8Array | ByteReader): HvmStartInfo {
  const r = input instanceof ByteReader ? input : new ByteReader(input, { path: 'start_info' });
  r.need(HVM_START_INFO_SIZE_V0, 0, 'hvm_start_info');
  const magic = r.u32At(0);
  if (magic !== HVM_START_MAGIC) throw r.error(ErrorCode.BadSignature, 'wrong hvm_start_info magic', { at: 0, expected: hex(HVM_START_MAGIC), found: hex(magic) });
  const info: HvmStartInfo = {
    version: r.u32At(4),
    flags: r.u32At(8),
    nrModules: r.u32At(12),
    modlistPaddr: r.u64At(16),
    cmdlinePaddr: r.u64At(24),
    rsdpPaddr: r.u64At(32),
  };
  if (info.version >= 1) {
    r.need(HVM_START_INFO_SIZE_V1, 0, 'hvm_start_info v1');
    info.memmapPaddr = r.u64At(40);
    info.memmapEntries = r.u32At(48);
    info.reserved = r.u32At(52);
  }
  return info;
}

/** Encodes one `hvm_modlist_entry`. */
export function encodeModlistEntry(e: HvmModlistEntry): Uint8Array {
  return new ByteWriter(32).u64(e.paddr).u64(e.size).u64(e.cmdlinePaddr).u64(e.reserved).finish();
}

/** Decodes one `hvm_modlist_entry` at window offset `at`. */
export function decodeModlistEntry(r: ByteReader, at = 0): HvmModlistEntry {
  r.need(HVM_MODLIST_ENTRY_SIZE, at, 'hvm_modlist_entry');
  return { paddr: r.u64At(at), size: r.u64At(at + 8), cmdlinePaddr: r.u64At(at + 16), reserved: r.u64At(at + 24) };
}

/** Encodes one `hvm_memmap_table_entry`. */
export function encodeMemmapEntry(e: HvmMemmapEntry): Uint8Array {
  return new ByteWriter(24).u64(e.addr).u64(e.size).u32(e.type).u32(e.reserved).finish();
}

/** Decodes one `hvm_memmap_table_entry` at window offset `at`. */
export function decodeMemmapEntry(r: ByteReader, at = 0): HvmMemmapEntry {
  r.need(HVM_MEMMAP_ENTRY_SIZE, at, 'hvm_memmap_table_entry');
  return { addr: r.u64At(at), size: r.u64At(at + 8), type: r.u32At(at + 16), reserved: r.u32At(at + 20) };
}

/** One placed piece of guest-physical memory. */
export interface MemorySegment {
  address: bigint;
  bytes: Uint8Array;
}

/**
 * Guest-physical memory as a sparse image: segments that must not overlap. Reads are
 * satisfied from one segment only (a read spanning two segments is treated as missing memory).
 */
export class GuestMemory {
  readonly segments: MemorySegment[] = [];

  constructor(segments: readonly MemorySegment[] = []) {
    for (const s of segments) this.add(s.address, s.bytes);
  }

  /** Adds a segment; throws `OVERFLOW` naming both ranges when it overlaps one already present. */
  add(address: bigint, bytes: Uint8Array): this {
    const end = address + BigInt(bytes.length);
    for (const s of this.segments) {
      const sEnd = s.address + BigInt(s.bytes.length);
      if (address < sEnd && s.address < end) {
        throw new FormatError(ErrorCode.Overflow, 'guest memory segments overlap', { found: `[${hex(address)}, ${hex(end)}) and [${hex(s.address)}, ${hex(sEnd)})` });
      }
    }
    this.segments.push({ address, bytes });
    this.segments.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    return this;
  }

  /** A reader over `length` bytes at `address` (absolute offsets in errors are the low 53 bits of the GPA), or undefined when not present. */
  reader(address: bigint, length: number, path?: string): ByteReader | undefined {
    for (const s of this.segments) {
      const off = address - s.address;
      if (off >= 0n && off + BigInt(length) <= BigInt(s.bytes.length)) {
        const o = Number(off);
        return new ByteReader(s.bytes.subarray(o, o + length), { base: Number(address), ...(path !== undefined && { path }) });
      }
    }
    return undefined;
  }

  /** The NUL-terminated string at `address` (at most `max` bytes before the NUL), or undefined. */
  cstring(address: bigint, max: number): string | undefined {
    for (const s of this.segments) {
      const off = address - s.address;
      if (off < 0n || off >= BigInt(s.bytes.length)) continue;
      const o = Number(off);
      const nul = s.bytes.indexOf(0, o);
      if (nul < 0 || nul - o > max) return undefined;
      return latin1(s.bytes.subarray(o, nul));
    }
    return undefined;
  }
}

/** A module to list in a start-info segment. */
export interface StartInfoModule {
  paddr: bigint;
  size: bigint;
  name: string;
}

/** What {@link encodeStartInfoSegment} lays out. */
export interface StartInfoSpec {
  /** Default 1 (what libxenguest writes since Xen 4.11). */
  version?: number;
  flags?: number;
  modules: StartInfoModule[];
  memmap: HvmMemmapEntry[];
  /** Default 0 (HVM leaves it 0). */
  rsdpPaddr?: bigint;
}

/**
 * Lays out a start-info segment at `base` exactly as libxenguest does for HVM (xen.md §2.3):
 * the struct, `HVMLOADER_MODULE_MAX_COUNT` modlist slots, one 1024-byte name slot per modlist
 * slot, then the memory map. `cmdline_paddr` stays 0, and `modlist_paddr` is 0 without modules.
 */
export function encodeStartInfoSegment(base: bigint, spec: StartInfoSpec): Uint8Array {
  const version = spec.version ?? 1;
  const slots = Math.max(HVMLOADER_MODULE_MAX_COUNT, spec.modules.length);
  const modlistAt = 56;
  const namesAt = modlistAt + slots * HVM_MODLIST_ENTRY_SIZE;
  const memmapAt = namesAt + slots * HVMLOADER_MODULE_CMDLINE_SIZE;
  const w = new ByteWriter(memmapAt + spec.memmap.length * HVM_MEMMAP_ENTRY_SIZE);
  const info: HvmStartInfo = {
    version,
    flags: spec.flags ?? 0,
    nrModules: spec.modules.length,
    modlistPaddr: spec.modules.length > 0 ? base + BigInt(modlistAt) : 0n,
    cmdlinePaddr: 0n,
    rsdpPaddr: spec.rsdpPaddr ?? 0n,
    memmapPaddr: spec.memmap.length > 0 ? base + BigInt(memmapAt) : 0n,
    memmapEntries: spec.memmap.length,
    reserved: 0,
  };
  // A v0 struct is 40 bytes but the segment keeps the v1 layout, so the offsets stay fixed.
  w.bytes(encodeHvmStartInfo(info)).fill(56 - w.length);
  spec.modules.forEach((m, i) => w.bytes(encodeModlistEntry({ paddr: m.paddr, size: m.size, cmdlinePaddr: base + BigInt(namesAt + i * HVMLOADER_MODULE_CMDLINE_SIZE), reserved: 0n })));
  w.fill((slots - spec.modules.length) * HVM_MODLIST_ENTRY_SIZE);
  for (let i = 0; i < slots; i++) w.ascii(spec.modules[i]?.name ?? '', HVMLOADER_MODULE_CMDLINE_SIZE - 1).u8(0);
  for (const e of spec.memmap) w.bytes(encodeMemmapEntry(e));
  return w.finish();
}

/** A start info read back from guest memory, with every pointer followed. */
export interface StartInfoView {
  info: HvmStartInfo;
  modules: Array<HvmModlistEntry & { name?: string }>;
  cmdline?: string;
  memmap: HvmMemmapEntry[];
  findings: Finding[];
}

const FOUR_GIB = 0x1_0000_0000n;

/**
 * Reads `hvm_start_info` at `paddr` in `memory` and follows its pointers, reporting as findings
 * what hvmloader or a PVH kernel would trip over (xen.md §1.4–§1.5, §9.9). Throws only when the
 * struct itself is missing or has the wrong magic.
 */
export function readStartInfo(memory: GuestMemory, paddr: bigint, options: { maxModules?: number; maxMemmapEntries?: number } = {}): StartInfoView {
  const head = memory.reader(paddr, HVM_START_INFO_SIZE_V0, 'start_info');
  if (!head) throw new FormatError(ErrorCode.Truncated, 'no guest memory holds hvm_start_info', { found: hex(paddr) });
  const v1 = memory.reader(paddr, HVM_START_INFO_SIZE_V1, 'start_info');
  const version = head.u32At(4);
  const info = decodeHvmStartInfo(version >= 1 && v1 ? v1 : head);
  if (version >= 1 && !v1) throw new FormatError(ErrorCode.Truncated, 'version-1 hvm_start_info runs past its memory', { offset: Number(paddr) });
  const findings: Finding[] = [];
  const at = (o: bigint, path: string): { offset: number; path: string } => ({ offset: Number(o), path });
  if (version > 1) findings.push(finding('NEWER_VERSION', 'info', `version ${version} read as version 1`, at(paddr + 4n, 'start_info.version')));
  if (info.reserved !== undefined && info.reserved !== 0) findings.push(finding('RESERVED_NOT_ZERO', 'warning', 'v1 reserved field is not zero', at(paddr + 52n, 'start_info.reserved')));
  const view: StartInfoView = { info, modules: [], memmap: [], findings };
  const maxModules = options.maxModules ?? 64;
  if (info.nrModules > 0) {
    if (info.modlistPaddr === 0n) findings.push(finding('NO_MODLIST', 'error', `${info.nrModules} modules but modlist_paddr is 0`, at(paddr + 16n, 'start_info.modlist_paddr')));
    else if (info.nrModules > maxModules) findings.push(finding('LIMIT_EXCEEDED', 'error', `nr_modules ${info.nrModules} over the limit of ${maxModules}`, at(paddr + 12n, 'start_info.nr_modules')));
    else {
      if (info.nrModules > HVMLOADER_MODULE_MAX_COUNT) findings.push(finding('TOO_MANY_MODULES', 'warning', `libxenguest lists at most ${HVMLOADER_MODULE_MAX_COUNT} modules for hvmloader`, at(paddr + 12n, 'start_info.nr_modules')));
      const list = memory.reader(info.modlistPaddr, info.nrModules * HVM_MODLIST_ENTRY_SIZE, 'start_info.modlist');
      if (!list) findings.push(finding('TRUNCATED', 'error', 'module list is not in guest memory', at(info.modlistPaddr, 'start_info.modlist')));
      else {
        const seen = new Set<string>();
        for (let i = 0; i < info.nrModules; i++) {
          const e: HvmModlistEntry & { name?: string } = decodeModlistEntry(list, i * HVM_MODLIST_ENTRY_SIZE);
          const ep = info.modlistPaddr + BigInt(i * HVM_MODLIST_ENTRY_SIZE);
          const path = `start_info.modlist[${i}]`;
          if (e.reserved !== 0n) findings.push(finding('RESERVED_NOT_ZERO', 'warning', 'modlist entry reserved field is not zero', at(ep + 24n, path)));
          if (e.paddr === 0n || e.cmdlinePaddr === 0n) findings.push(finding('MODULE_SKIPPED', 'warning', 'hvmloader skips an entry whose paddr or name pointer is 0', at(ep, path)));
          if (e.paddr !== 0n && (e.paddr >= FOUR_GIB || e.size > FOUR_GIB || e.paddr + e.size > FOUR_GIB)) {
            findings.push(finding('ABOVE_4G', 'error', 'module lies above 4 GiB: hvmloader BUG()s when it looks it up', at(ep, path)));
          }
          if (e.cmdlinePaddr !== 0n) {
            const name = memory.cstring(e.cmdlinePaddr, HVMLOADER_MODULE_CMDLINE_SIZE - 1);
            if (name === undefined) findings.push(finding('BAD_NAME', 'error', `module name at ${hex(e.cmdlinePaddr)} is not a NUL-terminated string in guest memory`, at(ep + 16n, path)));
            else {
              e.name = name;
              if (seen.has(name)) findings.push(finding('DUPLICATE_NAME', 'warning', `module name ${JSON.stringify(name)} repeats; hvmloader uses the first`, at(ep + 16n, path)));
              seen.add(name);
            }
          }
          view.modules.push(e);
        }
      }
    }
  }
  if (info.cmdlinePaddr !== 0n) {
    const c = memory.cstring(info.cmdlinePaddr, 1 << 20);
    if (c === undefined) findings.push(finding('BAD_CMDLINE', 'error', 'command line is not a NUL-terminated string in guest memory', at(paddr + 24n, 'start_info.cmdline_paddr')));
    else view.cmdline = c;
  }
  const n = info.memmapEntries ?? 0;
  if (n > 0) {
    const max = options.maxMemmapEntries ?? 1024;
    const mmAt = info.memmapPaddr ?? 0n;
    const mm = mmAt === 0n || n > max ? undefined : memory.reader(mmAt, n * HVM_MEMMAP_ENTRY_SIZE, 'start_info.memmap');
    if (!mm) findings.push(finding('TRUNCATED', 'error', n > max ? `memmap_entries ${n} over the limit of ${max}` : 'memory map is not in guest memory', at(paddr + 40n, 'start_info.memmap_paddr')));
    else {
      let prevEnd = 0n;
      for (let i = 0; i < n; i++) {
        const e = decodeMemmapEntry(mm, i * HVM_MEMMAP_ENTRY_SIZE);
        const ep = mmAt + BigInt(i * HVM_MEMMAP_ENTRY_SIZE);
        const path = `start_info.memmap[${i}]`;
        if (e.reserved !== 0) findings.push(finding('RESERVED_NOT_ZERO', 'warning', 'memmap entry reserved field is not zero', at(ep + 20n, path)));
        if (e.type < MemmapType.Ram || e.type > MemmapType.Pmem) findings.push(finding('UNKNOWN_MEMMAP_TYPE', 'warning', `memory type ${e.type} is not one of XEN_HVM_MEMMAP_TYPE_*`, at(ep + 16n, path)));
        if (e.size === 0n) findings.push(finding('EMPTY_RANGE', 'warning', 'memory map entry has size 0', at(ep + 8n, path)));
        if (i > 0 && e.addr < prevEnd) findings.push(finding('OVERLAP', 'warning', `range [${hex(e.addr)}, ${hex(e.addr + e.size)}) starts before the previous one ends (${hex(prevEnd)})`, at(ep, path)));
        prevEnd = e.addr + e.size;
        view.memmap.push(e);
      }
    }
  }
  return view;
}

/** Name of a memory-map type for display (unknown types as numbers). */
export function memmapTypeName(type: number): string {
  const names: Record<number, string> = { 1: 'RAM', 2: 'RESERVED', 3: 'ACPI', 4: 'NVS', 5: 'UNUSABLE', 6: 'DISABLED', 7: 'PMEM' };
  return names[type] ?? `type ${type}`;
}
