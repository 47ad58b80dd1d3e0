// `hvmpack redact`: a host input with its identifiers replaced by placeholders, in the same format.
import { findingJson, type Finding } from '@hvmpack/bytes';
import { Placeholders, auditChoosers, auditHost, policyChoosers, redactAcpiTables, redactSmbiosStructures, type AuditOptions, type RedactionChange } from '@hvmpack/audit';
import type { AcpiTableSet } from '@hvmpack/acpi';
import { redactPath } from '@hvmpack/host';
import type { SmbiosTable } from '@hvmpack/smbios';
import type { Argv } from 'yargs';
import { defineCommand, type CommandContext } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { printJson } from '../json.js';
import { readPolicy } from './audit.js';
import { changeJson, changeLine, type HostRedaction } from './redact-flags.js';

interface RedactArgs {
  input: string;
  output: string;
  policy?: string;
  key?: string;
  only?: string[];
}

/**
 * The placeholders of one run: keyed by the bytes of `--key FILE` (HMAC-SHA-256), else numbered
 * in order of appearance. An empty key file is refused: it would look keyed and be no key at all.
 */
export async function placeholdersFrom(keyFile: string | undefined, ctx: CommandContext): Promise<Placeholders> {
  if (keyFile === undefined) return new Placeholders();
  const key = await ctx.io.readFile(keyFile);
  if (key.length === 0) throw new UsageError(`--key ${keyFile}: the key file is empty`);
  return new Placeholders(key);
}

/** `hvmpack redact <input> -o <out>`. */
export const redact = defineCommand<RedactArgs>({
  command: 'redact <input>',
  describe: 'Replace host identifiers (serials, UUID, asset tags, product key, …) with placeholders, keeping the input format valid',
  builder: (y) =>
    y
      .positional('input', { type: 'string', demandOption: true, describe: 'SMBIOS or ACPI input: dump-bin, raw table, RSMB, sysfs pair or folder, Xen smbios/acpi blob, acpidump text, table file or folder, module set; - is standard input' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Where to write the same format (a new folder for a folder or sysfs pair); never over the input; - for standard output' })
      .option('policy', { type: 'string', describe: 'Policy file (JSON, or YAML when named .yaml/.yml): redact what it says to redact or fail (default: the built-in policy)' })
      .option('key', { type: 'string', describe: 'Key file: placeholders become HMAC-SHA-256(key, value), equal across hosts for equal values, unlinkable without the key' })
      .option('only', { type: 'string', array: true, describe: 'Redact only these identifiers, by id (smbios.1.serialNumber), field name or class (serial, uuid, …); firmware placeholders are left' }) as unknown as Argv<RedactArgs>,
  examples: [
    ['hvmpack redact host.bin -o host-redacted.bin', 'what the built-in policy redacts or fails (serials, UUID, asset tags, product key, …), as a new --dump-bin file'],
    ['hvmpack redact host.acpidump.txt --key fleet.key -o host-redacted.txt', 'keyed placeholders, so hosts stay distinct across a fleet'],
    ['hvmpack redact /sys/firmware/dmi/tables --only serial uuid -o dmi-redacted', 'serial numbers and the UUID of this machine, as a new sysfs-style folder'],
  ],
  run: async (a, ctx) => {
    if (a.only !== undefined && a.policy !== undefined) throw new UsageError('--only and --policy both choose what to redact: give one');
    if (a.only !== undefined && a.only.length === 0) throw new UsageError('--only needs at least one id, field name or class');
    const policy = a.policy !== undefined ? await readPolicy(a.policy, ctx) : undefined;
    const placeholders = await placeholdersFrom(a.key, ctx);
    const choosers = policyChoosers({ ...(policy && { policy }), ...(a.only && { only: a.only }) });
    const r = await redactPath(a.input, choosers, placeholders, ctx.io);
    const inputs = [...r.inputs, ...(a.key !== undefined ? [a.key] : []), ...(a.policy !== undefined ? [a.policy] : [])];
    if (r.output.kind === 'folder') {
      if (a.output === '-') throw new UsageError(`${a.input} is written back as a folder (${r.kind}): give -o a folder name, not -`);
      await ctx.io.writeFolder(a.output, r.output.files);
    } else {
      await ctx.io.writeFile(a.output, r.output.bytes, { inputs });
    }
    const findings: Finding[] = r.findings;
    const summary = `${r.changes.length} identifier(s) replaced in ${r.kind} (${r.format})${placeholders.keyed ? ', keyed placeholders' : ''}`;
    if (ctx.json) {
      printJson(ctx, { input: a.input, output: a.output, kind: r.kind, format: r.format, keyed: placeholders.keyed, changeCount: r.changes.length, changes: r.changes.map(changeJson), summary, findings: findings.map(findingJson) });
      return ExitCode.Ok;
    }
    for (const line of formatFindingLines(findings.filter((f) => !ctx.quiet || f.severity === 'error'), a.input)) ctx.io.stderr(line + '\n');
    if (!ctx.quiet) {
      for (const c of r.changes) ctx.io.stdout(changeLine(c) + '\n');
      ctx.io.stdout(`${a.output}: ${summary}\n`);
    }
    return ExitCode.Ok;
  },
});

/**
 * The tables of `host` with the identifiers redacted that the policy (the built-in one when
 * `policyFile` is '') redacts and that reach the guest `options` describe, with placeholders keyed
 * by `keyFile` when given: `--redact` of pack and prepare (see redact-flags.ts). Files read are
 * added to `inputs`.
 */
export async function redactHostTables(policyFile: string, keyFile: string | undefined, ctx: CommandContext, host: { smbios?: SmbiosTable; acpi?: AcpiTableSet }, options: AuditOptions, inputs: string[]): Promise<HostRedaction> {
  const policy = policyFile !== '' ? await readPolicy(policyFile, ctx) : undefined;
  if (policyFile !== '') inputs.push(policyFile);
  const placeholders = await placeholdersFrom(keyFile, ctx);
  if (keyFile !== undefined) inputs.push(keyFile);
  const choose = auditChoosers(auditHost(host, { ...options, ...(policy && { policy }) }));
  const out: HostRedaction['host'] = {};
  const changes: RedactionChange[] = [];
  if (host.smbios) {
    const r = redactSmbiosStructures(host.smbios.structures, host.smbios.version, choose.smbios(host.smbios.structures, host.smbios.version), placeholders);
    out.smbios = { ...host.smbios, structures: r.structures };
    changes.push(...r.changes);
  }
  if (host.acpi) {
    const r = redactAcpiTables(host.acpi.tables, choose.acpi(host.acpi.tables), placeholders);
    out.acpi = { ...host.acpi, tables: r.tables };
    changes.push(...r.changes);
  }
  return { host: out, keyed: placeholders.keyed, changes };
}

