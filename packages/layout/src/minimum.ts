// Minimum guest memory per profile: a search over memory sizes, never a formula.
import { evaluatePlan } from './evaluate.js';
import type { PlanInput } from './types.js';

/**
 * The smallest guest memory (MiB) for which the plan has no errors: doubles until the plan
 * holds (up to 1 TiB), then bisects, then confirms that one MiB less fails.
 */
export function findMinimumMemory(input: PlanInput, limitMiB = 1 << 20): number | null {
  const holds = (mib: number): boolean => evaluatePlan({ ...input, guest: { ...input.guest, memoryMiB: mib } }).ok;
  let hi = Math.max(1, input.guest.memoryMiB);
  while (!holds(hi)) {
    if (hi >= limitMiB) return null;
    hi = Math.min(limitMiB, hi * 2);
  }
  let lo = 0; // invariant: lo fails (0 MiB never holds: low RAM floor), hi holds
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (holds(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
