// The guest side of the QEMU boot tests, as pure functions: the initramfs (busybox and an /init
// script, packed as a newc cpio archive in memory, so neither cpio nor root is needed for the
// /dev/console node) and the parser of what that /init prints. No process is run here.

/** What the guest kernel read, as Linux exposes it in sysfs. */
export interface GuestTables {
  /** `/sys/firmware/dmi/tables/smbios_entry_point`. */
  entryPoint: Uint8Array;
  /** `/sys/firmware/dmi/tables/DMI`: the structure table. */
  dmi: Uint8Array;
  /**
   * Every file under `/sys/firmware/acpi/tables/`, keyed by its name there (`DSDT`, `SSDT1`,
   * `SLIC`); tables the kernel loaded later sit under `dynamic/` (`dynamic/SSDT3`), which is read
   * too so that an SSDT appearing there instead of at boot is not silently missed.
   */
  acpi: Map<string, Uint8Array>;
}

/** Begins every line the guest writes on its data port; nothing else on that port starts with it. */
export const MARK = '@@hvmpack';

/**
 * The guest's /init (busybox sh). The dumps go to the second serial port (ttyS1): the console
 * (ttyS0) carries the kernel's messages and OVMF's screen output, which would otherwise interleave
 * with the hex. Closing ttyS1 after the dumps waits until the UART has sent every byte, so the
 * power-off cannot cut the tail. `wc -c` gives the size the kernel reports, so a short transcript is
 * an error on the host side instead of a shorter table.
 */
export const INIT_SCRIPT = `#!/bin/busybox sh
b=/bin/busybox
$b mount -t sysfs sysfs /sys
$b mount -t devtmpfs devtmpfs /dev
dump() {
  echo "${MARK} begin $1 $($b wc -c < "$2")"
  $b xxd -p -c 32 "$2"
  echo "${MARK} end $1"
}
dumpAll() {
  echo "${MARK} start $($b uname -r)"
  dump dmi/smbios_entry_point /sys/firmware/dmi/tables/smbios_entry_point
  dump dmi/DMI /sys/firmware/dmi/tables/DMI
  for f in /sys/firmware/acpi/tables/* /sys/firmware/acpi/tables/dynamic/*; do
    [ -f "$f" ] && dump "acpi/\${f#/sys/firmware/acpi/tables/}" "$f"
  done
  echo "${MARK} done"
}
dumpAll > /dev/ttyS1
$b poweroff -f
`;

/** One member of a newc archive. */
export interface CpioEntry {
  name: string;
  /** st_mode: file type and permission bits. */
  mode: number;
  data?: Uint8Array;
  /** Device number of a character or block device node. */
  rdev?: { major: number; minor: number };
}

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFCHR = 0o020000;

/** The archive the guest boots: busybox as /bin/busybox, the /init script, and /dev/console for init's first output. */
export function initramfsEntries(busybox: Uint8Array): CpioEntry[] {
  return [
    { name: 'bin', mode: S_IFDIR | 0o755 },
    { name: 'dev', mode: S_IFDIR | 0o755 },
    // The kernel opens /dev/console for init before /init can mount devtmpfs.
    { name: 'dev/console', mode: S_IFCHR | 0o600, rdev: { major: 5, minor: 1 } },
    { name: 'proc', mode: S_IFDIR | 0o755 },
    { name: 'sys', mode: S_IFDIR | 0o755 },
    { name: 'bin/busybox', mode: S_IFREG | 0o755, data: busybox },
    { name: 'init', mode: S_IFREG | 0o755, data: new TextEncoder().encode(INIT_SCRIPT) },
  ];
}

const NEWC_HEADER_SIZE = 110;

/**
 * Packs entries as a newc ("070701") cpio archive, the format the kernel unpacks as an initramfs
 * (linux Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte ASCII header of
 * 8-digit hex fields, the NUL-terminated name, the data, each padded to 4 bytes, then the
 * `TRAILER!!!` entry.
 */
