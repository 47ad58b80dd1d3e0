import yargs, { type Argv } from 'yargs';
import type { AnyCommand, CommandContext, CommandGroup } from './command.js';
import { commandEntries, type CommandEntry } from './commands/index.js';
import { CliErrorCode, describeError, ExitCode } from './errors.js';
import { nodeIO, type CliIO } from './io.js';
import { errorJson, jsonText } from './json.js';
import { VERSION } from './version.js';

function isGroup(c: AnyCommand | CommandGroup): c is CommandGroup {
  return 'subcommands' in c;
}

/**
 * Runs the CLI on `argv` (without `node` and the script name) with the given I/O and resolves
 * to the exit code. Never calls `process.exit`.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  let usageFailure: string | undefined;
  let pending: Promise<void> | undefined;

  const bind = (spec: AnyCommand) => (y: Argv) => {
    const built = spec.builder ? spec.builder(y) : y;
    return built;
  };
  const handler = (spec: AnyCommand) => (args: Record<string, unknown>) => {
    const pretty = typeof args['pretty'] === 'boolean' ? args['pretty'] : io.stdoutIsTTY === true;
    const ctx: CommandContext = { io, json: Boolean(args['json']), quiet: Boolean(args['quiet']), pretty };
    pending = spec
      .run(args as never, ctx)
      .then((code) => {
        exitCode = code;
      })
      .catch((e: unknown) => {
        const d = describeError(e);
        // In JSON mode the error is also a document on stdout, where the reader expects JSON.
        if (ctx.json) io.stdout(jsonText(errorJson(typeof args['input'] === 'string' ? args['input'] : typeof args['file'] === 'string' ? args['file'] : null, d), false));
        io.stderr(d.line + '\n');
        if (d.detail && process.env['HVMPACK_DEBUG']) io.stderr(d.detail + '\n');
        exitCode = d.exitCode;
      });
  };

  let parser = yargs([...argv])
    .scriptName('hvmpack')
    .usage('$0 <command> [options]')
    .option('json', { type: 'boolean', default: false, describe: 'Machine-readable JSON output', global: true })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only errors and requested data', global: true })
    .option('pretty', { type: 'boolean', describe: 'Indent a single JSON document (default: only when stdout is a terminal; --no-pretty for one line)', global: true })
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .strict()
    .demandCommand(1, 'a command is required (see hvmpack --help)')
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((msg: string | null, err: Error | undefined) => {
      if (err) throw err;
      usageFailure = msg ?? 'bad usage';
    });

  // Only the command the line names is imported (see commands/index.ts); the others are
  // registered by name and description so top-level help and typo suggestions still work.
  const first = argv.find((a) => !a.startsWith('-'));
  const chosen = commandEntries.filter((e) => e.name === first);
  const loaded = new Map<CommandEntry, readonly (AnyCommand | CommandGroup)[]>();
  for (const e of chosen) loaded.set(e, await e.load());

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
      parser = parser.command(single.command as string, single.describe, bind(single), handler(single));
    } else {
      parser = parser.command(entry.name, entry.describe, (y) => {
        let g = y;
        for (const s of subcommands) g = g.command(s.command as string, s.describe, bind(s), handler(s));
        return g.demandCommand(1, `a ${entry.name} subcommand is required (see hvmpack ${entry.name} --help)`);
      });
    }
  }

  let helpOrVersion = '';
  try {
    await parser.parseAsync([...argv], {}, (err, _argv, output) => {
      if (output && !err) helpOrVersion = output;
      if (err && !usageFailure) usageFailure = err.message;
    });
  } catch (e) {
    usageFailure = e instanceof Error ? e.message : String(e);
  }
  if (usageFailure !== undefined) {
    const line = usageFailure.split('\n')[0]!;
    if (argv.includes('--json')) io.stdout(jsonText({ input: null, error: { code: CliErrorCode.Usage, message: line } }, false));
    io.stderr(`hvmpack: ${line}\n`);
    return ExitCode.Usage;
  }
  if (helpOrVersion) io.stdout(helpOrVersion + '\n');
  if (pending) await pending;
  return exitCode;
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
