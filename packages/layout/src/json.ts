// The plan's JSON form (`hvmpack plan --json`): addresses as `0x…` strings, sizes in bytes.
import { formatAddress } from './evaluate.js';
import type { E820Entry } from './e820.js';
import type { Plan } from './types.js';

/** JSON shape of a plan (documented in docs/layout.md). */
export interface PlanJson {
  profile: string;
  ok: boolean;
  memory: { ramBytes: string; lowmemEnd: string; mmioStart: string; highmemEnd?: string };
  regions: Array<{ name: string; start: string; end: string; size: string; kind: string; source: string; moduleKind?: string }>;
  e820: { beforeHandoff: E820Json[]; afterHandoff: E820Json[] };
  minimumMemoryMiB: number | null;
  /** `offset` is always null: a layout finding is about memory regions, not input bytes. */
  findings: Array<{ code: string; severity: string; offset: null; message: string; regions: string[]; rule: string }>;
}

interface E820Json {
  start: string;
  end: string;
  type: string;
  note?: string;
}

/** Converts a plan to its JSON form (bigints become `0x…` strings; `end` is exclusive). */
export function planToJson(plan: Plan): PlanJson {
  const e = (x: E820Entry): E820Json => ({ start: formatAddress(x.start), end: formatAddress(x.end), type: x.type, ...(x.note !== undefined && { note: x.note }) });
  return {
    profile: plan.profile,
    ok: plan.ok,
    memory: {
      ramBytes: formatAddress(plan.memory.ramBytes),
      lowmemEnd: formatAddress(plan.memory.lowmemEnd),
      mmioStart: formatAddress(plan.memory.mmioStart),
      ...(plan.memory.highmemEnd !== undefined && { highmemEnd: formatAddress(plan.memory.highmemEnd) }),
    },
    regions: plan.regions.map((r) => ({
      name: r.name,
      start: formatAddress(r.start),
      end: formatAddress(r.end),
      size: formatAddress(r.end - r.start),
      kind: r.kind,
      source: r.source,
      ...(r.moduleKind !== undefined && { moduleKind: r.moduleKind }),
    })),
    e820: { beforeHandoff: plan.e820.beforeHandoff.map(e), afterHandoff: plan.e820.afterHandoff.map(e) },
    minimumMemoryMiB: plan.minimumMemoryMiB,
    findings: plan.findings.map((f) => ({ code: f.code, severity: f.severity, offset: null, message: f.message, regions: f.regions, rule: f.rule })),
  };
}