export function encodeNewc(entries: readonly CpioEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const all = [...entries, { name: 'TRAILER!!!', mode: 0 }];
  all.forEach((e, i) => {
    const name = new TextEncoder().encode(`${e.name}\0`);
    const data = e.data ?? new Uint8Array(0);
    const fields = [
      i + 1, // ino: distinct, or the kernel would treat entries as hard links
      e.mode,
      0, // uid
      0, // gid
      (e.mode & 0o170000) === S_IFDIR ? 2 : 1, // nlink
      0, // mtime
      data.length,
      0, // devmajor
      0, // devminor
      e.rdev?.major ?? 0,
      e.rdev?.minor ?? 0,
      name.length,
      0, // check: only used by the "070702" variant
    ];
    const header = '070701' + fields.map((f) => f.toString(16).padStart(8, '0')).join('');
    parts.push(new TextEncoder().encode(header), name, new Uint8Array(pad4(NEWC_HEADER_SIZE + name.length)), data, new Uint8Array(pad4(data.length)));
  });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

/** Why a transcript cannot be read: what was expected, and the line (1-based) where it was not. */
export class TranscriptError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (transcript line ${line})`);
    this.name = 'TranscriptError';
  }
}

/**
 * Reads what the guest's /init wrote on its data port. Text before a marker on the same line (OVMF
 * writes terminal escapes to every serial port) is ignored; everything between a `begin` and its
 * `end` must be hex, and add up to the size the guest announced. The transcript must reach `done`,
 * so a guest that died midway is an error, never a shorter table set.
 */
export function parseTranscript(text: string): GuestTables {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const files = new Map<string, Uint8Array>();
  let started = false;
  let open: { name: string; size: number; hex: string[]; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const at = raw.indexOf(MARK);
    const lineNo = i + 1;
    if (open) {
      if (at < 0) {
        if (!/^[0-9a-f]*$/.test(raw)) throw new TranscriptError(`expected hex of ${open.name}, found ${JSON.stringify(raw.slice(0, 40))}`, lineNo);
        open.hex.push(raw);
        continue;
      }
      const words = raw.slice(at + MARK.length).trim().split(' ');
      if (words[0] !== 'end' || words[1] !== open.name) throw new TranscriptError(`expected the end of ${open.name}, found ${JSON.stringify(raw.slice(at))}`, lineNo);
      const bytes = hexBytes(open.hex.join(''), open.name, open.line);
      if (bytes.length !== open.size) throw new TranscriptError(`${open.name}: the guest announced ${open.size} bytes, sent ${bytes.length}`, open.line);
      files.set(open.name, bytes);
      open = undefined;
      continue;
    }
    if (at < 0) continue;
    const words = raw.slice(at + MARK.length).trim().split(' ');
    if (words[0] === 'start') started = true;
    else if (words[0] === 'begin' && started && words.length === 3 && /^\d+$/.test(words[2] ?? '')) {
      const name = words[1] ?? '';
      if (files.has(name)) throw new TranscriptError(`${name} sent twice`, lineNo);
      open = { name, size: Number(words[2]), hex: [], line: lineNo };
    } else if (words[0] === 'done' && started) return tablesFrom(files, lineNo);
    else throw new TranscriptError(`unexpected marker ${JSON.stringify(raw.slice(at))}`, lineNo);
  }
  throw new TranscriptError(open ? `${open.name} was cut off` : started ? 'the guest stopped before "done"' : 'the guest printed nothing', lines.length);
}

function tablesFrom(files: Map<string, Uint8Array>, line: number): GuestTables {
  const entryPoint = files.get('dmi/smbios_entry_point');
  const dmi = files.get('dmi/DMI');
  if (!entryPoint || !dmi) throw new TranscriptError('the guest sent no SMBIOS entry point or table', line);
  const acpi = new Map<string, Uint8Array>();
  for (const [name, bytes] of files) if (name.startsWith('acpi/')) acpi.set(name.slice('acpi/'.length), bytes);
  return { entryPoint, dmi, acpi };
}

function hexBytes(hex: string, name: string, line: number): Uint8Array {
  if (hex.length % 2 !== 0) throw new TranscriptError(`${name}: odd number of hex digits`, line);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The transcript {@link INIT_SCRIPT} prints for these tables (lets the parser be tested without a guest). */
export function formatTranscript(tables: GuestTables, kernel = 'test'): string {
  const hex = (b: Uint8Array): string[] => {
    const s = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    const rows: string[] = [];
    for (let i = 0; i < s.length; i += 64) rows.push(s.slice(i, i + 64));
    return rows;
  };
  const dump = (name: string, b: Uint8Array): string[] => [`${MARK} begin ${name} ${b.length}`, ...hex(b), `${MARK} end ${name}`];
  return [
    `${MARK} start ${kernel}`,
    ...dump('dmi/smbios_entry_point', tables.entryPoint),
    ...dump('dmi/DMI', tables.dmi),
    ...[...tables.acpi].flatMap(([name, b]) => dump(`acpi/${name}`, b)),
    `${MARK} done`,
    '',
  ].join('\r\n');
}
