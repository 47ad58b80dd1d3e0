/** How bad a finding is: `error` means a consumer will misbehave, `warning` that it may. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * Something a decoder or checker noticed that is not fatal to reading the input: a bad checksum
 * copied from real firmware, a string index out of range, a structure hvmloader will drop.
 * Every package reports findings in this one shape; `code` is stable, `message` is for people
 * and never contains serial numbers, UUIDs or keys.
 */
export interface Finding {
  /** Stable machine-readable code, e.g. `SMBIOS_STRING_INDEX_OUT_OF_RANGE`. */
  code: string;
  severity: Severity;
  message: string;
  /** Byte offset in the input the finding is about, when there is one. */
  offset?: number;
  /** Path into the decoded structure, e.g. `smbios.structures[4]`. */
  path?: string;
}

/** Builds a finding, leaving out absent optional fields (for exactOptionalPropertyTypes). */
export function finding(code: string, severity: Severity, message: string, where: { offset?: number | undefined; path?: string | undefined } = {}): Finding {
  const f: Finding = { code, severity, message };
  if (where.offset !== undefined) f.offset = where.offset;
  if (where.path !== undefined) f.path = where.path;
  return f;
}

/** True when any finding is an error. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
