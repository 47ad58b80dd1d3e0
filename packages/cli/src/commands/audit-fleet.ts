// `hvmpack audit --fleet <dir|list>`: every host of a fleet audited on the worker pool, folded
// into one summary as results arrive (never all hosts' audits at once), with a progress display
// on stderr and the reports written whole at the end, so a run killed half-way leaves none.
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { FleetSummaryBuilder, NO_GUEST_TEXT, auditGuestJson, describeAuditGuest, renderFleetHtml, renderFleetMarkdown, type FleetHostResult, type FleetReportContext, type FleetSummary, type Policy } from '@hvmpack/audit';
import type { Guest } from '@hvmpack/guest';
import type { QemuGuest } from '@hvmpack/qemu';
import { listFleet, parseFleetList, runFleetAudit } from '@hvmpack/host';
import type { Argv } from 'yargs';
import type { CommandContext } from '../command.js';
import { ExitCode, UsageError } from '../errors.js';
import { readListFile } from '../io.js';
import { printJson } from '../json.js';

/** The options `audit` takes for a fleet run. */
export interface AuditFleetArgs {
  fleet?: string;
  'files-from'?: string;
  html?: string;
  output?: string;
  markdown?: boolean;
  sarif?: boolean;
  threads?: number;
}

/** Adds the fleet options to `audit`'s parser. */
export function fleetOptions<T>(y: Argv<T>): Argv<T> {
  return y
    // No nargs: `--fleet --files-from -` (the hosts on standard input) leaves --fleet without a value.
    .option('fleet', { type: 'string', describe: 'Audit a fleet: a folder with one entry (file or folder) per host, or a file listing host paths one per line; alone before --files-from: the hosts it lists' })
    .option('files-from', { type: 'string', nargs: 1, describe: 'Fleet hosts listed in this file, one path per line (- for standard input); with or without --fleet' })
    .option('html', { type: 'string', nargs: 1, describe: 'With --fleet: also write a self-contained HTML report (chart and tables) to this file' })
    .option('output', { alias: 'o', type: 'string', nargs: 1, describe: 'With --fleet: write the report (text, --markdown or --json) to this file instead of standard output' })
    .option('threads', { type: 'number', describe: 'With --fleet: threads auditing hosts (0 or 1: this thread only; default one less than the CPUs, at most 8)' }) as Argv<T>;
}

/** True when the command line asks for a fleet run. */
export function isFleetRun(args: AuditFleetArgs): boolean {
  return args.fleet !== undefined || args['files-from'] !== undefined;
}

/** The `--fleet` folder or list; undefined when `--fleet` came without a value (`--fleet --files-from -`). */
function fleetPath(args: AuditFleetArgs): string | undefined {
  return args.fleet === '' ? undefined : args.fleet;
}

/** What `audit` resolved before handing a fleet run over: what every host is audited against. */
export interface FleetAuditSetup {
  /** The Xen guest every host is audited against; absent with `qemu`, or when none was named (reach unknown). */
  guest?: Guest;
  /** A QEMU guest instead (`--target qemu`). */
  qemu?: QemuGuest;
  policy?: Policy;
  /** The policy in words (`built-in`, the file name). */
  policyText: string;
  /** SMBIOS types and ACPI tables passed (`--types`, `--tables`). */
  types?: ReadonlySet<number>;
  tables?: ReadonlySet<string>;
}

/**
 * Options that belong to one mode only are refused in the other before anything runs: a fleet
 * has no single host input, no per-host blobs and no SARIF; `--html`, `-o` and `--threads` are
 * the fleet's.
 */
