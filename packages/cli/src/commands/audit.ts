// `hvmpack audit`: which of a host's identifiers reach a guest, and what the policy says of them.
// Wiring only: read the host (files, or the live machine), the guest and blobs, the policy; call
// auditHost; print text, JSON, Markdown or SARIF.
import * as path from 'node:path';
import { FormatError, isFormatError, finding, latin1Bytes, type Finding } from '@hvmpack/bytes';
import { decodeAcpiInput, type AcpiTableSet } from '@hvmpack/acpi';
import { decodeSmbios, type SmbiosTable } from '@hvmpack/smbios';
import type { QemuGuest } from '@hvmpack/qemu';
import { auditGuestJson, auditHost, auditJson, auditMarkdown, auditSarif, auditText, parsePolicyJson, validatePolicy, type ArtifactMap, type AuditOptions, type Policy } from '@hvmpack/audit';
import { buildExampleHost, inFile, readAcpiInput, readSmbiosSource, resolveSmbiosSource, SYSFS_ACPI_TABLES, SYSFS_DMI_TABLES, type SmbiosSource } from '@hvmpack/host';
import type { Argv } from 'yargs';
import { defineCommand, type CommandContext } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { formatFindingLines } from '../findings.js';
import { printJson } from '../json.js';
import { VERSION } from '../version.js';
import { checkFleetArgs, fleetOptions, isFleetRun, runAuditFleet, type AuditFleetArgs } from './audit-fleet.js';
import { parseTableList, parseTypeList } from './pack-xen.js';
import { QEMU_ONLY_FLAGS, qemuGuestFrom, qemuGuestOptions, type QemuGuestArgs } from './qemu.js';
import { givenGuestFlags, guestFlagGiven, parseYamlText, toolstackGuest, toolstackGuestOptions, type ToolstackGuestArgs } from './toolstack-guest.js';

interface AuditArgs extends ToolstackGuestArgs, AuditFleetArgs, QemuGuestArgs {
  input?: string[];
  target?: 'xen' | 'qemu';
  example: boolean;
  blobs?: string;
  prepare?: string;
  policy?: string;
  types?: string;
  tables?: string;
  markdown: boolean;
  sarif: boolean;
  'show-values': boolean;
}

/** The host as read: its tables and the files they came from (for SARIF locations). */
interface HostRead {
  smbios?: { table: SmbiosTable; source: SmbiosSource };
  acpi?: { set: AcpiTableSet; input: string };
  findings: Finding[];
}

/** Each input told apart by content: one SMBIOS input and at most one ACPI input, as `prepare` reads them. */
async function readHostFiles(inputs: readonly string[]): Promise<HostRead> {
  const host: HostRead = { findings: [] };
  for (const file of inputs) {
    try {
      const source = await resolveSmbiosSource(file);
      const table = await readSmbiosSource(source);
      if (host.smbios) throw new UsageError(`${file}: a second SMBIOS input (one host per audit; the fleet audit takes many)`);
      host.smbios = { table, source };
      continue;
    } catch (e) {
      if (!isFormatError(e)) throw e;
    }
    const set = await readAcpiInput(file);
    if (host.acpi) throw new UsageError(`${file}: a second ACPI input (one host per audit)`);
    host.acpi = { set, input: file };
  }
  return host;
}

/** This machine's tables from sysfs; what cannot be read is a finding, and nothing readable is one error line. */
async function readLiveHost(): Promise<HostRead> {
  const host: HostRead = { findings: [] };
  const problems: string[] = [];
  try {
    const source = await resolveSmbiosSource(SYSFS_DMI_TABLES);
    host.smbios = { table: await readSmbiosSource(source), source };
  } catch (e) {
    problems.push(`${SYSFS_DMI_TABLES}: ${oneLine(e)}`);
  }
  try {
    host.acpi = { set: await readAcpiInput(SYSFS_ACPI_TABLES), input: SYSFS_ACPI_TABLES };
  } catch (e) {
    problems.push(`${SYSFS_ACPI_TABLES}: ${oneLine(e)}`);
  }
  if (!host.smbios && !host.acpi) throw new UsageError(`cannot read this machine's firmware tables (${problems.join('; ')}); run as root, or give dump files`);
  for (const p of problems) host.findings.push(finding('AUDIT_LIVE_UNREADABLE', 'warning', `${p}; audited without it`));
  return host;
}

