import { findingJson, hasErrors, type Finding } from '@hvmpack/bytes';
import { readAcpiInput, readSmbiosInput } from '@hvmpack/host';
import { checkAcpiBlob, checkSmbiosBlob, rewriteOem, xenTarget } from '@hvmpack/xen';
import type { Argv } from 'yargs';
import { defineCommand, defineGroup, type CommandContext } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { printJson } from '../json.js';
import { guestConfigFrom, guestOptions, type GuestArgs } from './check.js';
import { printRedaction, redactHost, redactionJson, redactOptions, type HostRedaction, type RedactFlagArgs } from './redact-flags.js';

interface PackArgs extends GuestArgs, RedactFlagArgs {
  input: string;
  output: string;
  force: boolean;
}

/** Parses `1,2,3,11,128-255` into a type set. */
export function parseTypeList(spec: string): Set<number> {
  const out = new Set<number>();
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m && m[2] !== undefined ? Number(m[2]) : lo;
    if (!m || lo > 255 || hi > 255 || lo > hi) throw new UsageError(`--types: "${part}" is not a type 0-255 or a range such as 128-255`);
    for (let t = lo; t <= hi; t++) out.add(t);
  }
  return out;
}

/** Parses `--tables SLIC,msdm,SSDT2` into upper-case signatures or table names. */
export function parseTableList(spec: string): Set<string> {
  return new Set(spec.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== ''));
}

/**
 * What reading the host input noticed (paths under `input.`), then an error when nothing is left
 * to pack: libxl silently ignores an empty blob file, so writing one only hides the mistake.
 */
function inputFindings(read: readonly Finding[], packed: number, what: string): Finding[] {
  const out: Finding[] = read.map((f) => ({ ...f, path: `input${f.path !== undefined ? `.${f.path}` : ''}` }));
  if (packed === 0) {
    out.push({ code: 'PACK_NOTHING_TO_PACK', severity: 'error', message: `no ${what} left to pack: the blob would be empty, and libxl silently ignores an empty file` });
  }
  return out;
}

/** Why pack does not write: the one error that says it best, else hvmloader's misbehaviour. */
function refusal(findings: readonly Finding[]): string {
  const errors = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.code));
  if (errors.has('PACK_NOTHING_TO_PACK')) return 'nothing was selected to pack (see the error above; libxl would ignore an empty blob)';
  if (errors.has('PACK_ACPI_TABLE_NOT_IN_INPUT')) return '--tables names a table the input does not hold (see the errors above; --force writes the rest)';
  return 'hvmloader would misbehave (see the errors above; --force writes anyway)';
}

/** Prints findings and decides whether pack may write: errors stop it unless --force. */
async function finishPack(a: PackArgs, ctx: CommandContext, blob: Uint8Array, items: { structureCount: number } | { tableCount: number }, findings: Finding[], summary: string, redaction?: HostRedaction, inputs: string[] = [a.input]): Promise<number> {
  const blocked = hasErrors(findings) && !a.force;
  printRedaction(redaction, ctx);
  if (ctx.json) {
    printJson(ctx, { input: a.input, output: blocked ? null : a.output, ...items, length: blob.length, written: !blocked, summary, findings: findings.map(findingJson), ...(redaction && { redaction: redactionJson(redaction) }) });
  } else {
    // Reading findings (paths under `input`) carry offsets into the input; the rest are about the blob.
    const shown = findings.filter((f) => !ctx.quiet || f.severity === 'error');
    for (const line of formatFindingLines(shown, (f) => (f.path?.startsWith('input') ? a.input : a.output))) ctx.io.stderr(line + '\n');
  }
  if (blocked) {
    if (!ctx.json) ctx.io.stderr(`hvmpack: not writing ${a.output}: ${refusal(findings)}\n`);
    return ExitCode.Problems;
  }
  await ctx.io.writeFile(a.output, blob, { inputs });
  if (!ctx.json && !ctx.quiet) ctx.io.stdout(`${a.output}: ${summary}\n`);
  return ExitCode.Ok;
}

