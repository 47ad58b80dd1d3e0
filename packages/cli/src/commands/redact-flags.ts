// `--redact [POLICY]` and `--redact-key FILE` of `pack smbios|acpi` and `prepare`, and how their
// reports show a redaction. The redaction itself (the audit, its policy and placeholders:
// redact.ts) is imported only by a run that asks for one, so a pack or prepare without --redact
// does not load the audit.
import type { AcpiTableSet } from '@hvmpack/acpi';
import type { AuditOptions, RedactionChange } from '@hvmpack/audit';
import type { FileRedactionChange } from '@hvmpack/host';
import type { SmbiosTable } from '@hvmpack/smbios';
import type { Argv } from 'yargs';
import type { CommandContext } from '../command.js';
import { UsageError } from '../errors.js';

/** `--redact [POLICY]` and `--redact-key FILE`, as `pack smbios|acpi` and `prepare` take them. */
export interface RedactFlagArgs {
  /** The policy file, or '' for the built-in policy; absent: no redaction. */
  redact?: string;
  'redact-key'?: string;
}

/** Adds `--redact [POLICY]` and `--redact-key FILE` to a command. */
export function redactOptions<T>(y: Argv<T>): Argv<T & RedactFlagArgs> {
  return y
    .option('redact', { type: 'string', describe: 'Redact the host tables first, as `hvmpack redact` does: with the built-in policy, or the policy file given (--redact=FILE)' })
    .option('redact-key', { type: 'string', describe: 'Key file for --redact: keyed placeholders (see `hvmpack redact --key`)' }) as unknown as Argv<T & RedactFlagArgs>;
}

/** What `--redact` did to the host tables, for the command's report. */
export interface HostRedaction {
  host: { smbios?: SmbiosTable; acpi?: AcpiTableSet };
  keyed: boolean;
  changes: RedactionChange[];
}

/**
 * Redacts the host's tables as `--redact` asks, deciding reach with the audit's guest view for
 * `options` (the guest and the types/tables passed): what does not reach the guest is left alone.
 * Undefined when `--redact` was not given; files read are added to `inputs`.
 */
export async function redactHost(a: RedactFlagArgs, ctx: CommandContext, host: { smbios?: SmbiosTable; acpi?: AcpiTableSet }, options: AuditOptions, inputs: string[]): Promise<HostRedaction | undefined> {
  if (a.redact === undefined) {
    if (a['redact-key'] !== undefined) throw new UsageError('--redact-key needs --redact');
    return undefined;
  }
  return (await import('./redact.js')).redactHostTables(a.redact, a['redact-key'], ctx, host, options, inputs);
}

/** A change as JSON: the identifier, where it was (file of a folder, place), the masked old value and the placeholder. */
export function changeJson(c: FileRedactionChange | RedactionChange): object {
  return { identifier: c.identifierId, class: c.class, ...('file' in c && c.file !== undefined && { file: c.file }), place: c.place, old: c.old, new: c.new, ...(c.echo && { echo: true }) };
}

/** One line per change: `smbios.1.serialNumber (serial): P***********1 -> REDACTED-…`. */
export function changeLine(c: FileRedactionChange | RedactionChange): string {
  const where = 'file' in c && c.file !== undefined ? `${c.file}: ` : '';
  const echo = c.echo && c.place.source === 'smbios' ? ` (its value again, in type ${c.place.type} ${c.place.field})` : '';
  return `${where}${c.identifierId}${echo} (${c.class}): ${c.old} -> ${c.new}`;
}

/** The `redaction` member of a pack or prepare JSON document. */
export function redactionJson(r: HostRedaction): object {
  return { keyed: r.keyed, changeCount: r.changes.length, changes: r.changes.map(changeJson) };
}

/** Prints what `--redact` changed, one line each, unless quiet. */
export function printRedaction(r: HostRedaction | undefined, ctx: CommandContext): void {
  if (!r || ctx.quiet || ctx.json) return;
  for (const c of r.changes) ctx.io.stdout(`redacted ${changeLine(c)}\n`);
  ctx.io.stdout(`--redact: ${r.changes.length} identifier(s) replaced${r.keyed ? ' (keyed placeholders)' : ''}\n`);
}
