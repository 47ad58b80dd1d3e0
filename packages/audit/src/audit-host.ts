// One host's audit: inventory, reach (when a guest is given), policy verdicts and counts. The CLI
// and the fleet runner both call `auditHost`, so a host reads the same alone and in a fleet.
import { ErrorCode, FormatError, type Finding } from '@hvmpack/bytes';
import { xenVersionString, type Guest } from '@hvmpack/guest';
import { QEMU_VERSION, describeQemuGuest, type QemuGuest } from '@hvmpack/qemu';
import { hostIdentity, inventory } from './inventory.js';
import type { AuditedIdentifier, HostAudit, HostTables, Policy } from './model.js';
import { DEFAULT_POLICY, evaluatePolicy } from './policy.js';
import { decideReach } from './reach.js';
import { decideQemuReach } from './reach-qemu.js';

/** What `auditHost` needs besides the host: the guest (or none: reach unknown), blobs, the policy. */
export interface AuditOptions {
  /** The Xen guest the host's data would be passed to; without it (or `qemu`) every reach is `unknown`. */
  guest?: Guest;
  /** A QEMU guest instead of a Xen one: reach from QEMU's guest view of what `qemu prepare` would pass. Not with `guest` or `blobs`. */
  qemu?: QemuGuest;
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
  if (options.qemu && (options.guest || options.blobs)) {
    throw new FormatError(ErrorCode.BadValue, 'a QEMU guest goes alone: Xen guests and Xen blobs are another target', { path: 'options.qemu', expected: 'qemu, or guest (and blobs)' });
  }
  if (options.qemu) {
    const r = decideQemuReach(host, identifiers, { guest: options.qemu, ...(options.types && { types: options.types }), ...(options.tables && { tables: options.tables }) });
    identifiers = r.identifiers;
    findings.push(...r.findings);
  } else if (options.guest) {
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
  const target = options.qemu ? 'qemu' : options.guest ? 'xen' : null;
  return { host: identity, target, guest: describeAuditGuest(options), identifiers: audited, counts, violation: audited.some((a) => a.verdict.violation), findings };
}

/** The guest reach is judged against as JSON (`guest` in schemas/audit.schema.json and audit-fleet.schema.json), or null for none. */
export function auditGuestJson(options: Pick<AuditOptions, 'guest' | 'qemu'>): Record<string, unknown> | null {
  if (options.qemu) return { target: 'qemu', qemu: QEMU_VERSION, ...options.qemu };
  return options.guest ? { target: 'xen', xen: xenVersionString(options.guest.xen), firmware: options.guest.firmware } : null;
}

/** The guest reach is judged against, in words (`Xen 4.21.0, ovmf`, `QEMU 7.2 q35, ovmf, …`), or null for none. */
export function describeAuditGuest(options: Pick<AuditOptions, 'guest' | 'qemu'>): string | null {
  if (options.qemu) return describeQemuGuest(options.qemu);
  return options.guest ? `Xen ${xenVersionString(options.guest.xen)}, ${options.guest.firmware}` : null;
}
