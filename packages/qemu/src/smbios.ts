// What QEMU 7.2 does with `-smbios file=` structures, and what SeaBIOS and OVMF then make of
// the table. Every rule here was observed on Debian 12's QEMU 7.2, SeaBIOS 1.16.2 and OVMF
// (edk2 2022.11) by reading the guest's tables; neighbours.md §1.5 has the source references.
import { finding, hex, type Finding } from '@hvmpack/bytes';
import { END_OF_TABLE_TYPE, STRUCTURE_HEADER_SIZE, encodeStructure, type RawStructure } from '@hvmpack/smbios';
import type { Selection } from '@hvmpack/guest';
import { machineStrings, memorySplitMiB, type QemuGuest } from './guest.js';

/** Who put a structure into the guest's table. */
export type StructureSource = 'user' | 'qemu' | 'firmware';

/** One structure of the guest's SMBIOS table, in table order. */
export interface QemuGuestStructure {
  source: StructureSource;
  type: number;
  handle: number;
  /** Formatted-area length (byte 1). */
  length: number;
  /** Whole structure: formatted area, strings and the double NUL. */
  totalLength: number;
  strings: string[];
  /** Index of the `-smbios file=` it came from (user structures only). */
  file?: number;
}

/** A structure the firmware did not install, and why. */
export interface DroppedStructure extends QemuGuestStructure {
  reason: string;
}

/** QEMU 7.2's fixed handle bases (`T*_BASE` in hw/smbios/smbios.c); per-instance types count up from the base. */
export const QEMU_HANDLE_BASE = { 0: 0x0000, 1: 0x0100, 2: 0x0200, 3: 0x0300, 4: 0x0400, 11: 0x0e00, 16: 0x1000, 17: 0x1100, 19: 0x1300, 32: 0x2000, 127: 0x7f00 } as const;

/** Where moved host structures go: above every QEMU base, below OVMF's end-of-table handle 0xFEFF. */
export const RELOCATED_HANDLE_START = 0x8000;
const HANDLE_MAX = 0xfeff;
/** One type 17 per 16 GiB of RAM (`MAX_DIMM_SZ`). */
const DIMM_MIB = 16 * 1024;

/** The types `qemu prepare` passes by default: BIOS, system, board, chassis, OEM strings and every OEM type (128–255). */
export const QEMU_DEFAULT_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 3, 11]);
const OEM_TYPE_MIN = 128;

function described(source: StructureSource, type: number, handle: number, length: number, strings: string[]): QemuGuestStructure {
  const stringBytes = strings.length === 0 ? 2 : strings.reduce((n, s) => n + s.length + 1, 1);
  return { source, type, handle, length, totalLength: length + stringBytes, strings };
}

/**
 * The structures QEMU 7.2 builds itself for this guest when no `-smbios type=` options are
 * given, in its order, leaving out every type ≤ 127 a user file supplies (`userTypes`).
 */
export function qemuGeneratedStructures(guest: QemuGuest, userTypes: ReadonlySet<number>): QemuGuestStructure[] {
  const { product, version } = machineStrings(guest.machine);
  const out: QemuGuestStructure[] = [];
  const add = (type: number, count: number, length: number, strings: (i: number) => string[]): void => {
    if (userTypes.has(type)) return;
    const base = QEMU_HANDLE_BASE[type as keyof typeof QEMU_HANDLE_BASE];
    for (let i = 0; i < count; i++) out.push(described('qemu', type, base + i, length, strings(i)));
  };
  const split = memorySplitMiB(guest);
  add(1, 1, 27, () => ['QEMU', product, version]);
  add(3, 1, 22, () => ['QEMU', version]);
  // The 3.0 entry point gets the 3.0 type 4 (core/thread counts 2, 48 bytes) instead of 42.
  add(4, guest.sockets, guest.smbiosEntryPoint === '64' ? 48 : 42, (i) => [`CPU ${i}`, 'QEMU', version]);
  add(16, 1, 23, () => []);
  add(17, Math.ceil(guest.memoryMiB / DIMM_MIB), 40, (i) => [`DIMM ${i}`, 'QEMU']);
  add(19, split.above4G > 0 ? 2 : 1, 31, () => []);
  add(32, 1, 11, () => []);
  add(127, 1, 4, () => []);
  return out;
}

/**
 * The type 0 the firmware adds when the table has none: SeaBIOS puts its own first at handle 0;
 * OVMF appends EDK2's before its end-of-table, at the lowest free handle (0 unless taken).
 */
