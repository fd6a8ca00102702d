// How a numeric KPI, score or unmet value is written out (spec section 7: "the
// nearest JSON number"). Beyond the double range there is no nearest JSON
// number, and JSON.stringify would write Infinity as null, which reads as
// missing; such a value is written as a JSON string instead, holding the
// decimal `ppl explain` shows for it, so run and explain agree.
import { formatDecimal, type Exact } from "./exact.js";

/** `nearest` (the double nearest to the value) when finite, else the value's decimal text. */
export function writtenNumber(nearest: number, value: () => Exact): number | string {
  return Number.isFinite(nearest) ? nearest : formatDecimal(value()).text;
}
