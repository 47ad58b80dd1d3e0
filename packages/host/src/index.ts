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
  smbiosJsonJob,
  rebuildSmbiosLineError,
  syncNodeFileAccess,
  type SmbiosJsonBatchOptions,
  type SmbiosJsonBatchStats,
  type SmbiosJsonJobOptions,
  type SmbiosJsonLineOptions,
  type SmbiosJsonLineResult,
  type SmbiosLineError,
} from './smbios-batch.js';
export {
  runOrdered,
  defaultPoolThreads,
  POOL_CHUNK,
  POOL_MAX_THREADS,
  POOL_MIN_INPUTS,
  type OrderedPoolOptions,
  type PoolChunk,
  type PoolJob,
  type PoolJobRef,
  type PoolStats,
} from './ordered-pool.js';
export { buildExampleHost, type ExampleHost } from './example-host.js';
export { redactPath, type FileRedactionChange, type RedactedPath } from './redact-input.js';
export { readFleetHost, FLEET_HOST_MAX_ENTRIES, type FleetHostTables } from './fleet-host.js';
export { runFleetAudit, auditFleetHost, fleetAuditJob, listFleet, parseFleetList, type FleetAuditOptions, type FleetRunOptions } from './fleet.js';
