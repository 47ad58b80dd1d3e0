// MCFG, PCI Firmware Specification 3.2 §4.1.2: 8 reserved bytes after the header, then 16-byte
// configuration-space base address allocation entries.
import { finding, type Finding } from '@hvmpack/bytes';
import type { AcpiHeader, AcpiTable } from '../model.js';
import { openTable, readAllFields, tableBuffer, writeFields, type FieldLayout, type LayoutValues, type TableDecodeOptions } from './common.js';

/** One ECAM allocation's declaration (offsets within the 16-byte entry; 4 reserved bytes at 12). */
export const MCFG_ALLOCATION_LAYOUT = [['baseAddress', 0, 'u64'], ['segment', 8, 'u16'], ['startBus', 10, 'u8'], ['endBus', 11, 'u8']] as const satisfies FieldLayout;

/** One ECAM allocation: base address for a PCI segment's bus range. */
export type McfgAllocation = LayoutValues<typeof MCFG_ALLOCATION_LAYOUT>;

/** A decoded MCFG. */
export interface Mcfg {
  header: AcpiHeader;
  allocations: McfgAllocation[];
  findings: Finding[];
}

/** Offset of the first allocation entry. */
export const MCFG_ENTRIES_OFFSET = 44;
/** Size of one allocation entry. */
export const MCFG_ENTRY_SIZE = 16;

/** Decodes an MCFG; a trailing partial entry is reported (`ACPI_MCFG_PARTIAL_ENTRY`), not read. */
export function decodeMcfg(table: Uint8Array | AcpiTable, options: TableDecodeOptions = {}): Mcfg {
  const { header, r, path } = openTable(table, ['MCFG'], options);
  const findings: Finding[] = [];
  const allocations: McfgAllocation[] = [];
  if (header.length < MCFG_ENTRIES_OFFSET) {
    findings.push(finding('ACPI_MCFG_SHORT', 'warning', `MCFG is ${header.length} bytes, shorter than its ${MCFG_ENTRIES_OFFSET}-byte fixed part`, { offset: r.base + 4, path }));
    return { header, allocations, findings };
  }
  let at = MCFG_ENTRIES_OFFSET;
  for (; at + MCFG_ENTRY_SIZE <= header.length; at += MCFG_ENTRY_SIZE) {
    allocations.push(readAllFields(r.window(at, MCFG_ENTRY_SIZE), MCFG_ALLOCATION_LAYOUT));
  }
  if (at < header.length) {
    findings.push(finding('ACPI_MCFG_PARTIAL_ENTRY', 'warning', `MCFG ends with ${header.length - at} bytes, less than one ${MCFG_ENTRY_SIZE}-byte entry`, { offset: r.base + at, path: `${path}.allocations[${allocations.length}]` }));
  }
  return { header, allocations, findings };
}

/**
 * Encodes an MCFG as given: header, then allocation i at 44 + 16i. Bytes nothing covers (the 8
 * reserved bytes, each entry's 4, a trailing partial entry) come from `base` or are zero.
 */
export function encodeMcfg(mcfg: Pick<Mcfg, 'header' | 'allocations'>, base?: Uint8Array): Uint8Array {
  const out = tableBuffer(mcfg.header, base);
  mcfg.allocations.forEach((a, i) => writeFields(out, MCFG_ALLOCATION_LAYOUT, a, MCFG_ENTRIES_OFFSET + i * MCFG_ENTRY_SIZE, `acpi.MCFG.allocations[${i}]`));
  return out;
}
