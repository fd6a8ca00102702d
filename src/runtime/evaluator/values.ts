// Values inside the evaluator: records' values with numbers as the
// number module's rationals (Num) instead of fraction.js Fractions, and the one definition of
// comparison, equality and membership (spec section 4).

import { isExact, isList, MISSING, type Missing, type TierValue, type Value } from "../values.js";
import * as q from "../../number/rational.js";
import { Big, Small, type Num } from "../../number/rational.js";

export type EvalValue = Num | string | boolean | readonly EvalValue[] | TierValue | Missing;

export type Comparison = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

export function isNum(value: EvalValue): value is Num {
  return value instanceof Small || value instanceof Big;
}

function isTierValue(value: EvalValue): value is TierValue {
  return typeof value === "object" && !Array.isArray(value) && (value as TierValue).kind === "tier";
}

/** From a record value (Fractions for numbers) to an evaluator value. */
export function fromValue(value: Value): EvalValue {
  if (isExact(value)) return q.fromExact(value);
  if (isList(value)) {
    // `list of` values are plain strings: keep the array rather than copy it.
    return value.every((item) => typeof item === "string") ? (value as readonly string[]) : value.map(fromValue);
  }
  return value;
}

/** Back to a record's value (Fractions for numbers), for the evaluation's boundary. */
export function toValue(value: EvalValue): Value {
  if (isNum(value)) return q.toExact(value);
  if (Array.isArray(value)) {
    return value.every((item) => typeof item === "string") ? [...(value as string[])] : value.map(toValue);
  }
  return value as Value;
}

/** -1/0/1 for two numbers or two tiers (by rank); undefined for anything else. */
function orderOf(a: EvalValue, b: EvalValue): number | undefined {
  if (isNum(a) && isNum(b)) return q.compare(a, b);
  if (isTierValue(a) && isTierValue(b)) return Math.sign(a.rank - b.rank);
  return undefined;
}

function kindOf(value: EvalValue): string {
  if (isNum(value)) return "number";
  if (Array.isArray(value)) return "list";
  if (isTierValue(value)) return "tier";
  return typeof value;
}

function nameOf(value: EvalValue): string | undefined {
  if (typeof value === "string") return value;
  if (isTierValue(value)) return value.name;
  return undefined;
}

/** As compareValues: false when either side is missing or the kinds differ. */
export function compareValues(op: Comparison, a: EvalValue, b: EvalValue): boolean {
  if (a === MISSING || b === MISSING) return false;
  const order = orderOf(a, b);
  if (order === undefined) {
    if (op !== "eq" && op !== "ne") return false;
    const sameKind = kindOf(a) === kindOf(b) || (nameOf(a) !== undefined && nameOf(b) !== undefined);
    if (!sameKind) return false;
    const equal = valuesEqual(a, b);
    return op === "eq" ? equal : !equal;
  }
  return holds(op, order);
}

export function holds(op: Comparison, order: number): boolean {
  switch (op) {
    case "eq":
      return order === 0;
    case "ne":
      return order !== 0;
    case "lt":
      return order < 0;
    case "le":
      return order <= 0;
    case "gt":
      return order > 0;
    case "ge":
      return order >= 0;
  }
}

/** As valuesEqual: numbers exactly, tiers by rank, tier and string by name, lists as sets. */
export function valuesEqual(a: EvalValue, b: EvalValue): boolean {
  if (a === MISSING || b === MISSING) return false;
  if (isNum(a) && isNum(b)) return q.compare(a, b) === 0;
  if (isTierValue(a) && isTierValue(b)) return a.rank === b.rank;
  if (Array.isArray(a) && Array.isArray(b)) {
    const x = a as readonly EvalValue[];
    const y = b as readonly EvalValue[];
    return (
      x.every((item) => y.some((other) => valuesEqual(item, other))) &&
      y.every((item) => x.some((other) => valuesEqual(item, other)))
    );
  }
  const nameA = nameOf(a);
  const nameB = nameOf(b);
  if (nameA !== undefined || nameB !== undefined) return nameA === nameB;
  return a === b;
}

/** `x in list`: false when x is missing or the right side is not a list. */
export function memberOf(member: EvalValue, list: EvalValue): boolean | undefined {
  if (member === MISSING || !Array.isArray(list)) return undefined;
  if (typeof member === "string") {
    // The common case, `"DaaS" in services`: plain strings compare by identity of text.
    const items = list as readonly EvalValue[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (typeof item === "string" ? item === member : valuesEqual(member, item)) return true;
    }
    return false;
  }
  return (list as readonly EvalValue[]).some((item) => valuesEqual(member, item));
}