export function checkFleetArgs(a: AuditFleetArgs & { input?: string[]; blobs?: string; prepare?: string }): void {
  for (const k of ['fleet', 'files-from'] as const) if (Array.isArray(a[k])) throw new UsageError(`give --${k} once (list more hosts in a --files-from file)`);
  if (isFleetRun(a)) {
    const list = a['files-from'];
    if (a.fleet === '' && list === undefined) throw new UsageError('--fleet needs a folder or a list file, or --files-from LIST (- for standard input) naming the hosts');
    if (list === '') throw new UsageError('--files-from needs a list file (- for standard input)');
    if (a.fleet === '-' && list === '-') throw new UsageError('--fleet - and --files-from - both read standard input; give the list once');
    if (a.fleet !== undefined && a.fleet !== '' && a.fleet !== '-' && list !== undefined && path.resolve(a.fleet) === path.resolve(list)) throw new UsageError(`--fleet and --files-from both name ${list}: its hosts would be audited twice`);
    if ((a.input ?? []).length > 0) throw new UsageError(`--fleet audits the hosts it lists; ${a.input![0]} is a host input too (add it to the fleet, or audit it alone)`);
    if (a.blobs !== undefined || a.prepare !== undefined) throw new UsageError('--blobs/--prepare are one host\'s built blobs; a fleet is audited against a guest (--guest, --xen, --firmware)');
    if (a.sarif) throw new UsageError('--sarif describes one host; a fleet report is text, --json, --markdown or --html');
    return;
  }
  const only = (['html', 'output', 'threads'] as const).find((k) => a[k] !== undefined);
  if (only !== undefined) throw new UsageError(`--${only} goes with --fleet (or --files-from)`);
}

/** How often a progress line is printed when stderr is not a terminal. */
const PROGRESS_LINE_MS = 5000;
/** How often the terminal progress bar is redrawn. */
const PROGRESS_BAR_MS = 100;

/** Progress on stderr: a bar redrawn in place on a terminal, a plain line now and then otherwise. */
class FleetProgress {
  private done = 0;
  private unreadable = 0;
  private failing = 0;
  private readonly start = Date.now();
  private last: number;

  constructor(
    private readonly ctx: CommandContext,
    private readonly total: number,
    private readonly mode: 'bar' | 'lines' | 'none',
  ) {
    // Lines start after a period (a short run prints only its closing line); a bar shows at once.
    this.last = mode === 'lines' ? this.start : 0;
  }

  add(r: FleetHostResult): void {
    this.done++;
    if (!r.ok) this.unreadable++;
    else if (r.identifiers.some((i) => i.violation)) this.failing++;
    if (this.mode === 'none') return;
    const now = Date.now();
    if (now - this.last < (this.mode === 'bar' ? PROGRESS_BAR_MS : PROGRESS_LINE_MS)) return;
    this.last = now;
    if (this.mode === 'bar') this.ctx.io.stderr(`\r\x1b[K${this.bar()} ${this.status(now)}`);
    else this.ctx.io.stderr(`hvmpack audit --fleet: ${this.status(now)}\n`);
  }

  finish(): void {
    if (this.mode === 'none') return;
    const secs = (Date.now() - this.start) / 1000;
    const rate = secs > 0 ? Math.round(this.done / secs) : this.done;
    const line = `hvmpack audit --fleet: ${fmt(this.done)} host${this.done === 1 ? '' : 's'} in ${secs.toFixed(1)} s (${fmt(rate)}/s): ${fmt(this.failing)} failing the policy, ${fmt(this.unreadable)} unreadable\n`;
    this.ctx.io.stderr(this.mode === 'bar' ? `\r\x1b[K${line}` : line);
  }

  private bar(): string {
    const width = 30;
    const full = this.total > 0 ? Math.round((this.done / this.total) * width) : width;
    return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
  }

