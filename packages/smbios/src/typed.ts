// The typed layer's entry points: structured fields for JSON and dmidecode-compatible text.
import { isFormatError, type Finding } from '@hvmpack/bytes';
import type { RawStructure, SmbiosVersion } from './model.js';
import { formatGeneric, genericFields } from './types/generic.js';
import { TYPE_DECODERS } from './types/registry.js';
import { StructView } from './types/view.js';

/** A structure's typed view: its type, display name, decoded fields (JSON-safe) and findings. */
export interface TypedStructure {
  type: number;
  name: string;
  fields: Record<string, unknown>;
  findings: Finding[];
}

/**
 * Decodes one raw structure into named fields. Fields are read only when the structure is long
 * enough to hold them; enum codes stay numbers (names come from the text view); string fields
 * hold the string or null; 64-bit values are `0x…` strings. Never throws for short or odd
 * structures: what cannot be read is left out, bad string numbers become findings.
 */
export function decodeTyped(s: RawStructure, version: SmbiosVersion | null): TypedStructure {
  const v = new StructView(s, version);
  const dec = TYPE_DECODERS.get(s.type);
  if (dec === undefined) {
    return { type: s.type, name: s.type >= 128 ? 'OEM-specific Type' : 'Unknown Type', fields: genericFields(v), findings: v.findings };
  }
  const fields = v.readFields(dec.fields);
  dec.extras?.(v, fields);
  return { type: s.type, name: dec.name, fields, findings: v.findings };
}

/**
 * The lines dmidecode 3.4 prints for `s` after its `Handle 0x…, DMI type N, L bytes` line: the
 * title, then tab-indented attributes. The blank separator line dmidecode prints after each
 * structure is not included. Types without a decoder print dmidecode's `Header and Data:` form.
 */
export function formatStructureText(s: RawStructure, version: SmbiosVersion | null): string[] {
  return formatWithFindings(s, version).lines;
}

/** {@link formatStructureText} plus the findings noticed while printing (bad string numbers). */
export function formatWithFindings(s: RawStructure, version: SmbiosVersion | null): { lines: string[]; findings: Finding[] } {
  const v = new StructView(s, version);
  const dec = TYPE_DECODERS.get(s.type);
  try {
    if (dec === undefined) formatGeneric(v);
    else dec.format(v);
  } catch (e) {
    // Guards mirror dmidecode's length checks, so a read past the formatted area is our bug;
    // keep the lines printed so far and report it rather than failing the whole table.
    if (!isFormatError(e)) throw e;
    v.findings.push({ code: 'SMBIOS_TYPED_DECODE_FAILED', severity: 'error', message: `type ${s.type} could not be fully decoded`, offset: e.offset ?? s.offset });
  }
  return { lines: v.lines, findings: v.findings };
}

export { formatUuid, encodeUuid } from './types/type1-system-information.js';
export { versionCode } from './types/view.js';
