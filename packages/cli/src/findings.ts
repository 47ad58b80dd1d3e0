import { hex, type Finding } from '@hvmpack/bytes';

/** Where a finding line goes: `file` makes it a stderr diagnostic prefixed `hvmpack: <file>: `. */
export interface FindingLineOptions {
  /** The file the finding is about; set only when the line is a stderr diagnostic. */
  file?: string;
}

/**
 * The one text shape of a finding in every command: `warning SMBIOS_X at 0x2C: message`, or
 * `warning SMBIOS_X: message` without an offset; severity padded to 7 so codes line up.
 */
export function formatFindingLine(f: Finding, opts: FindingLineOptions = {}): string {
  const at = f.offset !== undefined ? ` at ${hex(f.offset)}` : '';
  const line = `${f.severity.padEnd(7)} ${f.code}${at}: ${f.message}`;
  return opts.file !== undefined ? `hvmpack: ${opts.file}: ${line}` : line;
}
