/** @hvmpack/cli — the `hvmpack` command line as a library, so it can be run in-process. */
export { runCli, runFromProcess } from './main.js';
export { nodeIO, withIO, type CliIO } from './io.js';
export { ExitCode, UsageError, describeError } from './errors.js';
export { defineCommand, defineGroup, type CommandContext, type CommandSpec, type CommandGroup, type GlobalOptions } from './command.js';
export { VERSION } from './version.js';
