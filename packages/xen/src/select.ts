// What the Xen target takes from a host: which SMBIOS structures and ACPI tables go into the
// pass-through blobs, and the OEM rewrite of packed tables. Policy that used to live in the CLI.
import { finding, type Finding } from '@hvmpack/bytes';
import { decodeAcpiHeader, encodeAcpiHeader, fixTableChecksum, ACPI_HEADER_LENGTH, type AcpiTable } from '@hvmpack/acpi';
import { selectTablesWith, type Guest, type Selection } from '@hvmpack/guest';
import type { RawStructure } from '@hvmpack/smbios';
import { builtinSecondaryTables } from './acpi-guest.js';
import { HVMLOADER_OWN_TABLES } from './own-tables.js';
import { passThroughRules, SMBIOS_OEM_TYPE_MIN } from './smbios-rules.js';

export type { Selection } from '@hvmpack/guest';

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

export { tableName } from '@hvmpack/guest';

/**
 * The tables `pack acpi` puts in the blob: exactly the `wanted` ones when given, else every table
 * but the ones hvmloader builds itself and MSDM/SLIC ({@link selectTablesWith}).
 */
export function selectTables(tables: readonly AcpiTable[], guest: Guest, wanted?: ReadonlySet<string>): Selection<AcpiTable> {
  const builtin = new Set(builtinSecondaryTables(guest).map((b) => b.signature).filter((s) => s !== 'SSDT'));
  return selectTablesWith(tables, wanted, { builtIn: (s) => HVMLOADER_OWN_TABLES.has(s) || builtin.has(s), builder: 'hvmloader', codePrefix: 'PACK' });
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
