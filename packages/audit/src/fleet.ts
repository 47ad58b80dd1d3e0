// One host of a fleet, reduced to what the fleet summary counts. A fleet run audits thousands of
// hosts on several threads; each host's full audit (values, bytes, places) stays on the thread
// that made it, and only this small plain record crosses to the summary, so memory does not grow
// with what a host holds.
import type { Identifier, IdentifierClass, PolicyAction, Verdict } from './model.js';

/** One identifier of a host, as the fleet summary counts it (no value: reports never need it). */
export interface FleetIdentifier {
  /** The identifier's stable id (`smbios.1.serialNumber`). */
  id: string;
  class: IdentifierClass;
  /** True when it reaches the guest, `unknown` when no guest decided it. */
  reaches: boolean | 'unknown';
  /** The policy's action for it. */
  action: PolicyAction;
  /** True when the policy fails the host on it. */
  violation: boolean;
  /** A value firmware ships unfilled (`To Be Filled By O.E.M.`): found, but it identifies nothing. */
  placeholder: boolean;
}

/** A host that was read and audited. */
export interface FleetHostAudited {
  /** The host as the fleet names it (a file or folder path). */
  input: string;
  ok: true;
  /** SMBIOS type 1 manufacturer, `''` when the host has none. */
  vendor: string;
  /** SMBIOS type 1 product name, `''` when the host has none. */
  model: string;
  identifiers: FleetIdentifier[];
}

/** A host that could not be read or audited, with the error as one line of data. */
export interface FleetHostUnreadable {
  input: string;
  ok: false;
  error: { code: string; message: string; offset?: number };
}

/** What the fleet runner reports for one host. */
export type FleetHostResult = FleetHostAudited | FleetHostUnreadable;

/** The parts of a single-host audit (`HostAudit`) the fleet record is made from. */
export interface FleetAuditParts {
  host: { vendor: string; model: string };
  identifiers: readonly (Pick<Identifier, 'id' | 'class' | 'reach'> & { placeholder: boolean; verdict: Pick<Verdict, 'action' | 'violation'> })[];
}

/** Reduces one host's audit to its {@link FleetHostAudited} record. */
export function fleetHostRecord(input: string, audit: FleetAuditParts): FleetHostAudited {
  const identifiers = audit.identifiers.map((i): FleetIdentifier => ({
    id: i.id,
    class: i.class,
    reaches: i.reach.reaches,
    action: i.verdict.action,
    violation: i.verdict.violation,
    placeholder: i.placeholder,
  }));
  return { input, ok: true, vendor: audit.host.vendor, model: audit.host.model, identifiers };
}
