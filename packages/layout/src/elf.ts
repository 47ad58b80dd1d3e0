// ELF32 reading for the loader image, with the rules libxenguest's HVM loader applies
// (tools/libs/guest/xg_dom_hvmloader.c `xc_dom_probe_hvm_kernel`/`xc_dom_parse_hvm_kernel`,
// libelf `elf_init`, `elf_parse_binary`, `elf_xen_parse`), and a tiny writer for tests and demos.
import { ByteReader, ByteWriter, ErrorCode, FormatError, hex, latin1 } from '@hvmpack/bytes';

/** ELF constants used here (System V gABI, "ELF Header" and "Program Header"). */
export const ELF = {
  MAGIC: [0x7f, 0x45, 0x4c, 0x46],
  CLASS32: 1,
  CLASS64: 2,
  DATA_LSB: 1,
  EM_386: 3,
  ET_EXEC: 2,
  PT_LOAD: 1,
  PT_NOTE: 4,
  SHT_NOTE: 7,
  PF_X: 1,
  PF_W: 2,
  PF_R: 4,
  EHDR32_SIZE: 52,
  PHDR32_SIZE: 32,
  SHDR32_SIZE: 40,
} as const;

/** Error codes raised by {@link decodeElf32}. */
export const ElfErrorCode = {
  /** Not an ELF file (libxenguest: "kernel is not an ELF image"). */
  NotElf: 'ELF_NOT_ELF',
  /** ELFCLASS64 or another class (libxenguest: "ELF image is not 32bit"). */
  Not32Bit: 'ELF_NOT_32BIT',
  /** Big-endian ELF: hvmloader is an x86 image. */
  NotLittleEndian: 'ELF_NOT_LITTLE_ENDIAN',
  /** The image carries Xen ELF notes or `__xen_guest`, so libxenguest treats it as a PV kernel. */
  XenNotes: 'ELF_XEN_NOTES',
  /** No loadable program header, so there is nothing to place. */
  NoLoadSegment: 'ELF_NO_LOAD_SEGMENT',
  /** A program or section header table, or a segment's file bytes, run past the file. */
  Truncated: ErrorCode.Truncated,
  /** A header field is impossible (p_filesz > p_memsz, bad entry sizes). */
  BadValue: ErrorCode.BadValue,
} as const;

/** One PT_LOAD program header. */
export interface ElfLoadSegment {
  /** Index in the program header table. */
  index: number;
  /** Physical load address (`p_paddr`; libelf places HVM images by paddr). */
  paddr: bigint;
  /** Virtual address (`p_vaddr`), for display. */
  vaddr: bigint;
  /** File offset of the segment's bytes. */
  offset: number;
  /** Bytes taken from the file (`p_filesz`). */
  fileSize: bigint;
  /** Bytes occupied in memory (`p_memsz`), including zero-filled `.bss`. */
  memSize: bigint;
  /** `p_flags` (PF_R/PF_W/PF_X). */
  flags: number;
  /** `p_align`. */
  align: bigint;
}

/** What the planner needs from a loader ELF image. */
export interface ElfImage {
  /** `e_machine` (3 = EM_386); libxenguest does not check it, so other values only warn. */
  machine: number;
  /** `e_type`. */
  type: number;
  /** Entry point (`e_entry`), the loader's `phys_entry`. */
  entry: bigint;
  /** Loadable segments (PT_LOAD with any of R/W/X set), in header order. */
  segments: ElfLoadSegment[];
  /** Lowest `p_paddr` of the loadable segments (libelf `pstart`). */
  pstart: bigint;
  /** Highest `p_paddr + p_memsz` (libelf `pend`, i.e. hvmloader's `_end` incl. `.bss`). */
  pend: bigint;
  /** Sum of `p_filesz` over the loadable segments. */
  fileSize: bigint;
  /** Sum of `p_memsz` over the loadable segments. */
  memSize: bigint;
}

