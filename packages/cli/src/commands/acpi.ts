import * as path from 'node:path';
import {
  acpixtractCounts,
  acpixtractNames,
  checkTables,
  declaredLength,
  decodeAcpiInput,
  formatAcpidump,
  isSafeFileName,
  sysfsNames,
  SENSITIVE_SIGNATURES,
  type AcpiTable,
  type AcpiTableSet,
} from '@hvmpack/acpi';
import { ErrorCode, FormatError, findingJson, hasErrors, hex, latin1, printableAscii, sha256Hex, toHex } from '@hvmpack/bytes';
import { inFile, InputError, readAcpiInput, SYSFS_ACPI_TABLES } from '@hvmpack/host';
import { defineCommand, defineGroup, type CommandContext } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { printJson } from '../json.js';

// None of these commands prints table contents beyond the common header: MSDM product keys and
// SLIC keys/markers are shown only by `acpi show` when the user asks for that table.

interface InputArgs {
  input: string;
}

/** Reads an ACPI input file through ctx.io (so tests can substitute it); folders go through the host reader. */
export async function readInput(input: string, ctx: CommandContext): Promise<AcpiTableSet> {
  return (await readInputWithBytes(input, ctx)).set;
}

async function readInputWithBytes(input: string, ctx: CommandContext): Promise<{ set: AcpiTableSet; bytes?: Uint8Array }> {
  if (await ctx.io.isDirectory(input)) return { set: await readAcpiInput(input) };
  const bytes = await ctx.io.readFile(input);
  return { set: inFile(input, () => decodeAcpiInput(bytes, path.basename(input))), bytes };
}

/** Header text fields for display: padding removed, anything unprintable shown as `.`. */
function show(s: string | undefined): string {
  if (s === undefined) return '';
  return printableAscii(s.replace(/[\0 ]+$/, ''));
}

/** The `acpi list --json` record of one table (the contract in issue 4). */
function tableRecord(t: AcpiTable): Record<string, unknown> {
  return { ...headerFields(t), sha256: sha256Hex(t.bytes) };
}

/** A table's header fields as `acpi list` shows them (the text has no digest: it is not hashed). */
function headerFields(t: AcpiTable): Record<string, unknown> {
  const h = t.header;
  const rsdp = t.signature === 'RSDP' && t.bytes.length >= 16;
  return {
    signature: t.signature,
    instance: t.instance,
    length: declaredLength(t) ?? t.bytes.length,
    revision: h ? h.revision : rsdp ? t.bytes[15]! : null,
    checksumOk: t.checksumOk,
    oemId: h ? show(h.oemId) : rsdp ? show(latin1(t.bytes.subarray(9, 15))) : null,
    oemTableId: h ? show(h.oemTableId) : null,
    oemRevision: h ? h.oemRevision : null,
    creatorId: h ? show(h.creatorId) : null,
    creatorRevision: h ? h.creatorRevision : null,
  };
}

function checksumText(ok: boolean | null): string {
  return ok === null ? 'n/a' : ok ? 'ok' : 'BAD';
}

const inputPositional = {
  describe: `acpidump text, a table file, concatenated tables, a memory image, or a folder of tables; - is standard input; none: ${SYSFS_ACPI_TABLES}`,
  type: 'string',
} as const;

/**
 * A command run whose input, when none is named, is this machine's tables, with a clear line when
 * they cannot be read (absent outside Linux, readable only by root).
 */
function withLiveInput<A extends InputArgs>(run: (args: A, ctx: CommandContext) => Promise<number>): (args: A, ctx: CommandContext) => Promise<number> {
  return async (args, ctx) => {
    // yargs leaves an optional positional undefined, whatever the type says.
    if ((args.input as string | undefined) !== undefined) return run(args, ctx);
    if (!(await ctx.io.isDirectory(SYSFS_ACPI_TABLES))) {
      throw new InputError('NOT_FOUND', SYSFS_ACPI_TABLES, 'no input given, and this machine exposes no ACPI tables here (Linux, readable by root); name an acpidump file or a folder of tables');
    }
    return run({ ...args, input: SYSFS_ACPI_TABLES }, ctx);
  };
}

