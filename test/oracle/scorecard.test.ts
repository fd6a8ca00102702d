import { describe, expect, it } from "vitest";
import type { ScorecardLineSpec, ScorecardSpec } from "../../src/compile/artifact-types.js";
import { toExactString } from "../../src/number/exact-text.js";
import { scoreLine, scoreScorecard } from "./scorecard.js";
import { MISSING, type Value } from "../../src/runtime/values.js";
import { x } from "../runtime/expr-builders.js";

const line = (threshold: string, target: string, max = "1", weight = "1"): ScorecardLineSpec => ({
  value: "v",
  weight,
  threshold,
  target,
  max,
});

const s = (spec: ScorecardLineSpec, v: Value): string => toExactString(scoreLine(spec, v).score);

describe("a scorecard line", () => {
  it("scores higher-is-better lines (t < g) linearly from threshold to target", () => {
    const attainment = line("0.8", "1", "1.2");
    expect(s(attainment, x("0.79"))).toBe("0");
    expect(s(attainment, x("0.8"))).toBe("0");
    expect(s(attainment, x("0.9"))).toBe("1/2");
    expect(s(attainment, x("1"))).toBe("1");
    expect(s(attainment, x("1.1"))).toBe("6/5");
    expect(s(attainment, x("1.02"))).toBe("11/10");
  });

  it("scores lower-is-better lines (t > g)", () => {
    const delivery = line("10", "3");
    expect(s(delivery, x("11"))).toBe("0");
    expect(s(delivery, x("10"))).toBe("0");
    expect(s(delivery, x("8"))).toBe("2/7");
    expect(s(delivery, x("3"))).toBe("1");
    expect(s(delivery, x("2"))).toBe("1");
  });

  it("scores t = g as all or nothing", () => {
    const flat = line("5", "5");
    expect(s(flat, x("5"))).toBe("1");
    expect(s(flat, x("6"))).toBe("1");
    expect(s(flat, x("4.99"))).toBe("0");
  });

  it("caps at max, 100% by default", () => {
    expect(s(line("0", "10"), x("30"))).toBe("1");
    expect(scoreLine(line("0", "10"), x("30")).capped).toBe(true);
    expect(s(line("0", "10", "1.2"), x("30"))).toBe("6/5");
    expect(s(line("0", "10", "1.2"), x("11"))).toBe("11/10");
    expect(scoreLine(line("0", "10", "1.2"), x("11")).capped).toBe(false);
    expect(s(line("10", "3", "1.5"), x("-100"))).toBe("3/2");
  });

  it("scores a missing value 0", () => {
    expect(s(line("0.8", "1"), MISSING)).toBe("0");
    expect(s(line("5", "5"), MISSING)).toBe("0");
    expect(s(line("10", "3"), MISSING)).toBe("0");
  });

  it("handles negative thresholds", () => {
    expect(s(line("-0.05", "0.05"), x("0"))).toBe("1/2");
  });
});

describe("a scorecard", () => {
  // The spec's example `performance` scorecard.
  const performance: ScorecardSpec = {
    name: "performance",
    lines: [
      { value: "attainment", weight: "1/2", threshold: "4/5", target: "1", max: "6/5" },
      { value: "conversion", weight: "3/10", threshold: "1/10", target: "3/10", max: "1" },
      { value: "delivery_days", weight: "1/5", threshold: "10", target: "3", max: "1" },
    ],
    confidential: false,
    source: { file: "t.ppl", line: 1, column: 1, endLine: 1, endColumn: 1 },
  };

  it("is the weighted sum of line scores (spec example: 1.1)", () => {
    const values: Record<string, Value> = { attainment: x("1.25"), conversion: x("0.4"), delivery_days: x("2") };
    const result = scoreScorecard(performance, (name) => values[name]!);
    // 0.5 × 1.2 (capped from 2.25) + 0.3 × 1 (from 1.5) + 0.2 × 1 (from 8/7) = 1.1
    expect(toExactString(result.value)).toBe("11/10");
    expect(result.lines.map((l) => toExactString(l.score))).toEqual(["6/5", "1", "1"]);
    expect(result.lines.map((l) => toExactString(l.weighted))).toEqual(["3/5", "3/10", "1/5"]);
    expect(result.lines.map((l) => l.capped)).toEqual([true, true, true]);
  });

  it("counts a missing line as 0 and is never missing itself", () => {
    const values: Record<string, Value> = { attainment: x("0.9"), conversion: x("0.2"), delivery_days: MISSING };
    const result = scoreScorecard(performance, (name) => values[name]!);
    // 0.5 × 0.5 + 0.3 × 0.5 + 0 = 0.4
    expect(toExactString(result.value)).toBe("2/5");
    expect(result.lines[2]!.value).toBe(MISSING);
  });
});
