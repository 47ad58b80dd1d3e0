/**
 * @hvmpack/host — the Node side: reading inputs (files, folders, sysfs), writing outputs
 * atomically, and (later) host extraction and audit. Codecs never import Node; this package does.
 */
export {
  InputError,
  isInputError,
  readInputFile,
  inFile,
  writeFileAtomic,
  type WriteAtomicOptions,
} from './files.js';
export {
  readSmbiosInput,
  readSmbiosSource,
  resolveSmbiosSource,
  smbiosSourceFiles,
  smbiosPairPartner,
  SYSFS_DMI_TABLES,
  nodeFileAccess,
  type SmbiosFileAccess,
  type SmbiosSource,
} from './smbios-input.js';
export { readAcpiInput, SYSFS_ACPI_TABLES } from './acpi-input.js';
export { buildExampleHost, type ExampleHost } from './example-host.js';