const smbiosPack = defineCommand<PackArgs & { types?: string }>({
  command: 'smbios <input>',
  describe: 'Build an smbios_firmware blob from host SMBIOS (dump, sysfs, raw table)',
  builder: (y) =>
    redactOptions(guestOptions(y))
      .positional('input', { type: 'string', demandOption: true, describe: 'Host SMBIOS input (anything `smbios decode` reads)' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Blob to write (atomically)' })
      .option('types', { type: 'string', describe: 'Types to pass, e.g. 1,2,3,11,128-255 (default: every type hvmloader takes)' })
      .option('force', { type: 'boolean', default: false, describe: 'Write even when the checks find errors' }) as unknown as Argv<PackArgs & { types?: string }>,
  examples: [
    ["hvmpack pack smbios /sys/firmware/dmi/tables -o smbios.bin", "this machine's SMBIOS as an smbios_firmware= blob"],
    ["hvmpack pack smbios host.bin --types 1,2,3 -o - | xxd", "types 1-3 only, to standard output"],
    ["hvmpack pack smbios host.bin --redact -o smbios.bin", "with serials, the UUID, asset tags … replaced first (the built-in policy)"],
  ],
  run: async (a, ctx) => {
    const cfg = guestConfigFrom(a);
    const types = a.types !== undefined ? parseTypeList(a.types) : undefined;
    const inputs = [a.input];
    const read = await readSmbiosInput(a.input);
    const redaction = await redactHost(a, ctx, { smbios: read }, { guest: cfg, ...(types && { types }) }, inputs);
    const table = redaction?.host.smbios ?? read;
    const { chosen, notes } = xenTarget.select.smbios(table.structures, cfg, types);
    const blob = xenTarget.emit.smbios(chosen);
    const report = checkSmbiosBlob(blob, cfg);
    const g = report.guest;
    const summary = `${chosen.length} structure(s), ${blob.length} bytes; the guest table will hold ${g.structures.length} structures, ${g.tableLength} bytes` +
      (g.entryPoint ? '' : ' (too large: no SMBIOS for this firmware)');
    return finishPack(a, ctx, blob, { structureCount: chosen.length }, [...inputFindings(table.findings, chosen.length, 'SMBIOS structures'), ...notes, ...report.findings], summary, redaction, inputs);
  },
});

const acpiPack = defineCommand<PackArgs & { tables?: string; 'oem-id'?: string; 'oem-table-id'?: string; 'fix-checksums': boolean }>({
  command: 'acpi <input>',
  describe: 'Build an acpi_firmware blob from host ACPI (acpidump text, tables, sysfs folder)',
  builder: (y) =>
    redactOptions(guestOptions(y))
      .positional('input', { type: 'string', demandOption: true, describe: 'Host ACPI input (anything `acpi list` reads)' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Blob to write (atomically)' })
      .option('tables', { type: 'string', describe: 'Signatures to pass, e.g. SSDT,SLIC (SSDT2 picks one instance); default: all but the ones hvmloader builds and MSDM/SLIC, which pass only when named' })
      .option('oem-id', { type: 'string', describe: 'Rewrite every packed table\'s OEM ID (6 chars) and fix its checksum' })
      .option('oem-table-id', { type: 'string', describe: 'Rewrite every packed table\'s OEM table ID (8 chars) and fix its checksum' })
      .option('fix-checksums', { type: 'boolean', default: false, describe: 'Recompute table checksums (hvmloader copies them unfixed)' })
      .option('force', { type: 'boolean', default: false, describe: 'Write even when the checks find errors' }) as unknown as Argv<PackArgs & { tables?: string; 'oem-id'?: string; 'oem-table-id'?: string; 'fix-checksums': boolean }>,
  examples: [
    ["hvmpack pack acpi host.acpidump.txt --tables SSDT -o acpi.bin", "the SSDTs as an acpi_firmware= blob"],
  ],
  run: async (a, ctx) => {
    const cfg = guestConfigFrom(a);
    if (a['oem-id'] !== undefined && a['oem-id'].length > 6) throw new UsageError('--oem-id is at most 6 characters');
    if (a['oem-table-id'] !== undefined && a['oem-table-id'].length > 8) throw new UsageError('--oem-table-id is at most 8 characters');
    const wanted = a.tables !== undefined ? parseTableList(a.tables) : undefined;
    const inputs = [a.input];
    const read = await readAcpiInput(a.input);
    const redaction = await redactHost(a, ctx, { acpi: read }, { guest: cfg, ...(wanted && { tables: wanted }) }, inputs);
    const set = redaction?.host.acpi ?? read;
    const { chosen, notes } = xenTarget.select.acpi(set.tables, cfg, wanted);
    const rewrite = a['oem-id'] !== undefined || a['oem-table-id'] !== undefined || a['fix-checksums'];
    const parts = chosen.map((t) => (rewrite && t.header !== null ? rewriteOem(t.bytes, { oemId: a['oem-id'], oemTableId: a['oem-table-id'] }) : t.bytes));
    const blob = xenTarget.emit.acpi(parts);
    const report = checkAcpiBlob(blob, cfg);
    const passed = report.guest.walk.records.length;
    const summary = `${chosen.length} table(s) (${chosen.map((t) => t.signature).join(', ') || 'none'}), ${blob.length} bytes; ${passed} of them fit the ${report.guest.slots} pass-through slots`;
    return finishPack(a, ctx, blob, { tableCount: chosen.length }, [...inputFindings(set.findings, chosen.length, 'ACPI tables'), ...notes, ...report.findings], summary, redaction, inputs);
  },
});

/** `hvmpack pack smbios|acpi`: Xen's pass-through blobs (merges with `pack modules`). */
export const packXen = defineGroup({
  command: 'pack',
  describe: 'Build guest firmware inputs: SMBIOS and ACPI blobs, the module container',
  subcommands: [smbiosPack, acpiPack],
});
