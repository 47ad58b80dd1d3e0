// The fleet summary (counts complete, lists capped, memory bounded by the caps) and its Markdown
// and HTML reports, on host records built here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FLEET_CHART_LEAK_COLOUR,
  FleetSummaryBuilder,
  renderFleetHtml,
  renderFleetMarkdown,
  summarizeFleet,
  type FleetHostResult,
  type FleetIdentifier,
  type IdentifierClass,
} from '@hvmpack/audit';

const ctx = { fleet: 'hosts/', guest: 'Xen 4.22, seabios', policy: 'built-in default' };

function ident(id: string, cls: IdentifierClass, reaches: boolean | 'unknown', violation = false, placeholder = false): FleetIdentifier {
  return { id, class: cls, reaches, action: violation ? 'fail' : 'warn', violation, placeholder };
}

function host(input: string, vendor: string, model: string, identifiers: FleetIdentifier[]): FleetHostResult {
  return { input, ok: true, vendor, model, identifiers };
}

const unreadable = (input: string, code = 'UNKNOWN_FORMAT'): FleetHostResult => ({ input, ok: false, error: { code, message: 'not SMBIOS', offset: 0 } });

// Two Dell hosts (one with two DIMM serials), one HP host whose only serial stays on the host, an
// unreadable one.
const FLEET: FleetHostResult[] = [
  host('a', 'Dell Inc.', 'R630', [ident('smbios.1.serialNumber', 'serial', true, true), ident('smbios.1.uuid', 'uuid', true, true), ident('smbios.17.serialNumber', 'serial', true), ident('smbios.17.serialNumber', 'serial', true)]),
  host('b', 'Dell Inc.', 'R630', [ident('smbios.1.serialNumber', 'serial', true, true), ident('smbios.3.assetTag', 'asset-tag', true, false, true)]),
  host('c', 'HP', 'DL360', [ident('smbios.2.serialNumber', 'serial', false)]),
  unreadable('d'),
];

describe('fleet summary counts', () => {
  const s = summarizeFleet(FLEET);

  it.each<[string, unknown, unknown]>([
    ['hosts', s.hostCount, 4],
    ['audited', s.auditedHostCount, 3],
    ['unreadable', s.unreadableHostCount, 1],
    ['violating hosts', s.violatingHostCount, 2],
    ['leaking hosts (a placeholder alone is no leak)', s.leakingHostCount, 2],
    ['identifiers', s.identifierCount, 7],
    ['reaching identifiers', s.reachingIdentifierCount, 5],
    ['placeholders', s.placeholderCount, 1],
    ['violations', s.violationCount, 3],
  ])('%s', (_name, got, want) => expect(got).toBe(want));

  it('counts classes per instance and per host', () => {
    expect(s.classes.find((r) => r.class === 'serial')).toEqual({ class: 'serial', foundCount: 5, hostCount: 3, reachingCount: 4, reachingHostCount: 2, violatingHostCount: 2 });
    expect(s.classes.find((r) => r.class === 'asset-tag')).toMatchObject({ foundCount: 1, reachingCount: 0, reachingHostCount: 0 });
  });

  it('orders identifiers by hosts reached, then by id', () => {
    expect(s.identifiers.map((r) => [r.id, r.reachingHostCount])).toEqual([
      ['smbios.1.serialNumber', 2],
      ['smbios.1.uuid', 1],
      ['smbios.17.serialNumber', 1],
      ['smbios.2.serialNumber', 0],
      ['smbios.3.assetTag', 0],
    ]);
    expect(s.identifiers.find((r) => r.id === 'smbios.17.serialNumber')).toMatchObject({ foundCount: 2, hostCount: 1, reachingCount: 2 });
  });

  it('groups hosts by vendor and model', () => {
    expect(s.vendors).toEqual([
      { vendor: 'Dell Inc.', model: 'R630', hostCount: 2, violatingHostCount: 2 },
      { vendor: 'HP', model: 'DL360', hostCount: 1, violatingHostCount: 0 },
    ]);
  });

  it('lists the violating hosts with their failing ids, and the unreadable ones with their error', () => {
    expect(s.violatingHosts).toEqual([
      { input: 'a', vendor: 'Dell Inc.', model: 'R630', violationCount: 2, ids: ['smbios.1.serialNumber', 'smbios.1.uuid'] },
      { input: 'b', vendor: 'Dell Inc.', model: 'R630', violationCount: 1, ids: ['smbios.1.serialNumber'] },
    ]);
    expect(s.unreadableHosts).toEqual([{ input: 'd', code: 'UNKNOWN_FORMAT', message: 'not SMBIOS', offset: 0 }]);
  });

  it('counts hosts whose reach is unknown (no guest)', () => {
    expect(summarizeFleet([host('x', 'v', 'm', [ident('smbios.1.uuid', 'uuid', 'unknown')])]).unknownReachHostCount).toBe(1);
  });

  it('does not change a summary already handed out', () => {
    const b = new FleetSummaryBuilder();
    b.add(FLEET[0]!);
    const first = b.summary();
    b.add(FLEET[1]!);
    expect(first.hostCount).toBe(1);
    expect(first.vendors[0]!.hostCount).toBe(1);
  });
});

