// Whether each identifier reaches the guest, decided by the target's guest view: the blobs are
// built as `prepare` builds them (or taken as given), hvmloader's view of them is computed, and
// each identifier is looked up in the guest's own bytes. A structure in the blob is not enough:
// hvmloader drops types, keeps only the first of a type, falls back to its own type 0/1/3/11 when
// a structure is too short, and writes bios-strings and the domain UUID into what it generates.
import { bytesEqual, type Finding } from '@hvmpack/bytes';
import type { AcpiTable } from '@hvmpack/acpi';
import { xenVersionString, type Guest } from '@hvmpack/guest';
import { encodeStructure, formatUuid, type RawStructure } from '@hvmpack/smbios';
import { decodeAcpiBlob, tableName, xenTarget, type GuestView } from '@hvmpack/xen';
import type { HostTables, Identifier, IdentifierPlace, Reach } from './model.js';

/** What decides reach: the guest, and optionally blobs already built. */
export interface ReachOptions {
  guest: Guest;
  /** Blobs already built (`--blobs`, a `prepare` folder): their guest view decides, not a new selection. */
  blobs?: { smbios: Uint8Array | null; acpi: Uint8Array | null };
  /** SMBIOS types to pass (as `pack smbios --types`); default: what hvmloader takes. */
  types?: ReadonlySet<number>;
  /** ACPI tables to pass (as `pack acpi --tables`); default: all but hvmloader's own, MSDM and SLIC. */
  tables?: ReadonlySet<string>;
}

/** The guest view that decided, the blobs it was computed from, and notes from the selection. */
export interface ReachResult {
  identifiers: Identifier[];
  view: GuestView;
  blobs: { smbios: Uint8Array | null; acpi: Uint8Array | null };
  findings: Finding[];
}

const TARGET = 'xen';
// The SMBIOS version hvmloader's entry point declares: its UUID is stored in text order.
const GUEST_SMBIOS_VERSION = 0x0204;

