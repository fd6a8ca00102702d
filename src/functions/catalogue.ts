// The built-in functions of PPL (spec section 4): one entry per function with
// its arity, the kind of its arguments and result, and its evaluation. The
// parser, the checker, the compiler and the evaluator all read this table.

import * as q from "../number/rational.js";
import type { Num, RoundingMode } from "../number/rational.js";

/** How a function's result kind follows from its arguments. */
export type ResultKind =
  /** The common numeric kind of all arguments (`min`, `max`). */
  | "common"
  /** The kind of the first argument (`round`, `abs`, `clamp`). */
  | "first"
  /** Always an integer (`count`). */
  | "integer";

interface FunctionBase {
  /** Least and most number of arguments. */
  readonly arity: readonly [number, number];
  /** How to write a call, for diagnostics. */
  readonly usage: string;
  readonly result: ResultKind;
}

/** A function of numbers: missing when any argument is missing or not a number. */
export interface NumberFunction extends FunctionBase {
  readonly argument: "number";
  /** The value for the given arguments (as many as `arity` allows), or undefined for missing. */
  evaluate(args: readonly Num[], rounding: RoundingMode): Num | undefined;
}

/** A function of one list: missing when the argument is not a list. */
export interface ListFunction extends FunctionBase {
  readonly argument: "list";
  evaluate(list: readonly unknown[]): Num;
}

export type FunctionSpec = NumberFunction | ListFunction;

function lowest(args: readonly Num[]): Num {
  let result = args[0]!;
  for (let i = 1; i < args.length; i++) if (q.compare(args[i]!, result) < 0) result = args[i]!;
  return result;
}

function highest(args: readonly Num[]): Num {
  let result = args[0]!;
  for (let i = 1; i < args.length; i++) if (q.compare(args[i]!, result) > 0) result = args[i]!;
  return result;
}

export const FUNCTIONS = {
  min: { arity: [2, Infinity], usage: "min(a, b, ...)", argument: "number", result: "common", evaluate: lowest },
  max: { arity: [2, Infinity], usage: "max(a, b, ...)", argument: "number", result: "common", evaluate: highest },
  round: {
    arity: [2, 2],
    usage: "round(x, digits)",
    argument: "number",
    result: "first",
    // The checker makes digits an integer literal; a fractional one has no meaning.
    evaluate: ([x, digits], rounding) =>
      q.isInteger(digits!) ? q.round(x!, q.integerValue(digits!), rounding) : undefined,
  },
  abs: {
    arity: [1, 1],
    usage: "abs(x)",
    argument: "number",
    result: "first",
    evaluate: ([x]) => (q.sign(x!) < 0 ? q.neg(x!) : x),
  },
  clamp: {
    arity: [3, 3],
    usage: "clamp(x, low, high)",
    argument: "number",
    result: "first",
    evaluate: ([x, low, high]) => {
      const raised = q.compare(x!, low!) >= 0 ? x! : low!;
      return q.compare(raised, high!) <= 0 ? raised : high!;
    },
  },
  count: {
    arity: [1, 1],
    usage: "count(list)",
    argument: "list",
    result: "integer",
    evaluate: (list) => q.fromInteger(list.length),
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

/** The names of the built-in functions, in the spec's order; they cannot be declared. */
export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as readonly FunctionName[];

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTIONS, name);
}

/** The catalogue entry of a function, with its evaluation typed by its argument kind. */
export function functionSpec(name: FunctionName): FunctionSpec {
  return FUNCTIONS[name];
}
