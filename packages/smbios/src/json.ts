// The JSON document `hvmpack smbios decode --json` prints for one input. It lives in the library
// so the CLI and the benchmark build exactly the same document.
import type { Finding } from '@hvmpack/bytes';
import { formatVersion } from './entry-point.js';
import type { SmbiosTable } from './model.js';
import { decodeTyped } from './typed.js';

/** A finding as the JSON output shows it: code, severity, offset and path when known, message. */
export function findingJson(f: Finding): Record<string, unknown> {
  // Plain assignments keep the key order of the earlier spread-based form without building
  // temporary objects for every finding.
  const out: Record<string, unknown> = { code: f.code, severity: f.severity };
  if (f.offset !== undefined) out.offset = f.offset;
  if (f.path !== undefined) out.path = f.path;
  out.message = f.message;
  return out;
}

/**
 * The decode document for one input: container, version, entry point kind, table place, every
 * structure (only `types` when given) with its typed fields, and the findings of the table and of
 * the typed decode. `input` is the name the user gave.
 */
export function smbiosJsonDocument(input: string, t: SmbiosTable, types?: ReadonlySet<number>): Record<string, unknown> {
  const findings: Record<string, unknown>[] = [];
  for (const f of t.findings) findings.push(findingJson(f));
  const structures = [];
  for (const s of t.structures) {
    if (types && !types.has(s.type)) continue;
    const typed = decodeTyped(s, t.version);
    for (const f of typed.findings) findings.push(findingJson(f));
    structures.push({ type: s.type, handle: s.handle, length: s.length, offset: s.offset, name: typed.name, strings: s.strings, fields: typed.fields });
  }
  const doc: Record<string, unknown> = { input, container: t.container, version: t.version ? formatVersion(t.version) : null };
  if (t.entryPoint) doc.entryPoint = t.entryPoint.kind;
  doc.tableOffset = t.source?.tableOffset ?? 0;
  doc.tableLength = t.table.length;
  doc.structures = structures;
  doc.findings = findings;
  return doc;
}
