// One host's audit as people and programs read it: the JSON members (schemas/audit.schema.json),
// text lines, Markdown and SARIF 2.1.0. Values are masked unless the caller asks for them.
import { findingJson } from '@hvmpack/bytes';
import { maskValue } from './mask.js';
import type { AuditedIdentifier, HostAudit, IdentifierClass, PolicyAction } from './model.js';
import { IDENTIFIER_CLASSES } from './policy.js';

/** How a report shows values. */
export interface ReportOptions {
  /** Print values as they are (default: masked). */
  showValues?: boolean;
}

/** Where one input file's bytes are, so SARIF can point into it. */
export interface ArtifactMap {
  /** The file the SMBIOS structure table is in, and where the table starts in it. */
  smbios?: { uri: string; tableOffset: number };
  /** Per ACPI table index: the file it is in and where the table starts (offset absent for text dumps). */
  acpi?: (i: number) => { uri: string; tableOffset?: number } | undefined;
}

function shown(v: string, o: ReportOptions): string {
  return o.showValues ? v : maskValue(v);
}

/** One identifier as JSON: no raw bytes, the value masked unless asked. */
export function identifierJson(a: AuditedIdentifier, o: ReportOptions = {}): Record<string, unknown> {
  return {
    id: a.id,
    class: a.class,
    severity: a.severity,
    placeholder: a.placeholder,
    value: shown(a.value, o),
    ...(a.match !== undefined && { match: shown(a.match, o) }),
    place: a.place,
    reach: a.reach,
    verdict: a.verdict,
  };
}

/** The audit's JSON members after `input` (the command adds `input` and `guest`). */
export function auditJson(audit: HostAudit, o: ReportOptions = {}): Record<string, unknown> {
  const c = audit.counts;
  return {
    host: audit.host,
    target: audit.target,
    valuesShown: o.showValues === true,
    violation: audit.violation,
    summary: {
      identifierCount: c.identifiers, reachingCount: c.reaching, placeholderCount: c.placeholders,
      allowCount: c.allow, warnCount: c.warn, redactCount: c.redact, failCount: c.fail,
    },
    identifiers: audit.identifiers.map((a) => identifierJson(a, o)),
    findings: audit.findings.map(findingJson),
  };
}

/** What no guest means, said where a report names the guest. */
export const NO_GUEST_TEXT = 'none given, so reach is unknown and every identifier may reach one (--guest, --xen, --firmware or --target qemu name a guest)';

function guestWords(audit: HostAudit): string {
  return audit.guest ?? NO_GUEST_TEXT;
}

function reachText(a: AuditedIdentifier): string {
  const r = a.reach;
  return r.reaches === true ? `reaches the guest: ${r.how}` : r.reaches === false ? `does not reach: ${r.why}` : `may reach (${r.why})`;
}

/** One line per identifier, worst verdict first, then a count line. */
export function auditText(audit: HostAudit, o: ReportOptions & { quiet?: boolean } = {}): string {
  const order: Record<PolicyAction, number> = { fail: 0, redact: 1, warn: 2, allow: 3 };
  const rows = [...audit.identifiers].sort((x, y) => order[x.verdict.action] - order[y.verdict.action]);
  const lines: string[] = [];
  if (!o.quiet) lines.push(`host: ${audit.host.vendor || '(no vendor)'} ${audit.host.model || '(no model)'}`, `guest: ${guestWords(audit)}`);
  const width = Math.min(28, Math.max(0, ...rows.map((a) => a.id.length)));
  for (const a of rows) {
    if (o.quiet && a.verdict.action !== 'fail') continue;
    lines.push(`${a.verdict.action.toUpperCase().padEnd(6)} ${a.class.padEnd(11)} ${a.id.padEnd(width)}  ${JSON.stringify(shown(a.value, o))}${a.placeholder ? ' (placeholder)' : ''}  ${reachText(a)}`);
  }
  const c = audit.counts;
  if (!o.quiet) lines.push(`${c.identifiers} identifiers (${c.placeholders} placeholders), ${c.reaching} reach the guest; ${c.fail} fail, ${c.redact} to redact, ${c.warn} warnings, ${c.allow} allowed`);
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A Markdown report: the host, a count line and one table row per identifier that is not allowed. */
export function auditMarkdown(audit: HostAudit, o: ReportOptions = {}): string {
  const c = audit.counts;
  const out = [
    `# hvmpack audit: ${mdCell(audit.host.vendor || 'unknown vendor')} ${mdCell(audit.host.model || 'unknown model')}`,
    '',
    `Guest: ${mdCell(guestWords(audit))}.`,
    '',
    `${c.identifiers} identifiers (${c.placeholders} placeholders); ${audit.guest === null ? 'no guest given, so reach is unknown' : `${c.reaching} reach the guest`}. Verdicts: **${c.fail} fail**, ${c.redact} redact, ${c.warn} warn, ${c.allow} allow.`,
    '',
    '| verdict | class | identifier | value | reach |',
    '|---|---|---|---|---|',
  ];
  for (const a of audit.identifiers) {
    if (a.verdict.action === 'allow') continue;
    out.push(`| ${a.verdict.action} | ${a.class} | \`${a.id}\` | \`${mdCell(shown(a.value, o)).replace(/`/g, "'")}\`${a.placeholder ? ' (placeholder)' : ''} | ${mdCell(reachText(a))} |`);
  }
  return out.join('\n') + '\n';
}

