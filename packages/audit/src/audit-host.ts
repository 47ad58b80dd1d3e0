// One host's audit: inventory, reach (when a guest is given), policy verdicts and counts. The CLI
// and the fleet runner both call `auditHost`, so a host reads the same alone and in a fleet.
import type { Finding } from '@hvmpack/bytes';
import type { Guest } from '@hvmpack/guest';
import { hostIdentity, inventory } from './inventory.js';
import type { AuditedIdentifier, HostAudit, HostTables, Policy } from './model.js';
import { DEFAULT_POLICY, evaluatePolicy } from './policy.js';
import { decideReach } from './reach.js';

/** What `auditHost` needs besides the host: the guest (or none: reach unknown), blobs, the policy. */
export interface AuditOptions {
  /** The guest the host's data would be passed to; without it every reach is `unknown`. */
  guest?: Guest;
  /** Blobs already built (`--blobs`, `--prepare`): their guest view decides. Needs `guest`. */
  blobs?: { smbios: Uint8Array | null; acpi: Uint8Array | null };
  /** SMBIOS types and ACPI tables to pass, as `pack --types` / `--tables` take them. */
  types?: ReadonlySet<number>;
  tables?: ReadonlySet<string>;
  /** Default: {@link DEFAULT_POLICY}. */
  policy?: Policy;
}

/** Audits one host: every identifier, whether it reaches the guest, and the policy's verdict on it. */
export function auditHost(host: HostTables, options: AuditOptions = {}): HostAudit {
  const inv = inventory(host);
  const identity = hostIdentity(host);
  const findings: Finding[] = [...inv.findings];
  let identifiers = inv.identifiers;
  if (options.guest) {
    const r = decideReach(host, identifiers, {
      guest: options.guest,
      ...(options.blobs && { blobs: options.blobs }),
      ...(options.types && { types: options.types }),
      ...(options.tables && { tables: options.tables }),
    });
    identifiers = r.identifiers;
    findings.push(...r.findings);
  }
  const policy = options.policy ?? DEFAULT_POLICY;
  // The identifiers are this call's own (made by inventory, or copied by decideReach): add the verdict in place.
  const audited = identifiers as AuditedIdentifier[];
  for (const id of audited) id.verdict = evaluatePolicy(policy, id, identity);
  const counts = { identifiers: audited.length, reaching: 0, placeholders: 0, allow: 0, warn: 0, redact: 0, fail: 0 };
  for (const a of audited) {
    if (a.reach.reaches === true) counts.reaching++;
    if (a.placeholder) counts.placeholders++;
    counts[a.verdict.action]++;
  }
  return { host: identity, target: options.guest ? 'xen' : null, identifiers: audited, counts, violation: audited.some((a) => a.verdict.violation), findings };
}
