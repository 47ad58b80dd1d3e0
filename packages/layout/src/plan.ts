// The layout planner's entry point. Facts: shared/research/xen.md §2.2–§2.7, §5, §8.
import { evaluatePlan } from './evaluate.js';
import { findMinimumMemory } from './minimum.js';
import type { Plan, PlanInput } from './types.js';

/**
 * Plans the layout for one profile and guest config: places loader and modules, lists the
 * fixed regions, builds both e820 maps, runs every check and searches the minimum memory.
 */
export function planLayout(input: PlanInput): Plan {
  const plan = evaluatePlan(input);
  return { ...plan, minimumMemoryMiB: findMinimumMemory(input) };
}