export function firmwareType0(guest: QemuGuest, handle = 0): QemuGuestStructure {
  return guest.firmware === 'ovmf'
    ? described('firmware', 0, handle, 26, ['EFI Development Kit II / OVMF', '0.0.0', '02/06/2015'])
    : described('firmware', 0, 0, 24, ['SeaBIOS', '1.16.2-debian-1.16.2-1', '04/01/2014']);
}

/** EDK2's own end-of-table under OVMF: it installs no type 127 from QEMU's table and adds this one. */
const OVMF_END_HANDLE = 0xfeff;

/**
 * Handle references inside a formatted area (DSP0134): offset → the types the referenced
 * structure may have. A reference is followed only to a structure of such a type, so a 0x0000
 * or 0xFFFF meaning "none" is left alone.
 */
export const HANDLE_REFERENCES: Readonly<Record<number, readonly (readonly [number, readonly number[]])[]>> = {
  2: [[0x0b, [3]]], // chassis
  4: [[0x1a, [7]], [0x1c, [7]], [0x1e, [7]]], // L1/L2/L3 cache
  16: [[0x0d, [18, 33]]], // memory error information
  17: [[0x04, [16]], [0x06, [18, 33]]], // physical memory array, memory error information
  19: [[0x0c, [16]]], // physical memory array
  20: [[0x0c, [17]], [0x0e, [19]]], // memory device, memory array mapped address
  27: [[0x04, [28]]], // temperature probe
  35: [[0x05, [34]], [0x07, [26, 27, 28, 29]], [0x09, [36]]], // management device, component, threshold
};

/** The handles QEMU and the firmware will use beside the user's structures. */
export function reservedHandles(guest: QemuGuest, userTypes: ReadonlySet<number>): Set<number> {
  const set = new Set(qemuGeneratedStructures(guest, userTypes).map((s) => s.handle));
  // Both firmwares give their own type 0 handle 0 when it is free; keep it free.
  if (!userTypes.has(0)) set.add(0);
  return set;
}

/**
 * The host structures `qemu prepare` passes, one `-smbios file=` each: `types` when given, else
 * {@link QEMU_DEFAULT_TYPES} and the OEM types; never type 127 unless named (QEMU writes its
 * own), nor type 126 (inactive). A handle QEMU or the firmware will use, or that an earlier
 * chosen structure has, moves to the first free handle from {@link RELOCATED_HANDLE_START};
 * references to it in the chosen structures follow. Every move is a finding.
 */
export function selectQemuStructures(structures: readonly RawStructure[], guest: QemuGuest, types?: ReadonlySet<number>): Selection<RawStructure> {
  const notes: Finding[] = [];
  const picked: { s: RawStructure; i: number }[] = [];
  structures.forEach((s, i) => {
    const wanted = types ? types.has(s.type) : QEMU_DEFAULT_TYPES.has(s.type) || s.type >= OEM_TYPE_MIN;
    if (wanted) picked.push({ s, i });
  });
  const userTypes = new Set(picked.map((p) => p.s.type));
  const reserved = reservedHandles(guest, userTypes);
  const taken = new Set<number>([...reserved, ...picked.map((p) => p.s.handle)]);
  let next = RELOCATED_HANDLE_START;
  const seen = new Set<number>();
  const moved = new Map<number, { to: number; type: number }>();
  const chosen: { s: RawStructure; i: number }[] = [];
  for (const { s, i } of picked) {
    const clash = reserved.has(s.handle) ? 'qemu' : seen.has(s.handle) ? 'duplicate' : null;
    seen.add(s.handle);
    if (clash === null) {
      chosen.push({ s, i });
      continue;
    }
    while (taken.has(next) && next <= HANDLE_MAX) next++;
    if (next > HANDLE_MAX) {
      notes.push(finding('QEMU_SMBIOS_NO_FREE_HANDLE', 'error', `type ${s.type} structure left out: no free handle below 0xFEFF`, { path: `input.structures[${i}]`, type: s.type, handle: s.handle }));
      continue;
    }
    taken.add(next);
    // A duplicate's references already mean the first structure with that handle; only a move away from QEMU's handle is followed.
    if (clash === 'qemu') moved.set(s.handle, { to: next, type: s.type });
    const why = clash === 'qemu' ? `QEMU or the firmware uses ${hex(s.handle, 4)} for its own structure` : `an earlier host structure has ${hex(s.handle, 4)}`;
    notes.push(finding('QEMU_SMBIOS_HANDLE_MOVED', 'info', `type ${s.type} structure moved from handle ${hex(s.handle, 4)} to ${hex(next, 4)}: ${why}`, { path: `input.structures[${i}]`, type: s.type, handle: s.handle }));
    chosen.push({ s: withHandle(s, next), i });
  }
  return { chosen: chosen.map(({ s, i }) => followReferences(s, moved, notes, i)), notes };
}