/** `hvmpack acpi list`: one line per table with its header fields and checksum verdict. */
export const acpiList = defineCommand<InputArgs>({
  command: 'list [input]',
  describe: 'List the tables of an ACPI input (signature, instance, length, revision, checksum, OEM and creator IDs)',
  builder: (y) => y.positional('input', inputPositional) as never,
  examples: [
    ["hvmpack acpi list /sys/firmware/acpi/tables", "this machine's tables"],
    ["hvmpack acpi list host.acpidump.txt --json", "the same as JSON, with a SHA-256 per table"],
  ],
  run: withLiveInput(async (args, ctx) => {
    const set = await readInput(args.input, ctx);
    const findings = checkTables(set);
    if (ctx.json) {
      printJson(ctx, { input: args.input, container: set.container, tables: set.tables.map(tableRecord), findings: findings.map(findingJson) });
      return ExitCode.Ok;
    }
    const names = sysfsNames(set.tables);
    // An empty (all-padding) ID shows as "" so the columns stay readable.
    const text = (v: unknown): string => (v === null ? '-' : v === '' ? '""' : String(v));
    const rows = set.tables.map((t, i) => {
      const r = headerFields(t);
      return [
        printableAscii(t.signature),
        String(t.instance),
        String(r['length']),
        r['revision'] === null ? '-' : String(r['revision']),
        checksumText(t.checksumOk),
        text(r['oemId']),
        text(r['oemTableId']),
        r['oemRevision'] === null ? '-' : hex(r['oemRevision'] as number, 8),
        r['creatorId'] === null ? '-' : `${text(r['creatorId'])} ${hex(r['creatorRevision'] as number, 8)}`,
        printableAscii(names[i]!),
      ];
    });
    const head = ['SIG', 'INST', 'LENGTH', 'REV', 'CHECKSUM', 'OEM ID', 'OEM TABLE ID', 'OEM REV', 'CREATOR', 'NAME'];
    const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    const fmt = (r: string[]): string => r.map((v, c) => v.padEnd(widths[c]!)).join('  ').trimEnd() + '\n';
    if (!ctx.quiet) ctx.io.stdout(fmt(head));
    for (const r of rows) ctx.io.stdout(fmt(r));
    const problems = findings.filter((f) => f.severity !== 'info');
    if (problems.length && !ctx.quiet) ctx.io.stderr(`${problems.length} finding(s); run \`hvmpack acpi check\` for details\n`);
    return ExitCode.Ok;
  }),
});

interface ExtractArgs extends InputArgs {
  output: string;
}

/** `hvmpack acpi extract`: one binary file per table, named as `acpixtract -a` names them. */
export const acpiExtract = defineCommand<ExtractArgs>({
  command: 'extract [input]',
  describe: 'Write each table to its own binary file, named as `acpixtract -a` names them (dsdt.dat, ssdt1.dat, …)',
  builder: (y) =>
    y
      .positional('input', inputPositional)
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Output folder: a new or empty one, created whole (temporary folder, then renamed)' }) as never,
  examples: [
    ["hvmpack acpi extract host.acpidump.txt -o tables", "write tables/dsdt.dat, tables/ssdt1.dat, \u2026 (a new folder, created whole)"],
  ],
  run: withLiveInput(async (args, ctx) => {
    if (args.output === '-') throw new UsageError('acpi extract writes a folder of files; -o - (standard output) is not possible: use acpi dump');
    const { set, bytes } = await readInputWithBytes(args.input, ctx);
    // From acpidump text, number exactly as acpixtract would for that text.
    const names = acpixtractNames(set.tables, set.container === 'acpidump' && bytes ? acpixtractCounts(bytes) : undefined);
    const seen = new Set<string>();
    names.forEach((n, i) => {
      if (!isSafeFileName(n) || seen.has(n)) {
        throw new FormatError(ErrorCode.BadSignature, seen.has(n) ? 'two tables would get the same file name' : 'table signature does not make a safe file name', {
          file: args.input,
          path: `acpi.tables[${i}]`,
          found: JSON.stringify(n),
        });
      }
      seen.add(n);
    });
    const files = set.tables.map((t, i) => ({ name: names[i]!, signature: t.signature, length: t.bytes.length }));
    // The folder appears whole or not at all; an existing file, a read-only parent or a place
    // where folders cannot be made (/proc) is one InputError line.
    await ctx.io.writeFolder(args.output, set.tables.map((t, i) => ({ name: names[i]!, data: t.bytes })));
    if (ctx.json) printJson(ctx, { input: args.input, output: args.output, files });
    else if (!ctx.quiet) for (const f of files) ctx.io.stdout(`${printableAscii(f.signature).padEnd(4)} ${String(f.length).padStart(8)} bytes  ${printableAscii(path.join(args.output, f.name))}\n`);
    return ExitCode.Ok;
  }),
});

