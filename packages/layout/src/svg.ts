// A memory-map picture of a plan for design reviews: high addresses at the top, every boundary
// ticked, occupied ranges sized by log2 of their length, empty gaps squeezed, collisions red.
import { formatAddress } from './evaluate.js';
import type { E820Entry } from './e820.js';
import type { Plan, Region } from './types.js';

/** Options for {@link renderPlanSvg}. */
export interface SvgOptions {
  /** Title line (default: profile and memory). */
  title?: string;
}

const KIND_FILL: Record<string, string> = {
  loader: '#4e79a7',
  module: '#59a14f',
  'start-info': '#76b7b2',
  scratch: '#edc948',
  fixed: '#7f7f7f',
  hole: '#ffffff',
  reserved: '#b07aa1',
};
const E820_FILL: Record<string, string> = { ram: '#cfe8cf', reserved: '#e0d0e8', nvs: '#f4c69a', acpi: '#f9e29c', unusable: '#dddddd' };
const COLLISION_FILL = '#e15759';
// Fills light enough that their in-box label is drawn dark.
const LIGHT_FILL_KINDS = new Set(['scratch', 'start-info', 'hole']);
const COLLISION_STROKE = '#8b0000';

const X_TICKS = 118;
const X_E820 = 130;
const W_E820 = 34;
const X_LANES = 180;
const W_LANE = 150;
const LABEL_GAP = 40;
const TOP = 64;
const LINE = 13;

/** Escapes text for SVG element content and attributes. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Human size: bytes, KiB, MiB or GiB with at most one decimal. */
export function formatSize(n: bigint): string {
  const units: Array<[bigint, string]> = [[1n << 30n, 'GiB'], [1n << 20n, 'MiB'], [1n << 10n, 'KiB']];
  for (const [u, name] of units) {
    if (n >= u) {
      const whole = n / u;
      const tenth = ((n % u) * 10n) / u;
      return tenth === 0n ? `${whole} ${name}` : `${whole}.${tenth} ${name}`;
    }
  }
  return `${n} B`;
}

/** Names of regions involved in error findings (drawn red). */
export function collidingRegionNames(plan: Pick<Plan, 'findings'>): Set<string> {
  const out = new Set<string>();
  for (const f of plan.findings) if (f.severity === 'error') for (const r of f.regions) out.add(r);
  return out;
}

/**
 * Renders a plan as a self-contained SVG document (pure string): an address axis with ticks at
 * every boundary, the after-hand-off e820 strip, regions in lanes (overlaps side by side),
 * labels with leader lines, a legend and the findings.
 */
