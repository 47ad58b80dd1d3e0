// The fleet summary as one self-contained HTML file: inline CSS and an inline SVG chart, no
// script and nothing fetched, so it opens from file:// anywhere (a mail attachment, a CI
// artifact) and shows the same thing offline. Host data in it (vendor names, paths, error
// messages) is escaped: a dump is untrusted input.
import { FLEET_COUNT_COLUMNS, fleetTotals, type FleetReportContext } from './report-markdown.js';
import type { FleetIdRow, FleetSummary } from './summary.js';

/** Fill of a chart bar: hosts where the identifier reaches the guest. */
export const FLEET_CHART_LEAK_COLOUR = '#d1495b';
/** Fill of the part of a bar where the policy also fails the host. */
export const FLEET_CHART_FAIL_COLOUR = '#7a1f2b';
/** Background of the tables' header rows. */
export const FLEET_TABLE_HEADER_COLOUR = '#2e4057';

/** Identifiers drawn in the chart (the most leaked first); the tables list them all. */
export const FLEET_CHART_MAX_BARS = 25;

function esc(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const num = (n: number): string => n.toLocaleString('en-US');

function tableHtml(headers: readonly string[], rows: readonly (readonly string[])[], cls = ''): string {
  // Count columns (every cell a number) are right-aligned, header included.
  const numeric = headers.map((_, i) => i > 0 && rows.length > 0 && rows.every((r) => /^[\d,]+$/.test(r[i] ?? '')));
  const n = (i: number): string => (numeric[i] ? ' class="n"' : '');
  const head = headers.map((h, i) => `<th${n(i)}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${n(i)}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * A horizontal bar per identifier id: its length is the hosts where it reaches the guest, the dark
 * part those the policy fails on it. Scaled to the fleet's audited hosts, so a full bar is "every host".
 */
function chartSvg(rows: readonly FleetIdRow[], hosts: number): string {
  const bars = rows.filter((r) => !r.other && r.reachingHostCount > 0).slice(0, FLEET_CHART_MAX_BARS);
  if (bars.length === 0) return '<p class="none">No identifier reaches a guest: nothing to chart.</p>';
  const label = 260;
  const width = 560;
  const rowH = 22;
  const top = 8;
  const height = top + bars.length * rowH + 28;
  const scale = (n: number): number => (hosts > 0 ? (n / hosts) * width : 0);
  const parts: string[] = [];
  bars.forEach((r, i) => {
    const y = top + i * rowH;
    const w = Math.max(2, scale(r.reachingHostCount));
    parts.push(`<text x="${label - 8}" y="${y + 15}" text-anchor="end">${esc(r.id)}</text>`);
    parts.push(`<rect class="leak" x="${label}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${FLEET_CHART_LEAK_COLOUR}"><title>${esc(`${r.id}: reaches the guest on ${num(r.reachingHostCount)} of ${num(hosts)} hosts`)}</title></rect>`);
    if (r.violatingHostCount > 0) parts.push(`<rect class="fail" x="${label}" y="${y + 3}" width="${Math.max(1, scale(Math.min(r.violatingHostCount, r.reachingHostCount))).toFixed(1)}" height="${rowH - 6}" fill="${FLEET_CHART_FAIL_COLOUR}"/>`);
    parts.push(`<text x="${(label + w + 6).toFixed(1)}" y="${y + 15}">${num(r.reachingHostCount)}</text>`);
  });
  const axisY = top + bars.length * rowH + 4;
  parts.push(`<line x1="${label}" y1="${axisY}" x2="${label + width}" y2="${axisY}" stroke="#555"/>`);
  for (const f of [0, 0.25, 0.5, 0.75, 1]) parts.push(`<text x="${label + f * width}" y="${axisY + 16}" text-anchor="middle" class="axis">${num(Math.round(f * hosts))}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Hosts where each identifier reaches the guest" width="${label + width + 60}" height="${height}" viewBox="0 0 ${label + width + 60} ${height}">${parts.join('')}</svg>`;
}

const CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; background: #fff; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
table { border-collapse: collapse; margin: 8px 0; }
th { background: ${FLEET_TABLE_HEADER_COLOUR}; color: #fff; text-align: left; padding: 4px 8px; }
td { border-bottom: 1px solid #ddd; padding: 3px 8px; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px ui-monospace, monospace; }
svg text { font: 12px ui-monospace, monospace; fill: #222; } svg text.axis { fill: #555; }
.key span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: middle; }
.none, .more { color: #555; }
`;

/** Renders the summary as a self-contained HTML document (no script, no external resource). */
export function renderFleetHtml(s: FleetSummary, ctx: FleetReportContext): string {
  const counts = (r: Parameters<(typeof FLEET_COUNT_COLUMNS)[number]['value']>[0]): string[] => FLEET_COUNT_COLUMNS.map((c) => num(c.value(r)));
  const headers = FLEET_COUNT_COLUMNS.map((c) => c.header);
  const more = (total: number, listed: number): string => (total > listed ? `<p class="more">… and ${num(total - listed)} more (the JSON report counts them all; the list is capped).</p>` : '');
  const body: string[] = [
    `<h1>Fleet audit: ${esc(ctx.fleet)}</h1>`,
    `<p>Guest: ${esc(ctx.guest)}. Policy: ${esc(ctx.policy)}.</p>`,
    tableHtml(['', 'count'], fleetTotals(s).map(([k, v]) => [esc(k), num(v)]), 'totals'),
    '<h2>Where identifiers reach guests</h2>',
    `<p class="key">Hosts where each identifier reaches the guest<span style="background:${FLEET_CHART_LEAK_COLOUR}"></span>reaches<span style="background:${FLEET_CHART_FAIL_COLOUR}"></span>and fails the policy</p>`,
    chartSvg(s.identifiers, s.auditedHostCount),
    '<h2>By class</h2>',
    s.classes.length === 0 ? '<p class="none">No identifier found.</p>' : tableHtml(['class', ...headers], s.classes.map((r) => [esc(r.class), ...counts(r)])),
    '<h2>By identifier</h2>',
    s.identifiers.length === 0 ? '<p class="none">No identifier found.</p>' : tableHtml(['identifier', 'class', ...headers], s.identifiers.map((r) => [r.other ? '(other identifiers)' : `<code>${esc(r.id)}</code>`, esc(r.class), ...counts(r)])),
    '<h2>Hosts by vendor and model</h2>',
    s.vendors.length === 0 ? '<p class="none">No host was audited.</p>' : tableHtml(['vendor', 'model', 'hosts', 'failing the policy'], s.vendors.map((v) => (v.other ? ['(other vendors)', '', num(v.hostCount), num(v.violatingHostCount)] : [esc(v.vendor || '—'), esc(v.model || '—'), num(v.hostCount), num(v.violatingHostCount)]))),
    `<h2>Policy failures (${num(s.violatingHostCount)} hosts)</h2>`,
    s.violatingHostCount === 0
      ? '<p class="none">No host fails the policy.</p>'
      : tableHtml(['host', 'vendor', 'model', 'failing identifiers', 'ids'], s.violatingHosts.map((h) => [esc(h.input), esc(h.vendor || '—'), esc(h.model || '—'), num(h.violationCount), h.ids.map((i) => `<code>${esc(i)}</code>`).join(', ')])) + more(s.violatingHostCount, s.violatingHosts.length),
    `<h2>Unreadable dumps (${num(s.unreadableHostCount)})</h2>`,
    s.unreadableHostCount === 0
      ? '<p class="none">Every host was read.</p>'
      : tableHtml(['host', 'error', 'offset', 'message'], s.unreadableHosts.map((u) => [esc(u.input), esc(u.code), u.offset === undefined ? '' : `0x${u.offset.toString(16)}`, esc(u.message)])) + more(s.unreadableHostCount, s.unreadableHosts.length),
  ];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Fleet audit: ${esc(ctx.fleet)}</title>
<style>${CSS}</style></head>
<body>
${body.join('\n')}
</body></html>
`;
}
