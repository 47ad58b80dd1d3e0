// @hvmpack/audit: which host identifiers reach a guest, what a policy says of them, and redaction.
export type {
  AuditedIdentifier,
  HostAudit,
  HostIdentity,
  HostTables,
  Identifier,
  IdentifierClass,
  IdentifierPlace,
  Policy,
  PolicyAction,
  PolicyRule,
  Reach,
  Severity,
  Verdict,
} from './model.js';
export { inventory, hostIdentity, structureIdentifiers, tableIdentifiers, FREE_TEXT_TYPES, OEM_TYPE_MIN, type Inventory } from './inventory.js';
export { isPlaceholder, matchText, CLASS_SEVERITY, type TextMatch } from './patterns.js';
export { decideReach, type ReachOptions, type ReachResult } from './reach.js';
export { decideQemuReach, type QemuReachOptions, type QemuReachResult } from './reach-qemu.js';
export { DEFAULT_POLICY, IDENTIFIER_CLASSES, POLICY_ACTIONS, evaluatePolicy, validatePolicy, parsePolicyJson, genericId } from './policy.js';
export { auditHost, auditGuestJson, describeAuditGuest, type AuditOptions } from './audit-host.js';
export { maskValue } from './mask.js';
export { auditJson, auditText, auditMarkdown, auditSarif, identifierJson, sarifRuleId, NO_GUEST_TEXT, type ArtifactMap, type ReportOptions } from './report.js';
export { hmacSha256 } from './redact-hmac.js';
export { Placeholders, significantLength, TEXT_PLACEHOLDER_PREFIX, type PlaceholderShape } from './redact-placeholders.js';
export { chooseIdentifiers, redactAcpiTables, redactSmbiosStructures, type AcpiRedaction, type RedactionChange, type RedactionChoice, type SmbiosRedaction } from './redact.js';
export { auditChoosers, policyChoosers, redactAcpiSet, redactFile, redactModuleSet, redactSmbiosBlob, redactSmbiosTable, type ChooseAcpi, type ChooseSmbios, type RedactedAcpi, type RedactedFile, type RedactedSmbios, type RedactionChoosers } from './redact-formats.js';
export { fleetHostRecord, type FleetAuditParts, type FleetHostAudited, type FleetHostResult, type FleetHostUnreadable, type FleetIdentifier } from './fleet.js';
export {
  FleetSummaryBuilder,
  summarizeFleet,
  FLEET_SUMMARY_LIMITS,
  type FleetSummary,
  type FleetSummaryLimits,
  type FleetClassRow,
  type FleetCountRow,
  type FleetIdRow,
  type FleetVendorRow,
  type FleetViolatingHost,
  type FleetUnreadableHost,
} from './summary.js';
export { renderFleetMarkdown, fleetTotals, FLEET_COUNT_COLUMNS, type FleetColumn, type FleetReportContext } from './report-markdown.js';
export { renderFleetHtml, FLEET_CHART_LEAK_COLOUR, FLEET_CHART_FAIL_COLOUR, FLEET_TABLE_HEADER_COLOUR, FLEET_CHART_MAX_BARS } from './report-html.js';
