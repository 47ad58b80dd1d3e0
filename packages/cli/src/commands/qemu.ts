// `hvmpack qemu prepare` and `hvmpack qemu guest-view`: the QEMU target's wiring. The policy is
// in @hvmpack/qemu; this reads files, calls it, prints and writes.
import * as path from 'node:path';
import { concatBytes, findingJson, hasErrors, hex, isFormatError, printableAscii, type Finding } from '@hvmpack/bytes';
import {
  DEFAULT_LIBVIRT_VERSION,
  computeQemuGuestView,
  describeQemuGuest,
  parseLibvirtVersion,
  parseQemuArguments,
  prepareQemuGuest,
  qemuGuestViewToJson,
  resolveQemuGuest,
  type QemuGuest,
  type QemuGuestView,
} from '@hvmpack/qemu';
import type { Argv, Options } from 'yargs';
import { defineCommand, defineGroup } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { printJson } from '../json.js';
import { parseTableList, parseTypeList } from './pack-xen.js';
import { readHost } from './prepare.js';

/** The QEMU guest flags (`qemu prepare`, `qemu guest-view`, and `audit --target qemu`). */
export interface QemuGuestArgs {
  machine?: string;
  firmware?: string;
  smp?: number;
  sockets?: number;
  memory?: number;
  'smbios-entry-point'?: string;
}

const QEMU_GUEST_OPTIONS = {
  machine: { type: 'string', choices: ['pc', 'q35'], describe: 'QEMU machine type (-machine; default pc)' },
  firmware: { type: 'string', choices: ['seabios', 'ovmf'], describe: 'Guest firmware (default seabios; ovmf adds -bios OVMF.fd)' },
  smp: { type: 'number', describe: 'vCPUs (-smp N; default 1)' },
  sockets: { type: 'number', describe: 'CPU sockets (-smp N,sockets=S): one type 4 each (default 1)' },
  memory: { alias: 'm', type: 'number', describe: 'Guest RAM in MiB (-m; default 1024)' },
  'smbios-entry-point': { type: 'string', choices: ['32', '64'], describe: 'SMBIOS entry point QEMU builds: 32 (2.1, QEMU 7.2\'s default, table up to 64 KiB) or 64 (3.0)' },
} as const satisfies Record<keyof QemuGuestArgs, Options>;

/** The flags only a QEMU guest has; `audit` adds these to the --firmware and --memory it shares with Xen guests. */
export const QEMU_ONLY_FLAGS = ['machine', 'smp', 'sockets', 'smbios-entry-point'] as const;

/** The QEMU guest options (all, or the ones named); absent ones keep QEMU 7.2's defaults (or, for guest-view --args, the argument list's). */
export function qemuGuestOptions<T>(y: Argv<T>, flags: readonly (keyof QemuGuestArgs)[] = Object.keys(QEMU_GUEST_OPTIONS) as (keyof QemuGuestArgs)[]): Argv<T & QemuGuestArgs> {
  let out = y as unknown as Argv<T & QemuGuestArgs>;
  for (const f of flags) out = out.option(f, QEMU_GUEST_OPTIONS[f]) as unknown as Argv<T & QemuGuestArgs>;
  return out;
}

/** The QEMU guest the flags describe over `base`; a value QEMU would refuse is a usage error naming the flag. */
export function qemuGuestFrom(a: QemuGuestArgs, base: Partial<QemuGuest> = {}): QemuGuest {
  const partial: Partial<QemuGuest> = { ...base };
  if (a.machine !== undefined) partial.machine = a.machine as QemuGuest['machine'];
  if (a.firmware !== undefined) partial.firmware = a.firmware as QemuGuest['firmware'];
  if (a.smp !== undefined) partial.cpus = a.smp;
  if (a.sockets !== undefined) partial.sockets = a.sockets;
  if (a.memory !== undefined) partial.memoryMiB = a.memory;
  if (a['smbios-entry-point'] !== undefined) partial.smbiosEntryPoint = a['smbios-entry-point'] as QemuGuest['smbiosEntryPoint'];
  try {
    return resolveQemuGuest(partial);
  } catch (e) {
    if (isFormatError(e)) throw new UsageError(`--${e.path ?? 'guest'}: expected ${e.expected ?? 'a valid value'}, got ${e.found ?? '?'}`);
    throw e;
  }
}

