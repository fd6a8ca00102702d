// Values of PPL expressions: the one value type of records, the evaluator,
// explanations and ppl/runtime. Plain JS data where possible so that readers
// of partner data can build records without wrappers: numbers are the number
// module's exact rationals (Num, see src/number; build them from text with
// parseExact), text and one-of values are strings, `list of` values and
// `subtiers` are arrays of strings.

import { formatDecimal } from "../number/exact-text.js";
import { isNum, type Num } from "../number/rational.js";

/** A tier as a value: compared by rank (1 = lowest). */
export interface TierValue {
  readonly kind: "tier";
  readonly name: string;
  readonly rank: number;
}

/** The one missing value (absent optional input, division by zero, unmatched table, ...). */
export interface Missing {
  readonly kind: "missing";
}

export const MISSING: Missing = Object.freeze({ kind: "missing" as const });

export type ListValue = readonly Value[];

export type Value = Num | string | boolean | ListValue | TierValue | Missing;

export { isNum };

export function isMissing(value: Value): value is Missing {
  return value === MISSING;
}

export function isTier(value: Value): value is TierValue {
  return typeof value === "object" && !Array.isArray(value) && (value as TierValue).kind === "tier";
}

export function isList(value: Value): value is ListValue {
  return Array.isArray(value);
}

export function tierValue(name: string, rank: number): TierValue {
  return { kind: "tier", name, rank };
}

/** A missing value used as a boolean is false; so is anything not `true`. */
export function asBoolean(value: Value): boolean {
  return value === true;
}

/**
 * A value in words for explanations: numbers as decimals ("about" when they
 * do not terminate), text quoted, lists bracketed, a tier by name.
 */
export function showValue(value: Value): string {
  if (isMissing(value)) return "missing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (isNum(value)) {
    const { text, exact } = formatDecimal(value);
    return exact ? text : `about ${text}`;
  }
  if (isList(value)) return `[${value.map(showValue).join(", ")}]`;
  return value.name;
}
