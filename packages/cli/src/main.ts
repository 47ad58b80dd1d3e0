import type { Argv } from 'yargs';
import { runWithInputLog } from '@hvmpack/host/files';
import type { AnyCommand, CommandContext, CommandGroup } from './command.js';
import { commandEntries, type CommandEntry } from './commands/index.js';
import { CliErrorCode, describeError, ExitCode } from './errors.js';
import { nodeIO, withIO, type CliIO } from './io.js';
import { errorJson, jsonText } from './json.js';
import { nearestName } from './suggest.js';
import { VERSION } from './version.js';

function isGroup(c: AnyCommand | CommandGroup): c is CommandGroup {
  return 'subcommands' in c;
}

/**
 * yargs' messages span lines (`Invalid values:` then `  Argument: firmware, Given: "ovfm",
 * Choices: …`); hvmpack prints one line, so the lines are joined rather than the useful one cut.
 */
function oneLine(message: string): string {
  return message
    .replaceAll(DASH, '-')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}

/** Adds a spec's options, then its examples (every command has at least one: `CommandSpec.examples`). */
export function buildCommand(spec: AnyCommand, y: Argv): Argv {
  let built = spec.builder ? (spec.builder(y) as Argv) : y;
  for (const [cmd, what] of spec.examples) built = built.example(cmd, what);
  return built;
}

/**
 * The command the words of argv name when it does not exist (`smbios decod`), with the nearest
 * one that does, or undefined when argv names known commands.
 */
function unknownCommand(argv: readonly string[], loaded: ReadonlyMap<CommandEntry, readonly (AnyCommand | CommandGroup)[]>): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-') && a !== DASH);
  const first = words[0];
  if (first === undefined) return undefined;
  const entry = commandEntries.find((e) => e.name === first);
  if (!entry) {
    const near = nearestName(first, commandEntries.map((e) => e.name));
    return `unknown command "${first}"${near ? ` (did you mean "hvmpack ${near}"?)` : '; see hvmpack --help'}`;
  }
  const parts = loaded.get(entry) ?? [];
  const subcommands = parts.flatMap((p) => (isGroup(p) ? p.subcommands : []));
  const second = words[1];
  if (subcommands.length === 0 || second === undefined) return undefined;
  const names = subcommands.map((s) => String(s.command).split(' ')[0]!);
  if (names.includes(second)) return undefined;
  const near = nearestName(second, names);
  return `unknown command "${first} ${second}"${near ? ` (did you mean "hvmpack ${first} ${near}"?)` : `; see hvmpack ${first} --help`}`;
}

/**
 * yargs reads a lone `-` as an empty flag, so it crosses the parser as this placeholder and is
 * turned back into `-` (standard input or output) in the parsed arguments.
 */
const DASH = '\u0000-';

function restoreDash(args: Record<string, unknown>): Record<string, unknown> {
  const back = (v: unknown): unknown => (v === DASH ? '-' : Array.isArray(v) ? v.map(back) : v);
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, back(v)]));
}

/** Options naming a file a command writes; `-` there means standard output. */
const OUTPUT_OPTIONS = ['output', 'svg', 'dump-bin'] as const;

/**
 * `-` and the names of descriptor 1 are standard output: the command's own (which a test may
 * capture), and one that works whatever it is (`/dev/stdout` cannot be opened on a socket).
 */
function isStandardOutput(f: unknown): boolean {
  return f === '-' || f === '/dev/stdout' || f === '/dev/fd/1' || f === '/proc/self/fd/1';
}

/**
 * `-` as an output file is standard output. The written bytes go there and nothing else does:
 * when an output option is `-`, the command's own messages (summaries, JSON reports) go to
 * standard error, so `hvmpack pack smbios HOST -o - | xxd` sees the blob alone.
 */
