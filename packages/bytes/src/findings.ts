/** How bad a finding is: `error` means a consumer will misbehave, `warning` that it may. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * Something a decoder or checker noticed that is not fatal to reading the input: a bad checksum
 * copied from real firmware, a string index out of range, a structure hvmloader will drop.
 * Every package reports findings in this one shape; `code` is stable, `message` is for people
 * and never contains serial numbers, UUIDs or keys. What the finding is about (an SMBIOS
 * structure's type and handle, an ACPI table's signature) is in fields of its own, so a script
 * never parses the message.
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
  /** SMBIOS structure type the finding is about. */
  type?: number;
  /** SMBIOS structure handle the finding is about. */
  handle?: number;
  /** ACPI table signature the finding is about (as in the table, which may be unprintable). */
  signature?: string;
}

/** Where a finding is: every optional field of {@link Finding}, each may be undefined. */
export interface FindingPlace {
  offset?: number | undefined;
  path?: string | undefined;
  type?: number | undefined;
  handle?: number | undefined;
  signature?: string | undefined;
}

/** Builds a finding, leaving out absent optional fields (for exactOptionalPropertyTypes). */
export function finding(code: string, severity: Severity, message: string, where: FindingPlace = {}): Finding {
  const f: Finding = { code, severity, message };
  if (where.offset !== undefined) f.offset = where.offset;
  if (where.path !== undefined) f.path = where.path;
  if (where.type !== undefined) f.type = where.type;
  if (where.handle !== undefined) f.handle = where.handle;
  if (where.signature !== undefined) f.signature = where.signature;
  return f;
}

/** A finding in JSON output (see `schemas/finding.schema.json`); a type alias, so it is a plain record. */
export type FindingJson = {
  code: string;
  severity: Severity;
  /** Null when the finding is about no single byte. */
  offset: number | null;
  type?: number;
  handle?: number;
  signature?: string;
  path?: string;
  message: string;
};

/**
 * A finding as every command's JSON shows it: always `code`, `severity`, `offset` (null when
 * there is none) and `message`, in one key order; `type`, `handle`, `signature` and `path` when
 * known. Plain assignments keep that order without temporary objects (SMBIOS batches make many).
 */
export function findingJson(f: Finding): FindingJson {
  const out: FindingJson = { code: f.code, severity: f.severity, offset: f.offset ?? null } as FindingJson;
  if (f.type !== undefined) out.type = f.type;
  if (f.handle !== undefined) out.handle = f.handle;
  if (f.signature !== undefined) out.signature = f.signature;
  if (f.path !== undefined) out.path = f.path;
  out.message = f.message;
  return out;
}

/** True when any finding is an error. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
