// How tests catch the one error class: the code and offset are the contract, never the wording.
import { isFormatError, type FormatError } from '@hvmpack/bytes';

/** Runs `fn` and returns the FormatError it throws; anything else thrown is rethrown, and not throwing fails. */
export function formatErrorOf(fn: () => unknown): FormatError {
  try {
    fn();
  } catch (e) {
    if (isFormatError(e)) return e;
    throw e;
  }
  throw new Error('expected a FormatError');
}

/** The `code` and `offset` of the FormatError that `fn` throws (see {@link formatErrorOf}). */
export function errorCodeAt(fn: () => unknown): { code: string; offset: number | undefined } {
  const e = formatErrorOf(fn);
  return { code: e.code, offset: e.offset };
}