  private status(now: number): string {
    const secs = (now - this.start) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const eta = rate > 0 ? ` ETA ${Math.ceil((this.total - this.done) / rate)} s,` : '';
    const pct = this.total > 0 ? Math.floor((this.done * 100) / this.total) : 100;
    return `${fmt(this.done)}/${fmt(this.total)} hosts (${pct}%), ${fmt(Math.round(rate))}/s,${eta} ${fmt(this.failing)} failing, ${fmt(this.unreadable)} unreadable`;
  }
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The hosts of the run: those of `--fleet`, then those `--files-from` lists. */
async function fleetHosts(args: AuditFleetArgs, ctx: CommandContext): Promise<string[]> {
  const fleet = fleetPath(args);
  const hosts = fleet !== undefined ? await listFleet(fleet, ctx.io) : [];
  const list = args['files-from'];
  if (list !== undefined) {
    hosts.push(...parseFleetList(await readListFile(ctx.io, list, '--files-from'), list));
  }
  if (hosts.length === 0) throw new UsageError(`the fleet ${fleetName(args)} names no host`);
  return hosts;
}

/** The fleet in words, for reports and errors: the folder or list, then the --files-from list. */
function fleetName(args: AuditFleetArgs): string {
  return [fleetPath(args), args['files-from'] !== undefined && `--files-from ${args['files-from']}`].filter(Boolean).join(' + ');
}

function realFolder(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/**
 * A report written into the fleet folder would be read as a host by the next run: refused before
 * anything runs, as is one file named for two reports.
 */
function checkOutputs(args: AuditFleetArgs): void {
  const outs = [args.output, args.html].filter((o): o is string => o !== undefined && o !== '-');
  if (args.output !== undefined && args.html !== undefined && path.resolve(args.output) === path.resolve(args.html)) throw new UsageError(`-o and --html name the same file ${args.html}`);
  const given = fleetPath(args);
  const fleet = given !== undefined ? realFolder(given) : undefined;
  if (fleet === undefined) return;
  for (const o of outs) {
    const dir = realFolder(path.dirname(path.resolve(o)));
    if (dir !== undefined && (dir === fleet || dir.startsWith(fleet + path.sep))) throw new UsageError(`${o}: a report inside the fleet folder ${given} would be read as a host next time; write it elsewhere`);
  }
}

function guestText(setup: FleetAuditSetup): string {
  return describeAuditGuest(setup) ?? NO_GUEST_TEXT;
}

/** The JSON document of a fleet run (schemas/audit-fleet.schema.json). */
export function fleetJson(args: AuditFleetArgs, setup: FleetAuditSetup, s: FleetSummary): Record<string, unknown> {
  return {
    input: { ...(fleetPath(args) !== undefined && { fleet: fleetPath(args) }), ...(args['files-from'] !== undefined && { filesFrom: args['files-from'] }) },
    mode: 'fleet',
    guest: auditGuestJson(setup),
    policy: setup.policyText,
    ok: s.violatingHostCount === 0,
    ...s,
  };
}

/** Runs `audit --fleet`: exit 1 when a host fails the policy, 0 otherwise (unreadable hosts are listed, never fatal). */
export async function runAuditFleet(args: AuditFleetArgs, ctx: CommandContext, setup: FleetAuditSetup): Promise<number> {
  const threads = args.threads;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0)) throw new UsageError(`invalid --threads${Number.isNaN(threads) ? ' (not a number)' : ` ${threads}`}: use a whole number, 0 or 1 for no worker threads`);
  checkOutputs(args);
  const hosts = await fleetHosts(args, ctx);
  const progress = new FleetProgress(ctx, hosts.length, ctx.quiet ? 'none' : ctx.io.stderrIsTTY ? 'bar' : 'lines');
  const summary = new FleetSummaryBuilder();
  // Workers open the host files themselves, so they are used only on the real file system.
  const real = ctx.io.fileSystem === 'node';
  await runFleetAudit(
    hosts,
    {
      guest: setup.guest ?? null,
      ...(setup.qemu && { qemu: setup.qemu }),
      ...(setup.policy && { policy: setup.policy }),
      ...(setup.types && { types: [...setup.types] }),
      ...(setup.tables && { tables: [...setup.tables] }),
      ...(real ? threads !== undefined && { threads } : { io: ctx.io, threads: 1 }),
    },
    (r) => {
      summary.add(r);
      progress.add(r);
    },
  );
  progress.finish();
  const s = summary.summary();
  const report: FleetReportContext = { fleet: fleetName(args), guest: guestText(setup), policy: setup.policyText };
  const main = ctx.json ? undefined : renderFleetMarkdown(s, report);
  // Reports are made in full, then written whole (temporary file + rename): a run stopped before
  // this point leaves no report, not a partial one.
  if (args.html !== undefined) await ctx.io.writeFile(args.html, renderFleetHtml(s, report));
  if (args.output !== undefined && args.output !== '-') {
    await ctx.io.writeFile(args.output, main ?? JSON.stringify(fleetJson(args, setup, s), null, 2) + '\n');
  } else if (main !== undefined) ctx.io.stdout(main);
  else printJson(ctx, fleetJson(args, setup, s));
  return s.violatingHostCount > 0 ? ExitCode.Problems : ExitCode.Ok;
}
