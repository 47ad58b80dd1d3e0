// MADT ("APIC"), ACPI 6.5 §5.2.12: a 44-byte fixed part, then a list of {type u8, length u8, …}
// interrupt-controller entries. Firmware gets entry lengths wrong often enough that the walk
// reports a bad entry as a finding and stops, rather than guessing where the next one starts.
import { ErrorCode, finding, FormatError, hex, type ByteReader, type Finding } from '@hvmpack/bytes';
import type { AcpiHeader, AcpiTable } from '../model.js';
import { encodeFixedTable, layoutSize, openTable, readAllFields, writeFields, type FieldLayout, type LayoutValues, type TableDecodeOptions } from './common.js';

/** MADT entry types (ACPI 6.5 Table 5.21); values outside this list are kept as numbers. */
export const MadtEntryType = {
  LocalApic: 0,
  IoApic: 1,
  InterruptSourceOverride: 2,
  NmiSource: 3,
  LocalApicNmi: 4,
  LocalApicAddressOverride: 5,
  IoSapic: 6,
  LocalSapic: 7,
  PlatformInterruptSources: 8,
  LocalX2Apic: 9,
  LocalX2ApicNmi: 10,
  GicCpuInterface: 11,
  GicDistributor: 12,
  GicMsiFrame: 13,
  GicRedistributor: 14,
  GicIts: 15,
  MultiprocessorWakeup: 16,
} as const;
/** One of the named MADT entry types. */
export type MadtEntryType = (typeof MadtEntryType)[keyof typeof MadtEntryType];

const ENTRY_NAMES: Record<number, string> = {
  0: 'Processor Local APIC', 1: 'I/O APIC', 2: 'Interrupt Source Override', 3: 'NMI Source', 4: 'Local APIC NMI',
  5: 'Local APIC Address Override', 6: 'I/O SAPIC', 7: 'Local SAPIC', 8: 'Platform Interrupt Sources',
  9: 'Processor Local x2APIC', 10: 'Local x2APIC NMI', 11: 'Generic Interrupt Controller', 12: 'Generic Interrupt Distributor',
  13: 'Generic MSI Frame', 14: 'Generic Interrupt Redistributor', 15: 'Generic Interrupt Translator', 16: 'Multiprocessor Wakeup',
  17: 'CORE PIC', 18: 'LIO PIC', 19: 'HT PIC', 20: 'EIO PIC', 21: 'MSI PIC', 22: 'BIO PIC', 23: 'LPC PIC',
};

/** Display name of a MADT entry type, or undefined when the type is not one ACPI defines. */
export function madtEntryName(type: number): string | undefined {
  return ENTRY_NAMES[type];
}

/** Fields every MADT entry has. */
export interface MadtEntryBase {
  type: number;
  /** The entry's own length byte. */
  length: number;
  /** Offset of the entry within the table. */
  offset: number;
}

/*
 * Per-type declarations of the entries decoded into fields (ACPI 6.5 §5.2.12.2–§5.2.12.13),
 * offsets from the entry's type byte. Local APIC `flags`: bit 0 enabled, bit 1 online capable;
 * interrupt source override `flags`: MPS INTI, bits 0–1 polarity, bits 2–3 trigger mode; a NMI
 * `processorUid` of all ones means every processor.
 */
const ENTRY_LAYOUTS = {
  0: { kind: 'localApic', fields: [['processorUid', 2, 'u8'], ['apicId', 3, 'u8'], ['flags', 4, 'u32']] },
  1: { kind: 'ioApic', fields: [['ioApicId', 2, 'u8'], ['address', 4, 'u32'], ['gsiBase', 8, 'u32']] },
  2: { kind: 'interruptSourceOverride', fields: [['bus', 2, 'u8'], ['source', 3, 'u8'], ['gsi', 4, 'u32'], ['flags', 8, 'u16']] },
  3: { kind: 'nmiSource', fields: [['flags', 2, 'u16'], ['gsi', 4, 'u32']] },
  4: { kind: 'localApicNmi', fields: [['processorUid', 2, 'u8'], ['flags', 3, 'u16'], ['lint', 5, 'u8']] },
  5: { kind: 'localApicAddressOverride', fields: [['address', 4, 'u64']] },
  9: { kind: 'localX2Apic', fields: [['x2apicId', 4, 'u32'], ['flags', 8, 'u32'], ['processorUid', 12, 'u32']] },
  10: { kind: 'localX2ApicNmi', fields: [['flags', 2, 'u16'], ['processorUid', 4, 'u32'], ['lint', 8, 'u8']] },
} as const satisfies Readonly<Record<number, { kind: string; fields: FieldLayout }>>;

