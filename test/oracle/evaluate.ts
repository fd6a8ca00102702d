// The oracle's evaluation of compiled expression trees (a tree-walking
// re-implementation of spec section 4, kept only in test/ to check the one
// evaluator in src/runtime/evaluator against): exact arithmetic on fraction.js,
// missing propagation, and comparisons that are false when an operand is missing.

import type { ExprTree } from "../../src/compile/artifact-types.js";
import * as exact from "./exact.js";
import type { Exact, RoundingMode } from "./exact.js";
import type { Scope } from "../../src/runtime/partner.js";
import {
  MISSING,
  asBoolean,
  isNum,
  isList,
  isMissing,
  isTier,
  tierValue,
  type Value,
} from "../../src/runtime/values.js";

type Comparison = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

export function evaluate(tree: ExprTree, scope: Scope): Value {
  switch (tree.op) {
    case "num":
      return exact.exactConstant(tree.value);
    case "str":
    case "bool":
      return tree.value;
    case "list":
      return tree.items.map((item) => evaluate(item, scope));
    case "ref":
      return scope.ref(tree.name);
    case "tierName":
      return tierValue(tree.name, tree.rank);
    case "tier":
      return scope.tier();
    case "subtiers":
      return scope.subtiers();
    case "total":
      return scope.total();
    case "neg": {
      const value = evaluate(tree.arg, scope);
      return isNum(value) ? exact.neg(value) : MISSING;
    }
    case "not":
      // Missing counts as false before `not` applies, so `not missing` is true.
      return !asBoolean(evaluate(tree.arg, scope));
    case "isMissing":
      return isMissing(evaluate(tree.arg, scope));
    case "isNotMissing":
      return !isMissing(evaluate(tree.arg, scope));
    case "add":
    case "sub":
    case "mul":
    case "div":
      return arithmetic(tree.op, evaluate(tree.args[0], scope), evaluate(tree.args[1], scope));
    case "arith":
      return tree.ops.reduce(
        (left, op, i) => arithmetic(op, left, evaluate(tree.args[i + 1]!, scope)),
        evaluate(tree.args[0]!, scope),
      );
    case "eq":
    case "ne":
    case "lt":
    case "le":
    case "gt":
    case "ge":
      return compareValues(tree.op, evaluate(tree.args[0], scope), evaluate(tree.args[1], scope));
    case "and":
      return asBoolean(evaluate(tree.args[0], scope)) && asBoolean(evaluate(tree.args[1], scope));
    case "or":
      return asBoolean(evaluate(tree.args[0], scope)) || asBoolean(evaluate(tree.args[1], scope));
    case "otherwise": {
      const value = evaluate(tree.args[0], scope);
      return isMissing(value) ? evaluate(tree.args[1], scope) : value;
    }
    case "in":
    case "notIn": {
      const member = evaluate(tree.args[0], scope);
      const list = evaluate(tree.args[1], scope);
      if (isMissing(member) || !isList(list)) return false;
      const found = list.some((item) => valuesEqual(member, item));
      return tree.op === "in" ? found : !found;
    }
    case "between": {
      const [x, low, high] = tree.args.map((arg) => evaluate(arg, scope)) as [Value, Value, Value];
      return compareValues("ge", x, low) && compareValues("le", x, high);
    }
    case "if":
      return asBoolean(evaluate(tree.args[0], scope)) ? evaluate(tree.args[1], scope) : evaluate(tree.args[2], scope);
    case "call":
      return call(
        tree.fn,
        tree.args.map((arg) => evaluate(arg, scope)),
        scope.rounding,
      );
  }
}

/** `a + b` etc. on values: missing (or a non-number) in, missing out; x / 0 is missing. */
export function arithmetic(op: "add" | "sub" | "mul" | "div", a: Value, b: Value): Value {
  if (!isNum(a) || !isNum(b)) return MISSING;
  switch (op) {
    case "add":
      return exact.add(a, b);
    case "sub":
      return exact.sub(a, b);
    case "mul":
      return exact.mul(a, b);
    case "div":
      return exact.div(a, b) ?? MISSING;
  }
}

