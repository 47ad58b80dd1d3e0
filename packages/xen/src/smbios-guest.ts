import { ByteWriter, concatBytes } from '@hvmpack/bytes';
import { Firmware, type Guest } from '@hvmpack/guest';
import { decodeSmbiosBlob, structureStrings, type SmbiosBlobRecord, type SmbiosBlobWalk } from './smbios-blob.js';
import * as gen from './smbios-generated.js';
import { hasChange, XenChange } from './versions.js';
import {
  chassisHandleRewritten, lengthAccepted, passThroughRules, SMBIOS_EP_LENGTH, SMBIOS_FIXED_WINDOW_MAX, SMBIOS_OEM_TYPE_MIN, SMBIOS_PHYSICAL_ADDRESS,
  type SmbiosPassThroughRule,
} from './smbios-rules.js';

/**
 * The SMBIOS table a Xen HVM guest sees, built in hvmloader's order (`write_smbios_tables`):
 * 0, 1, 2, 3, 4 × vCPUs, 7, 8, 9, 11, 16, 17/19/20 per 16 GiB, 22, 26, 27, 28, 32, 39, every OEM
 * structure in blob order, 127 (xen.md §11), with the entry point's counting quirk.
 */

/** One structure in the guest's table. */
export interface GuestSmbiosStructure {
  type: number;
  handle: number;
  /** Formatted-area length (header byte 1). */
  length: number;
  /** Bytes the structure occupies in the table (as copied: the separator length for pass-through). */
  size: number;
  /** Offset in the structure table. */
  offset: number;
  source: 'generated' | 'pass-through';
  /** Index of the blob record it was copied from. */
  blobIndex?: number;
  /** Handle the structure had in the blob, when hvmloader rewrote it. */
  originalHandle?: number;
  strings: string[];
  bytes: Uint8Array;
}

/** What hvmloader decided about one blob record. */
export interface SmbiosRecordFate {
  blobIndex: number;
  type: number;
  fate: 'used' | 'duplicate' | 'too-short' | 'not-handled' | 'version' | 'generated-only';
  /** The minimum length it failed, for `too-short`. */
  minLength?: number;
}

/** The 31-byte SMBIOS 2.4 entry point hvmloader writes (`smbios_entry_point_init`). */
export interface GuestEntryPoint {
  anchor: '_SM_';
  length: number;
  major: 2;
  minor: 4;
  /** u16 field: the largest single `do_struct` chunk (all OEM structures together count as one chunk). */
  maxStructureSize: number;
  /** u16 field: the table length truncated to 16 bits. */
  tableLength: number;
  /** Physical address (0xEB01F for ROMBIOS/OVMF); null for SeaBIOS, whose table is `mem_alloc`ed at run time. */
  tableAddress: number | null;
  /** u16 field: one per generator call that wrote bytes; all OEM structures together count 1. */
  structureCount: number;
  bcdRevision: 0x24;
  /** Entry point address: 0xEB000 (ROMBIOS/OVMF); null for SeaBIOS (scratch space). */
  address: number | null;
}

/** The guest's SMBIOS as hvmloader builds it. */
export interface GuestSmbios {
  /** Structures in table order (also when the guest gets no entry point). */
  structures: GuestSmbiosStructure[];
  /** The real table length (before 16-bit truncation). */
  tableLength: number;
  /** The largest `do_struct` chunk before 16-bit truncation (all OEM structures form one chunk). */
  maxChunkSize: number;
  /** The entry point, or null when the guest gets no SMBIOS (table too large for the fixed window). */
  entryPoint: GuestEntryPoint | null;
  /** The whole structure table. */
  table: Uint8Array;
  /** Structures a reader honouring the entry point's count and length (dmidecode 3.4) decodes. */
  visibleToCountReaders: number;
  /** Per blob record: used, dropped and why. */
  fates: SmbiosRecordFate[];
  /** True when a record overran the blob and its copy was capped in this model. */
  modelCapped: boolean;
  walk: SmbiosBlobWalk;
}

/**
 * Bytes of guest memory past the blob end materialised per build: hvmloader would copy more
 * (and corrupt low memory); a crafted blob of wrapping, overrunning records must not make us
 * allocate gigabytes either.
 */
const MODEL_OVERRUN_BUDGET = 1 << 20;

/** The bytes hvmloader copies for a record: blob bytes, then the zero-filled memory after the blob. */
function copyOf(rec: SmbiosBlobRecord, budget: { left: number }): { bytes: Uint8Array; capped: boolean } {
  if (rec.overrun === 0) return { bytes: rec.bytes.slice(), capped: false };
  const extra = Math.min(rec.length - rec.bytes.length, budget.left);
  budget.left -= extra;
  const out = new Uint8Array(rec.bytes.length + extra);
  out.set(rec.bytes);
  return { bytes: out, capped: out.length < rec.length };
}

function setU16(b: Uint8Array, at: number, v: number): void {
  if (at + 1 < b.length) {
    b[at] = v & 0xff;
    b[at + 1] = v >>> 8;
  }
}

