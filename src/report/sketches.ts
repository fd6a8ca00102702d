// Bounded-memory summaries of a column of numbers, for reports over any
// number of rows: an equal-width histogram whose bin width grows (and bins
// merge, exactly) as the range grows, a log-bucket quantile sketch, and a
// top-N list. None of them keeps the rows.

/** Bin widths in value units: 1, 2, 10, 20, 100, …: each a multiple of the one before, so merging is exact. */
function nextWidth(width: number): number {
  const tens = 10 ** Math.floor(Math.log10(width) + 1e-9);
  return width / tens < 1.5 ? width * 2 : width * 5;
}

export interface HistogramBin {
  /** Inclusive lower edge, in the histogram's units. */
  from: number;
  /** Exclusive upper edge. */
  to: number;
  count: number;
}

/**
 * Counts integers (a value times its unit: cents, basis points) in at most
 * `maxBins` equal bins. Exact: a value's bin is floor(value / width), and a
 * wider width is a multiple of the narrower, so merged counts stay exact.
 */
export class Histogram {
  private width = 1;
  private readonly counts = new Map<number, number>();
  private low = Infinity;
  private high = -Infinity;
  count = 0;

  constructor(private readonly maxBins = 24) {}

  add(units: number): void {
    if (!Number.isFinite(units)) return;
    this.count++;
    const index = Math.floor(units / this.width);
    this.counts.set(index, (this.counts.get(index) ?? 0) + 1);
    if (index < this.low) this.low = index;
    if (index > this.high) this.high = index;
    while (this.high - this.low + 1 > this.maxBins) this.widen();
  }

  private widen(): void {
    const width = nextWidth(this.width);
    const factor = width / this.width;
    const merged = new Map<number, number>();
    for (const [index, count] of this.counts) {
      const wider = Math.floor(index / factor);
      merged.set(wider, (merged.get(wider) ?? 0) + count);
    }
    this.counts.clear();
    for (const [index, count] of merged) this.counts.set(index, count);
    this.width = width;
    this.low = Math.floor(this.low / factor);
    this.high = Math.floor(this.high / factor);
  }

  /** Every bin from the lowest to the highest value, empty ones included. */
  bins(): HistogramBin[] {
    const bins: HistogramBin[] = [];
    for (let index = this.low; index <= this.high; index++) {
      bins.push({ from: index * this.width, to: (index + 1) * this.width, count: this.counts.get(index) ?? 0 });
    }
    return bins;
  }
}

/**
 * Quantiles to within 0.5% of the value (a DDSketch-style log-bucket sketch),
 * with the exact minimum and maximum. Memory grows with the number of
 * distinct magnitudes (a few thousand at most), not with the rows.
 */
export class QuantileSketch {
  private static readonly ACCURACY = 0.005;
  private readonly gamma = (1 + QuantileSketch.ACCURACY) / (1 - QuantileSketch.ACCURACY);
  private readonly logGamma = Math.log(this.gamma);
  private readonly positive = new Map<number, number>();
  private readonly negative = new Map<number, number>();
  private zero = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value === 0) {
      this.zero++;
      return;
    }
    const buckets = value > 0 ? this.positive : this.negative;
    const index = Math.ceil(Math.log(Math.abs(value)) / this.logGamma);
    buckets.set(index, (buckets.get(index) ?? 0) + 1);
  }

  /** The p-quantile (p from 0 to 1), nearest rank. */
  quantile(p: number): number | undefined {
    if (this.count === 0) return undefined;
    if (p <= 0) return this.min;
    if (p >= 1) return this.max;
    const rank = Math.floor(p * (this.count - 1));
    let seen = 0;
    const estimate = (index: number) => (2 * this.gamma ** index) / (this.gamma + 1);
    const clamp = (value: number) => Math.min(this.max, Math.max(this.min, value));
    for (const index of [...this.negative.keys()].sort((a, b) => b - a)) {
      seen += this.negative.get(index)!;
      if (seen > rank) return clamp(-estimate(index));
    }
    seen += this.zero;
    if (seen > rank) return 0;
    for (const index of [...this.positive.keys()].sort((a, b) => a - b)) {
      seen += this.positive.get(index)!;
      if (seen > rank) return clamp(estimate(index));
    }
    return this.max;
  }
}

/** The `size` smallest items by `compare`, kept sorted; each add is O(size) at worst. */
export class TopN<T> {
  readonly items: T[] = [];

  constructor(
    private readonly size: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  add(item: T): void {
    if (this.size <= 0) return;
    const items = this.items;
    if (items.length === this.size && this.compare(item, items[items.length - 1]!) >= 0) return;
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.compare(items[middle]!, item) <= 0) low = middle + 1;
      else high = middle;
    }
    items.splice(low, 0, item);
    if (items.length > this.size) items.pop();
  }
}