interface DumpArgs extends InputArgs {
  'include-sensitive': boolean;
}

/** `hvmpack acpi dump`: acpidump text that `acpixtract -a` reads back to the same tables. */
export const acpiDump = defineCommand<DumpArgs>({
  command: 'dump [input]',
  describe: 'Print the tables as acpidump text (readable by acpixtract -a); MSDM and SLIC only with --include-sensitive',
  builder: (y) =>
    y
      .positional('input', inputPositional)
      .option('include-sensitive', { type: 'boolean', default: false, describe: 'also print MSDM (Windows product key) and SLIC (activation key and marker)' }) as never,
  examples: [
    ["hvmpack acpi dump /sys/firmware/acpi/tables > host.acpidump.txt", "acpidump text that acpixtract -a reads back"],
  ],
  run: withLiveInput(async (args, ctx) => {
    const set = await readInput(args.input, ctx);
    const keep = args['include-sensitive'] ? set.tables : set.tables.filter((t) => !SENSITIVE_SIGNATURES.has(t.signature));
    const left = set.tables.length - keep.length;
    if (left > 0 && !ctx.quiet) {
      ctx.io.stderr(`hvmpack: left out ${left} MSDM/SLIC table(s), which identify the machine or hold a product key; pass --include-sensitive to print them\n`);
    }
    if (ctx.json) {
      // The same tables as the text, each whole as hex (what acpidump text holds, without its layout).
      const leftOut = set.tables.filter((t) => !keep.includes(t)).map((t) => ({ signature: t.signature, instance: t.instance }));
      const tables = keep.map((t) => ({ signature: t.signature, instance: t.instance, length: t.bytes.length, sha256: sha256Hex(t.bytes), data: toHex(t.bytes) }));
      printJson(ctx, { input: args.input, container: set.container, tables, leftOut });
    } else ctx.io.stdout(formatAcpidump(keep));
    return ExitCode.Ok;
  }),
});

/** `hvmpack acpi check`: validation report; exit 1 when any table is broken. */
export const acpiCheck = defineCommand<InputArgs>({
  command: 'check [input]',
  describe: 'Validate every table (length, truncation, overlap, checksum); exit 1 if any is broken',
  builder: (y) => y.positional('input', inputPositional) as never,
  examples: [
    ["hvmpack acpi check host.acpidump.txt", "length, overlap and checksum report; exit 1 if a table is broken"],
  ],
  run: withLiveInput(async (args, ctx) => {
    const set = await readInput(args.input, ctx);
    const findings = checkTables(set);
    const broken = hasErrors(findings);
    if (ctx.json) {
      const count = (s: string): number => findings.filter((f) => f.severity === s).length;
      printJson(ctx, { input: args.input, ok: !broken, container: set.container, tableCount: set.tables.length, errorCount: count('error'), warningCount: count('warning'), findings: findings.map(findingJson) });
    } else {
      for (const line of formatFindingLines(findings.filter((f) => f.severity !== 'info' || !ctx.quiet))) ctx.io.stdout(line + '\n');
      const errors = findings.filter((f) => f.severity === 'error').length;
      const warnings = findings.filter((f) => f.severity === 'warning').length;
      if (!ctx.quiet) ctx.io.stdout(`${set.tables.length} tables (${set.container}): ${errors} error(s), ${warnings} warning(s)\n`);
    }
    return broken ? ExitCode.Problems : ExitCode.Ok;
  }),
});

/** The `acpi` group's list/extract/dump/check subcommands (other modules add more, e.g. `show`). */
export const acpi = defineGroup({
  command: 'acpi',
  describe: 'ACPI tables: list, extract, dump, check',
  subcommands: [acpiList, acpiExtract, acpiDump, acpiCheck],
});
