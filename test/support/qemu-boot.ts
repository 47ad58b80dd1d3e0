// Boots a real QEMU guest (Debian's qemu-system-x86_64, kernel, busybox-static; SeaBIOS or OVMF)
// and returns the SMBIOS and ACPI bytes its kernel read. Every boot has a timeout and is killed
// when it hangs; a guest that does not report fails with the last lines of its console.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { encodeNewc, initramfsEntries, parseTranscript, type GuestTables } from './qemu-boot-guest.js';
import { which } from './env.js';

export type { GuestTables } from './qemu-boot-guest.js';

/** The machine a boot emulates. */
export interface BootOptions {
  /** Default `pc`. */
  machine?: 'pc' | 'q35';
  /** Default `seabios` (QEMU's own default firmware). */
  firmware?: 'seabios' | 'ovmf';
  /**
   * `-smp`, verbatim (`2`, `2,sockets=2`); default 1. QEMU 7.2 reads a bare count as cores of one
   * socket on current pc/q35 machine types, and wants one type 4 per socket.
   */
  smp?: number | string;
  /** `-m` in MiB; default 256. */
  memoryMiB?: number;
  /** `-smbios file=` blobs, one structure each, in order. */
  smbios?: readonly Uint8Array[];
  /** `-acpitable file=` blobs, one table each, in order. */
  acpi?: readonly Uint8Array[];
  /**
   * The guest's own QEMU arguments (a `qemu prepare` folder's `qemu.args`), used in place of
   * `machine`, `firmware`, `smp` and `memoryMiB`; the harness adds only the kernel, initramfs,
   * serial ports and the devices it leaves out.
   */
  guestArgs?: readonly string[];
  /** Further QEMU arguments, after the ones above (paths in them are the caller's). */
  args?: readonly string[];
  /** Further kernel command-line words, after the harness's own. */
  kernelArgs?: string;
  /** Default 180 s: an OVMF boot under TCG takes 10–15 s alone, several times that on a loaded machine. */
  timeoutMs?: number;
}

/** A finished boot: the tables, and how it went. */
export interface BootResult extends GuestTables {
  /** The guest kernel's version (`uname -r`). */
  kernelRelease: string;
  /** Wall-clock seconds from spawning QEMU to its exit. */
  seconds: number;
  /** The full QEMU command line run. */
  argv: string[];
}

/** A boot that did not produce tables: QEMU refused (its exit status and stderr), hung, or the guest did not report. */
export class BootError extends Error {
  constructor(
    message: string,
    /** `refused`: QEMU exited non-zero (its own error on stderr); `timeout`: killed; `guest`: exited without a full report. */
    readonly kind: 'refused' | 'timeout' | 'guest',
    readonly stderr: string,
    readonly console: string,
  ) {
    super(message);
    this.name = 'BootError';
  }
}