function withStandardOutput(io: CliIO, args: Record<string, unknown>): CliIO {
  const toStdout = (data: Uint8Array | string): void => {
    if (typeof data === 'string') io.stdout(data);
    else {
      // A captured text stdout (tests) gets the bytes one character each.
      if (io.stdoutBytes) io.stdoutBytes(data);
      else io.stdout(Buffer.from(data.buffer, data.byteOffset, data.length).toString('latin1'));
    }
  };
  const stdoutIsData = OUTPUT_OPTIONS.some((o) => isStandardOutput(args[o]));
  return withIO(io, {
    ...(stdoutIsData && { stdout: io.stderr }),
    writeFile: async (f, d, o) => (isStandardOutput(f) ? toStdout(d) : io.writeFile(f, d, o)),
  });
}

/**
 * The width help text wraps to: the terminal's, up to 100 columns, and 100 when standard output is
 * not a terminal. The launcher (bin/bundle.js) replays help rendered at the build for runs where
 * this is 100, so the rule lives in both places.
 */
export const HELP_WIDTH = 100;

export function helpWidth(io: CliIO): number {
  return Math.min(HELP_WIDTH, io.stdoutColumns || HELP_WIDTH);
}

/** The part of yargs' internals {@link skipHelpCache} reaches (yargs 17 and 18). */
interface YargsInternals {
  getInternalMethods?(): { getUsageInstance?(): { cacheHelpMessage?: () => void } };
}

/**
 * yargs renders a command's whole help text after calling its handler, in case the handler asks
 * for it; ours never does (showHelpOnFail(false), and handlers only record the command), and the
 * rendering cost more than the parse itself. Where yargs' internals differ, nothing changes.
 */
