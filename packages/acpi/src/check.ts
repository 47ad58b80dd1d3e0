// Validation of a table set: what makes a table unusable for a consumer (ACPICA's table manager,
// iasl, Xen's pass-through loop, which trusts every length it reads).
import { finding, hex, isFormatError, printableAscii, type Finding } from '@hvmpack/bytes';
import { ACPI_HEADER_LENGTH, FACS_HEADER_LENGTH, FACS_MIN_LENGTH, HEADER_CHECKSUM_OFFSET, expectedTableChecksum, isValidSignature } from './header.js';
import type { AcpiTable, AcpiTableSet } from './model.js';
import { sysfsNames } from './naming.js';
import { RSDP_V1_LENGTH } from './rsdp.js';
import { declaredLength, quoteSignature, signatureOf } from './table.js';
import { decodeFadt, fadtPointers } from './tables/fadt.js';

/** Stable codes of the findings {@link checkTables} reports. */
export const AcpiCheck = {
  ZeroLength: 'ACPI_ZERO_LENGTH',
  TruncatedHeader: 'ACPI_TRUNCATED_HEADER',
  BadLength: 'ACPI_BAD_LENGTH',
  LengthPastEnd: 'ACPI_LENGTH_PAST_END',
  TrailingBytes: 'ACPI_TRAILING_BYTES',
  BadChecksum: 'ACPI_BAD_CHECKSUM',
  SignatureMismatch: 'ACPI_SIGNATURE_MISMATCH',
  InvalidSignature: 'ACPI_INVALID_SIGNATURE',
  Overlap: 'ACPI_TABLES_OVERLAP',
} as const;

/**
 * Checks one table. Findings carry `path` `acpi.tables[<index>]` plus the field, `offset` relative to
 * the table's first byte, and the table's sysfs-style name (`SSDT2`) in the message.
 */
export function checkTable(table: AcpiTable, index: number, name = table.signature): Finding[] {
  const out: Finding[] = [];
  const path = `acpi.tables[${index}]`;
  const b = table.bytes;
  const push = (code: string, message: string, offset: number, field: string, severity: 'error' | 'warning' = 'error'): void => {
    out.push(finding(code, severity, `${printableAscii(name)}: ${message}`, { offset, path: `${path}.${field}`, signature: table.signature }));
  };
  if (b.length === 0) {
    push(AcpiCheck.ZeroLength, 'table has no bytes', 0, 'bytes');
    return out;
  }
  const inBytes = signatureOf(b);
  const rsdp = table.signature === 'RSDP';
  if (!rsdp && inBytes !== table.signature && !(b.length < 4 && table.signature.startsWith(inBytes))) {
    push(AcpiCheck.SignatureMismatch, `the bytes say ${quoteSignature(inBytes)}, the container says ${quoteSignature(table.signature)}`, 0, 'signature');
  }
  if (!rsdp && !isValidSignature(table.signature)) {
    push(AcpiCheck.InvalidSignature, `${quoteSignature(table.signature)} is not a valid ACPI name (A–Z, 0–9, _; ! last)`, 0, 'signature', 'warning');
  }
  const minimum = rsdp ? RSDP_V1_LENGTH : table.header || !(table.signature === 'FACS' || table.signature === 'S3PT') ? ACPI_HEADER_LENGTH : FACS_HEADER_LENGTH;
  if (b.length < minimum) {
    push(AcpiCheck.TruncatedHeader, `only ${b.length} bytes, fewer than the ${minimum}-byte header`, b.length, 'header');
    return out;
  }
  const declared = declaredLength(table);
  if (declared === undefined) return out;
  if (declared === 0) {
    push(AcpiCheck.ZeroLength, 'length field is 0', 4, 'length');
    return out;
  }
  const floor = table.signature === 'FACS' ? FACS_MIN_LENGTH : minimum;
  if (declared < floor) push(AcpiCheck.BadLength, `length ${declared} is below the ${floor}-byte minimum`, rsdp ? 20 : 4, 'length');
  if (declared > b.length) {
    push(AcpiCheck.LengthPastEnd, `length ${declared} runs past the ${b.length} bytes present (truncated)`, rsdp ? 20 : 4, 'length');
  } else if (declared < b.length && declared >= floor) {
    push(AcpiCheck.TrailingBytes, `${b.length - declared} bytes follow the declared length ${declared} (iasl reads them as another table)`, declared, 'length');
  }
  if (table.checksumOk === false && declared <= b.length) {
    if (rsdp) push(AcpiCheck.BadChecksum, 'RSDP checksum does not sum to zero', 8, 'checksum');
    else if (declared > HEADER_CHECKSUM_OFFSET) {
      const want = expectedTableChecksum(b.subarray(0, declared));
      push(AcpiCheck.BadChecksum, `checksum ${hex(b[HEADER_CHECKSUM_OFFSET]!, 2)} does not sum to zero (expected ${hex(want, 2)})`, HEADER_CHECKSUM_OFFSET, 'checksum');
    }
  }
  return out;
}

/**
 * A FADT's DSDT/X_DSDT and FIRMWARE_CTRL/X_FIRMWARE_CTRL pairs: both set and different is the
 * `ACPI_FADT_ADDRESS_CONFLICT` warning ACPICA prints when it loads the table (tbfadt.c). A FADT
 * too broken to decode is left to {@link checkTable}.
 */
function checkFadtPointers(table: AcpiTable, index: number): Finding[] {
  if (table.signature !== 'FACP' || !table.header) return [];
  try {
    return fadtPointers(decodeFadt(table), { path: `acpi.tables[${index}]` }).findings;
  } catch (e) {
    if (isFormatError(e)) return [];
    throw e;
  }
}

/**
 * Validates a table set: the container's own findings first, then per table (zero length, a
 * header cut short, a bad length, a length past the end, trailing bytes, a bad checksum, a
 * signature the bytes contradict), FADT 32/64-bit pointer conflicts, then tables whose physical
 * address ranges overlap.
 */
export function checkTables(set: AcpiTableSet): Finding[] {
  const names = sysfsNames(set.tables);
  const out: Finding[] = [...set.findings];
  set.tables.forEach((t, i) => out.push(...checkTable(t, i, names[i])));
  // The memory-image walk already reported the FADT pointer conflicts it followed.
  if (set.container !== 'memory-image') set.tables.forEach((t, i) => out.push(...checkFadtPointers(t, i)));
  const placed = set.tables
    .map((t, i) => ({ i, start: t.address, len: BigInt(Math.max(declaredLength(t) ?? t.bytes.length, t.bytes.length === 0 ? 0 : 1)) }))
    .filter((p): p is { i: number; start: bigint; len: bigint } => p.start !== undefined && p.start !== 0n && p.len > 0n)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.i - b.i));
  let prev: (typeof placed)[number] | undefined;
  for (const p of placed) {
    if (prev && p.start < prev.start + prev.len) {
      out.push(
        finding(
          AcpiCheck.Overlap,
          'error',
          `${printableAscii(names[p.i]!)} at ${hex(p.start)} (${p.len} bytes) overlaps ${printableAscii(names[prev.i]!)} at ${hex(prev.start)} (${prev.len} bytes)`,
          { offset: 0, path: `acpi.tables[${p.i}]`, signature: set.tables[p.i]!.signature },
        ),
      );
    }
    if (!prev || p.start + p.len > prev.start + prev.len) prev = p;
  }
  return out;
}
