import { ErrorCode, FormatError, hasErrors, hex, printableAscii } from '@hvmpack/bytes';
import { readAcpiInput, readSmbiosInput } from '@hvmpack/host';
import { computeGuestView, detectBlobKind, diffFromHost, guestViewDumpBin, guestViewToJson, type GuestView, type HostDiff } from '@hvmpack/xen';
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
  'host-smbios'?: string;
  'host-acpi'?: string;
}

const h4 = (n: number) => hex(n, 4);

/** Human-readable guest view: SMBIOS structures in table order, ACPI tables, what was dropped. */
export function guestViewText(v: GuestView): string {
  const lines: string[] = [];
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
    lines.push(`ACPI: ${v.acpi.builtins.length} built-in secondary tables, ${v.acpi.slots} pass-through slots${v.acpi.crashes ? ' — THE GUEST CRASHES in hvmloader' : ''}`);
    for (const t of v.acpi.tables) {
      lines.push(`  ${printableAscii(t.signature, '?').padEnd(8)} ${t.length === null ? '       -' : String(t.length).padStart(8)}  ${t.source}${t.note ? ` (${t.note})` : ''}${t.checksumOk === false ? ' BAD CHECKSUM' : ''}`);
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
      .option('dump-bin', { type: 'string', describe: 'Write the guest SMBIOS as a dmidecode --dump-bin file' })
      .option('host-smbios', { type: 'string', describe: 'Original host SMBIOS, to show per-type differences' })
      .option('host-acpi', { type: 'string', describe: 'Original host ACPI, to show per-signature differences' }) as unknown as Argv<GuestViewArgs>,
  run: async (a, ctx) => {
    const config = guestConfigFrom(a);
    if (a.smbios === undefined && a.acpi === undefined) throw new UsageError('give --smbios and/or --acpi (a blob from `hvmpack pack`)');
    const smbios = a.smbios !== undefined ? await ctx.io.readFile(a.smbios) : null;
    const acpi = a.acpi !== undefined ? await ctx.io.readFile(a.acpi) : null;
    if (smbios) expectBlob(a.smbios!, smbios, 'smbios');
    if (acpi) expectBlob(a.acpi!, acpi, 'acpi');
    const view = computeGuestView({ smbios, acpi, config });
    if (a['dump-bin'] !== undefined) {
      const bin = guestViewDumpBin(view);
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
    else ctx.io.stdout(guestViewText(view) + (host ? hostDiffText(host) : ''));
    return hasErrors(view.findings) ? ExitCode.Problems : ExitCode.Ok;
  },
});
