// "Did you mean X?" suggestions: the closest candidate by edit distance, close
// enough that the suggestion is likely what the writer meant.

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two
 * neighbouring letters (`EMAE` → `EMEA` is one edit). A change of case alone
 * costs less than any real edit.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return 0.5;
  const rows: number[][] = [Array.from({ length: y.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, rows[i - 2][j - 2] + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[x.length][y.length];
}

/** The candidate closest to `name`, or undefined when none is plausibly meant. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  if (typeof name !== "string") return undefined;
  const limit = Math.max(1, Math.floor(name.length * 0.4));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (typeof candidate !== "string" || candidate === name) continue;
    const distance = editDistance(name, candidate);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** " Did you mean `X`?" or "" — to append to a message. */
export function didYouMean(name: string, candidates: Iterable<string>, quote = "`"): string {
  const best = closestName(name, candidates);
  return best === undefined ? "" : ` Did you mean ${quote}${best}${quote}?`;
}
