// Redaction: replaces chosen identifiers in decoded SMBIOS structures and ACPI tables with
// placeholders, keeping every structure and table valid. SMBIOS strings are replaced in place in
// the string set (the string number, the formatted area and the handle stay as they are, so every
// field that shared the string reads the placeholder and no copy of the old text is left behind);
// fixed-width fields (UUID, numbers, ACPI OEM IDs, the MSDM key) keep their width and shape.
import { ErrorCode, FormatError, latin1, latin1Bytes } from '@hvmpack/bytes';
import { HEADER_CHECKSUM_OFFSET, hasStandardHeader, type AcpiTable } from '@hvmpack/acpi';
import { encodeStringSet, formatUuid, versionCode, type RawStructure, type SmbiosVersion } from '@hvmpack/smbios';
import { maskValue } from './mask.js';
import type { Identifier, IdentifierClass, IdentifierPlace, Verdict } from './model.js';
import { genericId } from './policy.js';
import { significantLength, type PlaceholderShape, type Placeholders } from './redact-placeholders.js';

/** What was done to one chosen identifier. */
export interface RedactionChange {
  identifierId: string;
  class: IdentifierClass;
  place: IdentifierPlace;
  /** The old value, masked (see `maskValue`). */
  old: string;
  /** The value a reader now decodes there: the placeholder. */
  new: string;
  /**
   * True when this is not the identifier's own place but another string that holds its value (a
   * type 3 SKU number copying type 1's, an OEM string quoting the serial), which the inventory
   * does not declare: replaced too, so no copy of a redacted value is left behind.
   */
  echo?: true;
}

/** Structures after redaction, and what changed. */
export interface SmbiosRedaction {
  structures: RawStructure[];
  changes: RedactionChange[];
}

/** Tables after redaction (same order, same lengths), and what changed. */
export interface AcpiRedaction {
  tables: AcpiTable[];
  changes: RedactionChange[];
}

/**
 * Which identifiers to redact: those the policy's verdicts say `redact` or `fail`, or those an
 * id (`smbios.17[2].serialNumber`, or without the instance), a field name or a class names.
 */
export type RedactionChoice = { verdicts: readonly Verdict[] } | { ids: readonly string[] };

/**
 * The identifiers `choice` selects, in inventory order. A list never selects a firmware
 * placeholder (`To Be Filled By O.E.M.`): it identifies no machine, and a guest that reads a
 * made-up value there instead stands out more, not less. A policy may still ask for one.
 */
export function chooseIdentifiers(identifiers: readonly Identifier[], choice: RedactionChoice): Identifier[] {
  if ('verdicts' in choice) {
    const redacted = new Set(choice.verdicts.filter((v) => v.action === 'redact' || v.action === 'fail').map((v) => v.identifierId));
    return identifiers.filter((i) => redacted.has(i.id));
  }
  const wanted = new Set(choice.ids);
  return identifiers.filter((i) => !i.placeholder && (wanted.has(i.id) || wanted.has(genericId(i.id)) || wanted.has(i.place.field) || wanted.has(i.class)));
}

/** Shortest redacted string looked for in other strings: shorter ones turn up in unrelated text by chance. */
const MIN_ECHO_LENGTH = 4;

/**
 * Replaces the chosen SMBIOS identifiers (places with `source: 'smbios'`, others ignored) in
 * `structures` and returns new structures; the input is not changed. `version` gives the UUID
 * byte order. Any other string that holds a redacted string value (4 characters or more) is
 * replaced as well and reported as an echo. An identifier whose place does not match its
 * structure (another table's inventory) is a `BAD_VALUE` error.
 */
export function redactSmbiosStructures(structures: readonly RawStructure[], version: SmbiosVersion | null, chosen: readonly Identifier[], placeholders: Placeholders): SmbiosRedaction {
  const out = structures.slice();
  const changes: RedactionChange[] = [];
  const editedStrings = new Map<number, string[]>();
  // Redacted string values (original text → identifier and placeholder), and the strings done.
  const replaced = new Map<string, { id: Identifier; text: string }>();
  const done = new Set<string>();
  const code = versionCode(version);
  for (const id of chosen) {
    const p = id.place;
    if (p.source !== 'smbios') continue;
    const s = out[p.structureIndex];
    if (s === undefined || s.type !== p.type || s.handle !== p.handle) {
      throw new FormatError(ErrorCode.BadValue, 'identifier place does not match the structures', {
        path: `smbios.structures[${p.structureIndex}]`,
        expected: `type ${p.type}, handle ${p.handle}`,
        found: s === undefined ? 'no structure' : `type ${s.type}, handle ${s.handle}`,
      });
    }
    if (p.stringNumber !== undefined) {
      const strings = editedStrings.get(p.structureIndex) ?? [...s.strings];
      const old = strings[p.stringNumber - 1];
      // A string number past the set decodes as nothing: there is no text to replace.
      if (old === undefined) continue;
      const original = structures[p.structureIndex]!.strings[p.stringNumber - 1]!;
      const text = old === original ? latin1(placeholders.replace(id.class, { kind: 'text' }, latin1Bytes(original))) : old;
      strings[p.stringNumber - 1] = text;
      editedStrings.set(p.structureIndex, strings);
      out[p.structureIndex] = { ...s, strings, stringSet: encodeStringSet(strings) };
      changes.push(change(id, original, text));
      done.add(`${p.structureIndex}:${p.stringNumber}`);
      if (original.length >= MIN_ECHO_LENGTH && !replaced.has(original)) replaced.set(original, { id, text });
      continue;
    }
    const width = id.bytes.length;
    if (width === 0 || p.offset + width > s.formatted.length) continue;
    const original = structures[p.structureIndex]!.formatted.subarray(p.offset, p.offset + width);
    const uuid = id.class === 'uuid' && width === 16;
    const shown = uuid ? formatUuid(original, code) : numberText(original);
    const shape: PlaceholderShape = uuid ? { kind: 'uuid', versionCode: code } : { kind: 'number' };
    const next = placeholders.replace(id.class, shape, original);
    const formatted = s.formatted.slice();
    formatted.set(next, p.offset);
    out[p.structureIndex] = { ...out[p.structureIndex]!, formatted };
    changes.push(change(id, shown, uuid ? formatUuid(next, code) : numberText(next)));
  }
  if (replaced.size > 0) replaceEchoes(structures, out, editedStrings, replaced, done, changes, placeholders);
  return { structures: out, changes };
}

