// Values in reports are masked unless asked not to: enough to recognise a value you already know
// (its first and last characters and its length), not enough to learn one.

/**
 * `value` masked to its length: two characters kept at each end when longer than 12, one when
 * longer than 3, none otherwise; the rest as `*` (`5CG1234XYZ` → `5********Z`).
 */
export function maskValue(value: string): string {
  const v = value;
  const keep = v.length > 12 ? 2 : v.length > 3 ? 1 : 0;
  if (keep === 0) return '*'.repeat(v.length);
  return `${v.slice(0, keep)}${'*'.repeat(v.length - 2 * keep)}${v.slice(v.length - keep)}`;
}
