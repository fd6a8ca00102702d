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
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        best = Math.min(best, rows[i - 2][j - 2] + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[x.length][y.length];
}

/**
 * editDistance when it is at most `limit`, else Infinity: the same recurrence,
 * but it stops as soon as a whole row exceeds the limit, and never starts
 * when the lengths alone differ by more.
 */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return 0.5;
  if (Math.abs(x.length - y.length) > limit) return Infinity;
  let before: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, before[j - 2] + 1);
      row.push(best);
      rowMin = Math.min(rowMin, best);
    }
    if (rowMin > limit) return Infinity;
    before = previous;
    previous = row;
  }
  const distance = previous[y.length];
  return distance <= limit ? distance : Infinity;
}

/** How far a name may be from a suggestion for it. */
function limitFor(name: string): number {
  return Math.max(1, Math.floor(name.length * 0.4));
}

/**
 * Candidates compared, in total, by one index. A program with thousands of
 * unknown names against thousands of declared ones would otherwise cost
 * their product; past this budget names get no "did you mean".
 */
const COMPARISON_BUDGET = 1_000_000;

/**
 * Finds suggestions among a fixed set of candidates: grouped by length (a
 * name is only compared with candidates whose length is within its limit),
 * compared with an early exit, each distinct name searched once.
 */
export class SuggestionIndex {
  private readonly byLength = new Map<number, string[]>();
  private readonly found = new Map<string, string | undefined>();
  private budget = COMPARISON_BUDGET;

  constructor(candidates: Iterable<string>) {
    const seen = new Set<string>();
    for (const candidate of candidates) {
      if (typeof candidate !== "string" || seen.has(candidate)) continue;
      seen.add(candidate);
      const group = this.byLength.get(candidate.length);
      if (group) group.push(candidate);
      else this.byLength.set(candidate.length, [candidate]);
    }
  }

  /** The candidate closest to `name`, or undefined when none is plausibly meant. */
  closest(name: string): string | undefined {
    if (typeof name !== "string") return undefined;
    if (this.found.has(name)) return this.found.get(name);
    const limit = limitFor(name);
    let best: string | undefined;
    let bestDistance = Infinity;
    // Nearest lengths first: ties keep the first candidate, as a plain scan in candidate order would within a length.
    const lengths = [...this.byLength.keys()]
      .filter((length) => Math.abs(length - name.length) <= limit)
      .sort((p, q) => Math.abs(p - name.length) - Math.abs(q - name.length) || p - q);
    for (const length of lengths) {
      for (const candidate of this.byLength.get(length)!) {
        if (candidate === name) continue;
        if (this.budget-- <= 0) return undefined;
        const distance = boundedEditDistance(name, candidate, Math.min(limit, bestDistance));
        if (distance < bestDistance) {
          best = candidate;
          bestDistance = distance;
        }
      }
    }
    this.found.set(name, best);
    return best;
  }
}

/** The candidate closest to `name`, or undefined when none is plausibly meant. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  return new SuggestionIndex(candidates).closest(name);
}

/** `value` written as a PPL string literal, for a suggestion that replaces one. */
export function stringLiteral(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;
}