function skipHelpCache(parser: Argv): void {
  const usage = (parser as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

/**
 * Runs the CLI on `argv` (without `node` and the script name) with the given I/O and resolves
 * to the exit code. Never calls `process.exit`.
 *
 * yargs calls a command's handler while it is still validating the line, so the handler only
 * records what to run; the command starts once the whole line has parsed without a usage error.
 * A refused line therefore runs nothing and writes nothing.
 */
export async function runCli(rawArgv: readonly string[], io: CliIO): Promise<number> {
  // Imported here, not at the top, so a program that imports @hvmpack/cli for its I/O helpers or
  // error types does not load the parser.
  const { default: yargs } = await import('yargs');
  const argv = rawArgv.map((a) => (a === '-' ? DASH : a));
  const usageFailures: string[] = [];
  let chosen: { spec: AnyCommand; args: Record<string, unknown> } | undefined;

  const handler = (spec: AnyCommand) => (args: Record<string, unknown>) => {
    chosen = { spec, args: restoreDash(args) };
  };

  let parser = yargs([...argv])
    .scriptName('hvmpack')
    .usage('$0 <command> [options]')
    .option('json', { type: 'boolean', default: false, describe: 'Machine-readable JSON output', global: true })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only errors and the data asked for (smbios decode: as dmidecode -q)', global: true })
    .option('pretty', { type: 'boolean', describe: 'Indent a single JSON document (default: only when stdout is a terminal; --no-pretty for one line)', global: true })
    .version(VERSION)
    .example('hvmpack demo', 'the whole host → guest walk-through on a built-in example')
    .example('hvmpack smbios decode', "this machine's SMBIOS, as dmidecode prints it")
    .example('hvmpack pack acpi /sys/firmware/acpi/tables --tables SSDT -o acpi.bin', 'an acpi_firmware= blob for xl.cfg')
    // yargs' own words (headings, "Show help", its errors) in English whatever the locale, as
    // everything else hvmpack prints: scripts match on them, and the help replayed by the launcher
    // is rendered once, at the build.
    .locale('en')
    .help()
    .alias('h', 'help')
    .strict()
    .demandCommand(1, 'a command is required (see hvmpack --help)')
    .wrap(helpWidth(io))
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((msg: string | null, err: Error | undefined) => {
      if (err) throw err;
      usageFailures.push(msg ?? 'bad usage');
    });

  skipHelpCache(parser);

  // Only the command the line names is imported (see commands/index.ts); the others are
  // registered by name and description so top-level help still lists them.
  const first = argv.find((a) => !a.startsWith('-') && a !== DASH);
  const loaded = new Map<CommandEntry, readonly (AnyCommand | CommandGroup)[]>();
  for (const e of commandEntries) if (e.name === first) loaded.set(e, await e.load());

  for (const entry of commandEntries) {
    const parts = loaded.get(entry);
    if (!parts) {
      parser = parser.command(entry.usage, entry.describe);
      continue;
    }
    // Groups with the same name merge, so each area registers its own subcommands
    // (`acpi list` and `acpi show` live in different modules).
    const subcommands = parts.flatMap((p) => (isGroup(p) ? p.subcommands : []));
    const single = parts.find((p): p is AnyCommand => !isGroup(p));
    if (single) {
      parser = parser.command(single.command as string, single.describe, (y) => buildCommand(single, y), handler(single));
    } else {
      parser = parser.command(entry.name, entry.describe, (y) => {
        let g = y;
        for (const s of subcommands) g = g.command(s.command as string, s.describe, (sy) => buildCommand(s, sy), handler(s));
        // The group's help shows each subcommand's first example.
        for (const s of subcommands) if (s.examples[0]) g = g.example(s.examples[0][0], s.examples[0][1]);
        return g.demandCommand(1, `a ${entry.name} subcommand is required (see hvmpack ${entry.name} --help)`);
      });
    }
  }

  let helpOrVersion = '';
  try {
    await parser.parseAsync([...argv], {}, (err, _argv, output) => {
      if (output && !err) helpOrVersion = output;
      if (err && usageFailures.length === 0) usageFailures.push(err.message);
    });
  } catch (e) {
    usageFailures.push(e instanceof Error ? e.message : String(e));
  }
  if (usageFailures.length > 0) {
    // A misspelt command reads to yargs as unknown arguments; name the command meant instead.
    const line = unknownCommand(argv, loaded) ?? oneLine(usageFailures[0]!);
    if (argv.includes('--json')) io.stdout(jsonText({ input: null, error: { code: CliErrorCode.Usage, message: line } }, false));
    io.stderr(`hvmpack: ${line}\n`);
    return ExitCode.Usage;
  }
  if (helpOrVersion) {
    io.stdout(helpOrVersion + '\n');
    return ExitCode.Ok;
  }
  if (!chosen) return ExitCode.Ok;
  const { spec, args } = chosen;
  const pretty = typeof args['pretty'] === 'boolean' ? args['pretty'] : io.stdoutIsTTY === true;
  const ctx: CommandContext = { io: withStandardOutput(io, args), json: Boolean(args['json']), quiet: Boolean(args['quiet']), pretty };
  // Every file the command reads is logged, so no output can land on one (see runWithInputLog).
  const readStdin = io.readStdin;
  return runWithInputLog(() => spec.run(args as never, ctx), readStdin ? { readStdin } : {}).catch((e: unknown) => {
    const d = describeError(e);
    // In JSON mode the error is also a document on stdout, where the reader expects JSON.
    if (ctx.json) ctx.io.stdout(jsonText(errorJson(typeof args['input'] === 'string' ? args['input'] : typeof args['file'] === 'string' ? args['file'] : null, d), false));
    io.stderr(d.line + '\n');
    if (d.detail && process.env['HVMPACK_DEBUG']) io.stderr(d.detail + '\n');
    return d.exitCode;
  });
}

/** Entry point for the `hvmpack` binary. */
export function runFromProcess(): void {
  // `hvmpack … | head` closes the pipe early; that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  runCli(process.argv.slice(2), nodeIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`hvmpack: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = ExitCode.Usage;
    },
  );
}