/** {@link ENTRY_LAYOUTS}, also indexable by any entry type (undefined for types without a declaration). */
export const MADT_ENTRY_LAYOUTS: typeof ENTRY_LAYOUTS & Readonly<Partial<Record<number, { readonly kind: string; readonly fields: FieldLayout }>>> = ENTRY_LAYOUTS;

type Layouts = typeof ENTRY_LAYOUTS;
type EntryType = keyof Layouts;

/** A decoded entry of MADT entry type `T`: kind, the common fields, then its declared fields (all present). */
export type MadtEntryOf<T extends EntryType> = { kind: Layouts[T]['kind'] } & MadtEntryBase & LayoutValues<Layouts[T]['fields']>;

/** Processor Local APIC (type 0, 8 bytes). */
export type MadtLocalApic = MadtEntryOf<0>;
/** I/O APIC (type 1, 12 bytes). */
export type MadtIoApic = MadtEntryOf<1>;
/** Interrupt Source Override (type 2, 10 bytes). */
export type MadtInterruptSourceOverride = MadtEntryOf<2>;
/** NMI Source (type 3, 8 bytes). */
export type MadtNmiSource = MadtEntryOf<3>;
/** Local APIC NMI (type 4, 6 bytes). */
export type MadtLocalApicNmi = MadtEntryOf<4>;
/** Local APIC Address Override (type 5, 12 bytes). */
export type MadtLocalApicAddressOverride = MadtEntryOf<5>;
/** Processor Local x2APIC (type 9, 16 bytes). */
export type MadtLocalX2Apic = MadtEntryOf<9>;
/** Local x2APIC NMI (type 10, 12 bytes). */
export type MadtLocalX2ApicNmi = MadtEntryOf<10>;

/** Any other entry (SAPIC, GIC, wakeup, LoongArch PICs, OEM), or a known one too short for its fields. */
export interface MadtOtherEntry extends MadtEntryBase {
  kind: 'other';
  /** The whole entry, type and length bytes included (a view). */
  bytes: Uint8Array;
}

/** One decoded MADT entry. */
export type MadtEntry = { [T in EntryType]: MadtEntryOf<T> }[EntryType] | MadtOtherEntry;

/** The MADT's fixed fields after the header. `flags` bit 0: PCAT_COMPAT (dual 8259s present). */
export const MADT_LAYOUT = [['localApicAddress', 36, 'u32'], ['flags', 40, 'u32']] as const satisfies FieldLayout;

/** A decoded MADT. */
export type Madt = { header: AcpiHeader } & LayoutValues<typeof MADT_LAYOUT> & { entries: MadtEntry[]; findings: Finding[] };

function entry<K extends string, L extends FieldLayout>(layout: { readonly kind: K; readonly fields: L }, e: ByteReader, base: MadtEntryBase): { kind: K } & MadtEntryBase & LayoutValues<L> {
  return { kind: layout.kind, ...base, ...readAllFields(e, layout.fields) };
}

// One decoder per declared entry type, each reading its own declaration.
const ENTRY_DECODERS: { readonly [T in EntryType]: (e: ByteReader, base: MadtEntryBase) => MadtEntryOf<T> } = {
  0: (e, b) => entry(MADT_ENTRY_LAYOUTS[0], e, b),
  1: (e, b) => entry(MADT_ENTRY_LAYOUTS[1], e, b),
  2: (e, b) => entry(MADT_ENTRY_LAYOUTS[2], e, b),
  3: (e, b) => entry(MADT_ENTRY_LAYOUTS[3], e, b),
  4: (e, b) => entry(MADT_ENTRY_LAYOUTS[4], e, b),
  5: (e, b) => entry(MADT_ENTRY_LAYOUTS[5], e, b),
  9: (e, b) => entry(MADT_ENTRY_LAYOUTS[9], e, b),
  10: (e, b) => entry(MADT_ENTRY_LAYOUTS[10], e, b),
};

function isEntryType(type: number): type is EntryType {
  return Object.hasOwn(MADT_ENTRY_LAYOUTS, type);
}

/** Offset of the first MADT entry. */
export const MADT_ENTRIES_OFFSET = 44;

/**
 * Decodes a MADT. The entry walk never throws and always advances: an entry whose length is
 * below 2 or runs past the table end is reported (`ACPI_MADT_BAD_ENTRY_LENGTH`, error) and ends
 * the walk; a known entry too short for its fields is kept as `other` with a warning.
 */