function withHandle(s: RawStructure, handle: number): RawStructure {
  const formatted = s.formatted.slice();
  formatted[2] = handle & 0xff;
  formatted[3] = handle >> 8;
  return { ...s, handle, formatted };
}

function followReferences(s: RawStructure, moved: ReadonlyMap<number, { to: number; type: number }>, notes: Finding[], index: number): RawStructure {
  const refs = HANDLE_REFERENCES[s.type];
  if (!refs || moved.size === 0) return s;
  let formatted: Uint8Array | null = null;
  for (const [off, targetTypes] of refs) {
    if (off + 2 > s.formatted.length) continue;
    const ref = s.formatted[off]! | (s.formatted[off + 1]! << 8);
    const m = moved.get(ref);
    if (m === undefined || !targetTypes.includes(m.type)) continue;
    formatted ??= s.formatted.slice();
    formatted[off] = m.to & 0xff;
    formatted[off + 1] = m.to >> 8;
    notes.push(finding('QEMU_SMBIOS_REFERENCE_UPDATED', 'info', `type ${s.type} structure's reference at offset ${hex(off, 2)} follows the type ${m.type} structure moved from ${hex(ref, 4)} to ${hex(m.to, 4)}`, { path: `input.structures[${index}]`, type: s.type, handle: s.handle, offset: off }));
  }
  return formatted ? { ...s, formatted } : s;
}

/** One `-smbios file=` blob per structure: its formatted area, strings and double NUL, nothing else. */
export function encodeQemuSmbiosFiles(structures: readonly RawStructure[]): Uint8Array[] {
  return structures.map((s) => encodeStructure(s));
}

/** A `-smbios file=` blob read back: the one structure in it, or null with the reason in findings. */
export interface SmbiosFileRead {
  structure: QemuGuestStructure | null;
  findings: Finding[];
}

/**
 * Reads one `-smbios file=` blob as QEMU and the firmware will: QEMU needs the 4-byte header
 * ("Cannot read SMBIOS file") and copies the rest unread; the firmware walks it as one
 * structure, so a length past the end, a missing double NUL or a second structure are errors.
 */
export function readSmbiosFile(bytes: Uint8Array, file: number): SmbiosFileRead {
  const path = `smbios[${file}]`;
  if (bytes.length < STRUCTURE_HEADER_SIZE) {
    return { structure: null, findings: [finding('QEMU_SMBIOS_FILE_TOO_SHORT', 'error', `Cannot read SMBIOS file (${bytes.length} bytes, shorter than the 4-byte structure header)`, { path, offset: 0 })] };
  }
  const type = bytes[0]!;
  const length = bytes[1]!;
  const handle = bytes[2]! | (bytes[3]! << 8);
  const where = { path, type, handle };
  if (length < STRUCTURE_HEADER_SIZE || length > bytes.length) {
    return { structure: null, findings: [finding('QEMU_SMBIOS_BAD_STRUCTURE', 'error', `formatted length ${length} does not fit the ${bytes.length}-byte file: the firmware would walk past it`, { ...where, offset: 1 })] };
  }
  let end = -1;
  for (let k = length; k + 1 < bytes.length; k++) {
    if (bytes[k] === 0 && bytes[k + 1] === 0) {
      end = k + 2;
      break;
    }
  }
  if (end < 0) {
    return { structure: null, findings: [finding('QEMU_SMBIOS_BAD_STRUCTURE', 'error', 'no double NUL ends the string set: the firmware would read the next structure as strings', { ...where, offset: length })] };
  }
  const findings: Finding[] = [];
  if (end < bytes.length) {
    findings.push(finding('QEMU_SMBIOS_BAD_STRUCTURE', 'error', `${bytes.length - end} bytes after the structure: QEMU copies them into the table but counts one structure`, { ...where, offset: end }));
  }
  const strings = end - 2 > length ? latin1Strings(bytes.subarray(length, end - 2)) : [];
  return { structure: { source: 'user', type, handle, length, totalLength: end, strings, file }, findings };
}

function latin1Strings(b: Uint8Array): string[] {
  const out: string[] = [];
  let cur = '';
  for (const c of b) {
    if (c === 0) {
      out.push(cur);
      cur = '';
    } else cur += String.fromCharCode(c);
  }
  out.push(cur);
  return out;
}

