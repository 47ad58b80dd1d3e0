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

/** Codes of the errors that are not a FormatError or an InputError (which carry their own). */
export const CliErrorCode = {
  /** Bad command-line usage. */
  Usage: 'USAGE',
  /** A bug in hvmpack. */
  Internal: 'INTERNAL',
} as const;

/** What {@link describeError} makes of an error. */
export interface ErrorDescription {
  /** The one line printed on stderr. */
  line: string;
  exitCode: ExitCode;
  /** Stable code: the FormatError's or InputError's own, else `USAGE` or `INTERNAL`. */
  code: string;
  /** The file the error is about, when it names one. */
  file?: string;
  /** Byte offset in that file, when the error has one. */
  offset?: number;
  /** A stack trace, for `HVMPACK_DEBUG=1`. */
  detail?: string;
}

/**
 * Turns any error into the one line hvmpack prints, `hvmpack: <file>: <message> (at 0x<offset>)`,
 * its exit code and its stable code. Unexpected errors (bugs) keep their stack for `HVMPACK_DEBUG=1`.
 */
export function describeError(e: unknown, fallbackFile?: string): ErrorDescription {
  if (isFormatError(e)) {
    const file = e.file ?? fallbackFile;
    const at = e.offset !== undefined ? ` (at ${hex(e.offset)})` : '';
    return {
      line: `hvmpack: ${file ? `${file}: ` : ''}${e.message}${at}`,
      exitCode: ExitCode.Usage,
      code: e.code,
      ...(file !== undefined && { file }),
      ...(e.offset !== undefined && { offset: e.offset }),
    };
  }
  if (isInputError(e)) return { line: `hvmpack: ${e.file}: ${e.message}`, exitCode: ExitCode.Usage, code: e.code, file: e.file };
  if (e instanceof UsageError) return { line: `hvmpack: ${e.message}`, exitCode: ExitCode.Usage, code: CliErrorCode.Usage };
  const msg = e instanceof Error ? e.message : String(e);
  return {
    line: `hvmpack: internal error: ${msg}`,
    exitCode: ExitCode.Usage,
    code: CliErrorCode.Internal,
    ...(e instanceof Error && e.stack !== undefined && { detail: e.stack }),
  };
}
