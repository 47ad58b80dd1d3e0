// Reach for a QEMU guest: the host is selected and emitted as `qemu prepare` would (one
// `-smbios file=` per structure, one `-acpitable file=` per table), QEMU's guest view is computed,
// and each identifier is looked up in what the guest reads. QEMU builds types 1/3/4/16/17/19/32
// itself unless a file supplies the type, the firmware adds type 0, OVMF drops structures after
// a type 127 or with a taken handle, and QEMU rewrites appended tables' lengths and checksums and
// lends a SLIC's OEM IDs to its own RSDT and FADT (and, under OVMF, to the RSDP and XSDT).
import { bytesEqual, hex, type Finding } from '@hvmpack/bytes';
import { tableName } from '@hvmpack/guest';
import { QEMU_ACPI_OEM, QEMU_DEFAULT_TYPES, computeQemuGuestView, encodeQemuAcpiFiles, encodeQemuSmbiosFiles, selectQemuStructures, selectQemuTables, type QemuGuest, type QemuGuestView } from '@hvmpack/qemu';
import type { RawStructure } from '@hvmpack/smbios';
import type { HostTables, Identifier, IdentifierPlace, Reach } from './model.js';
import { survives } from './reach.js';

/** What decides reach for a QEMU guest: the guest, and the types and tables passed (default: `qemu prepare`'s). */
export interface QemuReachOptions {
  guest: QemuGuest;
  types?: ReadonlySet<number>;
  tables?: ReadonlySet<string>;
}

/** The QEMU guest view that decided, and the selection's notes and the view's findings. */
export interface QemuReachResult {
  identifiers: Identifier[];
  view: QemuGuestView;
  findings: Finding[];
}

const TARGET = 'qemu';

/** Host structure index → `-smbios file=` index; a moved structure is a copy, found by its table offset. */
function fileIndexes(host: readonly RawStructure[], chosen: readonly RawStructure[]): Map<number, number> {
  const byObject = new Map<RawStructure, number>(host.map((s, i) => [s, i]));
  const byOffset = new Map<number, number>(host.map((s, i) => [s.offset, i]));
  const out = new Map<number, number>();
  chosen.forEach((s, k) => {
    const i = byObject.get(s) ?? byOffset.get(s.offset);
    if (i !== undefined) out.set(i, k);
  });
  return out;
}

const trimmed = (s: string): string => s.replace(/[\0 ]+$/, '');

/**
 * Where QEMU's own root tables carry an OEM ID or OEM table ID equal to the identifier's: only
 * when a SLIC lent them its IDs (QEMU's own `BOCHS `/`BXPC` come from no host).
 */
function lentOemId(id: Identifier, view: QemuGuestView): string | undefined {
  if (id.class !== 'oem-id' || id.placeholder) return undefined;
  const value = trimmed(id.value);
  if (value === '') return undefined;
  const places: [string, string][] = [];
  for (const r of view.acpi.roots) places.push([r.signature, r.oemId], [r.signature, r.oemTableId]);
  for (const t of view.acpi.tables) if (t.source === 'qemu') places.push([t.signature, t.oemId], [t.signature, t.oemTableId]);
  places.push(['RSDP', view.acpi.rsdp.oemId]);
  const own = new Set([trimmed(QEMU_ACPI_OEM.oemId), trimmed(QEMU_ACPI_OEM.oemTableId)]);
  const where = [...new Set(places.filter(([, v]) => !own.has(trimmed(v)) && trimmed(v) === value).map(([sig]) => sig))];
  return where.length > 0 ? `QEMU writes the passed SLIC's OEM IDs into its own ${where.join(', ')}, and this value is one of them` : undefined;
}

/**
 * Decides, for each identifier, whether it reaches the QEMU guest `o.guest`: selects and emits
 * the host as `qemu prepare` does, computes {@link computeQemuGuestView}, and looks each value up
 * in the structures and tables the guest gets.
 */
