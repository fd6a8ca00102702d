// The distribution of per-partner deltas of the total, exact and in bounded
// memory: a count per distinct delta in minor units (money has at most the
// currency's minor digits, so every delta is a whole number of them). Its size
// is the number of distinct deltas, not of rows: a rule change moves most
// partners by few distinct amounts, and 1M distinct deltas still take only
// tens of MB. Quartiles are nearest-rank (each is a delta that occurred).
import * as q from "../number/rational.js";
import type { Num } from "../number/rational.js";

/** A whole number of minor units: a double while it is safe, else a BigInt (never both for one value). */
type Units = number | bigint;

export interface DistributionSummary {
  count: number;
  min: Num;
  q1: Num;
  median: Num;
  q3: Num;
  max: Num;
}

export class DeltaDistribution {
  private readonly counts = new Map<Units, number>();
  private total = 0;
  private readonly scale: number;
  private readonly bigScale: bigint;

  constructor(private readonly digits: number) {
    this.scale = 10 ** digits;
    this.bigScale = 10n ** BigInt(digits);
  }

  private units(delta: Num): Units {
    if (delta instanceof q.Small && this.scale % delta.d === 0) {
      const scaled = delta.n * (this.scale / delta.d);
      if (Number.isSafeInteger(scaled)) return scaled;
    }
    const { n, d } = q.reduced(delta);
    const scaled = (n * this.bigScale) / d;
    if ((n * this.bigScale) % d !== 0n) throw new Error("a delta has more digits than the currency's minor unit");
    const asNumber = Number(scaled);
    return Number.isSafeInteger(asNumber) ? asNumber : scaled;
  }

  add(delta: Num): void {
    const key = this.units(delta);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }

  /** Each distinct delta in minor units with its count (plain data, for crossing threads). */
  entries(): [Units, number][] {
    return [...this.counts];
  }

  merge(entries: readonly (readonly [Units, number])[]): void {
    for (const [key, count] of entries) {
      this.counts.set(key, (this.counts.get(key) ?? 0) + count);
      this.total += count;
    }
  }

  get distinct(): number {
    return this.counts.size;
  }

  summary(): DistributionSummary | undefined {
    if (this.total === 0) return undefined;
    const keys = [...this.counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const ranks = [
      1,
      Math.ceil(this.total / 4),
      Math.ceil(this.total / 2),
      Math.ceil((this.total * 3) / 4),
      this.total,
    ];
    const found: Units[] = [];
    let seen = 0;
    let next = 0;
    for (const key of keys) {
      seen += this.counts.get(key)!;
      while (next < ranks.length && ranks[next]! <= seen) {
        found.push(key);
        next++;
      }
    }
    const toNum = (units: Units): Num =>
      typeof units === "number" && Number.isSafeInteger(this.scale)
        ? new q.Small(units, this.scale)
        : new q.Big(BigInt(units), this.bigScale);
    const [min, q1, median, q3, max] = found.map(toNum) as [Num, Num, Num, Num, Num];
    return { count: this.total, min, q1, median, q3, max };
  }
}