function guestLine(g: QemuGuest): string {
  return `Guest: ${describeQemuGuest(g)}`;
}

interface PrepareArgs extends QemuGuestArgs {
  input?: string[];
  output: string;
  types?: string;
  tables?: string;
  libvirt?: string;
  ovmf?: string;
  force: boolean;
}

const prepare = defineCommand<PrepareArgs>({
  command: 'prepare <input...>',
  describe: "Host SMBIOS/ACPI to a QEMU guest folder: one -smbios file= per structure, one -acpitable file= per table, the argument list, libvirt XML, guest view and report",
  builder: (y) =>
    qemuGuestOptions(y)
      .positional('input', { type: 'string', array: true, describe: "The host's SMBIOS input and/or ACPI input (anything `smbios decode`/`acpi list` read)" })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'New folder to create (absent or empty); written completely or not at all' })
      .option('types', { type: 'string', describe: 'SMBIOS types to pass, e.g. 1,2,3,11,128-255 (default: 0,1,2,3,11 and the OEM types 128-255)' })
      .option('tables', { type: 'string', describe: 'ACPI tables to pass, e.g. SLIC,MSDM,SSDT2 (default: all but the ones QEMU builds and MSDM/SLIC, which pass only when named)' })
      .option('libvirt', { type: 'string', describe: 'libvirt version the XML is for (default 9.0, Debian 12): 11.2 and later also know <table type="msdm"|"raw">' })
      .option('ovmf', { type: 'string', describe: 'OVMF image for -bios and <loader> (default /usr/share/ovmf/OVMF.fd)' })
      .option('force', { type: 'boolean', default: false, describe: 'Write the folder even when QEMU would refuse it (still exit 1)' }) as unknown as Argv<PrepareArgs>,
  examples: [
    ['hvmpack qemu prepare /sys/firmware/dmi/tables /sys/firmware/acpi/tables --tables SLIC,MSDM -o vm1', "this machine's identity and activation tables for a QEMU guest"],
    ['hvmpack qemu prepare host.bin host.acpidump.txt --machine q35 --firmware ovmf --smp 4 --memory 4096 -o vm1', 'the same for a q35/OVMF guest with 4 CPUs and 4 GiB'],
  ],
  run: async (a, ctx) => {
    const types = a.types !== undefined ? parseTypeList(a.types) : undefined;
    const wanted = a.tables !== undefined ? parseTableList(a.tables) : undefined;
    const guest = qemuGuestFrom(a);
    let libvirt = DEFAULT_LIBVIRT_VERSION;
    try {
      if (a.libvirt !== undefined) libvirt = parseLibvirtVersion(a.libvirt);
    } catch (e) {
      if (isFormatError(e)) throw new UsageError(`--libvirt: ${e.reason}, got ${JSON.stringify(a.libvirt)}`);
      throw e;
    }
    if ((await ctx.io.isDirectory(a.output)) && (await ctx.io.readDir(a.output)).length > 0) {
      throw new UsageError(`${a.output}: folder exists and is not empty; qemu prepare writes a new folder`);
    }
    const inputs: string[] = [];
    const host = await readHost({ example: false, input: a.input }, inputs);
    const prefix = (fs: readonly Finding[]): Finding[] => fs.map((f) => ({ ...f, path: `input${f.path !== undefined ? `.${f.path}` : ''}` }));
    const dir = path.resolve(a.output);
    const prepared = prepareQemuGuest({
      structures: host.smbios?.structures ?? null,
      tables: host.acpi?.tables ?? null,
      guest,
      ...(types && { types }),
      ...(wanted && { wantedTables: wanted }),
      dir,
      libvirt,
      ...(a.ovmf !== undefined && { ovmfPath: a.ovmf }),
    });
    const findings = [...prefix(host.smbios?.findings ?? []), ...prefix(host.acpi?.findings ?? []), ...prepared.findings];
    const names = [...prepared.files.map((f) => f.name), 'report.json'];
    const doc = (written: boolean): object => ({
      input: { host: a.input ?? [] },
      output: written ? a.output : null,
      written,
      files: written ? names : [],
      guest,
      arguments: prepared.args,
      summary: prepared.summary,
      findings: findings.map(findingJson),
    });
    const failed = hasErrors(findings);
    const write = !failed || a.force;
    if (write) {
      const files = [...prepared.files.map((f) => ({ name: f.name, data: f.data, ...(f.executable && { mode: 0o755 }) })), { name: 'report.json', data: JSON.stringify(doc(true), null, 2) + '\n' }];
      await ctx.io.writeFolder(a.output, files);
    }
    if (ctx.json) {
      printJson(ctx, doc(write));
    } else {
      for (const line of formatFindingLines(findings.filter((f) => !ctx.quiet || f.severity === 'error'))) ctx.io.stderr(line + '\n');
      if (!write) ctx.io.stderr(`hvmpack: not writing ${a.output}: QEMU or the firmware would refuse or lose data (see the errors above; --force writes anyway)\n`);
      else if (!ctx.quiet) {
        const s = prepared.summary;
        ctx.io.stdout(
          `${a.output}/: ${s.smbiosFiles.length} -smbios file(s), ${s.acpiFiles.length} -acpitable file(s)${s.acpiFiles.length ? ` (${s.acpiFiles.map((t) => t.signature).join(', ')})` : ''}, qemu.args, qemu.sh, libvirt.xml, guest-view.json, report.json\n` +
            `  ${guestLine(guest)}\n  the guest's SMBIOS: ${s.guestStructureCount} structures, entry point ${s.entryPoint}\n  run: ${path.join(a.output, 'qemu.sh')} -nographic …   (libvirt: virsh define ${path.join(a.output, 'libvirt.xml')} after merging)\n`,
        );
      }
    }
    return failed ? ExitCode.Problems : ExitCode.Ok;
  },
});

