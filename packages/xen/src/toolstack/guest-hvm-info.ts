// The hvm_info_table libxenguest and libxl write for a guest (xen.md §2.1 step 1 and 4, §5.3).
import type { Guest } from '@hvmpack/guest';
import { buildHvmInfoTable, type HvmInfoTable } from '../hvm-info.js';

/** libxl's default MMIO hole below 4 GiB (`HVM_BELOW_4G_MMIO_LENGTH`). */
export const DEFAULT_MMIO_HOLE_BYTES = 0x1000_0000n;

/** Options for {@link guestHvmInfo}. */
export interface GuestHvmInfoOptions {
  /** xl `mmio_hole=` in bytes (default 256 MiB): RAM above `4 GiB - hole` moves above 4 GiB. */
  mmioHoleBytes?: bigint;
}

/**
 * The table for `guest`: `Guest.memoryMiB` is the RAM hvmloader sees (xl memory minus video RAM),
 * split at `mmio_start` as libxl__build_hvm does; nr_vcpus and all of them online, apic_mode
 * from xl `apic=` (hvm_build_set_params).
 */
export function guestHvmInfo(guest: Guest, options: GuestHvmInfoOptions = {}): HvmInfoTable {
  const mem = BigInt(guest.memoryMiB) << 20n;
  const mmioStart = 0x1_0000_0000n - (options.mmioHoleBytes ?? DEFAULT_MMIO_HOLE_BYTES);
  const low = mem < mmioStart ? mem : mmioStart;
  return buildHvmInfoTable({ nrVcpus: guest.vcpus, lowMemBytes: low, highMemBytes: mem - low, apicMode: guest.apicMode ? 1 : 0 });
}
