import { hex, isFormatError } from '@hvmpack/bytes';
import { isInputError } from '@hvmpack/host/files';

/** Exit codes, documented in the README. */
export const ExitCode = {
  /** Everything worked and every check passed. */
  Ok: 0,
  /** The command ran, and a check it made found problems. */
  Problems: 1,
  /** Bad usage, or an input that could not be read or decoded. */
  Usage: 2,
} as const;
/** One of {@link ExitCode}'s values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Bad command-line usage detected by a command after yargs parsed it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Turns any error into the one line hvmpack prints, `hvmpack: <file>: <message> (at 0x<offset>)`,
 * and its exit code. Unexpected errors (bugs) keep their stack for `HVMPACK_DEBUG=1`.
 */
export function describeError(e: unknown, fallbackFile?: string): { line: string; exitCode: ExitCode; detail?: string } {
  if (isFormatError(e)) {
    const file = e.file ?? fallbackFile;
    const at = e.offset !== undefined ? ` (at ${hex(e.offset)})` : '';
    return { line: `hvmpack: ${file ? `${file}: ` : ''}${e.message}${at}`, exitCode: ExitCode.Usage };
  }
  if (isInputError(e)) return { line: `hvmpack: ${e.file}: ${e.message}`, exitCode: ExitCode.Usage };
  if (e instanceof UsageError) return { line: `hvmpack: ${e.message}`, exitCode: ExitCode.Usage };
  const msg = e instanceof Error ? e.message : String(e);
  return {
    line: `hvmpack: internal error: ${msg}`,
    exitCode: ExitCode.Usage,
    ...(e instanceof Error && e.stack !== undefined && { detail: e.stack }),
  };
}