/**
 * A comparison as PPL defines it: false when either side is missing (`!=`
 * included) or the two sides are of different kinds; numbers and tiers
 * (by rank) are ordered, other values only compare for equality.
 */
export function compareValues(op: Comparison, a: Value, b: Value): boolean {
  if (isMissing(a) || isMissing(b)) return false;
  const order = orderOf(a, b);
  if (order === undefined) {
    if (op !== "eq" && op !== "ne") return false;
    const sameKind = kindOf(a) === kindOf(b) || (nameOf(a) !== undefined && nameOf(b) !== undefined);
    if (!sameKind) return false;
    const equal = valuesEqual(a, b);
    return op === "eq" ? equal : !equal;
  }
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

/** -1/0/1 for two numbers or two tiers (by rank); undefined for anything else. */
function orderOf(a: Value, b: Value): number | undefined {
  if (isNum(a) && isNum(b)) return exact.compare(a, b);
  if (isTier(a) && isTier(b)) return Math.sign(a.rank - b.rank);
  return undefined;
}

function kindOf(value: Value): string {
  if (isNum(value)) return "number";
  if (isList(value)) return "list";
  if (isTier(value)) return "tier";
  return typeof value;
}

/** The name a string or tier stands for; a tier written as a string matches by name. */
function nameOf(value: Value): string | undefined {
  if (typeof value === "string") return value;
  if (isTier(value)) return value.name;
  return undefined;
}

/**
 * Equality of two present values: numbers exactly, tiers by rank, a tier and
 * a string by name, lists as sets (a `list of` value has no repeats, no order).
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (isMissing(a) || isMissing(b)) return false;
  if (isNum(a) && isNum(b)) return exact.compare(a, b) === 0;
  if (isTier(a) && isTier(b)) return a.rank === b.rank;
  if (isList(a) && isList(b)) {
    return (
      a.every((item) => b.some((other) => valuesEqual(item, other))) &&
      b.every((item) => a.some((other) => valuesEqual(item, other)))
    );
  }
  const nameA = nameOf(a);
  const nameB = nameOf(b);
  if (nameA !== undefined || nameB !== undefined) return nameA === nameB;
  return a === b;
}

/** The built-in functions; any missing argument makes the result missing. */
export function call(
  fn: "min" | "max" | "round" | "abs" | "clamp" | "count",
  args: Value[],
  rounding: RoundingMode,
): Value {
  if (fn === "count") {
    const [list] = args;
    return list !== undefined && isList(list) ? exact.fromInteger(list.length) : MISSING;
  }
  const numbers = numericArgs(args);
  if (numbers === undefined) return MISSING;
  switch (fn) {
    case "min":
      return numbers.reduce((lowest, x) => exact.minOf(lowest, x));
    case "max":
      return numbers.reduce((highest, x) => exact.maxOf(highest, x));
    case "abs":
      return exact.abs(numbers[0]!);
    case "clamp": {
      const [x, low, high] = numbers as [Exact, Exact, Exact];
      return exact.minOf(exact.maxOf(x, low), high);
    }
    case "round": {
      const [x, digits] = numbers as [Exact, Exact];
      // The checker makes digits an integer literal; a fractional one has no meaning.
      if (!exact.isInteger(digits)) return MISSING;
      return exact.round(x, exact.integerOf(digits), rounding);
    }
  }
}

function numericArgs(args: Value[]): Exact[] | undefined {
  if (args.length === 0) return undefined;
  const numbers: Exact[] = [];
  for (const arg of args) {
    if (!isNum(arg)) return undefined;
    numbers.push(arg);
  }
  return numbers;
}

/** The names an expression refers to directly, each once, in order of appearance. */
export { namesUsed as referencedNames } from "../../src/compile/expression-tree.js";
export type { Scope };