interface GuestViewArgs extends QemuGuestArgs {
  smbios?: string[];
  acpitable?: string[];
  args?: string;
}

function structureRows(v: QemuGuestView): string[] {
  const rows = v.smbios.structures.map((s) => `  ${hex(s.handle, 4)}  type ${String(s.type).padStart(3)}  ${String(s.length).padStart(3)} + strings = ${String(s.totalLength).padStart(5)} bytes  ${s.source === 'user' ? `-smbios file #${s.file}` : s.source === 'qemu' ? 'QEMU' : v.guest.firmware === 'ovmf' ? 'OVMF' : 'SeaBIOS'}`);
  for (const d of v.smbios.dropped) rows.push(`  dropped: ${hex(d.handle, 4)} type ${d.type} (${d.source === 'user' ? `file #${d.file}` : 'QEMU'}): ${d.reason}`);
  return rows;
}

function viewText(v: QemuGuestView): string {
  const ep = v.smbios.entryPoints.map((e) => `${e.anchor} ${e.version}`).join(' and ');
  const lines = [guestLine(v.guest), `SMBIOS (${ep}): ${v.smbios.structures.length} structures, ${v.smbios.entryPoints[0]!.tableLength} bytes`, ...structureRows(v)];
  const a = v.acpi;
  lines.push(`ACPI: RSDP revision ${a.rsdp.revision} (OEM ${JSON.stringify(a.rsdp.oemId)}), ${a.roots.map((r) => `${r.signature} (OEM ${JSON.stringify(r.oemId)} ${JSON.stringify(r.oemTableId)})`).join(', ')}`);
  for (const t of a.tables) lines.push(`  ${printableAscii(t.signature, '?').padEnd(4)} ${String(t.length).padStart(6)}  ${t.source === 'qemu' ? 'QEMU' : `-acpitable file #${t.file}`}  OEM ${JSON.stringify(t.oemId)} ${JSON.stringify(t.oemTableId)}`);
  return lines.join('\n') + '\n';
}

const guestView = defineCommand<GuestViewArgs>({
  command: 'guest-view',
  describe: 'Show the SMBIOS table and ACPI root a QEMU guest gets from -smbios file= and -acpitable file= blobs',
  builder: (y) =>
    qemuGuestOptions(y)
      .option('smbios', { type: 'string', array: true, describe: 'A -smbios file= blob (one structure); repeat in command-line order' })
      .option('acpitable', { type: 'string', array: true, describe: 'An -acpitable file= table; repeat in command-line order' })
      .option('args', { type: 'string', describe: 'A QEMU argument file, one argument a line (qemu prepare\'s qemu.args): its -machine, -bios, -smp, -m, -smbios file= and -acpitable file=; flags given here win' }) as unknown as Argv<GuestViewArgs>,
  examples: [
    ['hvmpack qemu guest-view --args vm1/qemu.args', 'what the guest prepared in vm1 will see'],
    ['hvmpack qemu guest-view --smbios type1.bin --acpitable slic.bin --firmware ovmf --json', 'the same for hand-made blobs, under OVMF, as JSON'],
  ],
  run: async (a, ctx) => {
    let base: Partial<QemuGuest> = {};
    const smbiosFiles: string[] = [];
    const acpiFiles: string[][] = [];
    if (a.args !== undefined) {
      const text = new TextDecoder().decode(await ctx.io.readFile(a.args));
      const parsed = parseQemuArguments(text.split('\n').filter((l) => l !== ''));
      base = parsed.guest;
      smbiosFiles.push(...parsed.smbiosFiles);
      acpiFiles.push(...parsed.acpiFiles);
    }
    smbiosFiles.push(...(a.smbios ?? []));
    acpiFiles.push(...(a.acpitable ?? []).map((f) => [f]));
    if (smbiosFiles.length === 0 && acpiFiles.length === 0 && a.args === undefined) throw new UsageError('give --smbios and/or --acpitable files, or --args with a QEMU argument file');
    const guest = qemuGuestFrom(a, base);
    const smbios: Uint8Array[] = [];
    for (const f of smbiosFiles) {
      smbios.push(await ctx.io.readFile(f));
    }
    const acpi: Uint8Array[] = [];
    for (const parts of acpiFiles) {
      const bytes: Uint8Array[] = [];
      for (const f of parts) {
        bytes.push(await ctx.io.readFile(f));
      }
      acpi.push(concatBytes(bytes));
    }
    const view = computeQemuGuestView({ smbios, acpi }, guest);
    const failed = hasErrors(view.findings);
    if (ctx.json) {
      const input = { ...(a.args !== undefined && { args: a.args }), ...(smbiosFiles.length > 0 && { smbios: smbiosFiles }), ...(acpiFiles.length > 0 && { acpitable: acpiFiles.map((p) => p.join(':')) }) };
      printJson(ctx, { input, ...qemuGuestViewToJson(view), findings: view.findings.map(findingJson) });
    } else {
      if (!ctx.quiet) ctx.io.stdout(viewText(view));
      for (const line of formatFindingLines(view.findings.filter((f) => !ctx.quiet || f.severity === 'error'))) ctx.io.stderr(line + '\n');
    }
    return failed ? ExitCode.Problems : ExitCode.Ok;
  },
});

/** `hvmpack qemu …`: the QEMU/KVM and libvirt target. */
export const qemu = defineGroup({
  command: 'qemu',
  describe: 'QEMU/KVM and libvirt: host SMBIOS/ACPI as -smbios file= and -acpitable file= arguments, and what the guest sees',
  subcommands: [prepare, guestView],
});

