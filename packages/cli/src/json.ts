// The one place JSON output is made (docs/json.md): every command prints its documents and its
// errors through these, so the style rules and the error shape hold everywhere.
import type { CommandContext } from './command.js';
import type { ErrorDescription } from './errors.js';

/** The JSON shape of an error (`schemas/error.schema.json`). */
export interface ErrorJson {
  /** The input the error is about (as the user named it), or null for a usage error. */
  input: string | null;
  error: {
    /** Stable code: a FormatError's (`TRUNCATED`, …), an InputError's (`NOT_FOUND`, …), `USAGE` or `INTERNAL`. */
    code: string;
    /** The line printed on stderr, without the `hvmpack: ` prefix. */
    message: string;
    /** Byte offset in the input, when the error has one. */
    offset?: number;
  };
}

/** One document as text and a newline: indented when `pretty`, else on one line (a JSON line). */
export function jsonText(doc: unknown, pretty: boolean): string {
  return (pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc)) + '\n';
}

/**
 * Prints a command's single document on stdout, pretty or compact as the context says. Commands
 * that print several documents print each with `jsonText(doc, false)`: several are JSON lines.
 */
export function printJson(ctx: CommandContext, doc: unknown): void {
  ctx.io.stdout(jsonText(doc, ctx.pretty));
}

/** The error document for `input` (falling back to the file the error names). */
export function errorJson(input: string | null, d: ErrorDescription): ErrorJson {
  return {
    input: input ?? d.file ?? null,
    error: { code: d.code, message: d.line.replace(/^hvmpack: /, ''), ...(d.offset !== undefined && { offset: d.offset }) },
  };
}
