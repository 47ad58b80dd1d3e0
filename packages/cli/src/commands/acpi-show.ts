import { decodeTypedTable, type AcpiTable, type AcpiTableSet, type TypedTable } from '@hvmpack/acpi';
import { findingJson, hasErrors, hex, printableAscii } from '@hvmpack/bytes';
import { inFile } from '@hvmpack/host';
import { defineCommand, defineGroup } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { printJson } from '../json.js';
import { readInput } from './acpi.js';

// `acpi show` is the one command that prints MSDM product keys and SLIC key material: the user
// named that table and asked for its fields. Errors and findings never carry them.

interface ShowArgs {
  input: string;
  table: string;
}

/** Parses `SSDT`, `SSDT2`, `ssdt2`, `SSDT[2]` or `ASF!` into signature and 1-based instance. */
export function parseTableSpec(spec: string): { signature: string; instance: number } {
  const m = /^([A-Za-z0-9_!]{4})(?:\[(\d+)\]|(\d+))?$/.exec(spec.trim());
  const n = m ? Number(m[2] ?? m[3] ?? '1') : NaN;
  if (!m || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`invalid table "${spec}"; expected a 4-character signature and an optional instance, e.g. FACP, SSDT2, SSDT[2]`);
  }
  return { signature: m[1]!.toUpperCase(), instance: n };
}

function findTable(set: AcpiTableSet, signature: string, instance: number): AcpiTable {
  const same = set.tables.filter((t) => t.signature.toUpperCase() === signature);
  const t = same.find((x) => x.instance === instance) ?? (instance === 1 && same.length > 0 ? same[0] : undefined);
  if (t) return t;
  const have = [...new Set(set.tables.map((x) => printableAscii(x.signature)))].join(', ') || 'none';
  throw new UsageError(
    same.length > 0
      ? `no ${signature} instance ${instance}: the input has ${same.length} ${signature} table${same.length === 1 ? '' : 's'}`
      : `no ${signature} table in the input (tables: ${have})`,
  );
}

/** One value for text output: numbers above 9 also in hex, strings with padding trimmed. */
function scalar(v: unknown): string {
  if (typeof v === 'number') return v > 9 ? `${v} (${hex(v)})` : String(v);
  // Addresses arrive as `0x…` strings (bigint in the library); print them bare.
  if (typeof v === 'string') return /^0x[0-9A-F]+$/.test(v) ? v : JSON.stringify(v.replace(/[\0 ]+$/, ''));
  return String(v);
}

function isFlat(v: Record<string, unknown>): boolean {
  return Object.values(v).every((x) => x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => typeof y !== 'object')));
}

function inline(v: Record<string, unknown>): string {
  return Object.entries(v)
    .map(([k, x]) => `${k}=${Array.isArray(x) ? `[${x.map(scalar).join(', ')}]` : scalar(x)}`)
    .join(' ');
}

/** Renders typed fields as indented `name: value` lines; flat records (GAS, MADT entries) on one line. */
export function renderFields(fields: Record<string, unknown>, indent = '  '): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) {
      if (v.every((x) => typeof x !== 'object' || x === null)) {
        lines.push(`${indent}${k}: [${v.map(scalar).join(', ')}]`);
        continue;
      }
      lines.push(`${indent}${k}: (${v.length})`);
      v.forEach((x, i) => {
        const rec = x as Record<string, unknown>;
        if (isFlat(rec)) lines.push(`${indent}  [${i}] ${inline(rec)}`);
        else lines.push(`${indent}  [${i}]`, ...renderFields(rec, `${indent}    `));
      });
    } else if (v !== null && typeof v === 'object') {
      const rec = v as Record<string, unknown>;
      if (isFlat(rec) && k !== 'header') lines.push(`${indent}${k}: ${inline(rec)}`);
      else lines.push(`${indent}${k}:`, ...renderFields(rec, `${indent}  `));
    } else {
      lines.push(`${indent}${k}: ${scalar(v)}`);
    }
  }
  return lines;
}

const show = defineCommand<ShowArgs>({
  command: 'show <input> <table>',
  describe: 'Print the decoded fields of one table (SIGNATURE or SIGNATUREn, e.g. FACP, APIC, SSDT2); MSDM/SLIC key material included',
  builder: (y) =>
    y
      .positional('input', { type: 'string', demandOption: true, describe: 'acpidump text, table file, blob, memory image or table folder' })
      .positional('table', { type: 'string', demandOption: true, describe: 'Signature with optional instance: FACP, SSDT2, SSDT[2]' }) as never,
  examples: [
    ["hvmpack acpi show host.acpidump.txt FACP", "the FADT's fields"],
    ["hvmpack acpi show /sys/firmware/acpi/tables SSDT2", "the second SSDT"],
  ],
  run: async (args, ctx) => {
    // Check the table spec before reading, so a typo costs nothing.
    const { signature, instance } = parseTableSpec(args.table);
    const set = await readInput(args.input, ctx);
    const t = findTable(set, signature, instance);
    const typed: TypedTable = inFile(args.input, () => decodeTypedTable(t));
    if (ctx.json) {
      printJson(ctx, { input: args.input, signature: typed.signature, instance: t.instance, name: typed.name, sensitive: typed.sensitive, fields: typed.fields, findings: typed.findings.map(findingJson) });
    } else {
      const len = t.header?.length ?? t.bytes.length;
      ctx.io.stdout(`${typed.signature}${t.instance > 1 ? t.instance : ''}: ${typed.name}, ${len} bytes${t.checksumOk === false ? ', BAD CHECKSUM' : ''}\n`);
      ctx.io.stdout(renderFields(typed.fields).join('\n') + '\n');
      for (const line of formatFindingLines(typed.findings)) ctx.io.stdout(line + '\n');
      if (typed.sensitive && !ctx.quiet) ctx.io.stderr(`hvmpack: note: ${typed.signature} holds licence data (keys, signatures); treat this output as secret\n`);
    }
    return hasErrors(typed.findings) ? ExitCode.Problems : ExitCode.Ok;
  },
});

/** `hvmpack acpi show <input> <table>`: typed fields of one table (merges into the `acpi` group). */
export const acpiShow = defineGroup({
  command: 'acpi',
  describe: 'List, extract, dump and check ACPI tables',
  subcommands: [show],
});
