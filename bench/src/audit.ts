// Fleet audit figures: hosts/s and peak RSS for 1k, 5k and 10k generated hosts, on one thread
// and on every core, each run in a fresh process (audit-child.ts). The fleet is generated from
// the SMBIOS corpus by audit-generate.ts (the tests' generator) into a temporary folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFleet, loadFleetTemplates } from './audit-generate.js';
import type { Harness } from './harness.js';

// HVMPACK_SHARED as in the tests: the shared tree when the checkout is not beside it.
const corpus = path.join(process.env['HVMPACK_SHARED'] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared'), 'corpus', 'smbios');

const SIZES = [1000, 5000, 10_000];

interface ChildResult {
  ms: number;
  cpuMs: number;
  maxRssKiB: number;
  hosts: number;
  unreadable: number;
  failing: number;
}

/**
 * V8 grows its heap lazily: a run with room to spare keeps garbage it could drop. These flags
 * cap the heap (workers inherit them) to show what the run needs, not what V8 chose to keep.
 */
const HEAP_CAP = ['--max-old-space-size=48', '--max-semi-space-size=2'];

function child(threads: number, listFile: string, nodeFlags: readonly string[]): ChildResult {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'audit-child.js');
  const r = spawnSync(process.execPath, [...nodeFlags, script, String(threads), listFile], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`audit child (${threads} threads) failed with status ${r.status}: ${r.stderr.slice(0, 500)}`);
  return JSON.parse(r.stdout) as ChildResult;
}

/** Fleet audit figures. */
export async function run(h: Harness): Promise<void> {
  if (!existsSync(corpus)) {
    console.log('audit: skipped (../shared/corpus/smbios absent)');
    return;
  }
  const work = mkdtempSync(path.join(tmpdir(), 'hvmpack-bench-fleet-'));
  try {
    const fleetDir = path.join(work, 'fleet');
    mkdirSync(fleetDir);
    const t0 = Date.now();
    const fleet = generateFleet(fleetDir, loadFleetTemplates(corpus), { hosts: Math.max(...SIZES) });
    console.log(`audit: generated ${fleet.hosts.length.toLocaleString('en-US')} hosts (${(fleet.bytes / 1e6).toFixed(1)} MB, ${fleet.corrupt.size} corrupt, ${fleet.folders.size} folders with ACPI) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const cores = availableParallelism();
    const runs: [number, readonly string[]][] = [[1, []], [cores, []], [cores, HEAP_CAP]];
    for (const [threads, flags] of runs) {
      for (const n of SIZES) {
        const listFile = path.join(work, `hosts-${n}.json`);
        writeFileSync(listFile, JSON.stringify(fleet.hosts.slice(0, n)));
        const r = child(threads, listFile, flags);
        h.record({
          name: `audit: fleet ${n.toLocaleString('en-US')} hosts, ${threads} thread${threads > 1 ? 's' : ''}${flags.length > 0 ? ', heap capped' : ''}`,
          itemsPerSec: (r.hosts * 1000) / r.ms,
          itemLabel: 'hosts',
          extra: {
            ms: Math.round(r.ms),
            // Hosts per CPU-second (all threads): what the run would do with its cores to itself.
            hostsPerCpuSec: Math.round((r.hosts * 1000) / r.cpuMs),
            peakRssMB: Math.round(r.maxRssKiB / 1024),
            unreadable: r.unreadable,
            failing: r.failing,
          },
        });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
