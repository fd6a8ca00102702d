// The one definition of comparison, equality and membership of values (spec
// section 4), as the evaluator runs them.

import { isNum, MISSING, type TierValue, type Value } from "../values.js";
import * as q from "../../number/rational.js";

export type Comparison = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

export { isNum };

function isTierValue(value: Value): value is TierValue {
  return typeof value === "object" && !Array.isArray(value) && (value as TierValue).kind === "tier";
}

/** -1/0/1 for two numbers or two tiers (by rank); undefined for anything else. */
function orderOf(a: Value, b: Value): number | undefined {
  if (isNum(a) && isNum(b)) return q.compare(a, b);
  if (isTierValue(a) && isTierValue(b)) return Math.sign(a.rank - b.rank);
  return undefined;
}

function kindOf(value: Value): string {
  if (isNum(value)) return "number";
  if (Array.isArray(value)) return "list";
  if (isTierValue(value)) return "tier";
  return typeof value;
}

function nameOf(value: Value): string | undefined {
  if (typeof value === "string") return value;
  if (isTierValue(value)) return value.name;
  return undefined;
}

/** As compareValues: false when either side is missing or the kinds differ. */
export function compareValues(op: Comparison, a: Value, b: Value): boolean {
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
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === MISSING || b === MISSING) return false;
  if (isNum(a) && isNum(b)) return q.compare(a, b) === 0;
  if (isTierValue(a) && isTierValue(b)) return a.rank === b.rank;
  if (Array.isArray(a) && Array.isArray(b)) {
    const x = a as readonly Value[];
    const y = b as readonly Value[];
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
export function memberOf(member: Value, list: Value): boolean | undefined {
  if (member === MISSING || !Array.isArray(list)) return undefined;
  if (typeof member === "string") {
    // The common case, `"DaaS" in services`: plain strings compare by identity of text.
    const items = list as readonly Value[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (typeof item === "string" ? item === member : valuesEqual(member, item)) return true;
    }
    return false;
  }
  return (list as readonly Value[]).some((item) => valuesEqual(member, item));
}
