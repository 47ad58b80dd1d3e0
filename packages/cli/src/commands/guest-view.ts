import { ErrorCode, FormatError, hasErrors, hex, printableAscii } from '@hvmpack/bytes';
import { readAcpiInput, readSmbiosInput } from '@hvmpack/host';
import { isDomainUuid, memorySplit, resolveGuest, xenVersionString, type Guest } from '@hvmpack/guest';
import { computeGuestView, detectBlobKind, diffFromHost, guestViewDumpBin, guestViewToJson, type GuestRootEntry, type GuestView, type HostDiff } from '@hvmpack/xen';
import type { Argv } from 'yargs';
import { defineCommand } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { printJson } from '../json.js';
import { guestConfigFrom, guestOptions, type GuestArgs } from './check.js';

interface GuestViewArgs extends GuestArgs {
  smbios?: string;
  acpi?: string;
  'dump-bin'?: string;
  'full-count'?: boolean;
  'cpu-vendor'?: string;
  'cpu-signature'?: string;
  'cpu-features'?: string;
  'cpu-mhz'?: number;
  uuid?: string;
  'build-date'?: string;
  'memory-below-4g'?: number;
  'default-battery'?: boolean;
  'host-smbios'?: string;
  'host-acpi'?: string;
}

const h4 = (n: number) => hex(n, 4);

/** A CPUID register given as `0x…` hex or decimal. */
function register(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new UsageError(`--${name} wants a 32-bit value such as 0x000306c3, got "${text}"`);
  return v;
}

/**
 * The guest identity hvmloader reads besides the blobs (CPUID, domain UUID, its build date, the
 * RAM split, the default-battery key) on top of the common guest options; absent flags keep a
 * stock xl guest's values.
 */
