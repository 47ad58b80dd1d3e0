import { performance } from 'node:perf_hooks';

/** One benchmark figure as printed and written to bench/results.json. */
export interface BenchFigure {
  name: string;
  opsPerSec?: number;
  mbPerSec?: number;
  itemsPerSec?: number;
  itemLabel?: string;
  /** Free-form extra figures (times of a comparison, ratios). */
  extra?: Record<string, number | string>;
}

/** Collects figures; each area's bench module calls it. */
export class Harness {
  readonly figures: BenchFigure[] = [];

  /**
   * Runs `fn` repeatedly for at least `minMs` (after a warm-up) and records ops/s and, when given,
   * MB/s (`bytesPerOp`) and items/s (`itemsPerOp`).
   */
  async measure(
    name: string,
    fn: () => unknown,
    opts: { bytesPerOp?: number; itemsPerOp?: number; itemLabel?: string; minMs?: number } = {},
  ): Promise<BenchFigure> {
    const minMs = opts.minMs ?? 500;
    for (let i = 0; i < 3; i++) await fn();
    let ops = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      await fn();
      ops++;
      elapsed = performance.now() - start;
    } while (elapsed < minMs);
    const perSec = (ops * 1000) / elapsed;
    const fig: BenchFigure = { name, opsPerSec: perSec };
    if (opts.bytesPerOp !== undefined) fig.mbPerSec = (perSec * opts.bytesPerOp) / 1e6;
    if (opts.itemsPerOp !== undefined) {
      fig.itemsPerSec = perSec * opts.itemsPerOp;
      fig.itemLabel = opts.itemLabel ?? 'items';
    }
    this.record(fig);
    return fig;
  }

  /** Records a figure computed by the caller (e.g. a comparison with an external tool). */
  record(fig: BenchFigure): void {
    this.figures.push(fig);
    const parts: string[] = [];
    if (fig.opsPerSec !== undefined) parts.push(`${fmt(fig.opsPerSec)} ops/s`);
    if (fig.mbPerSec !== undefined) parts.push(`${fmt(fig.mbPerSec)} MB/s`);
    if (fig.itemsPerSec !== undefined) parts.push(`${fmt(fig.itemsPerSec)} ${fig.itemLabel ?? 'items'}/s`);
    for (const [k, v] of Object.entries(fig.extra ?? {})) parts.push(`${k}=${typeof v === 'number' ? fmt(v) : v}`);
    console.log(`${fig.name.padEnd(48)} ${parts.join('  ')}`);
  }
}

function fmt(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(3);
}
