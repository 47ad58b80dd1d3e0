// Child process of the fleet audit benchmark (bench/src/audit.ts): audits the hosts named in a
// list file as `hvmpack audit --fleet` does (the worker pool, the streaming summary), once, in
// this fresh process, and prints the time, the peak RSS and the summary's counts as JSON. A
// process per run makes its peak RSS its own and its start a real cold start.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FleetSummaryBuilder } from '@hvmpack/audit';
import { resolveGuest } from '@hvmpack/guest';
import { runFleetAudit } from '@hvmpack/host';

const [threadsArg, listFile] = process.argv.slice(2);
const hosts = JSON.parse(readFileSync(listFile!, 'utf8')) as string[];
const summary = new FleetSummaryBuilder();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
// The stock xl guest (newest Xen, SeaBIOS), as `audit --fleet` audits against with no --guest.
await runFleetAudit(hosts, { guest: resolveGuest({}), threads: Number(threadsArg) }, (r) => summary.add(r));
const ms = performance.now() - t0;
// CPU time of every thread of the process: on a shared machine the wall time says how busy the
// others were, this says what the audit cost.
const cpu = process.cpuUsage(cpu0);
const s = summary.summary();
// maxRSS is in KiB and covers the whole process, worker threads included.
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKiB: process.resourceUsage().maxRSS, hosts: s.hostCount, unreadable: s.unreadableHostCount, failing: s.violatingHostCount }));
