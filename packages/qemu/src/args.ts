// The QEMU command line for a prepared guest, as an argument list and as one shell line.
import type { QemuGuest } from './guest.js';

/** Where Debian 12's `ovmf` package puts the firmware image `-bios` takes. */
export const DEBIAN_OVMF_PATH = '/usr/share/ovmf/OVMF.fd';

/** What goes on the command line besides the guest's own knobs. */
export interface QemuArgsInput {
  guest: QemuGuest;
  /** Paths of the `-smbios file=` blobs, in order. */
  smbiosFiles: readonly string[];
  /** Paths of the `-acpitable file=` tables, in order. */
  acpiFiles: readonly string[];
  /** The OVMF image for `-bios` (default: Debian's). */
  ovmfPath?: string;
}

/** A value inside a QEMU option list: a comma is written twice, or QEMU would read it as the next option. */
export function qemuOptionValue(value: string): string {
  return value.replace(/,/g, ',,');
}

/**
 * The arguments that give a QEMU 7.2 guest what {@link computeQemuGuestView} predicts: machine
 * (with the 3.0 entry point when asked), firmware, `-smp`, `-m`, then one `-smbios file=` per
 * structure and one `-acpitable file=` per table, in the order the guest view assumes.
 */
export function qemuArguments(input: QemuArgsInput): string[] {
  const g = input.guest;
  const args = ['-machine', g.smbiosEntryPoint === '64' ? `${g.machine},smbios-entry-point-type=64` : g.machine];
  if (g.firmware === 'ovmf') args.push('-bios', input.ovmfPath ?? DEBIAN_OVMF_PATH);
  args.push('-smp', g.sockets === 1 ? String(g.cpus) : `${g.cpus},sockets=${g.sockets}`, '-m', String(g.memoryMiB));
  for (const f of input.smbiosFiles) args.push('-smbios', `file=${qemuOptionValue(f)}`);
  for (const f of input.acpiFiles) args.push('-acpitable', `file=${qemuOptionValue(f)}`);
  return args;
}

/** One POSIX-shell word for `arg`: as it is when only safe characters, else in single quotes. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The arguments as one shell line (no trailing newline). */
export function shellLine(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}