export function decideQemuReach(host: HostTables, identifiers: readonly Identifier[], o: QemuReachOptions): QemuReachResult {
  const structures = host.smbios?.structures ?? [];
  const tables = host.acpi?.tables ?? [];
  const sm = host.smbios ? selectQemuStructures(structures, o.guest, o.types) : { chosen: [], notes: [] };
  const ac = host.acpi ? selectQemuTables(tables, o.guest, o.tables) : { chosen: [], notes: [] };
  const smbiosFiles = encodeQemuSmbiosFiles(sm.chosen);
  const acpiFiles = encodeQemuAcpiFiles(ac.chosen);
  const view = computeQemuGuestView({ smbios: smbiosFiles, acpi: acpiFiles }, o.guest);
  const notes = [...sm.notes, ...ac.notes];
  const smbiosFile = fileIndexes(structures, sm.chosen);
  const acpiFile = new Map<number, number>();
  ac.chosen.forEach((t, k) => acpiFile.set(tables.indexOf(t), k));
  const no = (why: string): Reach => ({ reaches: false, target: TARGET, why });
  const yes = (how: string): Reach => ({ reaches: true, target: TARGET, how });
  const noteFor = (path: string, code?: string): Finding | undefined => notes.find((f) => f.path === path && (code === undefined || f.code === code));

  const smbiosReach = (id: Identifier, place: Extract<IdentifierPlace, { source: 'smbios' }>): Reach => {
    const s = structures[place.structureIndex]!;
    const k = smbiosFile.get(place.structureIndex);
    if (k === undefined) {
      const note = noteFor(`input.structures[${place.structureIndex}]`);
      if (note) return no(note.message);
      if (o.types) return no(`type ${s.type} is not among the types passed`);
      return no(`qemu prepare passes types ${[...QEMU_DEFAULT_TYPES].join(', ')} and the OEM types by default, type ${s.type} only when --types names it`);
    }
    const g = view.smbios.structures.find((x) => x.source === 'user' && x.file === k);
    if (g === undefined) {
      const dropped = view.smbios.dropped.find((d) => d.source === 'user' && d.file === k);
      return no(dropped ? `-smbios file #${k} (type ${s.type}) is dropped: ${dropped.reason}` : `-smbios file #${k} (type ${s.type}) is refused by QEMU or the firmware`);
    }
    if (!survives(smbiosFiles[k]!, g.strings, id, place)) return no(`type ${s.type} is passed, but this field differs in the file`);
    const moved = noteFor(`input.structures[${place.structureIndex}]`, 'QEMU_SMBIOS_HANDLE_MOVED') ? `, moved from ${hex(s.handle, 4)}` : '';
    return yes(`type ${s.type} is passed as -smbios file #${k} and kept as it is (guest handle ${hex(g.handle, 4)}${moved})`);
  };

  const acpiReach = (id: Identifier, place: Extract<IdentifierPlace, { source: 'acpi' }>): Reach => {
    const t = tables[place.tableIndex]!;
    const name = tableName(t);
    const k = acpiFile.get(place.tableIndex);
    const lent = lentOemId(id, view);
    if (k === undefined) {
      if (lent !== undefined) return yes(lent);
      const note = noteFor(`input.tables[${place.tableIndex}]`);
      return no(note ? note.message : `${name} is not among the tables passed`);
    }
    const g = view.acpi.appended.find((x) => x.file === k);
    if (g === undefined) return no(`-acpitable file #${k} (${name}) is refused by QEMU`);
    const end = place.offset + place.length;
    if (end <= g.bytes.length && bytesEqual(g.bytes.subarray(place.offset, end), id.bytes)) return yes(`${name} is appended as -acpitable file #${k} with this field as it is`);
    return lent !== undefined ? yes(lent) : no(`${name} is appended, but QEMU's fix-up changes this field`);
  };

  const out = identifiers.map((id) => ({ ...id, reach: id.place.source === 'smbios' ? smbiosReach(id, id.place) : acpiReach(id, id.place) }));
  return { identifiers: out, view, findings: [...notes, ...view.findings] };
}
