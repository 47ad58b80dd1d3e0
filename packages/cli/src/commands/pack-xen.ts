import { findingJson, hasErrors, patchChecksum8, type Finding } from '@hvmpack/bytes';
import { ACPI_HEADER_LENGTH, HEADER_CHECKSUM_OFFSET, type AcpiTable } from '@hvmpack/acpi';
import { readAcpiInput, readSmbiosInput } from '@hvmpack/host';
import { builtinSecondaryTables, checkAcpiBlob, checkSmbiosBlob, encodeAcpiBlob, encodeSmbiosBlob, passThroughRules, SMBIOS_OEM_TYPE_MIN } from '@hvmpack/xen';
import type { Guest } from '@hvmpack/guest';
import type { RawStructure } from '@hvmpack/smbios';
import type { Argv } from 'yargs';
import { defineCommand, defineGroup, type CommandContext } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { printJson } from '../json.js';
import { guestConfigFrom, guestOptions, type GuestArgs } from './check.js';

interface PackArgs extends GuestArgs {
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

/** Prints findings and decides whether pack may write: errors stop it unless --force. */
async function finishPack(a: PackArgs, ctx: CommandContext, blob: Uint8Array, items: { structureCount: number } | { tableCount: number }, findings: Finding[], summary: string): Promise<number> {
  const blocked = hasErrors(findings) && !a.force;
  if (ctx.json) {
    printJson(ctx, { input: a.input, output: blocked ? null : a.output, ...items, length: blob.length, written: !blocked, summary, findings: findings.map(findingJson) });
  } else {
    // Reading findings (paths under `input`) carry offsets into the input; the rest are about the blob.
    const shown = findings.filter((f) => !ctx.quiet || f.severity === 'error');
    for (const line of formatFindingLines(shown, (f) => (f.path?.startsWith('input') ? a.input : a.output))) ctx.io.stderr(line + '\n');
  }
  if (blocked) {
    if (!ctx.json) ctx.io.stderr(`hvmpack: not writing ${a.output}: hvmloader would misbehave (see the errors above; --force writes anyway)\n`);
    return ExitCode.Problems;
  }
  await ctx.io.writeFile(a.output, blob, { inputs: [a.input] });
  if (!ctx.json && !ctx.quiet) ctx.io.stdout(`${a.output}: ${summary}\n`);
  return ExitCode.Ok;
}

/** The structures `pack smbios` puts in the blob, with a note for each one left out. */
export function selectStructures(structures: readonly RawStructure[], cfg: Guest, types: Set<number> | undefined): { chosen: RawStructure[]; notes: Finding[] } {
  const handled = new Set(passThroughRules(cfg.xen).map((r) => r.type));
  const seen = new Set<number>();
  const chosen: RawStructure[] = [];
  const notes: Finding[] = [];
  structures.forEach((s, i) => {
    const where = { path: `input.structures[${i}]` };
    const wanted = types ? types.has(s.type) : handled.has(s.type) || s.type >= SMBIOS_OEM_TYPE_MIN;
    if (!wanted || s.type === 127) return;
    // hvmloader uses only the first structure of a handled type; the rest would only cost space.
    if (handled.has(s.type) && seen.has(s.type)) {
      notes.push({ code: 'PACK_SMBIOS_DUPLICATE_LEFT_OUT', severity: 'info', message: `type ${s.type} structure left out: hvmloader uses only the first one`, ...where, type: s.type, handle: s.handle });
      return;
    }
    seen.add(s.type);
    chosen.push(s);
  });
  return { chosen, notes };
}

const smbiosPack = defineCommand<PackArgs & { types?: string }>({
  command: 'smbios <input>',
  describe: 'Build an smbios_firmware blob from host SMBIOS (dump, sysfs, raw table)',
  builder: (y) =>
    guestOptions(y)
      .positional('input', { type: 'string', demandOption: true, describe: 'Host SMBIOS input (anything `smbios decode` reads)' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Blob to write (atomically)' })
      .option('types', { type: 'string', describe: 'Types to pass, e.g. 1,2,3,11,128-255 (default: every type hvmloader takes)' })
      .option('force', { type: 'boolean', default: false, describe: 'Write even when the checks find errors' }) as unknown as Argv<PackArgs & { types?: string }>,
  run: async (a, ctx) => {
    const cfg = guestConfigFrom(a);
    const types = a.types !== undefined ? parseTypeList(a.types) : undefined;
    const table = await readSmbiosInput(a.input);
    const { chosen, notes } = selectStructures(table.structures, cfg, types);
    const blob = encodeSmbiosBlob(chosen);
    const report = checkSmbiosBlob(blob, cfg);
    const g = report.guest;
    const summary = `${chosen.length} structure(s), ${blob.length} bytes; the guest table will hold ${g.structures.length} structures, ${g.tableLength} bytes` +
      (g.entryPoint ? '' : ' (too large: no SMBIOS for this firmware)');
    return finishPack(a, ctx, blob, { structureCount: chosen.length }, [...inputFindings(table.findings, chosen.length, 'SMBIOS structures'), ...notes, ...report.findings], summary);
  },
});

/** Signatures hvmloader always builds itself, which a blob cannot replace. */
const FIXED = new Set(['RSDP', 'RSD ', 'RSDT', 'XSDT', 'FACP', 'DSDT', 'FACS']);

/** The tables `pack acpi` puts in the blob: `--tables` by signature, else all but fixed and built-in ones. */
export function selectTables(tables: readonly AcpiTable[], cfg: Guest, wanted: Set<string> | undefined): { chosen: AcpiTable[]; notes: Finding[] } {
  const builtin = new Set(builtinSecondaryTables(cfg).map((b) => b.signature).filter((s) => s !== 'SSDT'));
  const chosen: AcpiTable[] = [];
  const notes: Finding[] = [];
  tables.forEach((t, i) => {
    const name = `${t.signature}${t.instance > 1 ? t.instance : ''}`;
    if (wanted) {
      if (wanted.has(t.signature) || wanted.has(name)) chosen.push(t);
      return;
    }
    if (FIXED.has(t.signature) || builtin.has(t.signature)) {
      notes.push({ code: 'PACK_ACPI_LEFT_OUT', severity: 'info', message: `${name} left out: hvmloader builds its own`, path: `input.tables[${i}]`, signature: t.signature });
      return;
    }
    chosen.push(t);
  });
  return { chosen, notes };
}

/** Rewrites a table's OEM ID / OEM table ID and recomputes its checksum (a copy). */
function rewriteOem(bytes: Uint8Array, oemId: string | undefined, oemTableId: string | undefined): Uint8Array {
  const out = bytes.slice();
  if (out.length < ACPI_HEADER_LENGTH) return out;
  // NUL padding, as libacpi's strncpy of "Xen"/"HVM" gives.
  const put = (at: number, n: number, s: string) => {
    for (let i = 0; i < n; i++) out[at + i] = i < s.length ? s.charCodeAt(i) & 0xff : 0;
  };
  if (oemId !== undefined) put(10, 6, oemId);
  if (oemTableId !== undefined) put(16, 8, oemTableId);
  patchChecksum8(out, HEADER_CHECKSUM_OFFSET);
  return out;
}

const acpiPack = defineCommand<PackArgs & { tables?: string; 'oem-id'?: string; 'oem-table-id'?: string; 'fix-checksums': boolean }>({
  command: 'acpi <input>',
  describe: 'Build an acpi_firmware blob from host ACPI (acpidump text, tables, sysfs folder)',
  builder: (y) =>
    guestOptions(y)
      .positional('input', { type: 'string', demandOption: true, describe: 'Host ACPI input (anything `acpi list` reads)' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Blob to write (atomically)' })
      .option('tables', { type: 'string', describe: 'Signatures to pass, e.g. SSDT,SLIC (SSDT2 picks one instance); default: all but the ones hvmloader builds' })
      .option('oem-id', { type: 'string', describe: 'Rewrite every packed table\'s OEM ID (6 chars) and fix its checksum' })
      .option('oem-table-id', { type: 'string', describe: 'Rewrite every packed table\'s OEM table ID (8 chars) and fix its checksum' })
      .option('fix-checksums', { type: 'boolean', default: false, describe: 'Recompute table checksums (hvmloader copies them unfixed)' })
      .option('force', { type: 'boolean', default: false, describe: 'Write even when the checks find errors' }) as unknown as Argv<PackArgs & { tables?: string; 'oem-id'?: string; 'oem-table-id'?: string; 'fix-checksums': boolean }>,
  run: async (a, ctx) => {
    const cfg = guestConfigFrom(a);
    if (a['oem-id'] !== undefined && a['oem-id'].length > 6) throw new UsageError('--oem-id is at most 6 characters');
    if (a['oem-table-id'] !== undefined && a['oem-table-id'].length > 8) throw new UsageError('--oem-table-id is at most 8 characters');
    const wanted = a.tables !== undefined ? new Set(a.tables.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '')) : undefined;
    const set = await readAcpiInput(a.input);
    const { chosen, notes } = selectTables(set.tables, cfg, wanted);
    const rewrite = a['oem-id'] !== undefined || a['oem-table-id'] !== undefined || a['fix-checksums'];
    const parts = chosen.map((t) => (rewrite && t.header !== null ? rewriteOem(t.bytes, a['oem-id'], a['oem-table-id']) : t.bytes));
    const blob = encodeAcpiBlob(parts);
    const report = checkAcpiBlob(blob, cfg);
    const passed = report.guest.walk.records.length;
    const summary = `${chosen.length} table(s) (${chosen.map((t) => t.signature).join(', ') || 'none'}), ${blob.length} bytes; ${passed} of them fit the ${report.guest.slots} pass-through slots`;
    return finishPack(a, ctx, blob, { tableCount: chosen.length }, [...inputFindings(set.findings, chosen.length, 'ACPI tables'), ...notes, ...report.findings], summary);
  },
});

/** `hvmpack pack smbios|acpi`: Xen's pass-through blobs (merges with `pack modules`). */
export const packXen = defineGroup({
  command: 'pack',
  describe: 'Build guest firmware inputs: SMBIOS and ACPI blobs, the module container',
  subcommands: [smbiosPack, acpiPack],
});
