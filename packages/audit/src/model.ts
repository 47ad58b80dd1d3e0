// The audit's data model: what an identifier is, where it sits, whether it reaches the guest, and
// what a policy says of it. Shared by inventory, reach, policy, redaction and the fleet summary.
import type { AcpiTableSet } from '@hvmpack/acpi';
import type { Finding } from '@hvmpack/bytes';
import type { SensitiveClass, SmbiosTable } from '@hvmpack/smbios';

/**
 * What an identifier identifies. The declared classes come from the SMBIOS and ACPI field
 * declarations (`sensitiveFields`, `sensitiveTableFields`); the others are found by patterns in
 * free-text strings (type 11/12 strings, OEM types' strings).
 */
export type IdentifierClass =
  | SensitiveClass
  | 'sku'
  | 'mac-address'
  | 'email'
  | 'hostname'
  | 'serial-like'
  | 'oem-string';

export type Severity = 'high' | 'medium' | 'low';

/** Where an identifier sits in the host's data. Offsets count from the start of the structure or table. */
export type IdentifierPlace =
  | {
      source: 'smbios';
      /** Position of the structure in the table (0-based). */
      structureIndex: number;
      type: number;
      handle: number;
      /** The declared field name (`serialNumber`, `uuid`), or `string-N` for a free-text string. */
      field: string;
      /** Offset of the field in the formatted area (for a string field: of its string number byte). */
      offset: number;
      /** For string-valued identifiers, the 1-based string number the field refers to. */
      stringNumber?: number;
      /** Offset of the structure in the structure table. */
      structureOffset: number;
      /** Offset of the value's bytes in the structure table (the string itself, the UUID's 16 bytes). */
      valueOffset: number;
      /** Length of the value's bytes. */
      length: number;
    }
  | {
      source: 'acpi';
      /** Position of the table in the input's table list (0-based). */
      tableIndex: number;
      signature: string;
      field: string;
      offset: number;
      length: number;
    };

/** Whether an identifier reaches the guest, decided by the target's guest view for a given guest. */
export type Reach =
  | { reaches: true; target: string; how: string }
  | { reaches: false; target: string; why: string }
  /** No guest was described, so only "present on the host" is known. */
  | { reaches: 'unknown'; why: string };

/** One identifier found in the host's data. */
export interface Identifier {
  /** Stable name for policies and reports: `smbios.1.serialNumber`, `acpi.MSDM.productKey`, `smbios.11.string-3`. */
  id: string;
  class: IdentifierClass;
  severity: Severity;
  place: IdentifierPlace;
  /** The value as decoded (UUIDs as dmidecode prints them); reports mask it unless asked not to. */
  value: string;
  /** The value's bytes as they sit in the input, for "no original byte remains" checks. */
  bytes: Uint8Array;
  /**
   * True for a value firmware ships unfilled (`To Be Filled By O.E.M.`, `Default string`, blanks,
   * an all-zero or all-FF UUID, `0123456789`): real bytes that identify no machine. Its severity is
   * `low`; policies match it with `match.placeholder`.
   */
  placeholder: boolean;
  /** For a free-text string classed by a pattern: the part that matched (a MAC, an e-mail address, …). */
  match?: string;
  reach: Reach;
}

/** The host's tables as the `@hvmpack/host` readers (or the codecs) give them; either may be absent. */
export interface HostTables {
  smbios?: SmbiosTable | null;
  acpi?: AcpiTableSet | null;
}

/** A host's identity from SMBIOS type 1 (empty strings when it has none). */
export interface HostIdentity {
  vendor: string;
  model: string;
}

/** What a policy does with a matching identifier. */
export type PolicyAction = 'allow' | 'warn' | 'redact' | 'fail';

/** One policy rule: every given matcher must match; the first matching rule wins. */
export interface PolicyRule {
  match: {
    class?: readonly IdentifierClass[];
    smbiosType?: readonly number[];
    acpiSignature?: readonly string[];
    /** Identifier ids or field names. */
    field?: readonly string[];
    /** Host vendor/model (SMBIOS type 1 manufacturer/product), exact or `*` glob. */
    vendor?: string;
    model?: string;
    /** Only firmware placeholders (true) or only real values (false). */
    placeholder?: boolean;
  };
  action: PolicyAction;
  /** `reaches-guest` (default): the rule applies only to identifiers that reach the guest. */
  when?: 'reaches-guest' | 'always';
  reason?: string;
}

export interface Policy {
  version: 1;
  rules: readonly PolicyRule[];
  /** Action for an identifier no rule matches (default `warn`). */
  default?: PolicyAction;
}

/** The policy's word on one identifier. */
export interface Verdict {
  identifierId: string;
  action: PolicyAction;
  /**
   * Index of the matching rule; `default` when none matched an identifier that reaches the guest
   * (or may: reach unknown), `not-reaching` when none matched one that does not (always `allow`).
   */
  rule: number | 'default' | 'not-reaching';
  /** True when the action is `fail` (the audit exits 1). */
  violation: boolean;
  reason?: string;
}

/** One identifier with the policy's word on it. */
export interface AuditedIdentifier extends Identifier {
  verdict: Verdict;
}

/** Everything `auditHost` found on one host: the entry point the CLI and the fleet runner share. */
export interface HostAudit {
  host: HostIdentity;
  /** The target whose guest view decided reach (`xen`, `qemu`), or null when no guest was given. */
  target: 'xen' | 'qemu' | null;
  /** That guest in words (`Xen 4.21.0, ovmf`), or null when none was given (reach `unknown`). */
  guest: string | null;
  identifiers: AuditedIdentifier[];
  /** Counts for summaries: identifiers, how many reach the guest, and verdicts by action. */
  counts: { identifiers: number; reaching: number; placeholders: number; allow: number; warn: number; redact: number; fail: number };
  /** True when some verdict is a violation (the audit exits 1). */
  violation: boolean;
  /** What was noticed on the way (selection notes, guest-view findings, unreadable parts). */
  findings: Finding[];
}
