// Stage "scorecards": the weights of each scorecard add up to exactly 100%.
import type { CheckContext } from "./check-context.js";
import { arrayOf, declarationsOf } from "./expression-tree.js";
import { addRational, compareRational, formatPercent, parseRational, ZERO, type Rational } from "./rational.js";

const HUNDRED_PERCENT: Rational = { n: 1n, d: 1n };

export function checkScorecards(ctx: CheckContext): void {
  for (const decl of declarationsOf(ctx.program)) {
    if (decl.kind !== "scorecard") continue;
    const weights = arrayOf(decl.lines)
      .map((line) => line.weight)
      .filter((weight) => weight !== undefined);
    const values = weights.map((weight) => parseRational(weight.value));
    // A weight without `%` or one the parser could not read was reported there (PPL1010); a sum would mislead.
    if (weights.length === 0 || values.some((value) => value === undefined) || weights.some((w) => w.suffix !== "%"))
      continue;
    const sum = (values as Rational[]).reduce(addRational, ZERO);
    if (compareRational(sum, HUNDRED_PERCENT) === 0) continue;
    const terms = weights.map((weight) => weight.text).join(" + ");
    ctx.report(
      "PPL4003",
      decl.name?.range,
      {
        scorecard: String(decl.name?.value),
        sum: formatPercent(sum),
        terms,
        short: compareRational(sum, HUNDRED_PERCENT) < 0,
      },
      { related: weights.map((weight) => ctx.related(weight.range, `weight ${weight.text}`)) },
    );
  }
}
