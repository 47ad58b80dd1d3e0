import { hex, type Finding } from '@hvmpack/bytes';

/** Where a finding line goes: `file` makes it a stderr diagnostic prefixed `hvmpack: <file>: `. */
export interface FindingLineOptions {
  /** The file the finding is about; set only when the line is a stderr diagnostic. */
  file?: string;
}

/**
 * The one text shape of a finding in every command: `warning SMBIOS_X at 0x2C: message`, or
 * `warning SMBIOS_X: message` without an offset; severity padded to 7 so codes line up. `count`
 * above 1 says the line stands for that many findings with this code (`SMBIOS_X ×9`).
 */
export function formatFindingLine(f: Finding, opts: FindingLineOptions = {}, count = 1): string {
  const at = f.offset !== undefined ? ` at ${hex(f.offset)}` : '';
  const line = count > 1 ? `${f.severity.padEnd(7)} ${f.code} ×${count}${at}: ${f.message}; ${count - 1} more like it` : `${f.severity.padEnd(7)} ${f.code}${at}: ${f.message}`;
  return opts.file !== undefined ? `hvmpack: ${opts.file}: ${line}` : line;
}

/**
 * Findings grouped by code and severity, in order of first appearance, each group as its first
 * finding and how many there are. Text output prints one line per group (nine left-out duplicate
 * structures are one line, not nine); JSON output keeps every finding.
 */
export function collapseFindings(findings: readonly Finding[]): { finding: Finding; count: number }[] {
  const groups = new Map<string, { finding: Finding; count: number }>();
  for (const f of findings) {
    const key = `${f.severity} ${f.code}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { finding: f, count: 1 });
  }
  return [...groups.values()];
}

/** {@link formatFindingLine} for each group of {@link collapseFindings}; `file` may depend on the finding. */
export function formatFindingLines(findings: readonly Finding[], file?: string | ((f: Finding) => string)): string[] {
  return collapseFindings(findings).map(({ finding: f, count }) => {
    const name = typeof file === 'function' ? file(f) : file;
    return formatFindingLine(f, name !== undefined ? { file: name } : {}, count);
  });
}