/** The guest's SMBIOS entry point as the firmware publishes it. */
export interface QemuEntryPoint {
  anchor: '_SM_' | '_SM3_';
  /** The version it advertises: QEMU's 2.1 anchor says 2.8, its 3.0 anchor 3.0.0. */
  version: string;
  /** Structure count (the 2.1 entry point only). */
  structureCount: number | null;
  tableLength: number;
  /** Largest structure (the 2.1 entry point only). */
  maxStructureSize: number | null;
}

/** The guest's SMBIOS table: every structure in order, what the firmware dropped, and the checks. */
export interface QemuSmbiosView {
  /**
   * The entry points the firmware publishes: one, except OVMF with QEMU's 3.0 anchor, which
   * publishes `_SM3_` and also an `_SM_` saying 3.0.
   */
  entryPoints: QemuEntryPoint[];
  structures: QemuGuestStructure[];
  dropped: DroppedStructure[];
  /** The table QEMU hands the firmware (`etc/smbios/smbios-tables`): user files then its own. */
  qemuTableLength: number;
  findings: Finding[];
}

/** The most a 2.1 entry point can describe (its table length field is 16 bits). */
export const SMBIOS_21_MAX_TABLE = 0xffff;

/**
 * What the guest sees for these `-smbios file=` blobs: QEMU puts the files first, in command-line
 * order, then its own structures; SeaBIOS prepends its type 0 when there is none and keeps every
 * structure; OVMF installs structures up to the first type 127, drops any whose handle is taken
 * already, appends its type 0 when there is none and ends the table with its own type 127.
 * QEMU's refusals (type 4 count, 2.1 size) come back as errors with QEMU's own message.
 */
export function buildQemuSmbiosView(files: readonly Uint8Array[], guest: QemuGuest): QemuSmbiosView {
  const findings: Finding[] = [];
  const user: QemuGuestStructure[] = [];
  files.forEach((b, i) => {
    const r = readSmbiosFile(b, i);
    findings.push(...r.findings);
    if (r.structure) user.push(r.structure);
  });
  const userTypes = new Set(user.filter((s) => s.type <= END_OF_TABLE_TYPE).map((s) => s.type));
  const generated = qemuGeneratedStructures(guest, userTypes);
  const qemuTableLength = files.reduce((n, b) => n + b.length, 0) + generated.reduce((n, s) => n + s.totalLength, 0);
  findings.push(...qemuRefusals(user, guest, qemuTableLength));
  const wouldGenerate = new Set(qemuGeneratedStructures(guest, new Set()).map((s) => s.type));
  for (const t of userTypes) {
    // Only the types QEMU or the firmware would otherwise build change hands; type 127 has its own finding.
    if (t === END_OF_TABLE_TYPE || (t !== 0 && !wouldGenerate.has(t))) continue;
    const s = user.find((u) => u.type === t)!;
    const text = t === 0 ? 'type 0 comes from a file: the firmware adds no type 0 of its own' : `type ${t} comes from a file: QEMU builds no type ${t} of its own${t === 1 ? ' (the guest\'s system UUID is the file\'s, not -uuid\'s)' : ''}`;
    findings.push(finding('QEMU_SMBIOS_TYPE_REPLACED', 'info', text, { path: `smbios[${s.file}]`, type: t }));
  }
  const table = [...user, ...generated];
  const ovmf = guest.firmware === 'ovmf';
  const dropped: DroppedStructure[] = [];
  let structures: QemuGuestStructure[];
  if (ovmf) {
    structures = [];
    const handles = new Set<number>();
    let ended = false;
    for (const s of table) {
      if (ended) dropped.push({ ...s, reason: 'after a type 127: OVMF stops reading there' });
      else if (s.type === END_OF_TABLE_TYPE) ended = true;
      else if (handles.has(s.handle)) dropped.push({ ...s, reason: `handle ${hex(s.handle, 4)} is taken: EDK2's SMBIOS protocol refuses the second one` });
      else {
        handles.add(s.handle);
        structures.push(s);
      }
    }
    if (!structures.some((s) => s.type === 0)) {
      let h = 0;
      while (handles.has(h)) h++;
      structures.push(firmwareType0(guest, h));
    }
    structures.push(described('firmware', END_OF_TABLE_TYPE, OVMF_END_HANDLE, 4, []));
  } else {
    structures = table.some((s) => s.type === 0) ? table : [firmwareType0(guest), ...table];
  }
  findings.push(...firmwareFindings(table, guest, dropped));
  const tableLength = structures.reduce((n, s) => n + s.totalLength, 0);
  const legacy = (version: string): QemuEntryPoint => ({ anchor: '_SM_', version, structureCount: structures.length, tableLength, maxStructureSize: Math.max(...structures.map((s) => s.totalLength)) });
  const entryPoints: QemuEntryPoint[] =
    guest.smbiosEntryPoint === '32'
      ? [legacy('2.8')]
      : [{ anchor: '_SM3_', version: '3.0.0', structureCount: null, tableLength, maxStructureSize: null }, ...(ovmf ? [legacy('3.0')] : [])];
  return { entryPoints, structures, dropped, qemuTableLength, findings };
}