/** The built-in example host, as if read from its two files. */
function exampleHost(): HostRead {
  const host = buildExampleHost();
  return {
    smbios: { table: decodeSmbios(host.smbiosDumpBin), source: { kind: 'file', file: 'example-host.bin' } },
    acpi: { set: decodeAcpiInput(latin1Bytes(host.acpidumpText), 'example-host.acpidump.txt'), input: 'example-host.acpidump.txt' },
    findings: [],
  };
}

function oneLine(e: unknown): string {
  const m = e instanceof Error ? (isFormatError(e) ? e.reason : e.message) : String(e);
  return m.split('\n')[0] ?? '';
}

/** A policy file: YAML when named .yaml/.yml, else JSON. */
export async function readPolicy(file: string, ctx: CommandContext): Promise<Policy> {
  const text = new TextDecoder().decode(await ctx.io.readFile(file));
  if (/\.ya?ml$/i.test(file)) return inFile(file, () => validatePolicy(parseYamlText(text, 'policy file', 'policy')));
  try {
    return inFile(file, () => parsePolicyJson(text));
  } catch (e) {
    // V8 gives no position for some syntax errors (a stray comma); JSON is YAML, whose parser does.
    if (!isFormatError(e) || e.line !== undefined || e.path !== 'policy') throw e;
    try {
      parseYamlText(text, 'policy file', 'policy');
    } catch (y) {
      if (isFormatError(y) && y.line !== undefined) throw new FormatError(e.code, e.reason, { file, path: 'policy', line: y.line, ...(y.column !== undefined && { column: y.column }), ...(e.found !== undefined && { found: e.found }) });
    }
    throw e;
  }
}

/** `smbios.bin` / `acpi.bin` from a `--blobs` or `--prepare` folder; a folder holding neither is a usage error. */
async function readBlobs(dir: string, ctx: CommandContext, flag: string): Promise<{ smbios: Uint8Array | null; acpi: Uint8Array | null }> {
  if (!(await ctx.io.isDirectory(dir))) throw new UsageError(`--${flag}: ${dir} is not a folder (it should hold smbios.bin and/or acpi.bin)`);
  const names = await ctx.io.readDir(dir);
  const read = async (name: string): Promise<Uint8Array | null> => (names.includes(name) ? ctx.io.readFile(path.join(dir, name)) : null);
  const blobs = { smbios: await read('smbios.bin'), acpi: await read('acpi.bin') };
  if (!blobs.smbios && !blobs.acpi) throw new UsageError(`--${flag}: ${dir} holds neither smbios.bin nor acpi.bin`);
  return blobs;
}

function artifacts(host: HostRead): ArtifactMap {
  const out: ArtifactMap = {};
  if (host.smbios) {
    const src = host.smbios.source;
    // A pair's table file holds the table from its first byte; a self-contained file says where.
    out.smbios = src.kind === 'pair' ? { uri: src.table, tableOffset: 0 } : { uri: src.file, tableOffset: host.smbios.table.source?.tableOffset ?? 0 };
  }
  if (host.acpi) {
    const { set, input } = host.acpi;
    out.acpi = (i) => {
      const t = set.tables[i];
      if (!t) return undefined;
      if (set.container === 'folder' && t.source !== undefined && !t.source.includes('#')) return { uri: path.join(input, t.source), tableOffset: 0 };
      if (set.container === 'binary' && set.tables.length === 1) return { uri: input, tableOffset: 0 };
      return { uri: input };
    };
  }
  return out;
}