/** Builds the guest's SMBIOS from an `smbios_firmware` blob (or none) and the guest config. */
export function buildGuestSmbios(blob: Uint8Array | null, cfg: Guest): GuestSmbios {
  const walk = decodeSmbiosBlob(blob ?? new Uint8Array(0));
  // smbios_pt_init: a missing address or a zero length disables pass-through entirely.
  const records = walk.records;
  const rules = passThroughRules(cfg.xen);
  const chunks: { parts: Omit<GuestSmbiosStructure, 'offset'>[] }[] = [];
  const fates = new Map<number, SmbiosRecordFate>();
  let modelCapped = false;
  const budget = { left: MODEL_OVERRUN_BUDGET };

  const generated = (bytes: Uint8Array): Omit<GuestSmbiosStructure, 'offset'> => ({
    type: bytes[0]!, handle: bytes[2]! | (bytes[3]! << 8), length: bytes[1]!, size: bytes.length,
    source: 'generated', strings: structureStrings(bytes), bytes,
  });
  const push = (...parts: Omit<GuestSmbiosStructure, 'offset'>[]): void => void chunks.push({ parts });

  const passThrough = (rule: SmbiosPassThroughRule): Omit<GuestSmbiosStructure, 'offset'> | null | 'short' => {
    // get_smbios_pt_struct: the first record whose type byte matches, whatever its length.
    const rec = records.find((r) => r.type === rule.type);
    if (!rec) return null;
    fates.set(rec.index, { blobIndex: rec.index, type: rule.type, fate: 'used' });
    if (!lengthAccepted(cfg.xen, rule, rec.length)) {
      fates.set(rec.index, { blobIndex: rec.index, type: rule.type, fate: 'too-short', minLength: rule.minLength });
      return 'short';
    }
    const { bytes, capped } = copyOf(rec, budget);
    modelCapped ||= capped;
    const originalHandle = rec.handle ?? undefined;
    setU16(bytes, 2, rule.handle);
    if (rule.type === 2 && bytes.length >= 13 && chassisHandleRewritten(cfg.xen, bytes[1]!, bytes[11]! | (bytes[12]! << 8))) {
      setU16(bytes, 11, 0x0300);
    }
    return {
      type: rule.type, handle: rule.handle, length: bytes.length > 1 ? bytes[1]! : 0, size: bytes.length,
      source: 'pass-through', blobIndex: rec.index,
      ...(originalHandle !== undefined && originalHandle !== rule.handle && { originalHandle }),
      strings: structureStrings(bytes), bytes,
    };
  };

  // One generator call (`do_struct`) per handled type this version has, even when it writes nothing.
  const handled = (type: number): void => {
    const rule = rules.find((r) => r.type === type);
    if (!rule) return;
    const pt = passThrough(rule);
    if (pt !== null && pt !== 'short') return push(pt);
    switch (rule.fallback) {
      case 'generate':
        return push(generated(type === 0 ? gen.generateType0(cfg) : type === 1 ? gen.generateType1(cfg) : type === 3 ? gen.generateType3(cfg) : gen.generateType11(cfg)));
      case 'generate-if-keys':
        return gen.generatesType2(cfg) ? push(generated(gen.generateType2(cfg))) : push();
      case 'generate-if-battery':
        return cfg.defaultBattery ? push(generated(gen.generateType22(cfg))) : push();
      case 'omit':
        return push();
    }
  };

  handled(0);
  handled(1);
  handled(2);
  handled(3);
  for (let n = 1; n <= cfg.vcpus; n++) push(generated(gen.generateType4(cfg, n)));
  handled(7);
  handled(8);
  handled(9);
  handled(11);
  push(generated(gen.generateType16(cfg)));
  for (let i = 0; i < gen.memoryDeviceCount(cfg.memoryMiB); i++) {
    push(generated(gen.generateType17(cfg, i)));
    push(generated(gen.generateType19(cfg, i)));
    push(generated(gen.generateType20(cfg, i)));
  }
  handled(22);
  // xen.md §11 (running the landed code) gives 26, 27, 28; one 2025 revision of 9f114abb37 on
  // xen-devel called them 26, 28, 27. §11 wins.
  handled(26);
  handled(27);
  handled(28);
  push(generated(gen.generateType32()));
  handled(39);
  // smbios_type_vendor_oem_init: every record whose type byte is >= 128, handles untouched, one chunk.
  const oem: Omit<GuestSmbiosStructure, 'offset'>[] = [];
  for (const rec of records) {
    if (rec.type < SMBIOS_OEM_TYPE_MIN) continue;
    fates.set(rec.index, { blobIndex: rec.index, type: rec.type, fate: 'used' });
    if (rec.length === 0) continue;
    const { bytes, capped } = copyOf(rec, budget);
    modelCapped ||= capped;
    oem.push({
      type: rec.type, handle: rec.handle ?? 0, length: bytes.length > 1 ? bytes[1]! : 0, size: bytes.length,
      source: 'pass-through', blobIndex: rec.index, strings: structureStrings(bytes), bytes,
    });
  }
  chunks.push({ parts: oem });
  push(generated(gen.generateType127()));

  // Fates of the records hvmloader never picked.
  for (const rec of records) {
    if (fates.has(rec.index)) continue;
    const everHandled = [0, 1, 2, 3, 7, 8, 9, 11, 22, 26, 27, 28, 39].includes(rec.type);
    const fate: SmbiosRecordFate['fate'] = rules.some((r) => r.type === rec.type)
      ? 'duplicate'
      : everHandled ? 'version' : [4, 16, 17, 19, 20, 32, 127].includes(rec.type) ? 'generated-only' : 'not-handled';
    fates.set(rec.index, { blobIndex: rec.index, type: rec.type, fate });
  }

  const structures: GuestSmbiosStructure[] = [];
  let offset = 0;
  let count = 0;
  let maxChunk = 0;
  const countEveryCall = !hasChange(cfg.xen, XenChange.CountWrittenOnly);
  for (const c of chunks) {
    let size = 0;
    for (const p of c.parts) {
      const placed = p as GuestSmbiosStructure;
      placed.offset = offset;
      structures.push(placed);
      offset += p.size;
      size += p.size;
    }
    // do_struct: one count per generator call that advanced the pointer (4.3: per call).
    if (size > 0 || countEveryCall) count++;
    maxChunk = Math.max(maxChunk, size);
  }
  const tableLength = offset;
  const table = concatBytes(structures.map((s) => s.bytes));
  const fixedWindow = cfg.firmware === Firmware.OVMF || cfg.firmware === Firmware.ROMBIOS;
  const entryPoint: GuestEntryPoint | null = fixedWindow && tableLength > SMBIOS_FIXED_WINDOW_MAX
    ? null
    : {
        anchor: '_SM_', length: SMBIOS_EP_LENGTH, major: 2, minor: 4,
        maxStructureSize: maxChunk & 0xffff, tableLength: tableLength & 0xffff,
        tableAddress: fixedWindow ? SMBIOS_PHYSICAL_ADDRESS + SMBIOS_EP_LENGTH : null,
        structureCount: count & 0xffff, bcdRevision: 0x24,
        address: fixedWindow ? SMBIOS_PHYSICAL_ADDRESS : null,
      };
  const visibleToCountReaders = entryPoint === null ? 0 : countVisible(structures, entryPoint);
  return {
    structures, tableLength, maxChunkSize: maxChunk, entryPoint, table, visibleToCountReaders,
    fates: [...fates.values()].sort((a, b) => a.blobIndex - b.blobIndex), modelCapped, walk,
  };
}