/** The checks QEMU makes before the guest starts; each message is the one QEMU prints. */
function qemuRefusals(user: readonly QemuGuestStructure[], guest: QemuGuest, tableLength: number): Finding[] {
  const out: Finding[] = [];
  const type4 = user.filter((s) => s.type === 4).length;
  if (type4 > 0 && type4 !== guest.sockets) {
    out.push(finding('QEMU_SMBIOS_TYPE4_COUNT', 'error', `Expected ${guest.sockets} SMBIOS Type 4 tables, got ${type4} instead (one type 4 per socket; -smp …,sockets=${guest.sockets})`, { type: 4 }));
  }
  if (guest.smbiosEntryPoint === '32' && tableLength > SMBIOS_21_MAX_TABLE) {
    out.push(finding('QEMU_SMBIOS_TABLE_TOO_BIG', 'error', `SMBIOS 2.1 table length ${tableLength} exceeds ${SMBIOS_21_MAX_TABLE} (the 3.0 entry point, --smbios-entry-point 64, takes it under OVMF; SeaBIOS 1.16 would truncate it)`));
  }
  // SeaBIOS 1.16 holds the table length in a u16 while copying (smbios_build_tables; fixed in 1.17
  // by "fix smbios blob length overflow"): the guest gets the first length mod 64 KiB bytes, then
  // whatever was in memory, under an entry point announcing the full length. Seen in a booted guest.
  if (guest.smbiosEntryPoint === '64' && guest.firmware === 'seabios' && tableLength > SMBIOS_21_MAX_TABLE) {
    out.push(finding('QEMU_SMBIOS_SEABIOS_TRUNCATED', 'error', `SeaBIOS 1.16 copies only ${tableLength % 0x10000} of the table's ${tableLength} bytes (its length mod 64 KiB) and leaves the rest of the table stale memory: use OVMF, or SeaBIOS 1.17 or later`));
  }
  return out;
}

/** What the firmware does that QEMU does not check: duplicate handles and a type 127 among the files. */
function firmwareFindings(table: readonly QemuGuestStructure[], guest: QemuGuest, dropped: readonly DroppedStructure[]): Finding[] {
  const out: Finding[] = [];
  const ovmf = guest.firmware === 'ovmf';
  const first = new Map<number, QemuGuestStructure>();
  for (const s of table) {
    const earlier = first.get(s.handle);
    if (earlier === undefined) {
      first.set(s.handle, s);
      continue;
    }
    if (s.type === END_OF_TABLE_TYPE && s.source === 'qemu') continue;
    const who = (x: QemuGuestStructure): string => `${x.source === 'user' ? `file ${x.file}` : 'QEMU'}'s type ${x.type}`;
    out.push(finding('QEMU_SMBIOS_DUPLICATE_HANDLE', ovmf ? 'error' : 'warning', `${who(s)} has handle ${hex(s.handle, 4)}, as ${who(earlier)} does: ${ovmf ? 'OVMF drops the second (a debug build asserts)' : 'SeaBIOS keeps both; the guest sees two structures with one handle'}`, { type: s.type, handle: s.handle, ...(s.file !== undefined && { path: `smbios[${s.file}]` }) }));
  }
  const end = table.find((s) => s.source === 'user' && s.type === END_OF_TABLE_TYPE);
  if (end) {
    const after = ovmf ? dropped.filter((d) => d.reason.startsWith('after')).length : table.length - table.indexOf(end) - 1;
    out.push(finding('QEMU_SMBIOS_END_OF_TABLE_PASSED', ovmf ? 'error' : 'warning', `file ${end.file} is a type 127: QEMU then writes no end-of-table of its own, and ${ovmf ? `OVMF stops there, dropping the ${after} structures after it` : `the ${after} structures after it are past the end for any reader that stops at type 127`}`, { path: `smbios[${end.file}]`, type: END_OF_TABLE_TYPE, handle: end.handle }));
  }
  return out;
}
