/**
 * @hvmpack/host — the Node side: reading inputs (files, folders, sysfs), writing outputs
 * atomically, and (later) host extraction and audit. Codecs never import Node; this package does.
 */
export {
  InputError,
  isInputError,
  readInputFile,
  readInputStream,
  inFile,
  writeFileAtomic,
  writeFolderAtomic,
  makeFolder,
  runWithInputLog,
  noteInputFolder,
  STDIN_NAME,
  type WriteAtomicOptions,
} from './files.js';
export {
  readSmbiosInput,
  readSmbiosSource,
  indexSmbiosSource,
  resolveSmbiosSource,
  smbiosSourceFiles,
  smbiosPairPartner,
  SYSFS_DMI_TABLES,
  nodeFileAccess,
  type SmbiosFileAccess,
  type SmbiosSource,
} from './smbios-input.js';
export { readAcpiInput, SYSFS_ACPI_TABLES } from './acpi-input.js';
export {
  smbiosJsonBatch,
  smbiosJsonLine,
  rebuildSmbiosLineError,
  defaultSmbiosBatchThreads,
  syncNodeFileAccess,
  SMBIOS_BATCH_CHUNK,
  SMBIOS_BATCH_MAX_THREADS,
  SMBIOS_BATCH_MIN_INPUTS,
  type SmbiosJsonBatchOptions,
  type SmbiosJsonBatchStats,
  type SmbiosJsonLineOptions,
  type SmbiosJsonLineResult,
  type SmbiosLineError,
} from './smbios-batch.js';
export { buildExampleHost, type ExampleHost } from './example-host.js';
