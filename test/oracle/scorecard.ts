// The oracle's scorecards (spec 3.5): each line scores its value between threshold and
// target, capped at its max; the scorecard is the weighted sum of the lines.

import type { ScorecardLineSpec, ScorecardSpec } from "../../src/compile/artifact-types.js";
import * as exact from "./exact.js";
import type { Exact } from "./exact.js";
import type { ScorecardLineResult, ScorecardResult } from "../../src/runtime/partner.js";
import { isNum, type Value } from "../../src/runtime/values.js";

/** The score s of one line for value v, and whether `max` capped it. */
export function scoreLine(line: ScorecardLineSpec, value: Value): { score: Exact; capped: boolean } {
  if (!isNum(value)) return { score: exact.ZERO, capped: false };
  const threshold = exact.exactConstant(line.threshold);
  const target = exact.exactConstant(line.target);
  const direction = exact.compare(threshold, target);
  let score: Exact;
  if (direction < 0) {
    score =
      exact.compare(value, threshold) < 0
        ? exact.ZERO
        : exact.div(exact.sub(value, threshold), exact.sub(target, threshold))!;
  } else if (direction > 0) {
    score =
      exact.compare(value, threshold) > 0
        ? exact.ZERO
        : exact.div(exact.sub(threshold, value), exact.sub(threshold, target))!;
  } else {
    score = exact.compare(value, target) >= 0 ? exact.ONE : exact.ZERO;
  }
  const max = exact.exactConstant(line.max);
  return exact.compare(score, max) > 0 ? { score: max, capped: true } : { score, capped: false };
}

/** The scorecard's value from its lines; `valueOf` resolves each line's input, KPI or table. */
export function scoreScorecard(spec: ScorecardSpec, valueOf: (name: string) => Value): ScorecardResult {
  let total = exact.ZERO;
  const lines = spec.lines.map((line): ScorecardLineResult => {
    const value = valueOf(line.value);
    const { score, capped } = scoreLine(line, value);
    const weighted = exact.mul(exact.exactConstant(line.weight), score);
    total = exact.add(total, weighted);
    return { line, value, score, weighted, capped };
  });
  return { name: spec.name, value: total, lines };
}
