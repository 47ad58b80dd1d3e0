import type { Argv } from 'yargs';
import type { CliIO } from './io.js';

/** Options every command sees, set on the top-level parser. */
export interface GlobalOptions {
  /** Machine-readable output. */
  json: boolean;
  /** Print only errors (and the requested data). */
  quiet: boolean;
}

/** What a command's `run` receives besides its parsed arguments. */
export interface CommandContext extends GlobalOptions {
  io: CliIO;
  /** A single JSON document is indented (a terminal, or `--pretty`), else compact (a pipe, or `--no-pretty`). */
  pretty: boolean;
}

/**
 * One CLI command: its yargs signature, its options, and a `run` that returns the exit code.
 * `run` throws FormatError/InputError/UsageError for the shared formatter to print.
 */
export interface CommandSpec<A = Record<string, unknown>> {
  command: string | readonly string[];
  describe: string;
  builder?: (y: Argv) => Argv<A>;
  /** `--help` examples, `[command line, what it does]`; every command has at least one. */
  examples: readonly (readonly [string, string])[];
  run: (args: A, ctx: CommandContext) => Promise<number>;
}

/** A command spec with its argument type erased, for lists of commands. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandSpec<any>;

/** Identity helper that keeps the argument type of a command spec. */
export function defineCommand<A>(spec: CommandSpec<A>): CommandSpec<A> {
  return spec;
}

/** A group of subcommands under one name (`hvmpack smbios decode`). */
export interface CommandGroup {
  command: string;
  describe: string;
  subcommands: readonly AnyCommand[];
}

/** Identity helper for a command group. */
export function defineGroup(group: CommandGroup): CommandGroup {
  return group;
}