function hex(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Pairs each host item with the first unclaimed blob record holding the same bytes. */
function pairByBytes<T>(hostBytes: readonly Uint8Array[], records: readonly { bytes: Uint8Array }[], key: (i: number) => T): Map<number, T> {
  const claimed = new Set<number>();
  const out = new Map<number, T>();
  hostBytes.forEach((b, i) => {
    if (b.length === 0) return;
    const r = records.findIndex((rec, k) => !claimed.has(k) && rec.bytes.length === b.length && bytesEqual(rec.bytes, b));
    if (r < 0) return;
    claimed.add(r);
    out.set(i, key(r));
  });
  return out;
}

/** What went into the blobs: the blobs, and for a fresh selection the host items chosen, in blob order. */
interface Built {
  smbios: Uint8Array | null;
  acpi: Uint8Array | null;
  findings: Finding[];
  chosen?: { smbios: readonly RawStructure[]; acpi: readonly AcpiTable[] };
}

/** Builds the blobs as `prepare` does: the target's selection of the host, emitted. */
function buildBlobs(host: HostTables, o: ReachOptions): Built {
  const sm = host.smbios ? xenTarget.select.smbios(host.smbios.structures, o.guest, o.types) : undefined;
  const ac = host.acpi ? xenTarget.select.acpi(host.acpi.tables, o.guest, o.tables) : undefined;
  return {
    smbios: sm && sm.chosen.length > 0 ? xenTarget.emit.smbios(sm.chosen) : null,
    acpi: ac && ac.chosen.length > 0 ? xenTarget.emit.acpi(ac.chosen.map((t) => t.bytes)) : null,
    findings: [...(sm?.notes ?? []), ...(ac?.notes ?? [])],
    chosen: { smbios: sm?.chosen ?? [], acpi: ac?.chosen ?? [] },
  };
}

/** Host item index → the blob record made from it: by position for a fresh selection, else by equal bytes. */
function pair<H, R extends { bytes: Uint8Array }>(host: readonly H[], chosen: readonly H[] | undefined, records: readonly R[], bytes: (h: H) => Uint8Array): Map<number, R> {
  if (chosen === undefined) return pairByBytes(host.map(bytes), records, (r) => records[r]!);
  const at = new Map(chosen.map((h, k) => [h, k]));
  const out = new Map<number, R>();
  host.forEach((h, i) => {
    const k = at.get(h);
    if (k !== undefined && records[k] !== undefined) out.set(i, records[k]!);
  });
  return out;
}

/** Why a host structure is not in the blob, in words: the selection's own note, else the rule that left it out. */
function smbiosLeftOut(s: RawStructure, index: number, notes: readonly Finding[], o: ReachOptions, fromBlobs: boolean): string {
  if (fromBlobs) return 'its structure is not in the smbios blob';
  const note = notes.find((f) => f.path === `input.structures[${index}]`);
  if (note) return note.message;
  if (o.types) return `type ${s.type} is not among the types passed`;
  return `hvmloader of Xen ${xenVersionString(o.guest.xen)} does not take type ${s.type} from the blob`;
}

/** True when the guest structure still holds the identifier's value where the host had it. */
export function survives(guestBytes: Uint8Array, guestStrings: readonly string[], id: Identifier, place: Extract<IdentifierPlace, { source: 'smbios' }>): boolean {
  if (place.stringNumber === undefined) {
    return place.offset + id.bytes.length <= guestBytes.length && bytesEqual(guestBytes.subarray(place.offset, place.offset + id.bytes.length), id.bytes);
  }
  // A declared string field: follow the guest structure's own string number (rewrites may renumber).
  const n = place.offset >= 0 ? (place.offset < (guestBytes[1] ?? 0) ? guestBytes[place.offset]! : 0) : place.stringNumber;
  return n > 0 && guestStrings[n - 1] === id.value;
}

/** Where a value hvmloader generated (from bios-strings or the domain UUID) equals the identifier, in words. */
function generatedCopy(id: Identifier, view: GuestView): string | undefined {
  if (id.placeholder || id.value.trim().length < 3) return undefined;
  for (const g of view.smbios.structures) {
    if (g.source !== 'generated') continue;
    if (id.class === 'uuid' && g.type === 1 && g.bytes.length >= 24) {
      if (formatUuid(g.bytes.subarray(8, 24), GUEST_SMBIOS_VERSION) === id.value.toLowerCase()) return `hvmloader writes it as the generated type 1 UUID (the domain UUID equals it)`;
    }
    const k = g.strings.findIndex((x) => x === id.value || (id.class === 'uuid' && x.toLowerCase() === id.value.toLowerCase()));
    if (k >= 0) return `hvmloader writes it into its generated type ${g.type} (string ${k + 1}${id.class === 'uuid' ? ', the domain UUID as serial number' : ', from bios-strings'})`;
  }
  return undefined;
}

/**
 * Decides, for each identifier, whether it reaches the guest described by `o`: builds the blobs
 * from the host as `prepare` does (or takes `o.blobs`), computes the Xen guest view, and looks
 * each value up in the guest's structures and tables.
 */
export function decideReach(host: HostTables, identifiers: readonly Identifier[], o: ReachOptions): ReachResult {
  const built: Built = o.blobs ? { ...o.blobs, findings: [] } : buildBlobs(host, o);
  const view = xenTarget.guestView({ smbios: built.smbios, acpi: built.acpi }, o.guest);
  const structures = host.smbios?.structures ?? [];
  const tables = host.acpi?.tables ?? [];
  // The guest view walked the SMBIOS blob already; its ACPI walk stops at the slot cap, so walk that blob whole.
  const smRecords = view.smbios.walk.records;
  const acRecords = built.acpi ? decodeAcpiBlob(built.acpi).records : [];
  const smbiosRecord = pair(structures, built.chosen?.smbios, smRecords, safeEncode);
  const acpiRecord = pair(tables, built.chosen?.acpi, acRecords, (t) => t.bytes);
  const fromBlobs = o.blobs !== undefined;
  const no = (why: string): Reach => ({ reaches: false, target: TARGET, why });
  const yes = (how: string): Reach => ({ reaches: true, target: TARGET, how });

  const smbiosReach = (id: Identifier, place: Extract<IdentifierPlace, { source: 'smbios' }>): Reach => {
    const s = structures[place.structureIndex]!;
    const rec = smbiosRecord.get(place.structureIndex);
    if (view.smbios.entryPoint === null) return no('the guest gets no SMBIOS entry point: the table is too large for the firmware window');
    // Looked up only when the host structure itself does not carry the value to the guest.
    let generated: string | undefined | null = null;
    const copy = (): string | undefined => (generated === null ? (generated = generatedCopy(id, view)) : generated);
    if (rec === undefined) {
      const g = copy();
      return g !== undefined ? yes(g) : no(smbiosLeftOut(s, place.structureIndex, built.findings, o, fromBlobs));
    }
    const gi = view.smbios.structures.findIndex((g) => g.source === 'pass-through' && g.blobIndex === rec.index);
    const g = view.smbios.structures[gi];
    if (g === undefined) {
      const dropped = view.diff.smbios.dropped.find((d) => d.blobIndex === rec.index);
      const why = `blob record ${rec.index} (type ${s.type}) is dropped: ${dropped?.reason ?? 'hvmloader does not copy it'}`;
      const g = copy();
      return g !== undefined ? yes(`${g}; the host structure itself is dropped`) : no(why);
    }
    if (!survives(g.bytes, g.strings, id, place)) {
      const copied = copy();
      return copied !== undefined ? yes(copied) : no(`type ${s.type} is passed through, but hvmloader rewrites this field`);
    }
    const counted = gi < view.smbios.visibleToCountReaders ? '' : '; past the entry point\'s structure count, so readers that honour it (dmidecode) miss it, a table walk finds it';
    return yes(`type ${s.type} is passed through as it is (guest handle ${hex(g.handle)})${counted}`);
  };

  const acpiReach = (place: Extract<IdentifierPlace, { source: 'acpi' }>, id: Identifier): Reach => {
    const t = tables[place.tableIndex]!;
    const rec = acpiRecord.get(place.tableIndex);
    const name = tableName(t);
    if (rec === undefined) {
      if (fromBlobs) return no(`${name} is not in the acpi blob`);
      const note = built.findings.find((f) => f.path === `input.tables[${place.tableIndex}]`);
      return no(note ? note.message : `${name} is not among the tables passed`);
    }
    if (!view.acpi.enabled) return no('the guest has ACPI disabled (platform/acpi is not 1)');
    const g = view.acpi.tables.find((x) => x.source === 'pass-through' && x.blobOffset === rec.offset);
    if (g === undefined) {
      const d = view.acpi.dropped.find((x) => x.blobOffset === rec.offset);
      return no(d?.reason === 'over-cap' ? `${name} is dropped: no secondary-table slot left (${view.acpi.slots} slots)` : `${name} is not copied by hvmloader`);
    }
    const end = place.offset + place.length;
    if (end > rec.bytes.length || !bytesEqual(rec.bytes.subarray(place.offset, end), id.bytes)) return no(`${name} is passed, but this field differs in the blob`);
    return yes(`${name} is copied verbatim into the guest's XSDT/RSDT list`);
  };

  const out = identifiers.map((id) => ({ ...id, reach: id.place.source === 'smbios' ? smbiosReach(id, id.place) : acpiReach(id.place, id) }));
  return { identifiers: out, view, blobs: { smbios: built.smbios, acpi: built.acpi }, findings: built.findings };
}

/** A host structure's bytes as a blob record holds them; a malformed one matches nothing. */
function safeEncode(s: RawStructure): Uint8Array {
  try {
    return encodeStructure(s);
  } catch {
    return new Uint8Array(0);
  }
}
