// How a numeric KPI, score or unmet value is written out (spec section 7: "the
// nearest JSON number"). Beyond the double range there is no nearest JSON
// number, and JSON.stringify would write Infinity as null, which reads as
// missing; such a value is written as a JSON string instead, holding the
// decimal `ppl explain` shows for it, so run and explain agree.
import { formatDecimal } from "../number/exact-text.js";
import { toNearestNumber, type Num } from "../number/rational.js";

/** The double nearest to the value when finite, else the value's decimal text. */
export function writtenNumber(value: Num): number | string {
  const nearest = toNearestNumber(value);
  return Number.isFinite(nearest) ? nearest : formatDecimal(value).text;
}
