// hvm_info_table (xen/include/public/hvm/hvm_info_table.h; research xen.md §5.3): 48 bytes at
// HVM_INFO_PADDR, "HVM INFO", a byte checksum over `length` bytes, checked by hvmloader's
// validate_hvm_info() (which BUG()s on failure).
import { ByteReader, ByteWriter, ErrorCode, FormatError, checksum8, finding, hex, type Finding } from '@hvmpack/bytes';

/** Signature at offset 0. */
export const HVM_INFO_SIGNATURE = 'HVM INFO';
/** `sizeof(struct hvm_info_table)`. */
export const HVM_INFO_SIZE = 48;
/** `HVM_INFO_PADDR` = (HVM_INFO_PFN 0x09F << 12) + HVM_INFO_OFFSET 0x800. */
export const HVM_INFO_PADDR = 0x9f800;
/** `HVM_MAX_VCPUS`: the size of the online bitmap in bits. */
export const HVM_MAX_VCPUS = 128;

/** The fields of `struct hvm_info_table` (length and checksum are computed by the encoder). */
export interface HvmInfoTable {
  /** 1 = the guest has an IOAPIC and LAPICs (xc default). */
  apicMode: number;
  nrVcpus: number;
  /** First page above low RAM. */
  lowMemPgend: number;
  /** First page of the reserved region (0xfeff0 with libxl). */
  reservedMemPgstart: number;
  /** First page above high RAM (0 = no RAM above 4 GiB). */
  highMemPgend: number;
  /** 16-byte bitmap of online vCPUs, bit n of byte n/8 = vCPU n. */
  vcpuOnline: Uint8Array;
  /** Bytes 14–15 (compiler padding), kept so a round trip is exact; written 0 by default. */
  pad?: Uint8Array;
  /** Bytes past 48 covered by a larger `length`, kept verbatim. */
  extra?: Uint8Array;
}

/** Encodes the table, computing `length` and `checksum`. */
export function encodeHvmInfoTable(t: HvmInfoTable): Uint8Array {
  if (t.vcpuOnline.length !== 16) throw new FormatError(ErrorCode.BadLength, 'vcpu_online must be 16 bytes', { path: 'hvm_info.vcpu_online', found: String(t.vcpuOnline.length) });
  const extra = t.extra ?? new Uint8Array();
  const w = new ByteWriter(HVM_INFO_SIZE + extra.length).ascii(HVM_INFO_SIGNATURE, 8).u32(HVM_INFO_SIZE + extra.length).u8(0).u8(t.apicMode);
  w.bytes(t.pad ?? new Uint8Array(2)).u32(t.nrVcpus).u32(t.lowMemPgend).u32(t.reservedMemPgstart).u32(t.highMemPgend).bytes(t.vcpuOnline).bytes(extra);
  return w.patchChecksum8(12).finish();
}

/** Options for {@link decodeHvmInfoTable}. */
export interface DecodeHvmInfoOptions {
  /** Check the byte sum (default true), as validate_hvm_info does. */
  verifyChecksums?: boolean;
}

/**
 * Decodes the table at the start of `bytes`, applying validate_hvm_info's rules: signature,
 * `length >= 48`, the length fits, the byte sum over `length` is 0.
 */
export function decodeHvmInfoTable(bytes: Uint8Array, options: DecodeHvmInfoOptions = {}): HvmInfoTable {
  const r = new ByteReader(bytes, { path: 'hvm_info' });
  r.need(HVM_INFO_SIZE, 0, 'hvm_info_table');
  r.expectSignature(HVM_INFO_SIGNATURE);
  const length = r.u32At(8);
  if (length < HVM_INFO_SIZE) throw r.error(ErrorCode.BadLength, 'length is shorter than the table', { at: 8, expected: `>= ${HVM_INFO_SIZE}`, found: String(length) });
  r.need(length, 0, 'hvm_info_table length');
  if ((options.verifyChecksums ?? true) && checksum8(bytes, 0, length) !== 0) {
    throw r.error(ErrorCode.BadChecksum, 'hvm_info_table does not sum to zero', { at: 12, found: `sum ${hex(checksum8(bytes, 0, length))}` });
  }
  const t: HvmInfoTable = {
    apicMode: r.u8At(13),
    nrVcpus: r.u32At(16),
    lowMemPgend: r.u32At(20),
    reservedMemPgstart: r.u32At(24),
    highMemPgend: r.u32At(28),
    vcpuOnline: r.bytesAt(32, 16).slice(),
  };
  const pad = r.bytesAt(14, 2);
  if (pad[0] !== 0 || pad[1] !== 0) t.pad = pad.slice();
  if (length > HVM_INFO_SIZE) t.extra = r.bytesAt(HVM_INFO_SIZE, length - HVM_INFO_SIZE).slice();
  return t;
}

