/** Levenshtein distance (insertions, deletions, substitutions), for command suggestions. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The name nearest to `word` (a typo: at most 3 edits, and fewer than half its letters, so that
 * `x` suggests nothing), or undefined. A name `word` begins (`dec` for `decode`) counts as near.
 */
export function nearestName(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const n of names) {
    const d = n.startsWith(word) && word.length >= 2 ? 1 : distance(word, n);
    if (d < bestDistance && d <= Math.min(3, Math.ceil(n.length / 2))) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
}