/** Replaces every string not yet done that holds a redacted value (see {@link RedactionChange.echo}). */
function replaceEchoes(
  structures: readonly RawStructure[],
  out: RawStructure[],
  editedStrings: Map<number, string[]>,
  replaced: ReadonlyMap<string, { id: Identifier; text: string }>,
  done: ReadonlySet<string>,
  changes: RedactionChange[],
  placeholders: Placeholders,
): void {
  const values = [...replaced.keys()];
  structures.forEach((was, i) => {
    let strings: string[] | undefined;
    let start = 0;
    was.strings.forEach((original, k) => {
      const at = start;
      start += original.length + 1;
      if (done.has(`${i}:${k + 1}`)) return;
      const value = values.find((v) => original.includes(v));
      if (value === undefined) return;
      const hit = replaced.get(value)!;
      const text = original === value ? hit.text : latin1(placeholders.replace(hit.id.class, { kind: 'text' }, latin1Bytes(original)));
      strings ??= editedStrings.get(i) ?? [...was.strings];
      strings[k] = text;
      const place: IdentifierPlace = {
        source: 'smbios', structureIndex: i, type: was.type, handle: was.handle, field: `string-${k + 1}`, offset: -1, stringNumber: k + 1,
        structureOffset: was.offset, valueOffset: was.offset + was.length + at, length: original.length,
      };
      changes.push({ ...change(hit.id, original, text), place, echo: true });
    });
    if (strings) out[i] = { ...out[i]!, strings, stringSet: encodeStringSet(strings) };
  });
}

/**
 * Replaces the chosen ACPI identifiers (places with `source: 'acpi'`) in `tables`, keeping each
 * field's width: OEM IDs and other text fields by letters and digits of the same length
 * (padding kept), a product key by one of the same `XXXXX-…` shape, other bytes by bytes. The
 * header checksum is moved by exactly what the field's bytes moved, so a table that summed to
 * zero still does (and one shipped broken stays as broken as it was: redaction fixes nothing it
 * was not asked to). Lengths never change.
 */
export function redactAcpiTables(tables: readonly AcpiTable[], chosen: readonly Identifier[], placeholders: Placeholders): AcpiRedaction {
  const out = tables.slice();
  const changes: RedactionChange[] = [];
  for (const id of chosen) {
    const p = id.place;
    if (p.source !== 'acpi') continue;
    const t = out[p.tableIndex];
    if (t === undefined || t.signature !== p.signature) {
      throw new FormatError(ErrorCode.BadValue, 'identifier place does not match the tables', {
        path: `acpi.tables[${p.tableIndex}]`,
        expected: p.signature,
        found: t === undefined ? 'no table' : t.signature,
      });
    }
    if (p.length === 0 || p.offset + p.length > t.bytes.length) continue;
    const original = tables[p.tableIndex]!.bytes.subarray(p.offset, p.offset + p.length);
    const shown = latin1(original.subarray(0, significantLength(original)));
    const shape: PlaceholderShape = id.class === 'product-key' ? { kind: 'product-key' } : isText(original) ? { kind: 'fixed-ascii' } : { kind: 'number' };
    const next = placeholders.replace(id.class, shape, original);
    const bytes = t.bytes.slice();
    bytes.set(next, p.offset);
    // The RSDP's first checksum covers its OEM ID; moving it keeps the first 20 bytes' sum, so the
    // extended checksum (over all of them and the rest) holds too.
    const sumAt = hasStandardHeader(t.signature) ? HEADER_CHECKSUM_OFFSET : t.signature === 'RSDP' ? RSDP_CHECKSUM_OFFSET : -1;
    if (sumAt >= 0 && bytes.length > sumAt) {
      bytes[sumAt] = (bytes[sumAt]! + byteSum(original) - byteSum(next)) & 0xff;
    }
    out[p.tableIndex] = { ...t, bytes };
    changes.push(change(id, shown, shape.kind === 'number' ? numberText(next) : latin1(next.subarray(0, significantLength(next)))));
  }
  return { tables: out, changes };
}

/** ACPI 6.5 §5.2.5.3: the RSDP's checksum over its first 20 bytes. */
const RSDP_CHECKSUM_OFFSET = 8;

function change(id: Identifier, old: string, now: string): RedactionChange {
  return { identifierId: id.id, class: id.class, place: id.place, old: maskValue(old), new: now };
}

/** A little-endian number field as `0x…` hex, as reports show numbers. */
function numberText(bytes: Uint8Array): string {
  let h = '';
  for (let i = bytes.length - 1; i >= 0; i--) h += bytes[i]!.toString(16).padStart(2, '0');
  return `0x${h.toUpperCase()}`;
}

/** True when every byte is printable ASCII or padding (NUL, space). */
function isText(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0 || (b >= 0x20 && b < 0x7f));
}

function byteSum(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) n += b;
  return n;
}
