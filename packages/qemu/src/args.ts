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

/** What {@link parseQemuArguments} understood of a QEMU command line. */
export interface ParsedQemuArguments {
  guest: Partial<QemuGuest>;
  /** `-smbios file=` paths, in order. */
  smbiosFiles: string[];
  /** `-acpitable file=` paths, in order; one option's `a:b` list is one table, its files concatenated. */
  acpiFiles: string[][];
  /** Options that change nothing hvmpack models, kept so a caller can say so. */
  ignored: string[];
}

/** Splits a QEMU option list at single commas (a doubled comma is a literal one). */
function optionList(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c !== ',') cur += c;
    else if (value[i + 1] === ',') {
      cur += ',';
      i++;
    } else {
      out.push(cur);
      cur = '';
    }
  }
  out.push(cur);
  return out;
}

/** `-m` as QEMU reads it: MiB by default, or with a K/M/G/T suffix; null when it is not a size. */
function memoryMiB(text: string): number | null {
  const m = /^(\d+)([KMGT]?)i?B?$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toUpperCase();
  return unit === 'K' ? n / 1024 : unit === 'G' ? n * 1024 : unit === 'T' ? n * 1024 * 1024 : n;
}

/**
 * Reads the options of a QEMU command line that decide the guest's SMBIOS and ACPI: `-machine`
 * (`pc`, `q35`, their versioned names, `smbios-entry-point-type`), `-bios`/pflash (OVMF when
 * the path names it), `-smp`, `-m`, `-smbios file=`, `-acpitable file=`. Values it cannot read
 * are left out of `guest` and listed in `ignored`.
 */
export function parseQemuArguments(args: readonly string[]): ParsedQemuArguments {
  const out: ParsedQemuArguments = { guest: {}, smbiosFiles: [], acpiFiles: [], ignored: [] };
  for (let i = 0; i < args.length; i++) {
    const opt = args[i]!.replace(/^--/, '-');
    const value = args[i + 1];
    const takes = ['-machine', '-M', '-bios', '-drive', '-smp', '-m', '-smbios', '-acpitable'].includes(opt);
    if (!takes || value === undefined) {
      out.ignored.push(args[i]!);
      continue;
    }
    i++;
    const parts = optionList(value);
    const kv = (key: string): string | undefined => parts.find((p) => p.startsWith(`${key}=`))?.slice(key.length + 1);
    if (opt === '-machine' || opt === '-M') {
      const type = kv('type') ?? (parts[0]!.includes('=') ? undefined : parts[0]);
      if (type !== undefined) {
        if (type === 'q35' || type.startsWith('pc-q35')) out.guest.machine = 'q35';
        else if (type === 'pc' || type.startsWith('pc-i440fx')) out.guest.machine = 'pc';
        else out.ignored.push(`-machine ${type}`);
      }
      const ep = kv('smbios-entry-point-type');
      if (ep === '32' || ep === '64') out.guest.smbiosEntryPoint = ep;
    } else if (opt === '-bios' || opt === '-drive') {
      const file = opt === '-bios' ? value : kv('file') ?? '';
      if (/ovmf/i.test(file)) out.guest.firmware = 'ovmf';
      else if (opt === '-bios') out.guest.firmware = 'seabios';
      else out.ignored.push(`-drive ${value}`);
    } else if (opt === '-smp') {
      const cpus = Number(kv('cpus') ?? (parts[0]!.includes('=') ? NaN : parts[0]));
      const sockets = Number(kv('sockets') ?? 1);
      if (Number.isInteger(cpus)) out.guest.cpus = cpus;
      if (Number.isInteger(sockets)) out.guest.sockets = sockets;
    } else if (opt === '-m') {
      const mib = memoryMiB(kv('size') ?? parts[0]!);
      if (mib !== null && Number.isInteger(mib)) out.guest.memoryMiB = mib;
      else out.ignored.push(`-m ${value}`);
    } else if (opt === '-smbios') {
      const file = kv('file');
      if (file !== undefined) out.smbiosFiles.push(file);
      else out.ignored.push(`-smbios ${value}`);
    } else {
      const file = kv('file');
      if (file !== undefined && parts.length === 1) out.acpiFiles.push(file.split(':'));
      else out.ignored.push(`-acpitable ${value}`);
    }
  }
  return out;
}