/** Options for {@link decodeElf32}. */
export interface DecodeElfOptions {
  /** Reject images with Xen ELF notes, as libxenguest's HVM loader does (default true). */
  rejectXenNotes?: boolean;
  /** Cap on program headers read (default 256; libelf reads `e_phnum`, a u16). */
  maxProgramHeaders?: number;
}

/**
 * Reads an ELF32 loader image: header, loadable segments, and the libelf `pstart`/`pend`
 * span, rejecting what libxenguest's HVM loader rejects (not ELF, not ELF32, Xen notes).
 */
export function decodeElf32(bytes: Uint8Array, options: DecodeElfOptions = {}): ElfImage {
  const r = new ByteReader(bytes, { path: 'elf' });
  if (bytes.length < 16 || ELF.MAGIC.some((b, i) => bytes[i] !== b)) {
    throw r.error(ElfErrorCode.NotElf, 'not an ELF image', { at: 0, expected: '7F 45 4C 46', found: describeMagic(bytes) });
  }
  const cls = r.u8At(4);
  if (cls !== ELF.CLASS32) {
    throw r.error(ElfErrorCode.Not32Bit, 'ELF image is not 32-bit (libxenguest elf_32bit)', {
      at: 4,
      expected: 'ELFCLASS32 (1)',
      found: cls === ELF.CLASS64 ? 'ELFCLASS64 (2)' : String(cls),
    });
  }
  const data = r.u8At(5);
  if (data !== ELF.DATA_LSB) {
    throw r.error(ElfErrorCode.NotLittleEndian, 'ELF image is not little-endian', { at: 5, expected: 'ELFDATA2LSB (1)', found: String(data) });
  }
  r.need(ELF.EHDR32_SIZE, 0, 'ELF header');
  const type = r.u16At(16);
  const machine = r.u16At(18);
  const entry = BigInt(r.u32At(24));
  const phoff = r.u32At(28);
  const shoff = r.u32At(32);
  const phentsize = r.u16At(42);
  const phnum = r.u16At(44);
  const shentsize = r.u16At(46);
  const shnum = r.u16At(48);
  const shstrndx = r.u16At(50);
  const maxPh = options.maxProgramHeaders ?? 256;
  if (phnum > maxPh) throw r.error(ErrorCode.LimitExceeded, 'too many program headers', { at: 44, expected: `at most ${maxPh}`, found: String(phnum) });
  if (phnum > 0 && phentsize < ELF.PHDR32_SIZE) {
    throw r.error(ElfErrorCode.BadValue, 'program header entry size too small', { at: 42, expected: `>= ${ELF.PHDR32_SIZE}`, found: String(phentsize) });
  }
  // libelf elf_init: "ELF: phdr overflow" when the table runs past the file.
  r.need(phnum * phentsize, phoff, 'program header table');

  const segments: ElfLoadSegment[] = [];
  const notes: Array<{ offset: number; size: number; path: string }> = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    const pType = r.u32At(at);
    const offset = r.u32At(at + 4);
    const fileSize = BigInt(r.u32At(at + 16));
    const memSize = BigInt(r.u32At(at + 20));
    const flags = r.u32At(at + 24);
    if (pType === ELF.PT_NOTE) notes.push({ offset, size: Number(fileSize), path: `elf.programHeaders[${i}]` });
    // libelf elf_phdr_is_loadable: PT_LOAD with at least one of PF_R/PF_W/PF_X.
    if (pType !== ELF.PT_LOAD || (flags & (ELF.PF_R | ELF.PF_W | ELF.PF_X)) === 0) continue;
    if (fileSize > memSize) {
      throw r.error(ElfErrorCode.BadValue, 'segment file size exceeds its memory size', {
        at: at + 16,
        path: `elf.programHeaders[${i}]`,
        expected: `p_filesz <= p_memsz (${hex(memSize)})`,
        found: hex(fileSize),
      });
    }
    r.need(Number(fileSize), offset, `segment ${i} file bytes`);
    segments.push({ index: i, paddr: BigInt(r.u32At(at + 12)), vaddr: BigInt(r.u32At(at + 8)), offset, fileSize, memSize, flags, align: BigInt(r.u32At(at + 28)) });
  }

  if (shnum > 0 && shentsize >= ELF.SHDR32_SIZE) {
    // libelf elf_init: "ELF: shdr overflow"; only read when present (stripped images may lack it).
    r.need(shnum * shentsize, shoff, 'section header table');
    const names = shstrndx < shnum ? sectionBytes(r, shoff + shstrndx * shentsize) : undefined;
    for (let i = 0; i < shnum; i++) {
      const at = shoff + i * shentsize;
      const shType = r.u32At(at + 4);
      const off = r.u32At(at + 16);
      const size = r.u32At(at + 20);
      if (shType === ELF.SHT_NOTE) notes.push({ offset: off, size, path: `elf.sections[${i}]` });
      // elf_xen_parse also accepts the legacy `__xen_guest` section as Xen metadata.
      if (names && (options.rejectXenNotes ?? true) && sectionName(names, r.u32At(at)) === '__xen_guest') {
        throw r.error(ElfErrorCode.XenNotes, 'image has a __xen_guest section, so libxenguest would load it as a PV kernel', { at, path: `elf.sections[${i}]` });
      }
    }
  }
  if (options.rejectXenNotes ?? true) {
    for (const n of notes) {
      const hit = findXenNote(r, n.offset, n.size);
      if (hit !== undefined) {
        throw r.error(ElfErrorCode.XenNotes, 'image carries Xen ELF notes, so libxenguest would treat it as a PV kernel', { at: hit, path: n.path, found: 'note name "Xen"' });
      }
    }
  }
  if (segments.length === 0) throw r.error(ElfErrorCode.NoLoadSegment, 'no loadable program header', { at: 28, found: `${phnum} program headers` });

  let pstart = segments[0]!.paddr;
  let pend = 0n;
  let fileSize = 0n;
  let memSize = 0n;
  for (const s of segments) {
    if (s.paddr < pstart) pstart = s.paddr;
    if (s.paddr + s.memSize > pend) pend = s.paddr + s.memSize;
    fileSize += s.fileSize;
    memSize += s.memSize;
  }
  return { machine, type, entry, segments, pstart, pend, fileSize, memSize };
}