/** Options for {@link buildHvmInfoTable}: the guest config libxenguest and libxl fill in. */
export interface HvmInfoConfig {
  nrVcpus: number;
  /** vCPUs online at boot; default all. */
  onlineVcpus?: number;
  /** Guest RAM in bytes below the MMIO hole, from 0. */
  lowMemBytes: bigint;
  /** Guest RAM in bytes above 4 GiB. */
  highMemBytes?: bigint;
  apicMode?: number;
}

/** Builds the table the way build_hvm_info + hvm_build_set_params do (xc_dom_x86.c, libxl_dom.c). */
export function buildHvmInfoTable(c: HvmInfoConfig): HvmInfoTable {
  const online = new Uint8Array(16);
  const n = Math.min(c.onlineVcpus ?? c.nrVcpus, HVM_MAX_VCPUS);
  for (let i = 0; i < n; i++) online[i >> 3]! |= 1 << (i & 7);
  const high = c.highMemBytes ?? 0n;
  return {
    apicMode: c.apicMode ?? 1,
    nrVcpus: c.nrVcpus,
    lowMemPgend: Number(c.lowMemBytes >> 12n),
    reservedMemPgstart: 0xfeff0,
    highMemPgend: high > 0n ? Number((0x1_0000_0000n + high) >> 12n) : 0,
    vcpuOnline: online,
  };
}

/** Checks the table's values for what hvmloader and the guest would misread; never throws. */
export function checkHvmInfoTable(t: HvmInfoTable): Finding[] {
  const out: Finding[] = [];
  const f = (code: string, sev: 'error' | 'warning' | 'info', msg: string, offset: number, field: string): void =>
    void out.push(finding(code, sev, msg, { offset, path: `hvm_info.${field}` }));
  if (t.nrVcpus === 0 || t.nrVcpus > HVM_MAX_VCPUS) f('BAD_VALUE', 'error', `nr_vcpus ${t.nrVcpus} outside 1..${HVM_MAX_VCPUS}`, 16, 'nr_vcpus');
  if (t.apicMode > 1) f('BAD_VALUE', 'warning', `apic_mode ${t.apicMode} is neither 0 nor 1`, 13, 'apic_mode');
  for (let i = t.nrVcpus; i < HVM_MAX_VCPUS; i++) {
    if ((t.vcpuOnline[i >> 3]! >> (i & 7)) & 1) {
      f('ONLINE_BEYOND_NR_VCPUS', 'warning', `vCPU ${i} is marked online but nr_vcpus is ${t.nrVcpus}`, 32 + (i >> 3), 'vcpu_online');
      break;
    }
  }
  if (t.lowMemPgend > 0x100000) f('BAD_VALUE', 'error', 'low_mem_pgend is above 4 GiB', 20, 'low_mem_pgend');
  else if (t.lowMemPgend < 0x200) f('LOW_MEMORY', 'error', 'low RAM ends below 2 MiB (hvmloader BUG_ON(low_mem_end < MB(2)))', 20, 'low_mem_pgend');
  if (t.reservedMemPgstart !== 0 && t.lowMemPgend > t.reservedMemPgstart) f('OVERLAP', 'error', 'low RAM runs into the reserved region', 24, 'reserved_mem_pgstart');
  if (t.highMemPgend !== 0 && t.highMemPgend <= 0x100000) f('BAD_VALUE', 'error', 'high_mem_pgend is not above 4 GiB', 28, 'high_mem_pgend');
  if (t.pad) f('PADDING_NOT_ZERO', 'info', 'padding bytes 14..15 are not zero', 14, 'pad');
  return out;
}