const SARIF_LEVEL: Record<PolicyAction, 'error' | 'warning' | 'note' | 'none'> = { fail: 'error', redact: 'warning', warn: 'note', allow: 'none' };

const CLASS_TEXT: Record<IdentifierClass, string> = {
  serial: 'a serial number', uuid: 'the system UUID', 'product-key': 'a Windows product key', 'mac-address': 'a MAC address', email: 'an e-mail address',
  'asset-tag': 'an asset tag', sku: 'a SKU number', hostname: 'a host name', 'serial-like': 'a serial-like token', 'part-number': 'a part number',
  'oem-id': 'an ACPI OEM ID', 'oem-string': 'an OEM string',
};

/** The SARIF rule id of an identifier class. */
export function sarifRuleId(cls: IdentifierClass): string {
  return `hvmpack-audit/${cls}`;
}

/**
 * SARIF 2.1.0: one rule per identifier class, one result per identifier the policy does not
 * allow, located at the value's bytes in its input file (a byte region when the file offset is
 * known: binary inputs, not acpidump text).
 */
export function auditSarif(audit: HostAudit, artifacts: ArtifactMap, tool: { version: string }, o: ReportOptions = {}): object {
  const results = audit.identifiers
    .filter((a) => a.verdict.action !== 'allow')
    .map((a) => {
      let location: { uri: string; offset?: number } | undefined;
      if (a.place.source === 'smbios' && artifacts.smbios) location = { uri: artifacts.smbios.uri, offset: artifacts.smbios.tableOffset + a.place.valueOffset };
      if (a.place.source === 'acpi') {
        const t = artifacts.acpi?.(a.place.tableIndex);
        if (t) location = { uri: t.uri, ...(t.tableOffset !== undefined && { offset: t.tableOffset + a.place.offset }) };
      }
      return {
        ruleId: sarifRuleId(a.class),
        level: SARIF_LEVEL[a.verdict.action],
        message: { text: `${a.id} holds ${CLASS_TEXT[a.class]} (${shown(a.value, o)})${a.placeholder ? ', a firmware placeholder,' : ''} and ${reachText(a)}. Policy: ${a.verdict.action}${a.verdict.reason ? ` — ${a.verdict.reason}` : ''}.` },
        ...(location && {
          locations: [{
            physicalLocation: {
              artifactLocation: { uri: location.uri },
              ...(location.offset !== undefined && { region: { byteOffset: location.offset, byteLength: a.bytes.length } }),
            },
          }],
        }),
        properties: { identifier: a.id, severity: a.severity, placeholder: a.placeholder, reaches: a.reach.reaches },
      };
    });
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: {
        driver: {
          name: 'hvmpack audit',
          version: tool.version,
          informationUri: 'https://github.com/hvmpack/hvmpack/blob/main/docs/audit.md',
          rules: IDENTIFIER_CLASSES.map((cls) => ({
            id: sarifRuleId(cls),
            name: cls,
            shortDescription: { text: `Host firmware data passed to a guest holds ${CLASS_TEXT[cls]}` },
            helpUri: 'https://github.com/hvmpack/hvmpack/blob/main/docs/audit.md',
          })),
        },
      },
      results,
    }],
  };
}
