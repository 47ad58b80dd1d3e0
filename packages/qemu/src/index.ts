/**
 * @hvmpack/qemu — the QEMU/KVM target: one `-smbios file=` per host structure and one
 * `-acpitable file=` per host table, the checks QEMU 7.2 and its firmware (SeaBIOS, OVMF) apply,
 * the guest view, the QEMU argument list and libvirt domain XML. No Node APIs.
 */
export { QemuMachine, QemuFirmware, DEFAULT_QEMU_GUEST, QEMU_VERSION, describeQemuGuest, machineStrings, memorySplitMiB, resolveQemuGuest, type QemuGuest, type SmbiosEntryPointType } from './guest.js';
export {
  QEMU_HANDLE_BASE,
  QEMU_DEFAULT_TYPES,
  RELOCATED_HANDLE_START,
  HANDLE_REFERENCES,
  SMBIOS_21_MAX_TABLE,
  qemuGeneratedStructures,
  firmwareType0,
  reservedHandles,
  selectQemuStructures,
  encodeQemuSmbiosFiles,
  readSmbiosFile,
  buildQemuSmbiosView,
  type StructureSource,
  type QemuGuestStructure,
  type DroppedStructure,
  type SmbiosFileRead,
  type QemuEntryPoint,
  type QemuSmbiosView,
} from './smbios.js';
export {
  QEMU_ACPI_TABLE_MAX,
  QEMU_ACPI_OEM,
  QEMU_FIXED_TABLES,
  QEMU_BUILT_TABLES,
  qemuOwnTables,
    selectQemuTables,
  encodeQemuAcpiFiles,
  qemuFixUpTable,
  buildQemuAcpiView,
  type QemuOwnTable,
  type QemuAppendedTable,
  type QemuRootEntry,
  type QemuAcpiView,
} from './acpi.js';
export { computeQemuGuestView, qemuGuestViewToJson, OVMF_MIN_MEMORY_MIB, type QemuInputs, type QemuGuestView } from './guest-view.js';
export { qemuTarget, detectQemuFileKind, type QemuFileKind } from './target.js';
export { DEBIAN_OVMF_PATH, qemuArguments, qemuOptionValue, shellQuote, shellLine, parseQemuArguments, type QemuArgsInput, type ParsedQemuArguments } from './args.js';
export { DEFAULT_LIBVIRT_VERSION, parseLibvirtVersion, libvirtAcpiTableTypes, libvirtDomainXml, type LibvirtVersion, type LibvirtInput, type PassedFile } from './libvirt.js';
export { prepareQemuGuest, smbiosFileName, acpiFileName, type QemuPrepareInput, type QemuPrepared, type PreparedFile, type QemuPrepareSummary } from './prepare.js';