describe('fleet summary caps', () => {
  const many = Array.from({ length: 50 }, (_, i) => host(`h${i}`, `vendor ${i % 7}`, `model ${i}`, [ident(`smbios.11.string-${i}`, 'mac-address', true, true)]));
  const broken = Array.from({ length: 9 }, (_, i) => unreadable(`bad${i}`, 'TRUNCATED'));
  const s = summarizeFleet([...many, ...broken], { maxViolatingHosts: 5, maxUnreadableHosts: 3, maxKeys: 10 });

  it('keeps every count, lists only the first hosts', () => {
    expect(s.violatingHostCount).toBe(50);
    expect(s.violatingHosts.map((h) => h.input)).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    expect(s.violatingHostsTruncated).toBe(true);
    expect(s.unreadableHostCount).toBe(9);
    expect(s.unreadableHosts).toHaveLength(3);
    expect(s.unreadableHostsTruncated).toBe(true);
  });

  it('folds ids and vendor/model pairs past the cap into one row that keeps their counts', () => {
    expect(s.identifiers).toHaveLength(11);
    expect(s.identifiers.at(-1)).toMatchObject({ id: 'other', other: true, hostCount: 40, reachingCount: 40 });
    expect(s.identifiers.reduce((n, r) => n + r.reachingCount, 0)).toBe(50);
    expect(s.vendors).toHaveLength(11);
    expect(s.vendors.reduce((n, r) => n + r.hostCount, 0)).toBe(50);
  });

  it('reports the cut in Markdown', () => {
    expect(renderFleetMarkdown(s, ctx)).toContain('… and 45 more');
  });
});

describe('fleet summary properties', () => {
  const arbHost = fc.oneof(
    fc.record({
      input: fc.string(),
      ok: fc.constant(true as const),
      vendor: fc.constantFrom('A', 'B', ''),
      model: fc.constantFrom('1', '2'),
      identifiers: fc.array(
        fc
          .tuple(
            // An id always has the same class, as the inventory gives it.
            fc.constantFrom<[string, IdentifierClass]>(['smbios.1.serialNumber', 'serial'], ['smbios.1.uuid', 'uuid'], ['acpi.MSDM.productKey', 'product-key']),
            fc.constantFrom<boolean | 'unknown'>(true, false, 'unknown'),
            fc.boolean(),
            fc.boolean(),
          )
          .map(([[id, cls], reaches, violation, placeholder]) => ident(id, cls, reaches, violation, placeholder)),
        { maxLength: 6 },
      ),
    }),
    fc.record({ input: fc.string(), ok: fc.constant(false as const), error: fc.record({ code: fc.constant('TRUNCATED'), message: fc.string() }) }),
  );

  it('counts do not depend on the order hosts arrive in', () => {
    fc.assert(
      fc.property(fc.array(arbHost, { maxLength: 30 }), fc.integer(), (hosts, seed) => {
        const shuffled = [...hosts].sort((a, b) => ((a.input.length * 31 + seed) % 7) - ((b.input.length * 31 + seed) % 7));
        const a = summarizeFleet(hosts);
        const b = summarizeFleet(shuffled);
        const counts = (s: typeof a): unknown => ({ ...s, violatingHosts: s.violatingHosts.length, unreadableHosts: s.unreadableHosts.length });
        expect(counts(b)).toEqual(counts(a));
        // Per-class instance counts add up to the total.
        expect(a.classes.reduce((n, r) => n + r.foundCount, 0)).toBe(a.identifierCount);
        expect(a.classes.reduce((n, r) => n + r.reachingCount, 0)).toBe(a.reachingIdentifierCount);
      }),
      { numRuns: 200 },
    );
  });
});

describe('fleet reports', () => {
  const hostile = host('hosts/<img src=x onerror=alert(1)>', '<script>alert(1)</script>', 'A|B\nC', [ident('smbios.1.serialNumber', 'serial', true, true)]);
  const s = summarizeFleet([...FLEET, hostile]);

  it('HTML: escapes host data, fetches nothing, draws one leak bar per reaching identifier', () => {
    const html = renderFleetHtml(s, ctx);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;script&#62;');
    // Nothing loaded from anywhere: no src/href attributes, no url(), no @import.
    expect(html).not.toMatch(/<[^>]*\s(src|href)=|url\(|@import/i);
    const bars = html.match(/<rect class="leak"/g) ?? [];
    expect(bars).toHaveLength(s.identifiers.filter((r) => r.reachingHostCount > 0).length);
    expect(html).toContain(`fill="${FLEET_CHART_LEAK_COLOUR}"`);
    // The longest bar is the identifier reaching most hosts.
    const widths = [...html.matchAll(/<rect class="leak"[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...widths)).toBe(widths[0]);
  });

  it('Markdown: a pipe or line break in host data stays inside its cell', () => {
    const md = renderFleetMarkdown(s, ctx);
    const line = md.split('\n').find((l) => l.includes('\\<script\\>'))!;
    expect(line).toBeDefined();
    // Vendor table rows have 4 cells: 5 unescaped pipes.
    expect(line.replace(/\\\|/g, '').split('|').length - 1).toBe(5);
    expect(md).toContain('## Unreadable dumps (1)');
  });

  it('both say so when nothing reached a guest', () => {
    const quiet = summarizeFleet([host('c', 'HP', 'DL360', [ident('smbios.2.serialNumber', 'serial', false)])]);
    expect(renderFleetHtml(quiet, ctx)).toContain('No identifier reaches a guest');
    expect(renderFleetMarkdown(quiet, ctx)).toContain('No host fails the policy.');
  });
});
