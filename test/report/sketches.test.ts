// The report's bounded summaries, against counts done by hand.
import { describe, expect, it } from "vitest";
import { Histogram, QuantileSketch, TopN } from "../../src/report/sketches.js";

describe("Histogram", () => {
  it("counts exactly in width-1 bins while the range is small", () => {
    const histogram = new Histogram(24);
    for (const value of [0, 0, 3, 5, 5, 5]) histogram.add(value);
    expect(histogram.bins().map((bin) => bin.count)).toEqual([2, 0, 0, 1, 0, 3]);
    expect(histogram.bins()[0]).toEqual({ from: 0, to: 1, count: 2 });
  });

  it("widens to 1, 2, 10, 20, 100 … and merges bins exactly", () => {
    const histogram = new Histogram(24);
    // 0..300000: 20000 is the narrowest width in the sequence that keeps 16 ≤ 24 bins.
    for (const value of [0, 0, 0, 300000, 180000, 150000]) histogram.add(value);
    const bins = histogram.bins();
    expect(bins).toHaveLength(16);
    expect(bins[0]).toEqual({ from: 0, to: 20000, count: 3 });
    expect(bins[7]).toEqual({ from: 140000, to: 160000, count: 1 });
    expect(bins[9]).toEqual({ from: 180000, to: 200000, count: 1 });
    expect(bins[15]).toEqual({ from: 300000, to: 320000, count: 1 });
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(6);
  });

  it("keeps negative values in their own bins", () => {
    const histogram = new Histogram(24);
    for (const value of [-3, -1, 0, 2]) histogram.add(value);
    expect(histogram.bins().map((bin) => [bin.from, bin.count])).toEqual([
      [-3, 1],
      [-2, 0],
      [-1, 1],
      [0, 1],
      [1, 0],
      [2, 1],
    ]);
  });

  it("never holds more bins than asked, however many values", () => {
    const histogram = new Histogram(24);
    for (let i = 0; i < 100_000; i++) histogram.add((i * 7919) % 1_000_003);
    expect(histogram.bins().length).toBeLessThanOrEqual(24);
    expect(histogram.count).toBe(100_000);
  });
});

describe("QuantileSketch", () => {
  it("gives min and max exactly and quantiles to within 0.5%", () => {
    const sketch = new QuantileSketch();
    for (let i = 1; i <= 10_000; i++) sketch.add(i);
    expect(sketch.quantile(0)).toBe(1);
    expect(sketch.quantile(1)).toBe(10_000);
    // Nearest rank: floor(0.5 × 9999) = 4999, the 5000th value.
    expect(Math.abs(sketch.quantile(0.5)! - 5000) / 5000).toBeLessThanOrEqual(0.005);
    expect(Math.abs(sketch.quantile(0.9)! - 9000) / 9000).toBeLessThanOrEqual(0.005);
  });

  it("orders negative values, zero and positive values", () => {
    const sketch = new QuantileSketch();
    for (const value of [-100, -1, 0, 0, 0, 1, 100]) sketch.add(value);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(sketch.quantile(0.1)!).toBeCloseTo(-100, -1);
    expect(sketch.quantile(0.2)!).toBeLessThan(0);
  });
});

describe("TopN", () => {
  it("keeps the n smallest, ties by arrival order of the compare", () => {
    const top = new TopN<number>(3, (a, b) => a - b);
    for (const value of [5, 1, 4, 1, 5, 9, 2, 6]) top.add(value);
    expect(top.items).toEqual([1, 1, 2]);
  });
});