const QEMU = 'qemu-system-x86_64';
const OVMF_IMAGES = ['/usr/share/ovmf/OVMF.fd', '/usr/share/qemu/OVMF.fd'];
const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];
const CONSOLE_CAP = 1 << 20;
const CONSOLE_TAIL_LINES = 25;
/** What EDK2 (OVMF) prints when it takes a CPU exception or fails an assertion; it then spins forever. */
const FIRMWARE_CRASH = /!!!! X64 Exception Type|ASSERT \[/;

/** The host's kernel image: `HVMPACK_BOOT_KERNEL`, or the newest readable `/boot/vmlinuz-*`. */
export function bootKernel(): string | undefined {
  const fromEnv = process.env['HVMPACK_BOOT_KERNEL'];
  if (fromEnv) return readable(fromEnv) ? fromEnv : undefined;
  if (!existsSync('/boot')) return undefined;
  const images = readdirSync('/boot')
    .filter((n) => n.startsWith('vmlinuz-'))
    .sort(compareVersions)
    .map((n) => path.join('/boot', n));
  return images.reverse().find(readable);
}

/** OVMF's combined code+vars image, loadable with `-bios`. */
export function ovmfImage(): string | undefined {
  return OVMF_IMAGES.find(readable);
}

/**
 * Returns why boots cannot run here (and prints it, as every skipped oracle test does), or
 * undefined. `firmware: 'ovmf'` also needs OVMF.
 */
export function bootSkipReason(firmware: 'seabios' | 'ovmf' = 'seabios'): string | undefined {
  const missing: string[] = [];
  if (!which(QEMU)) missing.push(`${QEMU} not installed (Debian qemu-system-x86)`);
  if (!bootKernel()) missing.push(process.env['HVMPACK_BOOT_KERNEL'] ? `HVMPACK_BOOT_KERNEL=${process.env['HVMPACK_BOOT_KERNEL']} is not readable` : 'no readable /boot/vmlinuz-* (Debian linux-image-amd64, or HVMPACK_BOOT_KERNEL)');
  const busybox = staticBusybox();
  if (typeof busybox !== 'string') missing.push(busybox.problem);
  if (firmware === 'ovmf' && !ovmfImage()) missing.push('no OVMF image (Debian ovmf)');
  if (missing.length === 0) return undefined;
  const reason = missing.join('; ');
  console.warn(`[skip] ${reason}`);
  return reason;
}

/** The QEMU arguments for a boot, data port and kernel included; files named in it are written by {@link bootGuest}. */
export function bootArgs(o: BootOptions, files: { kernel: string; initrd: string; data: string; smbios: readonly string[]; acpi: readonly string[] }): string[] {
  const args = [
    ...(o.guestArgs ?? ['-machine', o.machine ?? 'pc', '-m', String(o.memoryMiB ?? 256), '-smp', String(o.smp ?? 1)]),
    // No NIC (whose iPXE option ROM SeaBIOS would run), no VGA, no floppy or CD: faster under TCG.
    '-nodefaults', '-no-user-config', '-display', 'none', '-monitor', 'none',
    '-no-reboot',
    // ttyS0: the kernel console, read back for error messages; ttyS1: the guest's dumps.
    '-serial', 'stdio', '-serial', `file:${files.data}`,
    '-kernel', files.kernel, '-initrd', files.initrd,
    // quiet: the 8250 console writes every kernel message polled, a character per trap.
    // panic=-1 with -no-reboot: a panicking guest ends QEMU at once instead of waiting for the timeout.
    '-append', ['console=ttyS0 quiet panic=-1', o.kernelArgs ?? ''].join(' ').trim(),
  ];
  if (kvmUsable()) args.push('-accel', 'kvm');
  if (!o.guestArgs && o.firmware === 'ovmf') args.push('-bios', ovmfImage() ?? OVMF_IMAGES[0]!);
  for (const f of files.smbios) args.push('-smbios', `file=${f}`);
  for (const f of files.acpi) args.push('-acpitable', `file=${f}`);
  return [...args, ...(o.args ?? [])];
}

/**
 * Boots the guest and returns what its kernel read. Rejects with a {@link BootError} when QEMU
 * refuses the arguments, the boot hangs past the timeout (QEMU is killed), or the guest exits
 * without its full report.
 */
export async function bootGuest(o: BootOptions = {}): Promise<BootResult> {
  await bootSlots.acquire();
  try {
    return await bootOnce(o);
  } finally {
    bootSlots.release();
  }
}

/**
 * At most this many QEMUs at once in a test process (`HVMPACK_BOOT_JOBS`, default 2): a TCG guest
 * keeps one core busy, and vitest runs one test file at a time on a 2-core machine, so two boots
 * use both cores; more only slow each other towards their timeouts.
 */
const BOOT_JOBS = Math.max(1, Number(process.env['HVMPACK_BOOT_JOBS'] ?? 2) || 2);

const bootSlots = {
  free: BOOT_JOBS,
  waiting: [] as (() => void)[],
  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  },
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  },
};