export function guestIdentityFrom(a: GuestViewArgs, base: Guest): Guest {
  const uuid = a.uuid ?? base.uuid;
  if (!isDomainUuid(uuid)) {
    throw new UsageError(`--uuid wants the domain UUID (xl list -v shows it), such as 5b0f2cbe-3c1a-4d2e-9f10-0123456789ab, got "${uuid}"`);
  }
  const date = a['build-date'] ?? base.buildDate;
  if (!/^\d{2}\/\d{2}\/\d{4}$/.test(date)) throw new UsageError(`--build-date wants mm/dd/yyyy (hvmloader's __SMBIOS_DATE__), got "${date}"`);
  const mhz = a['cpu-mhz'] ?? base.cpu.mhz;
  if (!Number.isInteger(mhz) || mhz < 0 || mhz > 0xffff) throw new UsageError(`--cpu-mhz wants 0..65535, got ${mhz}`);
  try {
    return resolveGuest({
      ...base,
      uuid,
      buildDate: date,
      cpu: {
        vendor: a['cpu-vendor'] ?? base.cpu.vendor,
        signatureEax: register('cpu-signature', a['cpu-signature'], base.cpu.signatureEax),
        featuresEdx: register('cpu-features', a['cpu-features'], base.cpu.featuresEdx),
        mhz,
      },
      memoryBelow4GMiB: a['memory-below-4g'] ?? base.memoryBelow4GMiB,
      defaultBattery: a['default-battery'] ?? base.defaultBattery,
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

function rootEntryText(e: GuestRootEntry): string {
  return `${printableAscii(e.signature, '?').padEnd(4)} ${e.length === null ? '       -' : String(e.length).padStart(8)}  ${e.source}${e.blobIndex !== undefined ? ` (blob #${e.blobIndex})` : ''}${e.checksumOk ? '' : ' BAD CHECKSUM'}`;
}

/** The guest the view was built for, in one line: which hvmloader, which firmware, what it measured. */
function guestLine(g: Guest): string {
  const { below4GMiB, above4GMiB } = memorySplit(g);
  return `Guest: Xen ${xenVersionString(g.xen)} hvmloader, ${g.firmware}, ${g.vcpus} vCPU(s), ${g.memoryMiB} MiB (${below4GMiB} below 4 GiB, ${above4GMiB} above), CPU ${g.cpu.vendor} ${hex(g.cpu.signatureEax >>> 0, 8)} ${g.cpu.mhz} MHz, UUID ${g.uuid}`;
}

/** Human-readable guest view: SMBIOS structures in table order, ACPI tables, what was dropped. */
export function guestViewText(v: GuestView, guest?: Guest): string {
  const lines: string[] = guest ? [guestLine(guest)] : [];
  const ep = v.smbios.entryPoint;
  lines.push(ep
    ? `SMBIOS 2.4 entry point (_SM_, 0x1F bytes): ${ep.structureCount} structures counted, table ${ep.tableLength} bytes${ep.tableAddress !== null ? ` at ${hex(ep.tableAddress)}` : ''}, max structure ${ep.maxStructureSize}`
    : `SMBIOS: none — the ${v.smbios.tableLength}-byte table does not fit and hvmloader writes no entry point`);
  if (ep && v.smbios.visibleToCountReaders < v.smbios.structures.length) {
    lines.push(`  readers honouring the count (dmidecode) see only the first ${v.smbios.visibleToCountReaders} of ${v.smbios.structures.length}`);
  }
  for (const s of v.smbios.structures) {
    const from = s.source === 'generated' ? 'generated' : `blob #${s.blobIndex}${s.originalHandle !== undefined ? `, was ${h4(s.originalHandle)}` : ''}`;
    lines.push(`  ${h4(s.handle)}  type ${String(s.type).padStart(3)}  ${String(s.size).padStart(5)} bytes  ${from}`);
  }
  for (const d of v.diff.smbios.dropped) lines.push(`  dropped: blob #${d.blobIndex} type ${d.type} (${d.reason})`);
  if (!v.acpi.enabled) lines.push('ACPI: disabled (platform/acpi)');
  else {
    lines.push(`ACPI: ${v.acpi.builtins.length} built-in secondary tables, ${v.acpi.slots} pass-through slots, ${v.acpi.passthroughAccepted} taken${v.acpi.crashes ? ' — THE GUEST CRASHES in hvmloader (BUG in acpi_mem_alloc: a table length of 0)' : ''}`);
    lines.push('  RSDP (revision 2) → XSDT and RSDT; FACP → DSDT, FACS');
    if (v.acpi.xsdt) {
      lines.push(`  XSDT: ${v.acpi.xsdt.length} entries`);
      for (const e of v.acpi.xsdt) lines.push(`    ${rootEntryText(e)}`);
      lines.push(`  RSDT: the same entries, FACP revision 1 (${v.acpi.rsdt?.[0]?.length ?? '-'} bytes)`);
    }
    for (const d of v.acpi.dropped) lines.push(`  dropped: ${printableAscii(d.signature, '?')} at blob offset ${d.blobOffset} (no slot left)`);
  }
  if (v.findings.length > 0) {
    lines.push('Findings:');
    for (const line of formatFindingLines(v.findings)) lines.push('  ' + line);
  }
  return lines.join('\n') + '\n';
}

/** The host-vs-guest count table: only types/signatures whose counts differ. */
export function hostDiffText(d: HostDiff): string {
  const lines: string[] = [];
  if (d.smbios) {
    lines.push('SMBIOS differences from the host (type: host → guest):');
    for (const r of d.smbios) lines.push(`  type ${String(r.key).padStart(3)}: ${r.host} → ${r.guest}`);
  }
  if (d.acpi) {
    lines.push('ACPI differences from the host (signature: host → guest):');
    for (const r of d.acpi) lines.push(`  ${printableAscii(r.key, '?').padEnd(4)}: ${r.host} → ${r.guest}`);
  }
  return lines.join('\n') + '\n';
}

const KIND_NAMES: Record<string, string> = {
  smbios: 'an smbios_firmware blob',
  acpi: 'an acpi_firmware blob',
  'module-set': 'an hvmpack module set (stock hvmloader reads no container)',
  'smbios-dump': 'host SMBIOS data (run `hvmpack pack smbios` on it first)',
  'acpidump-text': 'host ACPI data (run `hvmpack pack acpi` on it first)',
};

/**
 * hvmloader reads any bytes as a blob, so a swapped --smbios/--acpi or an unpacked host dump
 * would give a plausible-looking but meaningless view: refuse files that are clearly something
 * else (an empty or unrecognised file is still modelled as hvmloader reads it).
 */
function expectBlob(file: string, bytes: Uint8Array, want: 'smbios' | 'acpi'): void {
  const kind = detectBlobKind(bytes);
  if (kind === want || kind === 'unknown') return;
  throw new FormatError(ErrorCode.UnknownFormat, `--${want} wants ${KIND_NAMES[want]}, but this is ${KIND_NAMES[kind]}`, { file, offset: 0 });
}

/** `hvmpack guest-view`: the SMBIOS table and ACPI tables a Xen HVM guest will see. */
export const guestView = defineCommand<GuestViewArgs>({
  command: 'guest-view',
  describe: 'Show the SMBIOS table and ACPI tables hvmloader builds for a guest from the blobs',
  builder: (y) =>
    guestOptions(y)
      .option('smbios', { type: 'string', describe: 'smbios_firmware blob' })
      .option('acpi', { type: 'string', describe: 'acpi_firmware blob' })
      .option('dump-bin', { type: 'string', describe: 'Write the guest SMBIOS as hvmloader leaves it, in dmidecode --dump-bin layout (entry point at 0, table at 0x20)' })
      .option('full-count', { type: 'boolean', default: false, describe: 'With --dump-bin: write the real structure count (hvmloader counts all OEM structures as one) so dmidecode shows every structure' })
      .option('cpu-vendor', { type: 'string', default: 'GenuineIntel', describe: 'CPUID leaf 0 vendor ID the guest sees (type 4 manufacturer: Intel, AMD or unknown)' })
      .option('cpu-signature', { type: 'string', default: '0x0', describe: 'CPUID leaf 1 EAX the guest sees (type 4 processor ID, first half)' })
      .option('cpu-features', { type: 'string', default: '0x0', describe: 'CPUID leaf 1 EDX the guest sees (type 4 processor ID, second half)' })
      .option('cpu-mhz', { type: 'number', default: 0, describe: 'CPU speed hvmloader measures (type 4 max and current speed)' })
      .option('uuid', { type: 'string', default: '00000000-0000-0000-0000-000000000000', describe: 'Domain UUID (type 1 UUID bytes as is, and its serial number)' })
      .option('build-date', { type: 'string', default: '01/01/2025', describe: 'hvmloader build date mm/dd/yyyy (type 0 release date)' })
      .option('memory-below-4g', { type: 'number', describe: 'MiB of --memory below 4 GiB (default: up to 3840; SMBIOS reports only the total)' })
      .option('default-battery', { type: 'boolean', default: false, describe: 'hvmloader/smbios/default_battery=1 (a generated type 22; libxl never writes it)' })
      .option('host-smbios', { type: 'string', describe: 'Original host SMBIOS, to show per-type differences' })
      .option('host-acpi', { type: 'string', describe: 'Original host ACPI, to show per-signature differences' }) as unknown as Argv<GuestViewArgs>,
  examples: [
    ["hvmpack guest-view --smbios smbios.bin --acpi acpi.bin --vcpus 4 --memory 4096", "what a 4-vCPU, 4 GiB guest sees"],
  ],
  run: async (a, ctx) => {
    const config = guestIdentityFrom(a, guestConfigFrom(a));
    if (a.smbios === undefined && a.acpi === undefined) throw new UsageError('give --smbios and/or --acpi (a blob from `hvmpack pack`)');
    const smbios = a.smbios !== undefined ? await ctx.io.readFile(a.smbios) : null;
    const acpi = a.acpi !== undefined ? await ctx.io.readFile(a.acpi) : null;
    if (smbios) expectBlob(a.smbios!, smbios, 'smbios');
    if (acpi) expectBlob(a.acpi!, acpi, 'acpi');
    const view = computeGuestView({ smbios, acpi, config });
    if (a['full-count'] && a['dump-bin'] === undefined) throw new UsageError('--full-count goes with --dump-bin FILE');
    if (a['dump-bin'] !== undefined) {
      const bin = guestViewDumpBin(view, { fullCount: a['full-count'] ?? false });
      if (bin === null) throw new UsageError(`not writing ${a['dump-bin']}: the guest gets no SMBIOS entry point`);
      const inputs = [a.smbios, a.acpi].filter((x): x is string => x !== undefined);
      await ctx.io.writeFile(a['dump-bin'], bin, { inputs });
    }
    let host: HostDiff | undefined;
    if (a['host-smbios'] !== undefined || a['host-acpi'] !== undefined) {
      const hs = a['host-smbios'] !== undefined ? (await readSmbiosInput(a['host-smbios'])).structures.map((s) => s.type) : undefined;
      const ha = a['host-acpi'] !== undefined ? (await readAcpiInput(a['host-acpi'])).tables.map((t) => t.signature) : undefined;
      host = diffFromHost(view, { ...(hs && { smbiosTypes: hs }), ...(ha && { acpiSignatures: ha }) });
    }
    const input = { ...(a.smbios !== undefined && { smbios: a.smbios }), ...(a.acpi !== undefined && { acpi: a.acpi }), ...(a['host-smbios'] !== undefined && { hostSmbios: a['host-smbios'] }), ...(a['host-acpi'] !== undefined && { hostAcpi: a['host-acpi'] }) };
    if (ctx.json) printJson(ctx, { input, ...guestViewToJson(view), ...(host && { host }) });
    else ctx.io.stdout(guestViewText(view, config) + (host ? hostDiffText(host) : ''));
    return hasErrors(view.findings) ? ExitCode.Problems : ExitCode.Ok;
  },
});
