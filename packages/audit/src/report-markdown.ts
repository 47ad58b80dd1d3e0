// The fleet summary as Markdown (also what `audit --fleet` prints for people): one table per
// question the report answers, in the order a reader asks them.
import type { FleetCountRow, FleetSummary } from './summary.js';

/** What a fleet report says about the run besides the summary. */
export interface FleetReportContext {
  /** The fleet as given (`--fleet` folder or list, `--files-from`). */
  fleet: string;
  /** The guest the reach was decided for, in words (`Xen 4.22, seabios`), or why there was none. */
  guest: string;
  /** The policy, in words (`built-in default`, a file name). */
  policy: string;
}

/** A column of a count table: header and value, shared by the Markdown and HTML reports. */
export interface FleetColumn {
  header: string;
  value: (r: FleetCountRow) => number;
}

/** The count columns of the class and identifier tables. */
export const FLEET_COUNT_COLUMNS: readonly FleetColumn[] = [
  { header: 'hosts holding it', value: (r) => r.hostCount },
  { header: 'hosts where it reaches the guest', value: (r) => r.reachingHostCount },
  { header: 'instances reaching', value: (r) => r.reachingCount },
  { header: 'hosts failing the policy on it', value: (r) => r.violatingHostCount },
];

/** The run's totals as label/value pairs, shared by both reports. */
export function fleetTotals(s: FleetSummary): [string, number][] {
  return [
    ['hosts', s.hostCount],
    ['audited', s.auditedHostCount],
    ['unreadable', s.unreadableHostCount],
    ['hosts leaking an identifier to the guest', s.leakingHostCount],
    ['hosts failing the policy', s.violatingHostCount],
    ['identifiers found', s.identifierCount],
    ['identifiers reaching guests', s.reachingIdentifierCount],
  ];
}

// Host data (vendor names, paths) goes into table cells: a pipe or a line break would end the cell.
function cell(text: string): string {
  // eslint-disable-next-line no-control-regex
  const t = text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/([`*<>[\]])/g, '\\$1');
  return t === '' ? '—' : t;
}

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.map((c) => (typeof c === 'number' ? c.toLocaleString('en-US') : c)).join(' | ')} |`;
}

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  // Count columns (every cell a number) are right-aligned.
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  return [row(headers), `|${numeric.map((n) => (n ? '---:' : '---')).join('|')}|`, ...rows.map(row)];
}

/** Renders the summary as a Markdown document. */
export function renderFleetMarkdown(s: FleetSummary, ctx: FleetReportContext): string {
  const out: string[] = [`# Fleet audit: ${cell(ctx.fleet)}`, '', `Guest: ${cell(ctx.guest)}. Policy: ${cell(ctx.policy)}.`, ''];
  out.push(...table(['', 'count'], fleetTotals(s)), '');
  out.push('## Identifiers reaching guests, by class', '');
  if (s.classes.length === 0) out.push('No identifier found.', '');
  else out.push(...table(['class', ...FLEET_COUNT_COLUMNS.map((c) => c.header)], s.classes.map((r) => [r.class, ...FLEET_COUNT_COLUMNS.map((c) => c.value(r))])), '');
  if (s.identifiers.length > 0) {
    out.push('## By identifier', '');
    out.push(...table(['identifier', 'class', ...FLEET_COUNT_COLUMNS.map((c) => c.header)], s.identifiers.map((r) => [r.other ? '(other identifiers)' : `\`${r.id}\``, r.class, ...FLEET_COUNT_COLUMNS.map((c) => c.value(r))])), '');
  }
  out.push('## Hosts by vendor and model', '');
  if (s.vendors.length === 0) out.push('No host was audited.', '');
  else out.push(...table(['vendor', 'model', 'hosts', 'failing the policy'], s.vendors.map((v) => (v.other ? ['(other vendors)', '', v.hostCount, v.violatingHostCount] : [cell(v.vendor), cell(v.model), v.hostCount, v.violatingHostCount]))), '');
  out.push(`## Policy failures (${s.violatingHostCount.toLocaleString('en-US')} hosts)`, '');
  if (s.violatingHostCount === 0) out.push('No host fails the policy.', '');
  else {
    out.push(...table(['host', 'vendor', 'model', 'failing identifiers', 'ids'], s.violatingHosts.map((h) => [cell(h.input), cell(h.vendor), cell(h.model), h.violationCount, h.ids.map((i) => `\`${i}\``).join(', ')])));
    out.push('', ...more(s.violatingHostCount, s.violatingHosts.length));
  }
  out.push(`## Unreadable dumps (${s.unreadableHostCount.toLocaleString('en-US')})`, '');
  if (s.unreadableHostCount === 0) out.push('Every host was read.', '');
  else {
    out.push(...table(['host', 'error', 'offset', 'message'], s.unreadableHosts.map((u) => [cell(u.input), u.code, u.offset === undefined ? '' : `0x${u.offset.toString(16)}`, cell(u.message)])));
    out.push('', ...more(s.unreadableHostCount, s.unreadableHosts.length));
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

function more(total: number, listed: number): string[] {
  return total > listed ? [`… and ${(total - listed).toLocaleString('en-US')} more (the JSON report counts them all; the list is capped).`, ''] : [];
}
