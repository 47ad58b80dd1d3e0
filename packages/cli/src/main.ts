import yargs, { type Argv } from 'yargs';
import type { AnyCommand, CommandContext, CommandGroup, GlobalOptions } from './command.js';
import { commands } from './commands/index.js';
import { describeError, ExitCode } from './errors.js';
import { nodeIO, type CliIO } from './io.js';
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
    const ctx: CommandContext = { io, json: Boolean(args['json']), quiet: Boolean(args['quiet']) };
    pending = spec
      .run(args as never, ctx)
      .then((code) => {
        exitCode = code;
      })
      .catch((e: unknown) => {
        const d = describeError(e);
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

  // Groups with the same name merge, so each area can register its own subcommands
  // (`acpi list` and `acpi show` may live in different modules).
  const groups = new Map<string, { describe: string; subcommands: AnyCommand[] }>();
  for (const c of commands) {
    if (!isGroup(c)) continue;
    const g = groups.get(c.command);
    if (g) g.subcommands.push(...c.subcommands);
    else groups.set(c.command, { describe: c.describe, subcommands: [...c.subcommands] });
  }
  const seenGroups = new Set<string>();
  for (const c of commands) {
    if (isGroup(c)) {
      if (seenGroups.has(c.command)) continue;
      seenGroups.add(c.command);
      const group = groups.get(c.command)!;
      parser = parser.command(c.command, group.describe, (y) => {
        let g = y;
        for (const s of group.subcommands) g = g.command(s.command as string, s.describe, bind(s), handler(s));
        return g.demandCommand(1, `a ${c.command} subcommand is required (see hvmpack ${c.command} --help)`);
      });
    } else {
      parser = parser.command(c.command as string, c.describe, bind(c), handler(c));
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
    io.stderr(`hvmpack: ${usageFailure.split('\n')[0]}\n`);
    return ExitCode.Usage;
  }
  if (helpOrVersion) io.stdout(helpOrVersion + '\n');
  if (pending) await pending;
  return exitCode;
}

/** Entry point for the `hvmpack` binary. */
export function runFromProcess(): void {
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

export type { GlobalOptions };
