// The fleet runner: audits thousands of hosts on the ordered worker pool and hands each host's
// small record (`FleetHostResult`) to the caller as soon as it is ready, in input order, so the
// caller can fold it into a summary and forget it. No run holds more than the chunks in flight.
import * as path from 'node:path';
import { auditHost, fleetHostRecord, type FleetHostResult, type Policy } from '@hvmpack/audit';
import { ErrorCode, FormatError, isFormatError } from '@hvmpack/bytes';
import { looksLikeAcpidump } from '@hvmpack/acpi';
import type { Guest } from '@hvmpack/guest';
import type { QemuGuest } from '@hvmpack/qemu';
import { isInputError } from './files.js';
import { readFleetHost } from './fleet-host.js';
import { runOrdered, type OrderedPoolOptions, type PoolChunk, type PoolJob, type PoolStats } from './ordered-pool.js';
import { syncNodeFileAccess } from './smbios-batch.js';
import type { SmbiosFileAccess } from './smbios-input.js';

/** How every host of a fleet is audited: plain data, sent to every worker. */
export interface FleetAuditOptions {
  /** The Xen guest whose view decides reach; null: none (reach `unknown`, unless `qemu` is given). */
  guest: Guest | null;
  /** A QEMU guest instead (with `guest: null`): QEMU's guest view decides reach. */
  qemu?: QemuGuest;
  /** The policy verdicts come from (absent: the audit's built-in default). */
  policy?: Policy;
  /** SMBIOS types and ACPI tables passed (`--types`, `--tables`; absent: what the target takes). */
  types?: number[];
  tables?: string[];
}

/** Audits one host and reduces it to its fleet record; never throws (an unreadable host is a record too). */
export async function auditFleetHost(input: string, options: FleetAuditOptions, io: SmbiosFileAccess = syncNodeFileAccess): Promise<FleetHostResult> {
  try {
    const host = await readFleetHost(input, io);
    const audit = auditHost(host, {
      ...(options.guest && { guest: options.guest }),
      ...(options.qemu && { qemu: options.qemu }),
      ...(options.policy && { policy: options.policy }),
      ...(options.types && { types: new Set(options.types) }),
      ...(options.tables && { tables: new Set(options.tables) }),
    });
    return fleetHostRecord(input, audit);
  } catch (e) {
    return { input, ok: false, error: fleetError(input, e) };
  }
}

/** An error as one line of data; a file inside a host folder is named, the host itself is not (the row says it). */
function fleetError(input: string, e: unknown): { code: string; message: string; offset?: number } {
  const file = isFormatError(e) ? e.file : isInputError(e) ? e.file : undefined;
  const where = file !== undefined && file !== input ? `${path.relative(input, file) || file}: ` : '';
  if (isFormatError(e)) return { code: e.code, message: where + e.message, ...(e.offset !== undefined && { offset: e.offset }) };
  if (isInputError(e)) return { code: e.code, message: where + e.message };
  // Not our error: a bug, reported in its place like the others, so one host never ends the run.
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/** The fleet audit as a job of the ordered pool: each thread reads and audits its hosts itself. */
export const fleetAuditJob: PoolJob<FleetHostResult, FleetAuditOptions> = {
  start: (options) => fleetChunk(options, syncNodeFileAccess),
};

function fleetChunk(options: FleetAuditOptions, io: SmbiosFileAccess): PoolChunk<FleetHostResult> {
  return { run: (input) => auditFleetHost(input, options, io), transfer: () => [] };
}

// Workers import the job from the build, also when this module runs from the TypeScript sources.
const JOB_MODULE = new URL('../dist/fleet.js', import.meta.url);

/** Options for {@link runFleetAudit}. */
export interface FleetRunOptions extends OrderedPoolOptions, FleetAuditOptions {
  /** File access for the main thread; anything but the real file system means no workers. */
  io?: SmbiosFileAccess;
}

/**
 * Audits every host on the main thread and worker threads, calling `onResult` once per host in
 * input order; resolves when all are done. Hosts are paths (a file or a folder each).
 */
/**
 * Heap limits of a fleet run's workers: a host's audit keeps nothing alive once its record is sent,
 * so a small young generation costs little speed and keeps a 10,000-host run's memory flat.
 */
const FLEET_WORKER_HEAP = { youngMb: 4, oldMb: 256 } as const;

export function runFleetAudit(hosts: readonly string[], options: FleetRunOptions, onResult: (r: FleetHostResult) => void): Promise<PoolStats> {
  const jobOptions: FleetAuditOptions = {
    guest: options.guest,
    ...(options.qemu && { qemu: options.qemu }),
    ...(options.policy && { policy: options.policy }),
    ...(options.types && { types: options.types }),
    ...(options.tables && { tables: options.tables }),
  };
  const io = options.io;
  const realFiles = io === undefined || io === syncNodeFileAccess;
  return runOrdered(
    hosts,
    { job: fleetAuditJob, module: JOB_MODULE, name: 'fleetAuditJob', options: jobOptions, ...(!realFiles && { startOnMain: () => fleetChunk(jobOptions, io) }) },
    {
      ...(options.threads !== undefined && { threads: options.threads }),
      ...(options.chunkSize !== undefined && { chunkSize: options.chunkSize }),
      ...(options.minInputsForWorkers !== undefined && { minInputsForWorkers: options.minInputsForWorkers }),
      useWorkers: realFiles,
      workerHeap: FLEET_WORKER_HEAP,
    },
    onResult,
  );
}

/**
 * The hosts of a fleet: every entry of a folder (file or folder, names starting with a dot
 * skipped), in name order; or, for a file, the paths it lists, one per line (blank lines skipped,
 * as `--files-from` reads them).
 */
export async function listFleet(fleet: string, io: SmbiosFileAccess = syncNodeFileAccess): Promise<string[]> {
  if (await io.isDirectory(fleet)) {
    const names = (await io.readDir(fleet)).filter((n) => !n.startsWith('.'));
    return names.map((n) => path.join(fleet, n));
  }
  return parseFleetList(await io.readFile(fleet), fleet);
}

/**
 * The paths of a list file: one per line, `\r\n` accepted, blank lines skipped. A file with a NUL
 * byte, or acpidump text, is a host's data given where a list was expected: `UNKNOWN_FORMAT`,
 * rather than thousands of "hosts" made of its lines.
 */
export function parseFleetList(bytes: Uint8Array, file: string): string[] {
  const nul = bytes.indexOf(0);
  if (nul >= 0 || looksLikeAcpidump(bytes)) {
    throw new FormatError(ErrorCode.UnknownFormat, 'not a folder nor a list of host paths: this looks like one host\'s data (audit it without --fleet)', { file, offset: Math.max(0, nul), expected: 'a folder, or text with one path per line' });
  }
  const out: string[] = [];
  for (const line of new TextDecoder().decode(bytes).split('\n')) {
    const name = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (name !== '') out.push(name);
  }
  return out;
}