export function renderPlanSvg(plan: Plan, options: SvgOptions = {}): string {
  const regions = plan.regions.filter((r) => r.end > r.start);
  const e820 = plan.e820.afterHandoff;
  const red = collidingRegionNames(plan);

  // Breakpoints: every region and e820 boundary; each interval gets a height.
  const points = new Set<bigint>();
  for (const r of regions) {
    points.add(r.start);
    points.add(r.end);
  }
  for (const e of e820) {
    points.add(e.start);
    points.add(e.end);
  }
  const sorted = [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const heights: number[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const lo = sorted[i]!;
    const hi = sorted[i + 1]!;
    const covered = regions.some((r) => r.start < hi && lo < r.end);
    const bits = Math.log2(Number(hi - lo));
    // Occupied ranges grow with log2(size); empty gaps are squeezed to a fixed small band.
    heights.push(covered ? Math.max(14, Math.min(70, 4 * (bits - 6))) : 14);
  }
  const total = heights.reduce((s, h) => s + h, 0);
  // y(address): top of the drawing is the highest address.
  const yOf = new Map<bigint, number>();
  let acc = TOP + total;
  yOf.set(sorted[0] ?? 0n, acc);
  for (let i = 0; i + 1 < sorted.length; i++) {
    acc -= heights[i]!;
    yOf.set(sorted[i + 1]!, acc);
  }
  const y = (a: bigint): number => yOf.get(a) ?? TOP;

  // Lanes: a region goes into the first lane where it overlaps nothing already there.
  const lanes: Region[][] = [];
  const laneOf = new Map<Region, number>();
  const bySize = [...regions].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (const r of bySize) {
    let i = lanes.findIndex((lane) => lane.every((o) => !(o.start < r.end && r.start < o.end)));
    if (i < 0) i = lanes.push([]) - 1;
    lanes[i]!.push(r);
    laneOf.set(r, i);
  }
  const laneCount = Math.max(1, lanes.length);
  const xLabels = X_LANES + laneCount * (W_LANE + 6) + LABEL_GAP;
  const width = xLabels + 380;

  const out: string[] = [];
  const body: string[] = [];
  // Leader lines are drawn under the boxes so they never cross a region's fill.
  const leaders: string[] = [];

  // Gap markers for squeezed empty intervals.
  for (let i = 0; i + 1 < sorted.length; i++) {
    const lo = sorted[i]!;
    const hi = sorted[i + 1]!;
    if (regions.some((r) => r.start < hi && lo < r.end)) continue;
    const yc = (y(lo) + y(hi)) / 2;
    body.push(`<text x="${X_LANES + 4}" y="${yc + 4}" class="gap">≈ gap of ${escapeXml(formatSize(hi - lo))} (not to scale)</text>`);
  }

  // Address ticks at every boundary, skipping ones that would print on top of each other.
  let lastTick = Infinity;
  for (const a of sorted) {
    const ty = y(a);
    if (lastTick - ty < 11 && a !== sorted[sorted.length - 1]) continue;
    lastTick = ty;
    body.push(`<line x1="${X_TICKS}" y1="${ty}" x2="${X_LANES + laneCount * (W_LANE + 6)}" y2="${ty}" class="grid"/>`);
    body.push(`<text x="${X_TICKS - 4}" y="${ty + 4}" class="tick" text-anchor="end">${formatAddress(a)}</text>`);
  }

  // e820 strip.
  body.push(`<text x="${X_E820 + W_E820 / 2}" y="${TOP - 8}" class="head" text-anchor="middle">e820</text>`);
  for (const e of e820) body.push(e820Rect(e, y));

  // Regions (after the leaders, which are spliced in here below).
  const leaderAt = body.length;
  for (const r of bySize) {
    const x = X_LANES + laneOf.get(r)! * (W_LANE + 6);
    const top = y(r.end);
    const h = Math.max(2, y(r.start) - top);
    const isRed = red.has(r.name);
    const fill = isRed ? COLLISION_FILL : (KIND_FILL[r.kind] ?? '#cccccc');
    const stroke = isRed ? COLLISION_STROKE : '#333333';
    const dash = r.kind === 'hole' ? ' stroke-dasharray="4 3"' : '';
    body.push(
      `<rect x="${x}" y="${top}" width="${W_LANE}" height="${h}" fill="${fill}" stroke="${stroke}" stroke-width="${isRed ? 2 : 1}"${dash} data-region="${escapeXml(r.name)}"${isRed ? ' data-collision="true"' : ''}><title>${escapeXml(`${r.name} ${formatAddress(r.start)}–${formatAddress(r.end)} (${formatSize(r.end - r.start)})`)}</title></rect>`,
    );
    const light = isRed || !LIGHT_FILL_KINDS.has(r.kind);
    if (h >= 15) body.push(`<text x="${x + 5}" y="${top + Math.min(h, 28) / 2 + 5}" class="in${light ? ' light' : ''}">${escapeXml(clip(r.name, 22))}</text>`);
  }

  // Labels in a column on the right, pushed apart so none overlap, with leader lines.
  const labels = bySize.map((r) => ({ r, want: (y(r.start) + y(r.end)) / 2 }));
  labels.sort((a, b) => a.want - b.want);
  let last = -Infinity;
  for (const l of labels) {
    const at = Math.max(l.want, last + LINE + 1);
    last = at;
    const r = l.r;
    const xr = X_LANES + laneOf.get(r)! * (W_LANE + 6) + W_LANE;
    const isRed = red.has(r.name);
    leaders.push(`<path d="M${xr} ${l.want} L${xLabels - 6} ${at}" class="leader${isRed ? ' red' : ''}"/>`);
    body.push(
      `<text x="${xLabels}" y="${at + 4}" class="label${isRed ? ' redtext' : ''}" data-label="${escapeXml(r.name)}">${escapeXml(r.name)}  ${formatAddress(r.start)}–${formatAddress(r.end)}  ${escapeXml(formatSize(r.end - r.start))}</text>`,
    );
  }
  body.splice(leaderAt, 0, ...leaders);
  const labelsBottom = Math.max(last + LINE, TOP + total);

  // Legend and findings below the map.
  let ly = labelsBottom + 30;
  const legend: Array<[string, string]> = [
    ['loader', KIND_FILL['loader']!], ['module', KIND_FILL['module']!], ['start info', KIND_FILL['start-info']!],
    ['scratch', KIND_FILL['scratch']!], ['fixed area', KIND_FILL['fixed']!], ['reserved', KIND_FILL['reserved']!],
    ['hole (no RAM)', KIND_FILL['hole']!], ['collision', COLLISION_FILL],
  ];
  body.push(`<text x="20" y="${ly}" class="head">Legend</text>`);
  ly += 8;
  legend.forEach(([name, color], i) => {
    const lx = 20 + (i % 4) * 160;
    const lyy = ly + Math.floor(i / 4) * 20;
    body.push(`<rect x="${lx}" y="${lyy}" width="14" height="14" fill="${color}" stroke="#333333"${name.startsWith('hole') ? ' stroke-dasharray="3 2"' : ''}/><text x="${lx + 20}" y="${lyy + 11}" class="label">${escapeXml(name)}</text>`);
  });
  ly += 58;
  const e820Legend: Array<[string, string]> = [['e820 RAM', E820_FILL['ram']!], ['e820 reserved', E820_FILL['reserved']!], ['e820 NVS', E820_FILL['nvs']!]];
  e820Legend.forEach(([name, color], i) => {
    const lx = 20 + i * 160;
    body.push(`<rect x="${lx}" y="${ly - 12}" width="14" height="14" fill="${color}" stroke="#333333"/><text x="${lx + 20}" y="${ly}" class="label">${escapeXml(name)}</text>`);
  });
  ly += 26;
  const errors = plan.findings.filter((f) => f.severity !== 'info');
  body.push(`<text x="20" y="${ly}" class="head">${errors.length === 0 ? 'No collisions: the plan holds.' : `Findings (${errors.length})`}</text>`);
  for (const f of errors) {
    ly += LINE + 3;
    body.push(`<text x="20" y="${ly}" class="label${f.severity === 'error' ? ' redtext' : ''}">${escapeXml(`${f.severity.toUpperCase()} ${f.code}: ${clip(f.message, 150)}`)}</text>`);
  }
  const height = ly + 24;

  const title = options.title ?? `hvmpack layout — profile ${plan.profile}, ${formatSize(plan.memory.ramBytes)} guest RAM, mmio_start ${formatAddress(plan.memory.mmioStart)}`;
  const widthAll = Math.max(width, 1000);
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${widthAll}" height="${Math.ceil(height)}" viewBox="0 0 ${widthAll} ${Math.ceil(height)}" font-family="DejaVu Sans, Arial, sans-serif">`);
  out.push(`<style>.head{font-size:13px;font-weight:bold;fill:#222}.label{font-size:11px;fill:#222}.redtext{fill:${COLLISION_STROKE};font-weight:bold}.tick{font-size:10px;font-family:DejaVu Sans Mono,monospace;fill:#444}.in{font-size:10px;fill:#222}.light{fill:#ffffff}.gap{font-size:10px;fill:#888;font-style:italic}.grid{stroke:#dddddd;stroke-width:0.5}.leader{stroke:#999999;stroke-width:0.7;fill:none}.red{stroke:${COLLISION_STROKE}}</style>`);
  out.push(`<rect x="0" y="0" width="${widthAll}" height="${Math.ceil(height)}" fill="#ffffff"/>`);
  out.push(`<text x="20" y="24" class="head" font-size="15">${escapeXml(title)}</text>`);
  out.push(`<text x="20" y="42" class="label">Addresses grow upwards; ranges sized by log2 of their length; empty gaps squeezed. Minimum memory: ${plan.minimumMemoryMiB === null ? 'none (plan fails at any size)' : `${plan.minimumMemoryMiB} MiB`}.</text>`);
  out.push(...body);
  out.push(`</svg>`);
  return out.join('\n') + '\n';
}

function e820Rect(e: E820Entry, y: (a: bigint) => number): string {
  const top = y(e.end);
  const h = Math.max(1, y(e.start) - top);
  return `<rect x="${X_E820}" y="${top}" width="${W_E820}" height="${h}" fill="${E820_FILL[e.type] ?? '#eeeeee'}" stroke="#666666" stroke-width="0.6"><title>${escapeXml(`e820 ${e.type} ${formatAddress(e.start)}–${formatAddress(e.end)}${e.note ? `: ${e.note}` : ''}`)}</title></rect>`;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}
