// How a loader learns the module set's base address: the three options of the 2012 RFC, as data
// (docs/module-format.md §8). None of them is understood by stock hvmloader; they are hvmpack's
// proposal for a patched loader.
import { ByteWriter, ErrorCode, FormatError, hex, toHex } from '@hvmpack/bytes';
import { MODULE_ALIGN } from './model.js';

/** hvmpack's proposed xenstore key for the set's guest-physical address (relative to the domain's home). */
export const XS_MODULES_ADDRESS = 'hvmloader/modules/address';
/** hvmpack's proposed xenstore key for the set's length in bytes. */
export const XS_MODULES_LENGTH = 'hvmloader/modules/length';
/** Name of the `hvm_start_info` module-list entry that points at the set. */
export const START_INFO_MODULE_NAME = 'modules';
/** Default base address: where the 2012 RFC stacked modules behind hvmloader. */
export const DEFAULT_MODULES_BASE = 0x200000n;

/** One xenstore key and its value, the way libxl writes the pass-through keys. */
export interface XenstoreEntry {
  /** Path relative to `/local/domain/<domid>/`. */
  key: string;
  value: string;
}

/** The three hand-off descriptions for one placed module set. */
export interface ModuleSetHandoff {
  base: bigint;
  length: number;
  /** Option 1: two xenstore keys, values formatted like libxl's (`0x%"PRIx64`, `0x%x`). */
  xenstore: XenstoreEntry[];
  /** Option 2: the RFC v1 register pair at loader entry: ECX = high 32 bits, EDX = low 32 bits of the base. */
  registers: { ecx: number; edx: number };
  /** Option 3: an `hvm_start_info` module-list entry and its name string. */
  startInfo: {
    name: string;
    paddr: bigint;
    size: bigint;
    /** Where the NUL-terminated name is placed. */
    cmdlinePaddr: bigint;
    /** The 32-byte `hvm_modlist_entry`, little-endian. */
    entry: Uint8Array;
    /** The name bytes including the NUL. */
    nameBytes: Uint8Array;
  };
}

/** Options for {@link describeHandoff}. */
export interface HandoffOptions {
  /** Where the module name string goes; default: right after the set (base + length). */
  namePaddr?: bigint;
}

/**
 * Describes how a loader finds a set of `length` bytes placed at `base`. The base must be 16-byte
 * aligned and the whole set, and the name string, must lie below 4 GiB (hvmloader is 32-bit).
 */
export function describeHandoff(base: bigint, length: number, options: HandoffOptions = {}): ModuleSetHandoff {
  if (base <= 0n || base % BigInt(MODULE_ALIGN) !== 0n) {
    throw new FormatError('MISALIGNED', 'module-set base must be a non-zero multiple of 16', { found: hex(base) });
  }
  const namePaddr = options.namePaddr ?? base + BigInt(length);
  const nameBytes = new ByteWriter(16).cstring(START_INFO_MODULE_NAME).finish();
  for (const [what, end] of [['module set', base + BigInt(length)], ['module name', namePaddr + BigInt(nameBytes.length)]] as const) {
    if (end > 0x1_0000_0000n) throw new FormatError(ErrorCode.Overflow, `${what} ends above 4 GiB, out of the 32-bit loader's reach`, { found: `end ${hex(end)}` });
  }
  if (namePaddr < base + BigInt(length) && namePaddr + BigInt(nameBytes.length) > base) {
    throw new FormatError(ErrorCode.Overflow, 'module name overlaps the module set', { found: hex(namePaddr) });
  }
  const entry = new ByteWriter(32).u64(base).u64(length).u64(namePaddr).u64(0).finish();
  return {
    base,
    length,
    xenstore: [
      { key: XS_MODULES_ADDRESS, value: `0x${base.toString(16)}` },
      { key: XS_MODULES_LENGTH, value: `0x${length.toString(16)}` },
    ],
    registers: { ecx: Number(base >> 32n), edx: Number(base & 0xffffffffn) },
    startInfo: { name: START_INFO_MODULE_NAME, paddr: base, size: BigInt(length), cmdlinePaddr: namePaddr, entry, nameBytes },
  };
}

/** Plain-JSON form of a hand-off (bigints as `0x…` strings, bytes as hex). */
export function handoffToJson(h: ModuleSetHandoff): Record<string, unknown> {
  const h0x = (v: bigint | number): string => `0x${v.toString(16)}`;
  return {
    base: h0x(h.base),
    length: h.length,
    xenstore: Object.fromEntries(h.xenstore.map((e) => [e.key, e.value])),
    registers: { ecx: h0x(h.registers.ecx), edx: h0x(h.registers.edx) },
    startInfo: { name: h.startInfo.name, paddr: h0x(h.startInfo.paddr), size: h0x(h.startInfo.size), cmdlinePaddr: h0x(h.startInfo.cmdlinePaddr), entry: toHex(h.startInfo.entry) },
  };
}
