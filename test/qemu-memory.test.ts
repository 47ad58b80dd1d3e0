// hvmpack's QEMU guest view against QEMU itself: start QEMU 7.2 with `qemu prepare`'s arguments
// and no disk, let SeaBIOS or OVMF build the tables, copy guest memory out through the monitor
// (pmemsave) and compare the SMBIOS table and ACPI root found there with guest-view.json: every
// structure's type, handle and lengths in order, the passed ones byte for byte, every root-table
// entry with its OEM IDs, the appended tables byte for byte. No guest kernel is needed, so each
// case takes seconds (SeaBIOS) to half a minute (OVMF under TCG).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFormatError } from '@hvmpack/bytes';
import { decodeEntryPoint, decodeStructureTable, type EntryPoint } from '@hvmpack/smbios';
import { memorySplitMiB, parseQemuArguments, resolveQemuGuest, type QemuGuestStructure } from '@hvmpack/qemu';
import { runHvmpack } from './support/cli.js';
import { corpusFiles, skipReason } from './support/env.js';
import { tempDir } from './support/tools.js';

const dir = tempDir('qemu-memory');
const MiB = 1024 * 1024;

/** Two windows of guest memory: the BIOS area (SeaBIOS's F-segment) and the top 64 MiB of low RAM (everything else). */
interface Memory {
  read(address: number, length: number): Uint8Array | undefined;
  windows: { base: number; bytes: Uint8Array }[];
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts QEMU, copies the windows out every few seconds until `ready` accepts them, then quits QEMU. */
async function guestMemory(args: readonly string[], lowTopMiB: number, ready: (m: Memory) => boolean, timeoutMs: number): Promise<Memory> {
  // The monitor reads a '/' in pmemsave's arguments as a division: QEMU runs in `dir` and gets bare names.
  const q = spawn('qemu-system-x86_64', ['-nodefaults', '-display', 'none', '-monitor', 'stdio', ...args], { stdio: ['pipe', 'ignore', 'pipe'], cwd: dir });
  let stderr = '';
  q.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const ranges = [{ base: 0xe0000, size: 0x20000 }, { base: (lowTopMiB - 64) * MiB, size: 64 * MiB }];
  const deadline = Date.now() + timeoutMs;
  try {
    for (let round = 0; Date.now() < deadline; round++) {
      await sleep(round === 0 ? 3000 : 4000);
      if (q.exitCode !== null) throw new Error(`QEMU exited: ${stderr}`);
      const names = ranges.map((_, i) => `mem-${process.pid}-${round}-${i}`);
      const files = names.map((n) => path.join(dir, n));
      ranges.forEach((r, i) => q.stdin.write(`pmemsave ${r.base} ${r.size} ${names[i]}\n`));
      // pmemsave writes the whole window before the monitor reads its next command.
      for (let t = 0; t < 50 && !files.every((f, i) => existsSync(f) && statSync(f).size === ranges[i]!.size); t++) await sleep(200);
      const windows = ranges.map((r, i) => ({ base: r.base, bytes: new Uint8Array(readFileSync(files[i]!)) }));
      const m: Memory = {
        windows,
        read: (address, length) => {
          const w = windows.find((x) => address >= x.base && address + length <= x.base + x.bytes.length);
          return w?.bytes.subarray(address - w.base, address - w.base + length);
        },
      };
      if (ready(m)) return m;
    }
    throw new Error(`no tables in guest memory after ${timeoutMs / 1000} s: ${stderr}`);
  } finally {
    q.stdin.end('quit\n');
    setTimeout(() => q.kill('SIGKILL'), 5000).unref();
  }
}

/** Every SMBIOS entry point with good checksums, and the structures of its table. */
function smbiosIn(m: Memory): { ep: EntryPoint; structures: { type: number; handle: number; length: number; totalLength: number; bytes: Uint8Array }[] }[] {
  const out: ReturnType<typeof smbiosIn> = [];
  for (const w of m.windows) {
    const buf = Buffer.from(w.bytes.buffer, w.bytes.byteOffset, w.bytes.length);
    for (let i = buf.indexOf('_SM'); i >= 0 && i + 24 <= w.bytes.length; i = buf.indexOf('_SM', i + 1)) {
      let ep: EntryPoint;
      try {
        ep = decodeEntryPoint(w.bytes.subarray(i, i + 32));
      } catch (e) {
        if (isFormatError(e)) continue;
        throw e;
      }
      const [address, length] = ep.kind === '_SM3_' ? [Number(ep.tableAddress), ep.tableMaxSize] : [ep.tableAddress, ep.tableLength];
      const table = m.read(address, length);
      if (!table) continue;
      const t = decodeStructureTable(table, ep.kind === '_SM3_' ? { stopAtEndOfTable: true } : { structureCount: ep.structureCount });
      out.push({ ep, structures: t.structures.map((s) => ({ type: s.type, handle: s.handle, length: s.length, totalLength: s.formatted.length + s.stringSet.length, bytes: table.subarray(s.offset, s.offset + s.formatted.length + s.stringSet.length) })) });
    }
  }
  return out;
}

const u32 = (b: Uint8Array, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const text = (b: Uint8Array): string => String.fromCharCode(...b);

/** The firmware's RSDP (OVMF's revision 2 one when there is one) and the RSDT's entries. */
function acpiIn(m: Memory): { revision: number; rsdpOem: string; rsdtOem: [string, string]; tables: { signature: string; length: number; oemId: string; oemTableId: string; bytes: Uint8Array }[] } | undefined {
  let best: { w: Uint8Array; i: number } | undefined;
  for (const w of m.windows) {
    // OVMF's RSDP is not on a 16-byte boundary (only the legacy BIOS scan needs that).
    const buf = Buffer.from(w.bytes.buffer, w.bytes.byteOffset, w.bytes.length);
    for (let i = buf.indexOf('RSD PTR '); i >= 0 && i + 20 <= w.bytes.length; i = buf.indexOf('RSD PTR ', i + 1)) {
      if (w.bytes.subarray(i, i + 20).reduce((a, b) => a + b, 0) % 256 !== 0) continue;
      if (!best || w.bytes[i + 15]! > best.w[best.i + 15]!) best = { w: w.bytes, i };
    }
  }
  if (!best) return undefined;
  const rsdt = m.read(u32(best.w, best.i + 16), 36);
  if (!rsdt) return undefined;
  // Read while the firmware may still be writing: a root or table not (yet) in a copied window
  // means "not ready", and the caller looks again.
  const whole = m.read(u32(best.w, best.i + 16), u32(rsdt, 4));
  if (!whole) return undefined;
  const tables = [];
  for (let o = 36; o + 4 <= whole.length; o += 4) {
    const h = m.read(u32(whole, o), 36);
    const bytes = h && m.read(u32(whole, o), u32(h, 4));
    if (!h || !bytes) return undefined;
    tables.push({ signature: text(h.subarray(0, 4)), length: u32(h, 4), oemId: text(h.subarray(10, 16)), oemTableId: text(h.subarray(16, 24)), bytes });
  }
  return { revision: best.w[best.i + 15]!, rsdpOem: text(best.w.subarray(best.i + 9, best.i + 15)), rsdtOem: [text(whole.subarray(10, 16)), text(whole.subarray(16, 24))], tables };
}

interface ViewJson {
  smbios: { entryPoints: { anchor: string; version: string; tableLength: number }[]; structures: QemuGuestStructure[] };
  acpi: { rsdp: { revision: number; oemId: string }; roots: { oemId: string; oemTableId: string }[]; tables: { signature: string; length: number; oemId: string; oemTableId: string; file?: number }[]; appended: { file: number; bytes: string }[] };
}

const corpus = (sub: string, end: string): string => corpusFiles(sub, (n) => n.endsWith(end))[0] ?? '';
const CASES: [string, () => string[]][] = [
  ['pc, SeaBIOS: a laptop\'s identity and OEM types, a server\'s SLIC and three more tables', () => [corpus('smbios', 'Lenovo-ThinkPad-T480.bin'), corpus('acpi', 'PowerEdge-R820_E5985CCBA349.acpidump.txt'), '--tables', 'SLIC,SPCR,WD__,PC__']],
  ['q35, OVMF, 2 sockets, 4 GiB: moved handles, a table with a stale checksum', () => [corpus('smbios', 'Lenovo-ThinkPad-T480.bin'), corpus('acpi', 'GA-880GMA-USB3_83A64B35F7D8.acpidump.txt'), '--types', '1,2,3,11,128-255', '--tables', 'TAMG,SSDT,MATS', '--machine', 'q35', '--firmware', 'ovmf', '--smp', '4', '--sockets', '2', '--memory', '4096']],
  ['q35, SeaBIOS, 3000 MiB: RAM above 4 GiB, an old Dell without its type 0 (SeaBIOS adds its own)', () => [corpus('smbios', 'PE2600_smbios.dat'), '--types', '1,2,3,11,128-255', '--machine', 'q35', '--smp', '2', '--memory', '3000']],
  ['pc, OVMF, the 3.0 entry point', () => [corpus('smbios', 'GigaByte-X399.bin'), '--firmware', 'ovmf', '--smbios-entry-point', '64']],
];

function ovmfSkip(): string | undefined {
  if (existsSync('/usr/share/ovmf/OVMF.fd')) return undefined;
  console.warn('[skip] /usr/share/ovmf/OVMF.fd absent (Debian package ovmf)');
  return 'no OVMF';
}
const skip = skipReason({ tools: ['qemu-system-x86_64'], corpus: 'smbios' }) ?? ovmfSkip();

describe('the QEMU guest view against the tables in a running QEMU guest', () => {
  it.skipIf(skip !== undefined).each(CASES)('%s', async (name, argv) => {
    const out = path.join(dir, name.replace(/[^a-z0-9]+/gi, '-'));
    const r = await runHvmpack(['qemu', 'prepare', ...argv(), '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const args = readFileSync(path.join(out, 'qemu.args'), 'utf8').split('\n').filter((l) => l !== '');
    const guest = resolveQemuGuest(parseQemuArguments(args).guest);
    const view = JSON.parse(readFileSync(path.join(out, 'guest-view.json'), 'utf8')) as ViewJson;
    const anchor = view.smbios.entryPoints[0]!.anchor;
    const mem = await guestMemory(args, memorySplitMiB(guest).below4G, (m) => smbiosIn(m).some((t) => t.ep.kind === anchor) && acpiIn(m) !== undefined && (guest.firmware === 'seabios' || acpiIn(m)!.revision === 2), guest.firmware === 'ovmf' ? 150_000 : 60_000);

    const found = smbiosIn(mem);
    expect(found.map((t) => `${t.ep.kind} ${t.ep.kind === '_SM3_' ? `${t.ep.major}.${t.ep.minor}.${t.ep.docrev}` : `${t.ep.major}.${t.ep.minor}`}`).sort()).toEqual(view.smbios.entryPoints.map((e) => `${e.anchor} ${e.version}`).sort());
    const table = found.find((t) => t.ep.kind === anchor)!;
    const row = (s: { type: number; handle: number; length: number; totalLength: number }): string => `${s.type}@${s.handle.toString(16)}:${s.length}/${s.totalLength}`;
    expect(table.structures.map(row)).toEqual(view.smbios.structures.map(row));
    const files = args.flatMap((a, i) => (args[i - 1] === '-smbios' ? [a.slice('file='.length)] : []));
    view.smbios.structures.forEach((s, k) => {
      if (s.source === 'user') expect(Buffer.from(table.structures[k]!.bytes).equals(readFileSync(files[s.file!]!)), `structure ${k}`).toBe(true);
    });

    const acpi = acpiIn(mem)!;
    expect([acpi.revision, acpi.rsdpOem, acpi.rsdtOem]).toEqual([view.acpi.rsdp.revision, view.acpi.rsdp.oemId, [view.acpi.roots[0]!.oemId, view.acpi.roots[0]!.oemTableId]]);
    expect(acpi.tables.map((t) => [t.signature, t.length, t.oemId, t.oemTableId])).toEqual(view.acpi.tables.map((t) => [t.signature, t.length, t.oemId, t.oemTableId]));
    view.acpi.tables.forEach((t, k) => {
      if (t.file !== undefined) expect(Buffer.from(acpi.tables[k]!.bytes).toString('hex')).toBe(view.acpi.appended.find((a) => a.file === t.file)!.bytes);
    });
  }, 200_000);
});