/** dmidecode 3.4 `dmi_table_decode`: at most `count` structures, each fully inside `tableLength`. */
function countVisible(structures: readonly GuestSmbiosStructure[], ep: GuestEntryPoint): number {
  let n = 0;
  for (const s of structures) {
    if (n >= ep.structureCount || s.offset + Math.max(4, s.length) > ep.tableLength) break;
    n++;
  }
  return n;
}

/** Encodes hvmloader's 31-byte entry point for a table at `tableAddress` (both checksums set). */
export function encodeGuestEntryPoint(ep: GuestEntryPoint, tableAddress: number): Uint8Array {
  const w = new ByteWriter(32);
  w.ascii('_SM_').u8(0).u8(ep.length).u8(ep.major).u8(ep.minor).u16(ep.maxStructureSize).u8(0).fill(5);
  w.ascii('_DMI_').u8(0).u16(ep.tableLength).u32(tableAddress >>> 0).u16(ep.structureCount).u8(ep.bcdRevision);
  w.patchChecksum8(0x04, 0, 0x10);
  w.patchChecksum8(0x15, 0x10, 0x1f);
  return w.finish();
}

/** Options for {@link encodeGuestDumpBin}. */
export interface GuestDumpBinOptions {
  /**
   * Write the number of structures really in the table instead of hvmloader's count (which
   * counts all OEM structures as one), checksums fixed, so that a reader honouring the count
   * (dmidecode) shows every structure. Everything else stays as hvmloader writes it.
   */
  fullCount?: boolean;
}

/**
 * The guest's SMBIOS as a dmidecode `--dump-bin` file: the hvmloader entry point at offset 0 with
 * the table address rewritten to 32, zero padding, the table at 32 (`dmidecode --from-dump`).
 * The entry point's count and 16-bit length are kept as hvmloader writes them, quirks included,
 * unless `fullCount` asks for the real count.
 */
export function encodeGuestDumpBin(view: GuestSmbios, options: GuestDumpBinOptions = {}): Uint8Array | null {
  if (!view.entryPoint) return null;
  const ep = options.fullCount ? { ...view.entryPoint, structureCount: view.structures.length & 0xffff } : view.entryPoint;
  const out = new Uint8Array(32 + view.table.length);
  out.set(encodeGuestEntryPoint(ep, 32), 0);
  out.set(view.table, 32);
  return out;
}
