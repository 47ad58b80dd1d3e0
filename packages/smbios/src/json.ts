// The JSON document `hvmpack smbios decode --json` prints for one input. It lives in the library
// so the CLI and the benchmark build exactly the same document.
import type { Finding } from '@hvmpack/bytes';
import { formatVersion } from './entry-point.js';
import type { SmbiosTable } from './model.js';
import { ascii, JsonWriter } from './json-writer.js';
import { decodeTyped, typedName, writeTypedJson } from './typed.js';

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

/**
 * `JSON.stringify(smbiosJsonDocument(input, t, types))`, byte for byte, written directly from the
 * decoded table. It exists for batches (`smbios decode --json` over many files): building the
 * typed field objects and then serialising them was most of a 1,000-dump batch (JSON.stringify
 * alone about half); writing the text from the offset tables (as UTF-8 bytes, decoded once)
 * skips both steps. Findings and the few fields outside the offset tables still go through
 * JSON.stringify. test/smbios-json-text.test.ts compares the two forms on every corpus file and
 * on crafted strings. Compact form only (the CLI pretty-prints a single input).
 */
export function smbiosJsonText(input: string, t: SmbiosTable, types?: ReadonlySet<number>): string {
  if (!JsonWriter.available) return JSON.stringify(smbiosJsonDocument(input, t, types));
  const w = new JsonWriter(scratch);
  const findings: Finding[] = [...t.findings];
  w.bytes(K.input);
  w.str(input);
  w.bytes(K.container);
  w.str(t.container);
  w.bytes(K.version);
  w.str(t.version ? formatVersion(t.version) : null);
  if (t.entryPoint) {
    w.bytes(K.entryPoint);
    w.str(t.entryPoint.kind);
  }
  w.bytes(K.tableOffset);
  w.num(t.source?.tableOffset ?? 0);
  w.bytes(K.tableLength);
  w.num(t.table.length);
  w.bytes(K.structures);
  let first = true;
  for (const s of t.structures) {
    if (types && !types.has(s.type)) continue;
    w.bytes(first ? K.type : K.nextType);
    first = false;
    w.num(s.type);
    w.bytes(K.handle);
    w.num(s.handle);
    w.bytes(K.length);
    w.num(s.length);
    w.bytes(K.offset);
    w.num(s.offset);
    w.bytes(K.name);
    w.str(typedName(s.type));
    w.bytes(K.strings);
    for (let i = 0; i < s.strings.length; i++) {
      if (i > 0) w.bytes(K.comma);
      w.str(s.strings[i]!);
    }
    w.bytes(K.fields);
    for (const f of writeTypedJson(w, s, t.version)) findings.push(f);
    w.bytes(K.close);
  }
  w.bytes(K.findings);
  w.raw(JSON.stringify(findings.map(findingJson)));
  w.bytes(K.close);
  const text = w.text();
  // Keep a grown buffer for the next document, within reason.
  if (w.buffer.length <= SCRATCH_KEEP) scratch = w.buffer;
  return text;
}

// The document's constant text, encoded once.
const K = {
  input: ascii('{"input":'),
  container: ascii(',"container":'),
  version: ascii(',"version":'),
  entryPoint: ascii(',"entryPoint":'),
  tableOffset: ascii(',"tableOffset":'),
  tableLength: ascii(',"tableLength":'),
  structures: ascii(',"structures":['),
  type: ascii('{"type":'),
  nextType: ascii(',{"type":'),
  handle: ascii(',"handle":'),
  length: ascii(',"length":'),
  offset: ascii(',"offset":'),
  name: ascii(',"name":'),
  strings: ascii(',"strings":['),
  comma: ascii(','),
  fields: ascii('],"fields":'),
  findings: ascii('],"findings":'),
  close: ascii('}'),
} as const;

let scratch: Uint8Array = new Uint8Array(1 << 16);
const SCRATCH_KEEP = 1 << 22;
