/**
 * Stable error codes shared by every hvmpack codec. Packages may add their own codes (any
 * SCREAMING_CASE string); these are the ones the byte layer itself raises.
 */
export const ErrorCode = {
  /** A read or a declared length runs past the end of the available bytes. */
  Truncated: 'TRUNCATED',
  /** A checksum does not sum to the expected value. */
  BadChecksum: 'BAD_CHECKSUM',
  /** An anchor or signature string is not the expected one. */
  BadSignature: 'BAD_SIGNATURE',
  /** A length field is impossible (too small, too large, inconsistent). */
  BadLength: 'BAD_LENGTH',
  /** A field holds a value the format does not allow. */
  BadValue: 'BAD_VALUE',
  /** A configured limit (see {@link Limits}) was exceeded. */
  LimitExceeded: 'LIMIT_EXCEEDED',
  /** Text that should be hexadecimal is malformed. */
  BadHex: 'BAD_HEX',
  /** The input is not in any format this reader knows. */
  UnknownFormat: 'UNKNOWN_FORMAT',
  /** Arithmetic on addresses or sizes left its allowed range. */
  Overflow: 'OVERFLOW',
} as const;
/** One of the byte layer's own error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Where an error happened and what was seen, beyond the message. */
export interface FormatErrorDetails {
  /** Byte offset in the input (absolute, not relative to a sub-window). */
  offset?: number;
  /** Dotted path into the decoded structure, e.g. `smbios.structures[12].strings[3]`. */
  path?: string;
  /** What the format requires at this place. */
  expected?: string;
  /** What was actually found. */
  found?: string;
  /** Name of the input file, filled in by the I/O layer (codecs never know it). */
  file?: string;
  /** 1-based line in a text input. */
  line?: number;
  /** 1-based column in a text input. */
  column?: number;
}

/**
 * The single error type every hvmpack parser throws for bad input. `code` is stable and meant
 * for programs; `message` is for people and already contains expected/found.
 */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  /** Stable machine-readable code, e.g. `TRUNCATED`. */
  readonly code: string;
  /** The message without location or expected/found decoration. */
  readonly reason: string;
  readonly offset: number | undefined;
  readonly path: string | undefined;
  readonly expected: string | undefined;
  readonly found: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  file: string | undefined;

  constructor(code: string, reason: string, details: FormatErrorDetails = {}) {
    super(composeMessage(reason, details));
    this.code = code;
    this.reason = reason;
    this.offset = details.offset;
    this.path = details.path;
    this.expected = details.expected;
    this.found = details.found;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
  }

  /** A copy of this error with more context (file name, outer path) filled in where missing. */
  withContext(details: FormatErrorDetails): FormatError {
    const merged: FormatErrorDetails = {};
    const pick = <K extends keyof FormatErrorDetails>(k: K): void => {
      const v = this[k] ?? details[k];
      if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
    };
    (['offset', 'path', 'expected', 'found', 'file', 'line', 'column'] as const).forEach(pick);
    const e = new FormatError(this.code, this.reason, merged);
    if (this.stack !== undefined) e.stack = this.stack;
    return e;
  }

  /** Plain-object form for `--json` output. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.file !== undefined && { file: this.file }),
      ...(this.offset !== undefined && { offset: this.offset }),
      ...(this.path !== undefined && { path: this.path }),
      ...(this.line !== undefined && { line: this.line }),
      ...(this.column !== undefined && { column: this.column }),
    };
  }
}

function composeMessage(reason: string, d: FormatErrorDetails): string {
  let m = reason;
  if (d.expected !== undefined || d.found !== undefined) {
    const parts: string[] = [];
    if (d.expected !== undefined) parts.push(`expected ${d.expected}`);
    if (d.found !== undefined) parts.push(`found ${d.found}`);
    m += ` (${parts.join(', ')})`;
  }
  if (d.path !== undefined) m += ` in ${d.path}`;
  if (d.line !== undefined) m += ` at line ${d.line}${d.column !== undefined ? `, column ${d.column}` : ''}`;
  return m;
}

/** True when `e` is a {@link FormatError} (also across duplicated module instances). */
export function isFormatError(e: unknown): e is FormatError {
  return (
    e instanceof FormatError ||
    (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'FormatError' &&
      typeof (e as { code?: unknown }).code === 'string')
  );
}

/** Formats a number as `0x…` hex, for messages. */
export function hex(n: number | bigint, width = 0): string {
  return '0x' + n.toString(16).toUpperCase().padStart(width, '0');
}