/** `hvmpack audit`: the single-host audit. */
export const audit = defineCommand<AuditArgs>({
  command: 'audit [input...]',
  describe: "Which host identifiers (serials, UUID, asset tags, product keys, OEM strings) reach a guest, and the policy's verdicts; exit 1 on a violation",
  builder: (y) =>
    fleetOptions(qemuGuestOptions(toolstackGuestOptions(y), QEMU_ONLY_FLAGS))
      .option('target', { type: 'string', choices: ['xen', 'qemu'], describe: 'Whose guest view decides reach: xen (hvmloader; the default once a guest flag is given) or qemu (QEMU 7.2 with SeaBIOS/OVMF, as `qemu prepare` passes the host); naming it alone names that target\'s default guest' })
      .positional('input', { type: 'string', array: true, describe: "The host's SMBIOS and/or ACPI inputs (anything `pack smbios`/`pack acpi` read); none: this machine's /sys/firmware tables" })
      .option('example', { type: 'boolean', default: false, describe: 'Audit the built-in example host (made-up identifiers)' })
      .option('blobs', { type: 'string', describe: 'Folder with smbios.bin and/or acpi.bin already built: their guest view decides reach' })
      .option('prepare', { type: 'string', describe: 'A `hvmpack prepare` output folder: its blobs and guest.json decide reach' })
      .option('types', { type: 'string', describe: 'SMBIOS types passed, as `pack smbios --types` (default: what hvmloader takes)' })
      .option('tables', { type: 'string', describe: 'ACPI tables passed, as `pack acpi --tables` (default: all but hvmloader\'s own, MSDM and SLIC)' })
      .option('policy', { type: 'string', describe: 'Policy file, JSON or YAML (.yaml/.yml): schemas/policy.schema.json (default: the built-in policy)' })
      .option('markdown', { type: 'boolean', default: false, describe: 'Markdown report on stdout' })
      .option('sarif', { type: 'boolean', default: false, describe: 'SARIF 2.1.0 on stdout, for code-scanning views in CI' })
      .option('show-values', { type: 'boolean', default: false, describe: 'Print identifier values as they are (default: masked)' }) as unknown as Argv<AuditArgs>,
  examples: [
    ['hvmpack audit --example --xen 4.17', 'the built-in example host, for a SeaBIOS guest on Xen 4.17'],
    ['hvmpack audit host.bin host.acpidump.txt --xen 4.17 --firmware ovmf', 'what of this host an OVMF guest on Xen 4.17 sees, with the built-in policy'],
    ['hvmpack audit host.bin --prepare guests/web1 --sarif > audit.sarif', 'audit the blobs a `prepare` folder holds, as SARIF for CI'],
    ['sudo hvmpack audit --xen 4.21 --policy policy.yaml', 'this machine, against a policy file'],
    ['hvmpack audit host.bin host.acpidump.txt --target qemu --machine q35 --firmware ovmf', 'what a QEMU q35/OVMF guest made by `qemu prepare` from this host sees'],
    ['hvmpack audit --fleet dumps/ --xen 4.17 --html fleet.html -o fleet.json --json', 'every host in dumps/ (a file or folder each): summary as JSON, chart and tables as HTML'],
    ["find dumps -name '*.bin' | hvmpack audit --fleet --files-from - --xen 4.17", 'the hosts a toolstack lists on standard input, one path a line'],
  ],
  run: async (a, ctx) => {
    const formats = [ctx.json, a.markdown, a.sarif].filter(Boolean).length;
    if (formats > 1) throw new UsageError('give one of --json, --markdown, --sarif');
    checkFleetArgs(a);
    if (a.blobs !== undefined && a.prepare !== undefined) throw new UsageError('give --blobs or --prepare, not both');
    const types = a.types !== undefined ? parseTypeList(a.types) : undefined;
    const tables = a.tables !== undefined ? parseTableList(a.tables) : undefined;
    if ((types || tables) && (a.blobs !== undefined || a.prepare !== undefined)) throw new UsageError('--types/--tables choose what goes into blobs; with --blobs/--prepare the blobs say it');

    // Each target's own flags are refused with the other's: --machine means nothing to hvmloader, --xen nothing to QEMU.
    let qemu: QemuGuest | undefined;
    if (a.target === 'qemu') {
      const xenOnly = [...givenGuestFlags(a).filter((f) => f !== 'firmware' && f !== 'memory'), ...(['guest', 'bios-strings-from', 'blobs', 'prepare'] as const).filter((k) => a[k] !== undefined)];
      if (xenOnly.length > 0) throw new UsageError(`--${xenOnly[0]} describes a Xen guest; --target qemu takes --machine, --firmware, --smp, --sockets, --memory and --smbios-entry-point`);
      qemu = qemuGuestFrom(a);
    } else {
      const qemuOnly = QEMU_ONLY_FLAGS.find((f) => a[f] !== undefined);
      if (qemuOnly !== undefined) throw new UsageError(`--${qemuOnly} describes a QEMU guest: add --target qemu`);
    }
    const blobDir = a.blobs ?? a.prepare;
    const blobs = blobDir !== undefined ? await readBlobs(blobDir, ctx, a.blobs !== undefined ? 'blobs' : 'prepare') : undefined;
    // A prepare folder records the guest it was made for; a --guest file and flags override it.
    const args: AuditArgs = a.prepare !== undefined && a.guest === undefined && (await ctx.io.readDir(a.prepare)).includes('guest.json') ? { ...a, guest: path.join(a.prepare, 'guest.json') } : a;
    // One rule for one host and a fleet: reach is judged only against a guest the command line names
    // (--target alone names that target's default guest); with none it is unknown, never assumed.
    const xenGiven = a.target === 'xen' || args.guest !== undefined || guestFlagGiven(args) || args['bios-strings-from'] !== undefined || blobs !== undefined;
    const read: string[] = [];
    const guest = qemu === undefined && xenGiven ? await toolstackGuest(args, ctx, read) : undefined;
    const policy = a.policy !== undefined ? await readPolicy(a.policy, ctx) : undefined;
    const judged = { ...(guest && { guest: guest.guest }), ...(qemu && { qemu }) };
    if (isFleetRun(a)) {
      return runAuditFleet(a, ctx, { ...judged, ...(policy && { policy }), policyText: a.policy ?? 'built-in', ...(types && { types }), ...(tables && { tables }) });
    }

    if (a.example && (a.input ?? []).length > 0) throw new UsageError('give host inputs or --example, not both');
    const host = a.example ? exampleHost() : (a.input ?? []).length === 0 ? await readLiveHost() : await readHostFiles(a.input ?? []);
    const options: AuditOptions = {
      ...judged,
      ...(blobs && { blobs }),
      ...(types && { types }),
      ...(tables && { tables }),
      ...(policy && { policy }),
    };
    const result = auditHost({ smbios: host.smbios?.table ?? null, acpi: host.acpi?.set ?? null }, options);
    result.findings.unshift(...host.findings, ...(guest?.findings ?? []));
    const shown = { showValues: a['show-values'] };
    const code = result.violation ? ExitCode.Problems : ExitCode.Ok;

    if (a.sarif) {
      ctx.io.stdout(JSON.stringify(auditSarif(result, artifacts(host), { version: VERSION }, shown), null, 2) + '\n');
      return code;
    }
    if (ctx.json) {
      const input = {
        ...(host.smbios && { smbios: host.smbios.source.kind === 'file' ? host.smbios.source.file : host.smbios.source.table }),
        ...(host.acpi && { acpi: host.acpi.input }),
        ...(args.guest !== undefined && { guest: args.guest }),
        ...(a.blobs !== undefined && { blobs: a.blobs }),
        ...(a.prepare !== undefined && { prepare: a.prepare }),
        ...(a.policy !== undefined && { policy: a.policy }),
      };
      printJson(ctx, { input, guest: auditGuestJson(options), policy: a.policy ?? 'built-in', ...auditJson(result, shown) });
      return code;
    }
    if (a.markdown) {
      ctx.io.stdout(auditMarkdown(result, shown));
      return code;
    }
    // Selection notes (info) are in each identifier's reach already; JSON keeps them all.
    for (const line of formatFindingLines(result.findings.filter((x) => x.severity === 'error' || (!ctx.quiet && x.severity === 'warning')))) ctx.io.stderr(line + '\n');
    ctx.io.stdout(auditText(result, { ...shown, quiet: ctx.quiet }));
    if (result.violation && !ctx.quiet) ctx.io.stderr(`hvmpack: policy violation: ${result.counts.fail} identifier(s) fail the ${a.policy !== undefined ? 'policy' : 'built-in policy'}\n`);
    return code;
  },
});
