// What the Xen target takes from a host: which SMBIOS structures and ACPI tables go into the
// pass-through blobs, and the OEM rewrite of packed tables. Policy that used to live in the CLI.
import { finding, type Finding } from '@hvmpack/bytes';
import { decodeAcpiHeader, encodeAcpiHeader, fixTableChecksum, ACPI_HEADER_LENGTH, SENSITIVE_SIGNATURES, type AcpiTable } from '@hvmpack/acpi';
import type { Guest } from '@hvmpack/guest';
import type { RawStructure } from '@hvmpack/smbios';
import { builtinSecondaryTables } from './acpi-guest.js';
import { HVMLOADER_OWN_TABLES } from './own-tables.js';
import { passThroughRules, SMBIOS_OEM_TYPE_MIN } from './smbios-rules.js';

/** What a selection kept, with one finding per thing left out (paths under `input.`). */
export interface Selection<T> {
  chosen: T[];
  notes: Finding[];
}

/**
 * The structures `pack smbios` puts in the blob: `types` when given, else every type hvmloader
 * takes for this Xen release plus OEM types; never the end-of-table marker (hvmloader writes its
 * own), and only the first of a handled type (hvmloader ignores the rest).
 */
export function selectStructures(structures: readonly RawStructure[], guest: Guest, types?: ReadonlySet<number>): Selection<RawStructure> {
  const handled = new Set(passThroughRules(guest.xen).map((r) => r.type));
  const seen = new Set<number>();
  const chosen: RawStructure[] = [];
  const notes: Finding[] = [];
  structures.forEach((s, i) => {
    const wanted = types ? types.has(s.type) : handled.has(s.type) || s.type >= SMBIOS_OEM_TYPE_MIN;
    if (!wanted || s.type === 127) return;
    if (handled.has(s.type) && seen.has(s.type)) {
      notes.push(finding('PACK_SMBIOS_DUPLICATE_LEFT_OUT', 'info', `type ${s.type} structure left out: hvmloader uses only the first one`, { path: `input.structures[${i}]`, type: s.type, handle: s.handle }));
      return;
    }
    seen.add(s.type);
    chosen.push(s);
  });
  return { chosen, notes };
}

/** A table's name as `--tables` and sysfs write it: the signature, with the instance from the second on (`SSDT2`). */
export function tableName(t: Pick<AcpiTable, 'signature' | 'instance'>): string {
  return `${t.signature}${t.instance > 1 ? t.instance : ''}`;
}

/**
 * The tables `pack acpi` puts in the blob. With `wanted` (signatures or names such as `SSDT2`,
 * upper case): exactly those, and a name that matches no table is an error. Without: every table
 * but the ones hvmloader builds itself and the sensitive ones (MSDM holds a Windows product key,
 * SLIC the OEM activation key and marker), which pass only when named.
 */
export function selectTables(tables: readonly AcpiTable[], guest: Guest, wanted?: ReadonlySet<string>): Selection<AcpiTable> {
  const builtin = new Set(builtinSecondaryTables(guest).map((b) => b.signature).filter((s) => s !== 'SSDT'));
  const chosen: AcpiTable[] = [];
  const notes: Finding[] = [];
  const matched = new Set<string>();
  tables.forEach((t, i) => {
    const name = tableName(t);
    const path = `input.tables[${i}]`;
    if (wanted) {
      const hit = wanted.has(t.signature) ? t.signature : wanted.has(name) ? name : undefined;
      if (hit === undefined) return;
      matched.add(hit);
      chosen.push(t);
      return;
    }
    if (HVMLOADER_OWN_TABLES.has(t.signature) || builtin.has(t.signature)) {
      notes.push(finding('PACK_ACPI_LEFT_OUT', 'info', `${name} left out: hvmloader builds its own`, { path, signature: t.signature }));
      return;
    }
    if (SENSITIVE_SIGNATURES.has(t.signature)) {
      notes.push(finding('PACK_ACPI_SENSITIVE_LEFT_OUT', 'warning', `${name} left out: it ${t.signature === 'MSDM' ? 'holds a Windows product key' : 'holds the OEM activation key and marker'}; name it in --tables to pass it to the guest`, { path, signature: t.signature }));
      return;
    }
    chosen.push(t);
  });
  // One finding for all of them: a collapsed repeat would hide every name but the first.
  const absent = [...(wanted ?? [])].filter((w) => !matched.has(w));
  if (absent.length > 0) notes.push(finding('PACK_ACPI_TABLE_NOT_IN_INPUT', 'error', `--tables names ${absent.join(', ')}, which the input does not hold`));
  return { chosen, notes };
}

/**
 * A copy of a table with its OEM ID and/or OEM table ID replaced (NUL-padded, as libacpi's
 * strncpy of "Xen"/"HVM" leaves them) and its checksum recomputed. A table shorter than its
 * header is returned as it is.
 */
export function rewriteOem(bytes: Uint8Array, ids: { oemId?: string | undefined; oemTableId?: string | undefined }): Uint8Array {
  if (bytes.length < ACPI_HEADER_LENGTH) return bytes.slice();
  const header = decodeAcpiHeader(bytes);
  const out = bytes.slice();
  out.set(encodeAcpiHeader({ ...header, ...(ids.oemId !== undefined && { oemId: ids.oemId }), ...(ids.oemTableId !== undefined && { oemTableId: ids.oemTableId }) }), 0);
  return fixTableChecksum(out);
}
