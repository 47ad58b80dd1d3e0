import { evaluatePlan, findMinimumMemory, planLayout, renderPlanSvg, examplePlanInput, PROFILES } from '@hvmpack/layout';
import type { Harness } from './harness.js';

/** Layout figures: plans/s (placement + checks + e820), full plans with minimum search, SVG renders. */
export async function run(h: Harness): Promise<void> {
  for (const profile of PROFILES) {
    const input = examplePlanInput(profile);
    await h.measure(`layout: evaluatePlan (${profile})`, () => evaluatePlan(input), { itemsPerOp: 1, itemLabel: 'plans' });
  }
  const input = examplePlanInput('xen-4.8');
  await h.measure('layout: findMinimumMemory (xen-4.8)', () => findMinimumMemory(input), { itemsPerOp: 1, itemLabel: 'searches' });
  const plan = planLayout(input);
  await h.measure('layout: renderPlanSvg (xen-4.8 example)', () => renderPlanSvg(plan));
}