async function bootOnce(o: BootOptions): Promise<BootResult> {
  const kernel = bootKernel();
  if (!kernel) throw new Error('no kernel to boot; call bootSkipReason() first');
  const dir = mkdtempSync(path.join(tmpdir(), 'hvmpack-boot-'));
  try {
    const write = (name: string, bytes: Uint8Array): string => {
      const f = path.join(dir, name);
      writeFileSync(f, bytes);
      return f;
    };
    const files = {
      kernel,
      initrd: initramfs(),
      data: path.join(dir, 'data.txt'),
      smbios: (o.smbios ?? []).map((b, i) => write(`smbios-${i}.bin`, b)),
      acpi: (o.acpi ?? []).map((b, i) => write(`acpi-${i}.bin`, b)),
    };
    const argv = [QEMU, ...bootArgs(o, files)];
    const started = Date.now();
    const run = await runQemu(argv, o.timeoutMs ?? 180_000);
    const seconds = (Date.now() - started) / 1000;
    const where = o.guestArgs ? 'guest' : `${o.machine ?? 'pc'}/${o.firmware ?? 'seabios'}`;
    if (run.crashed) throw new BootError(`the ${where} firmware crashed before the kernel ran; killed.${consoleTail(run.console)}`, 'guest', run.stderr, run.console);
    if (run.timedOut) throw new BootError(`QEMU (${where}) did not finish within ${(o.timeoutMs ?? 180_000) / 1000} s; killed.${consoleTail(run.console)}`, 'timeout', run.stderr, run.console);
    if (run.code !== 0) throw new BootError(`QEMU (${where}) refused to start (exit ${run.code}): ${run.stderr.trim()}`, 'refused', run.stderr, run.console);
    const transcript = existsSync(files.data) ? readFileSync(files.data, 'latin1') : '';
    let tables: GuestTables;
    try {
      tables = parseTranscript(transcript);
    } catch (e) {
      throw new BootError(`the ${where} guest did not report its tables: ${(e as Error).message}.${consoleTail(run.console)}`, 'guest', run.stderr, run.console);
    }
    const kernelRelease = /@@hvmpack start (\S+)/.exec(transcript)?.[1] ?? '';
    return { ...tables, kernelRelease, seconds, argv };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface QemuRun {
  code: number | null;
  timedOut: boolean;
  /** The firmware printed a CPU exception (then QEMU was killed). */
  crashed: boolean;
  stderr: string;
  console: string;
}

function runQemu(argv: readonly string[], timeoutMs: number): Promise<QemuRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    // Capped: a guest stuck printing must not fill the test's memory; the tail is what explains it.
    const keep = (s: string, add: string): string => (s.length + add.length > CONSOLE_CAP ? (s + add).slice(-CONSOLE_CAP) : s + add);
    child.stdout.setEncoding('latin1').on('data', (d: string) => (out = keep(out, d)));
    child.stderr.setEncoding('latin1').on('data', (d: string) => (err = keep(err, d)));
    let timedOut = false;
    let crashed = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    // A firmware that faulted only hangs after its register dump: stop it once the dump is out
    // instead of waiting for the timeout.
    child.stdout.on('data', () => {
      if (crashed || !FIRMWARE_CRASH.test(out)) return;
      crashed = true;
      setTimeout(() => child.kill('SIGKILL'), 1000);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, crashed, stderr: err, console: out });
    });
  });
}

function consoleTail(console: string): string {
  // Terminal escapes (OVMF's screen output) and carriage returns make the tail unreadable in a test log.
  const lines = console.replace(/\x1b\[[0-9;=?]*[A-Za-z]/g, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return ' The console stayed empty.';
  return `\nLast console lines:\n${lines.slice(-CONSOLE_TAIL_LINES).join('\n')}`;
}

let initrdPath: string | undefined;

/**
 * The initramfs, built once per test process from the host's busybox (written under the OS temp dir
 * and reused by every boot of the process).
 */
function initramfs(): string {
  if (initrdPath && existsSync(initrdPath)) return initrdPath;
  const busybox = staticBusybox();
  if (typeof busybox !== 'string') throw new Error(busybox.problem);
  const dir = path.join(tmpdir(), `hvmpack-boot-initrd-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const f = path.join(dir, 'initrd.cpio');
  writeFileSync(f, encodeNewc(initramfsEntries(readFileSync(busybox))));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  initrdPath = f;
  return f;
}

/** The first busybox found if it is statically linked (the initramfs has no libc), else why not. */
function staticBusybox(): string | { problem: string } {
  const found = BUSYBOX_CANDIDATES.find(readable);
  if (!found) return { problem: 'busybox not installed (Debian busybox-static)' };
  return hasInterpreter(readFileSync(found)) ? { problem: `${found} is dynamically linked (install Debian busybox-static)` } : found;
}

const PT_INTERP = 3;

/** True when an ELF64 image names a program interpreter (a PT_INTERP program header): it is dynamically linked. */
function hasInterpreter(elf: Uint8Array): boolean {
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  if (elf.length < 64 || view.getUint32(0) !== 0x7f454c46 || elf[4] !== 2) return true;
  const phoff = Number(view.getBigUint64(0x20, true));
  const phentsize = view.getUint16(0x36, true);
  const phnum = view.getUint16(0x38, true);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 4 > elf.length) return true;
    if (view.getUint32(at, true) === PT_INTERP) return true;
  }
  return false;
}

function kvmUsable(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function readable(f: string): boolean {
  try {
    accessSync(f, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** Orders `vmlinuz-6.1.0-9-amd64` before `vmlinuz-6.1.0-10-amd64`. */
function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