export function decodeMadt(table: Uint8Array | AcpiTable, options: TableDecodeOptions = {}): Madt {
  const { header, r, path } = openTable(table, ['APIC'], options);
  const findings: Finding[] = [];
  r.need(MADT_ENTRIES_OFFSET, 0, 'MADT fixed fields');
  const madt: Madt = { header, ...readAllFields(r, MADT_LAYOUT), entries: [], findings };
  let at = MADT_ENTRIES_OFFSET;
  while (at < header.length) {
    const where = { offset: r.base + at, path: `${path}.entries[${madt.entries.length}]` };
    const remaining = header.length - at;
    const type = r.u8At(at);
    const length = remaining >= 2 ? r.u8At(at + 1) : 0;
    if (remaining < 2 || length < 2 || length > remaining) {
      findings.push(
        finding(
          'ACPI_MADT_BAD_ENTRY_LENGTH',
          'error',
          remaining < 2
            ? `MADT ends with ${remaining} stray byte (an entry needs at least 2)`
            : `MADT entry type ${type} has length ${length}, ${length < 2 ? 'below the 2-byte minimum' : `past the table end (${remaining} bytes left)`}; ${remaining} bytes not decoded`,
          where,
        ),
      );
      break;
    }
    const e = r.window(at, length, where.path);
    const known = isEntryType(type);
    const need = known ? layoutSize(MADT_ENTRY_LAYOUTS[type].fields) : 0;
    if (known && length >= need) {
      madt.entries.push(ENTRY_DECODERS[type](e, { type, length, offset: at }));
    } else {
      if (known) {
        findings.push(finding('ACPI_MADT_SHORT_ENTRY', 'warning', `MADT ${ENTRY_NAMES[type]} entry is ${length} bytes, expected at least ${need}; kept undecoded`, where));
      }
      madt.entries.push({ kind: 'other', type, length, offset: at, bytes: e.bytes });
    }
    at += length; // length >= 2, so the walk always advances
  }
  return madt;
}

/**
 * Encodes a MADT as given: header, fixed fields, then each entry's type and length bytes and its
 * declared fields at its offset (an undecoded entry's bytes as kept). Bytes nothing covers
 * (reserved bytes, anything after a bad entry) come from `base` or are zero.
 */
export function encodeMadt(madt: Madt, base?: Uint8Array): Uint8Array {
  const out = encodeFixedTable(madt.header, MADT_LAYOUT, madt, base);
  madt.entries.forEach((e, i) => {
    const path = `acpi.APIC.entries[${i}]`;
    if (e.offset + e.length > out.length || e.length < 2) throw new FormatError(ErrorCode.BadLength, 'entry past the end of the table', { path, expected: `<= ${out.length}`, found: `${e.offset + e.length}` });
    if (e.kind === 'other') {
      out.set(e.bytes.subarray(0, e.length), e.offset);
      return;
    }
    out[e.offset] = e.type;
    out[e.offset + 1] = e.length;
    writeFields(out, MADT_ENTRY_LAYOUTS[e.type as EntryType].fields, e, e.offset, path);
  });
  return out;
}

/** Counts MADT entries by type (a cheap summary, and what the iasl comparison checks). */
export function madtEntryCounts(madt: Madt): Map<number, number> {
  const counts = new Map<number, number>();
  for (const e of madt.entries) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return counts;
}

/** One-line description of an entry for text output (`I/O APIC id 0 at 0xFEC00000 GSI 0`). */
export function describeMadtEntry(e: MadtEntry): string {
  const name = madtEntryName(e.type) ?? `type ${e.type}`;
  switch (e.kind) {
    case 'localApic': return `${name}: UID ${e.processorUid} APIC ID ${e.apicId} flags ${hex(e.flags)}`;
    case 'ioApic': return `${name}: ID ${e.ioApicId} at ${hex(e.address, 8)} GSI base ${e.gsiBase}`;
    case 'interruptSourceOverride': return `${name}: bus ${e.bus} IRQ ${e.source} → GSI ${e.gsi} flags ${hex(e.flags)}`;
    case 'nmiSource': return `${name}: GSI ${e.gsi} flags ${hex(e.flags)}`;
    case 'localApicNmi': return `${name}: UID ${e.processorUid === 0xff ? 'all' : e.processorUid} LINT${e.lint} flags ${hex(e.flags)}`;
    case 'localApicAddressOverride': return `${name}: ${hex(e.address, 16)}`;
    case 'localX2Apic': return `${name}: UID ${e.processorUid} x2APIC ID ${e.x2apicId} flags ${hex(e.flags)}`;
    case 'localX2ApicNmi': return `${name}: UID ${e.processorUid === 0xffffffff ? 'all' : e.processorUid} LINT${e.lint} flags ${hex(e.flags)}`;
    case 'other': return `${name}: ${e.length} bytes`;
  }
}
