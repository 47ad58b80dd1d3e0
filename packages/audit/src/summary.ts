// The fleet summary: counts over every host's audit, built one host at a time in memory that does
// not grow with the fleet. Counts are always complete; what is listed (hosts that fail the policy,
// unreadable dumps, distinct vendors and identifier ids) is capped, and what the caps leave out is
// counted, so a report says "and 9,712 more" instead of holding them.
import type { FleetHostResult } from './fleet.js';
import type { IdentifierClass } from './model.js';

/** Caps on what a {@link FleetSummary} lists; counts are never capped. */
export interface FleetSummaryLimits {
  /** Hosts listed under policy violations (default 100). */
  maxViolatingHosts: number;
  /** Unreadable hosts listed with their error (default 1,000). */
  maxUnreadableHosts: number;
  /** Distinct vendor/model pairs, and distinct identifier ids, kept apart (default 1,000 each); the rest are one `other` row. */
  maxKeys: number;
  /** Identifier ids listed for one violating host (default 20). */
  maxIdsPerHost: number;
}

/** The default {@link FleetSummaryLimits}. */
export const FLEET_SUMMARY_LIMITS: Readonly<FleetSummaryLimits> = { maxViolatingHosts: 100, maxUnreadableHosts: 1000, maxKeys: 1000, maxIdsPerHost: 20 };

/** Hosts of one vendor and model. */
export interface FleetVendorRow {
  /** SMBIOS type 1 manufacturer (`''` when absent); with `other: true`, every pair past the cap. */
  vendor: string;
  model: string;
  hostCount: number;
  /** Of those, hosts that fail the policy. */
  violatingHostCount: number;
  other?: true;
}

/** How often identifiers of one class, or with one id, were found and reached guests. */
export interface FleetCountRow {
  /** Identifiers found, every instance (a host with 8 DIMM serials counts 8). */
  foundCount: number;
  /** Hosts holding at least one. */
  hostCount: number;
  /** Instances that reach the guest (firmware placeholders left out: they identify no machine). */
  reachingCount: number;
  /** Hosts where at least one reaches the guest. */
  reachingHostCount: number;
  /** Hosts the policy fails on at least one. */
  violatingHostCount: number;
}

/** {@link FleetCountRow} for one identifier class. */
export interface FleetClassRow extends FleetCountRow {
  class: IdentifierClass;
}

/** {@link FleetCountRow} for one identifier id; `other: true` sums the ids past the cap. */
export interface FleetIdRow extends FleetCountRow {
  id: string;
  class: IdentifierClass | 'other';
  other?: true;
}

/** A host that fails the policy. */
export interface FleetViolatingHost {
  input: string;
  vendor: string;
  model: string;
  /** Identifiers the policy fails it on (every instance). */
  violationCount: number;
  /** Their distinct ids, at most `maxIdsPerHost`. */
  ids: string[];
}

/** A host that could not be read or audited. */
export interface FleetUnreadableHost {
  input: string;
  code: string;
  message: string;
  offset?: number;
}

/** Counts and capped lists over a whole fleet. */
export interface FleetSummary {
  /** Hosts given, readable or not. */
  hostCount: number;
  auditedHostCount: number;
  unreadableHostCount: number;
  /** Hosts with at least one identifier that fails the policy. */
  violatingHostCount: number;
  /** Hosts with at least one identifier that reaches the guest. */
  leakingHostCount: number;
  /** Identifier instances found, and of them those that reach the guest, over every host. */
  identifierCount: number;
  reachingIdentifierCount: number;
  /** Identifier instances that are firmware placeholders (`To Be Filled By O.E.M.`), counted in `identifierCount` only. */
  placeholderCount: number;
  violationCount: number;
  /** Hosts whose reach could not be decided (no guest described). */
  unknownReachHostCount: number;
  /** Most hosts first; ties by vendor, then model. */
  vendors: FleetVendorRow[];
  /** Most reaching hosts first; ties by class name. */
  classes: FleetClassRow[];
  /** Most reaching hosts first; ties by id. */
  identifiers: FleetIdRow[];
  /** Hosts failing the policy, in the order they were audited, at most `maxViolatingHosts`. */
  violatingHosts: FleetViolatingHost[];
  /** True when more hosts fail than are listed. */
  violatingHostsTruncated: boolean;
  /** Unreadable hosts in the order they were read, at most `maxUnreadableHosts`. */
  unreadableHosts: FleetUnreadableHost[];
  unreadableHostsTruncated: boolean;
}

function emptyCounts(): FleetCountRow {
  return { foundCount: 0, hostCount: 0, reachingCount: 0, reachingHostCount: 0, violatingHostCount: 0 };
}

/** Per host, what one key (a class or an id) saw: folded into the key's row once per host. */
interface HostTally {
  found: number;
  reaching: number;
  violating: boolean;
}

function addTally(row: FleetCountRow, t: HostTally): void {
  row.foundCount += t.found;
  row.hostCount++;
  row.reachingCount += t.reaching;
  if (t.reaching > 0) row.reachingHostCount++;
  if (t.violating) row.violatingHostCount++;
}

function tally(map: Map<string, HostTally>, key: string, reaches: boolean, violation: boolean): void {
  let t = map.get(key);
  if (!t) map.set(key, (t = { found: 0, reaching: 0, violating: false }));
  t.found++;
  if (reaches) t.reaching++;
  if (violation) t.violating = true;
}

const byReachThenName = <T extends FleetCountRow>(name: (r: T) => string) => (a: T, b: T): number =>
  b.reachingHostCount - a.reachingHostCount || b.hostCount - a.hostCount || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);

/**
 * Accumulates {@link FleetHostResult}s into a {@link FleetSummary}. Hosts may be added in any
 * order; the summary's counts do not depend on it (the capped lists keep the first ones added).
 */
