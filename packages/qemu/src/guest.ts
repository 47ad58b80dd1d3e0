// The QEMU guest: the knobs of a QEMU command line that change what SMBIOS and ACPI the guest
// sees. Kept beside `Guest` (a Xen guest's description) rather than folded into it: QEMU has
// machine types and sockets, Xen has hvmloader's bios-strings and platform keys.
import { ErrorCode, FormatError } from '@hvmpack/bytes';

/** `-machine` types modelled: i440FX (`pc`) and Q35 (`q35`), both as QEMU 7.2 names them. */
export const QemuMachine = { PC: 'pc', Q35: 'q35' } as const;
/** One of {@link QemuMachine}'s values. */
export type QemuMachine = (typeof QemuMachine)[keyof typeof QemuMachine];

/** The firmware QEMU boots: SeaBIOS (`-bios` default) or OVMF (`-bios OVMF.fd` or pflash). */
export const QemuFirmware = { SeaBIOS: 'seabios', OVMF: 'ovmf' } as const;
/** One of {@link QemuFirmware}'s values. */
export type QemuFirmware = (typeof QemuFirmware)[keyof typeof QemuFirmware];

/** `-machine smbios-entry-point-type=`: `32` (2.1 `_SM_`, QEMU 7.2's default) or `64` (3.0 `_SM3_`). */
export type SmbiosEntryPointType = '32' | '64';

/** Everything about a QEMU guest that changes its SMBIOS and ACPI tables. */
export interface QemuGuest {
  machine: QemuMachine;
  firmware: QemuFirmware;
  /** `-smp N`: vCPUs. */
  cpus: number;
  /**
   * `-smp …,sockets=S`: one QEMU type 4 per socket. QEMU 6.2 and later machine types put the
   * CPUs of a bare `-smp N` in cores of one socket, so the default is 1.
   */
  sockets: number;
  /** `-m`: RAM in MiB; QEMU's type 16/17/19 and the low/high RAM split follow it. */
  memoryMiB: number;
  /** The SMBIOS entry point QEMU builds; a table over 65535 bytes needs `64`. */
  smbiosEntryPoint: SmbiosEntryPointType;
}

/**
 * QEMU 7.2's defaults (`pc`, SeaBIOS, one CPU, the 2.1 entry point) but 1 GiB of RAM: QEMU's own
 * 128 MiB is too little for OVMF to boot a kernel reliably (it faults or hangs, seen in booted guests).
 */
export const DEFAULT_QEMU_GUEST: QemuGuest = {
  machine: QemuMachine.PC,
  firmware: QemuFirmware.SeaBIOS,
  cpus: 1,
  sockets: 1,
  memoryMiB: 1024,
  smbiosEntryPoint: '32',
};

/** The QEMU release whose behaviour is modelled (Debian 12's qemu-system-x86, checked by booting it). */
export const QEMU_VERSION = '7.2';

/** What QEMU 7.2 writes into its own type 1/3/4 strings for a machine: the type 1 product and the versioned machine name. */
export function machineStrings(machine: QemuMachine): { product: string; version: string } {
  return machine === QemuMachine.Q35
    ? { product: 'Standard PC (Q35 + ICH9, 2009)', version: `pc-q35-${QEMU_VERSION}` }
    : { product: 'Standard PC (i440FX + PIIX, 1996)', version: `pc-i440fx-${QEMU_VERSION}` };
}

/** The guest in words, as reports name it: `QEMU 7.2 q35, ovmf, 4 CPU(s) in 1 socket(s), 4096 MiB, SMBIOS entry point 2.1`. */
export function describeQemuGuest(g: QemuGuest): string {
  return `QEMU ${QEMU_VERSION} ${g.machine}, ${g.firmware}, ${g.cpus} CPU(s) in ${g.sockets} socket(s), ${g.memoryMiB} MiB, SMBIOS entry point ${g.smbiosEntryPoint === '64' ? '3.0' : '2.1'}`;
}

const MACHINES: readonly string[] = Object.values(QemuMachine);
const FIRMWARES: readonly string[] = Object.values(QemuFirmware);
// pc's max_cpus is 255 and q35's 288 in QEMU 7.2; one type 4 handle per socket fits either way.
const MAX_CPUS: Record<QemuMachine, number> = { pc: 255, q35: 288 };
// A 1 TiB ceiling keeps the type 17 count (one per 16 GiB) and the arithmetic small; QEMU itself allows more.
const MAX_MEMORY_MIB = 1024 * 1024;

/** A full QEMU guest from a partial one; a value QEMU would refuse is a `BAD_VALUE` FormatError naming the option. */
export function resolveQemuGuest(partial: Partial<QemuGuest> = {}): QemuGuest {
  const g: QemuGuest = { ...DEFAULT_QEMU_GUEST, ...partial };
  const bad = (path: string, expected: string, found: unknown): FormatError =>
    new FormatError(ErrorCode.BadValue, `bad ${path}`, { path, expected, found: JSON.stringify(found) });
  if (!MACHINES.includes(g.machine)) throw bad('machine', MACHINES.join(', '), g.machine);
  if (!FIRMWARES.includes(g.firmware)) throw bad('firmware', FIRMWARES.join(', '), g.firmware);
  const maxCpus = MAX_CPUS[g.machine];
  if (!Number.isInteger(g.cpus) || g.cpus < 1 || g.cpus > maxCpus) throw bad('smp', `1..${maxCpus}`, g.cpus);
  if (!Number.isInteger(g.sockets) || g.sockets < 1 || g.cpus % g.sockets !== 0) throw bad('sockets', `a divisor of -smp ${g.cpus}`, g.sockets);
  if (!Number.isInteger(g.memoryMiB) || g.memoryMiB < 16 || g.memoryMiB > MAX_MEMORY_MIB) throw bad('memory', `16..${MAX_MEMORY_MIB} MiB`, g.memoryMiB);
  if (g.smbiosEntryPoint !== '32' && g.smbiosEntryPoint !== '64') throw bad('smbios-entry-point', '32, 64', g.smbiosEntryPoint);
  return g;
}

/**
 * Guest RAM below and above 4 GiB as QEMU 7.2 splits it (`pc_init1`, `pc_q35_init`): i440FX
 * keeps up to 3.5 GiB low and, from there on, only 3 GiB; Q35 keeps up to 2.75 GiB low and
 * then only 2 GiB. One e820 RAM entry per half, so one type 19 each.
 */
export function memorySplitMiB(g: Pick<QemuGuest, 'machine' | 'memoryMiB'>): { below4G: number; above4G: number } {
  const [limit, low] = g.machine === QemuMachine.Q35 ? [2816, 2048] : [3584, 3072];
  const below4G = g.memoryMiB >= limit ? low : g.memoryMiB;
  return { below4G, above4G: g.memoryMiB - below4G };
}
