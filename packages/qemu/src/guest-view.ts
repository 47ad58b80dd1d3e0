// The whole QEMU guest view: SMBIOS and ACPI as the guest reads them, for one set of
// `-smbios file=` and `-acpitable file=` blobs and one QEMU guest.
import { finding, toHex, type Finding } from '@hvmpack/bytes';
import { buildQemuAcpiView, type QemuAcpiView } from './acpi.js';
import { QEMU_VERSION, type QemuGuest } from './guest.js';
import { buildQemuSmbiosView, type QemuSmbiosView } from './smbios.js';

/** Below this, OVMF (edk2 2022.11) booting `-kernel` faulted or hung in the boot tests. */
export const OVMF_MIN_MEMORY_MIB = 256;

/** The blobs handed to QEMU: one structure per `-smbios file=`, one table per `-acpitable file=`, in command-line order. */
export interface QemuInputs {
  smbios: readonly Uint8Array[];
  acpi: readonly Uint8Array[];
}

/** What a QEMU guest sees: its SMBIOS table and ACPI root, and every finding on the way. */
export interface QemuGuestView {
  qemu: string;
  guest: QemuGuest;
  smbios: QemuSmbiosView;
  acpi: QemuAcpiView;
  findings: Finding[];
}

/** Builds the {@link QemuGuestView} of `inputs` for `guest` (QEMU 7.2 with Debian 12's SeaBIOS or OVMF). */
export function computeQemuGuestView(inputs: QemuInputs, guest: QemuGuest): QemuGuestView {
  const smbios = buildQemuSmbiosView(inputs.smbios, guest);
  const acpi = buildQemuAcpiView(inputs.acpi, guest);
  const findings = [...smbios.findings, ...acpi.findings];
  if (guest.firmware === 'ovmf' && guest.memoryMiB < OVMF_MIN_MEMORY_MIB) {
    findings.push(finding('QEMU_OVMF_LOW_MEMORY', 'warning', `${guest.memoryMiB} MiB: OVMF booting a kernel in so little RAM faults or hangs before the OS starts (seen with 128 MiB); give ${OVMF_MIN_MEMORY_MIB} MiB or more`));
  }
  return { qemu: QEMU_VERSION, guest, smbios, acpi, findings };
}

/** The guest view as JSON (bytes as hex), the shape `qemu guest-view --json` prints and `guest-view.json` holds. */
export function qemuGuestViewToJson(v: QemuGuestView): object {
  const { findings: _s, ...smbios } = v.smbios;
  const { findings: _a, appended, ...acpi } = v.acpi;
  return {
    qemu: v.qemu,
    guest: v.guest,
    smbios,
    acpi: { ...acpi, appended: appended.map((t) => ({ ...t, bytes: toHex(t.bytes) })) },
  };
}