export class FleetSummaryBuilder {
  private readonly limits: FleetSummaryLimits;
  private readonly s: FleetSummary;
  private readonly vendors = new Map<string, FleetVendorRow>();
  private otherVendor: FleetVendorRow | undefined;
  private readonly classes = new Map<IdentifierClass, FleetClassRow>();
  private readonly ids = new Map<string, FleetIdRow>();
  private otherId: FleetIdRow | undefined;

  constructor(limits: Partial<FleetSummaryLimits> = {}) {
    this.limits = { ...FLEET_SUMMARY_LIMITS, ...limits };
    this.s = {
      hostCount: 0,
      auditedHostCount: 0,
      unreadableHostCount: 0,
      violatingHostCount: 0,
      leakingHostCount: 0,
      identifierCount: 0,
      reachingIdentifierCount: 0,
      placeholderCount: 0,
      violationCount: 0,
      unknownReachHostCount: 0,
      vendors: [],
      classes: [],
      identifiers: [],
      violatingHosts: [],
      violatingHostsTruncated: false,
      unreadableHosts: [],
      unreadableHostsTruncated: false,
    };
  }

  /** Counts one host. */
  add(host: FleetHostResult): void {
    const s = this.s;
    s.hostCount++;
    if (!host.ok) {
      s.unreadableHostCount++;
      if (s.unreadableHosts.length < this.limits.maxUnreadableHosts) {
        s.unreadableHosts.push({ input: host.input, code: host.error.code, message: host.error.message, ...(host.error.offset !== undefined && { offset: host.error.offset }) });
      } else s.unreadableHostsTruncated = true;
      return;
    }
    s.auditedHostCount++;
    const byClass = new Map<string, HostTally>();
    const byId = new Map<string, HostTally>();
    const idClass = new Map<string, IdentifierClass>();
    let violations = 0;
    let reaching = 0;
    let unknown = false;
    for (const i of host.identifiers) {
      const reaches = i.reaches === true && !i.placeholder;
      if (i.placeholder) s.placeholderCount++;
      if (i.reaches === 'unknown') unknown = true;
      if (reaches) reaching++;
      if (i.violation) violations++;
      tally(byClass, i.class, reaches, i.violation);
      tally(byId, i.id, reaches, i.violation);
      idClass.set(i.id, i.class);
    }
    s.identifierCount += host.identifiers.length;
    s.reachingIdentifierCount += reaching;
    s.violationCount += violations;
    if (reaching > 0) s.leakingHostCount++;
    if (unknown) s.unknownReachHostCount++;
    for (const [c, t] of byClass) {
      let row = this.classes.get(c as IdentifierClass);
      if (!row) this.classes.set(c as IdentifierClass, (row = { class: c as IdentifierClass, ...emptyCounts() }));
      addTally(row, t);
    }
    for (const [id, t] of byId) addTally(this.idRow(id, idClass.get(id)!), t);
    this.vendorRow(host.vendor, host.model, violations > 0);
    if (violations > 0) {
      s.violatingHostCount++;
      if (s.violatingHosts.length < this.limits.maxViolatingHosts) {
        const ids = [...new Set(host.identifiers.filter((i) => i.violation).map((i) => i.id))].slice(0, this.limits.maxIdsPerHost);
        s.violatingHosts.push({ input: host.input, vendor: host.vendor, model: host.model, violationCount: violations, ids });
      } else s.violatingHostsTruncated = true;
    }
  }

  private idRow(id: string, cls: IdentifierClass): FleetIdRow {
    const row = this.ids.get(id);
    if (row) return row;
    if (this.ids.size < this.limits.maxKeys) {
      const fresh: FleetIdRow = { id, class: cls, ...emptyCounts() };
      this.ids.set(id, fresh);
      return fresh;
    }
    // Past the cap the ids share one row: its counts are sums over ids, so a host holding two of
    // them counts twice in hostCount there.
    return (this.otherId ??= { id: 'other', class: 'other', other: true, ...emptyCounts() });
  }

  private vendorRow(vendor: string, model: string, violating: boolean): void {
    const key = `${vendor}\u0000${model}`;
    let row = this.vendors.get(key);
    if (!row) {
      if (this.vendors.size < this.limits.maxKeys) this.vendors.set(key, (row = { vendor, model, hostCount: 0, violatingHostCount: 0 }));
      else row = this.otherVendor ??= { vendor: 'other', model: 'other', hostCount: 0, violatingHostCount: 0, other: true };
    }
    row.hostCount++;
    if (violating) row.violatingHostCount++;
  }

  /** The summary of every host added so far (a snapshot: adding more later does not change it). */
  summary(): FleetSummary {
    const vendors = [...this.vendors.values()].sort((a, b) => b.hostCount - a.hostCount || cmp(a.vendor, b.vendor) || cmp(a.model, b.model));
    if (this.otherVendor) vendors.push(this.otherVendor);
    const identifiers = [...this.ids.values()].sort(byReachThenName<FleetIdRow>((r) => r.id));
    if (this.otherId) identifiers.push(this.otherId);
    return structuredCopy({
      ...this.s,
      vendors,
      classes: [...this.classes.values()].sort(byReachThenName<FleetClassRow>((r) => r.class)),
      identifiers,
    });
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Rows are mutable inside the builder; a summary handed out must not change under its reader.
function structuredCopy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The summary of a list of host results at once (tests, small fleets). */
export function summarizeFleet(hosts: Iterable<FleetHostResult>, limits: Partial<FleetSummaryLimits> = {}): FleetSummary {
  const b = new FleetSummaryBuilder(limits);
  for (const h of hosts) b.add(h);
  return b.summary();
}