function describeMagic(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ') || 'empty file';
}

function sectionBytes(r: ByteReader, shdrAt: number): Uint8Array | undefined {
  const off = r.u32At(shdrAt + 16);
  const size = r.u32At(shdrAt + 20);
  if (off + size > r.length) return undefined;
  return r.bytesAt(off, size);
}

function sectionName(names: Uint8Array, at: number): string {
  if (at >= names.length) return '';
  let end = at;
  while (end < names.length && names[end] !== 0) end++;
  return latin1(names.subarray(at, end));
}

/** Returns the absolute offset of the first note named "Xen" in [offset, offset+size), if any. */
function findXenNote(r: ByteReader, offset: number, size: number): number | undefined {
  if (offset + size > r.length) throw r.error(ErrorCode.Truncated, 'note data runs past the end of the file', { at: Math.min(offset, r.length) });
  let pos = offset;
  const end = offset + size;
  while (pos + 12 <= end) {
    const namesz = r.u32At(pos);
    const descsz = r.u32At(pos + 4);
    const next = pos + 12 + align4(namesz) + align4(descsz);
    if (next > end || next <= pos) break; // malformed note: libelf stops too
    const name = latin1(r.bytesAt(pos + 12, namesz)).replace(/\0+$/, '');
    if (name === 'Xen') return r.base + pos;
    pos = next;
  }
  return undefined;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/** One segment for {@link buildElf32}. */
export interface ElfSegmentSpec {
  /** Physical (and, unless `vaddr` is set, virtual) load address. */
  paddr: number;
  /** Virtual address (defaults to `paddr`). */
  vaddr?: number;
  /** The segment's file bytes. */
  data: Uint8Array;
  /** Memory size; more than `data.length` models `.bss` (defaults to `data.length`). */
  memSize?: number;
  /** `p_flags` (defaults to R+X). */
  flags?: number;
}

/** Input for {@link buildElf32}. */
export interface ElfBuildSpec {
  /** Entry point (defaults to the first segment's paddr). */
  entry?: number;
  /** Loadable segments, written as PT_LOAD headers in order. */
  segments: readonly ElfSegmentSpec[];
  /** ELF notes written into one PT_NOTE segment (e.g. `{name: 'Xen', type: 1, desc}` to get rejected). */
  notes?: ReadonlyArray<{ name: string; type: number; desc: Uint8Array }>;
  /** `e_machine` (defaults to EM_386). */
  machine?: number;
}

/**
 * Writes a minimal little-endian ELF32 executable: header, program headers, segment bytes
 * (page-aligned file offsets), no section headers. For tests and the built-in demo loader.
 */
export function buildElf32(spec: ElfBuildSpec): Uint8Array {
  const phnum = spec.segments.length + (spec.notes?.length ? 1 : 0);
  const w = new ByteWriter();
  w.bytes(new Uint8Array(ELF.MAGIC)).u8(ELF.CLASS32).u8(ELF.DATA_LSB).u8(1).u8(0).fill(8);
  w.u16(ELF.ET_EXEC).u16(spec.machine ?? ELF.EM_386).u32(1);
  w.u32(spec.entry ?? spec.segments[0]?.paddr ?? 0);
  w.u32(ELF.EHDR32_SIZE).u32(0).u32(0); // e_phoff, e_shoff, e_flags
  w.u16(ELF.EHDR32_SIZE).u16(ELF.PHDR32_SIZE).u16(phnum).u16(ELF.SHDR32_SIZE).u16(0).u16(0);
  const tableEnd = ELF.EHDR32_SIZE + phnum * ELF.PHDR32_SIZE;
  let noteBytes: Uint8Array | undefined;
  if (spec.notes?.length) {
    const nw = new ByteWriter();
    for (const n of spec.notes) {
      const name = n.name + '\0';
      nw.u32(name.length).u32(n.desc.length).u32(n.type).ascii(name).align(4).bytes(n.desc).align(4);
    }
    noteBytes = nw.finish();
  }
  let fileOff = noteBytes ? tableEnd + noteBytes.length : tableEnd;
  const offsets: number[] = [];
  for (const s of spec.segments) {
    fileOff = (fileOff + 0xfff) & ~0xfff;
    offsets.push(fileOff);
    fileOff += s.data.length;
  }
  spec.segments.forEach((s, i) => {
    w.u32(ELF.PT_LOAD).u32(offsets[i]!).u32(s.vaddr ?? s.paddr).u32(s.paddr);
    w.u32(s.data.length).u32(s.memSize ?? s.data.length).u32(s.flags ?? ELF.PF_R | ELF.PF_X).u32(0x1000);
  });
  if (noteBytes) w.u32(ELF.PT_NOTE).u32(tableEnd).u32(0).u32(0).u32(noteBytes.length).u32(noteBytes.length).u32(ELF.PF_R).u32(4);
  if (noteBytes) w.bytes(noteBytes);
  spec.segments.forEach((s, i) => {
    w.fill(offsets[i]! - w.length);
    w.bytes(s.data);
  });
  return w.finish();
}

/** True when `e` is a FormatError raised for an ELF rule (code starts with `ELF_`). */
export function isElfRejection(e: unknown): e is FormatError {
  return e instanceof FormatError && e.code.startsWith('ELF_');
}
