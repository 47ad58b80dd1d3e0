// @hvmpack/audit: which host identifiers reach a guest, what a policy says of them, and redaction.
export type { Identifier, IdentifierClass, IdentifierPlace, Policy, PolicyAction, PolicyRule, Reach, Severity, Verdict } from './model.js';
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
