// The QEMU target behind the shared `Target` interface of @hvmpack/guest.
import { ErrorCode, FormatError, type Finding } from '@hvmpack/bytes';
import { walkAcpiBlob } from '@hvmpack/acpi';
import { decodeStructureTable } from '@hvmpack/smbios';
import type { Target } from '@hvmpack/guest';
import { encodeQemuAcpiFiles, qemuFixUpTable, selectQemuTables } from './acpi.js';
import type { QemuGuest } from './guest.js';
import { computeQemuGuestView, type QemuGuestView } from './guest-view.js';
import { encodeQemuSmbiosFiles, readSmbiosFile, selectQemuStructures } from './smbios.js';

/** The kinds of file {@link qemuTarget}'s `check` reads. */
export type QemuFileKind = 'smbios-file' | 'acpitable-file';

/** Tells a `-smbios file=` blob from an `-acpitable file=` one: an ACPI table starts with four signature characters. */
export function detectQemuFileKind(bytes: Uint8Array): QemuFileKind {
  const sig = bytes.subarray(0, 4);
  return sig.length === 4 && [...sig].every((c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x20) ? 'acpitable-file' : 'smbios-file';
}

/**
 * The QEMU target: one `-smbios file=` per structure and one `-acpitable file=` per table.
 * `guestView` takes the structures back to back (`smbios`) and the tables back to back (`acpi`),
 * in command-line order.
 */
export const qemuTarget: Target<QemuGuestView, QemuGuest, Uint8Array[]> = {
  name: 'qemu',
  select: { smbios: selectQemuStructures, acpi: selectQemuTables },
  emit: { smbios: encodeQemuSmbiosFiles, acpi: encodeQemuAcpiFiles },
  check(bytes, guest, kind) {
    const k = kind ?? detectQemuFileKind(bytes);
    let findings: Finding[];
    if (k === 'smbios-file') findings = readSmbiosFile(bytes, 0).findings;
    else if (k === 'acpitable-file') findings = qemuFixUpTable(bytes, 0).findings;
    else throw new FormatError(ErrorCode.BadValue, 'unknown QEMU file kind', { expected: 'smbios-file, acpitable-file', found: JSON.stringify(k) });
    // The whole-table rules (type 4 count, 2.1 size, handles) need every file; a single file is checked as the guest would get it alone.
    const view = computeQemuGuestView(k === 'smbios-file' ? { smbios: [bytes], acpi: [] } : { smbios: [], acpi: [bytes] }, guest);
    for (const f of view.findings) if (!findings.some((g) => g.code === f.code && g.offset === f.offset)) findings.push(f);
    return { kind: k, findings };
  },
  guestView(inputs, guest) {
    const smbios = inputs.smbios ? decodeStructureTable(inputs.smbios, { stopAtEndOfTable: false }).structures.map((s) => inputs.smbios!.slice(s.offset, s.offset + s.formatted.length + s.stringSet.length)) : [];
    const acpi = inputs.acpi ? walkAcpiBlob(inputs.acpi).records.map((r) => r.bytes) : [];
    return computeQemuGuestView({ smbios, acpi }, guest);
  },
};
