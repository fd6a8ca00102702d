// Compiles an expression tree, once per program, into a closure over a
// partner's state, with the semantics of spec section 4. Only the
// tree's structure is turned into closures: no user text is ever run as code.

import type { ExprTree } from "../../compile/artifact-types.js";
import { functionSpec, type FunctionName } from "../../functions/catalogue.js";
import { parseExact } from "../../number/exact-text.js";
import { MISSING, tierValue } from "../values.js";
import * as q from "../../number/rational.js";
import type { Num, RoundingMode } from "../../number/rational.js";
import type { Value } from "../values.js";
import { compareValues, holds, isNum, memberOf, type Comparison } from "./values.js";

export type Compiled<S> = (state: S) => Value;

/** What compiled expressions read from a partner's state besides literals. */
export interface ExpressionContext<S> {
  readonly rounding: RoundingMode;
  /** The accessor of an input, KPI, scorecard, table or incentive. */
  ref(name: string): Compiled<S>;
  tier: Compiled<S>;
  subtiers: Compiled<S>;
  total: Compiled<S>;
  /**
   * Told which way each `if` (0 then, 1 else) and `otherwise` (0 its value, 1
   * the fallback) goes, for test coverage. Absent, the closures are the plain
   * ones: evaluation pays nothing for it.
   */
  readonly branchTrace?: BranchTrace;
}

/** Receives the tree node of an `if` or `otherwise` and the branch taken. */
export type BranchTrace = (node: ExprTree, branch: 0 | 1) => void;

export function constantNum(text: string): Num {
  return parseExact(text);
}

export function compileExpression<S>(tree: ExprTree, ctx: ExpressionContext<S>): Compiled<S> {
  const compile = (node: ExprTree): Compiled<S> => compileExpression(node, ctx);
  switch (tree.op) {
    case "num": {
      const value = constantNum(tree.value);
      return () => value;
    }
    case "str":
    case "bool": {
      const value = tree.value;
      return () => value;
    }
    case "list": {
      const items = tree.items.map(compile);
      return (s) => items.map((item) => item(s));
    }
    case "ref":
      return ctx.ref(tree.name);
    case "tierName": {
      const value = tierValue(tree.name, tree.rank);
      return () => value;
    }
    case "tier":
      return ctx.tier;
    case "subtiers":
      return ctx.subtiers;
    case "total":
      return ctx.total;
    case "neg": {
      const arg = compile(tree.arg);
      return (s) => {
        const value = arg(s);
        return isNum(value) ? q.neg(value) : MISSING;
      };
    }
    case "not": {
      const arg = compile(tree.arg);
      return (s) => arg(s) !== true;
    }
    case "isMissing": {
      const arg = compile(tree.arg);
      return (s) => arg(s) === MISSING;
    }
    case "isNotMissing": {
      const arg = compile(tree.arg);
      return (s) => arg(s) !== MISSING;
    }
    case "add":
    case "sub":
    case "mul":
    case "div":
      return compileArithmetic(tree.op, compile(tree.args[0]), compile(tree.args[1]));
    case "arith":
      // Left to right, as the nested binary nodes it stands for.
      return tree.ops.reduce(
        (left, op, i) => compileArithmetic(op, left, compile(tree.args[i + 1]!)),
        compile(tree.args[0]!),
      );
    case "eq":
    case "ne":
    case "lt":
    case "le":
    case "gt":
    case "ge":
      return compileComparison(tree.op, tree.args[0], tree.args[1], compile);
    case "and": {
      const a = compile(tree.args[0]);
      const b = compile(tree.args[1]);
      return (s) => a(s) === true && b(s) === true;
    }
    case "or": {
      const a = compile(tree.args[0]);
      const b = compile(tree.args[1]);
      return (s) => a(s) === true || b(s) === true;
    }
    case "otherwise": {
      const a = compile(tree.args[0]);
      const b = compile(tree.args[1]);
      const trace = ctx.branchTrace;
      if (trace !== undefined) {
        return (s) => {
          const value = a(s);
          trace(tree, value === MISSING ? 1 : 0);
          return value === MISSING ? b(s) : value;
        };
      }
      return (s) => {
        const value = a(s);
        return value === MISSING ? b(s) : value;
      };
    }
    case "in":
    case "notIn": {
      const member = compile(tree.args[0]);
      const list = compile(tree.args[1]);
      const negate = tree.op === "notIn";
      return (s) => {
        const found = memberOf(member(s), list(s));
        return found === undefined ? false : found !== negate;
      };
    }
    case "between": {
      const x = compile(tree.args[0]);
      const low = compile(tree.args[1]);
      const high = compile(tree.args[2]);
      return (s) => {
        const value = x(s);
        return compareValues("ge", value, low(s)) && compareValues("le", value, high(s));
      };
    }
    case "if": {
      const condition = compile(tree.args[0]);
      const then = compile(tree.args[1]);
      const otherwise = compile(tree.args[2]);
      const trace = ctx.branchTrace;
      if (trace !== undefined) {
        return (s) => {
          const holds = condition(s) === true;
          trace(tree, holds ? 0 : 1);
          return holds ? then(s) : otherwise(s);
        };
      }
      return (s) => (condition(s) === true ? then(s) : otherwise(s));
    }
    case "call":
      return compileCall(tree.fn, tree.args.map(compile), ctx.rounding);
  }
}

function compileArithmetic<S>(op: "add" | "sub" | "mul" | "div", a: Compiled<S>, b: Compiled<S>): Compiled<S> {
  switch (op) {
    case "add":
      return (s) => {
        const x = a(s);
        const y = b(s);
        return isNum(x) && isNum(y) ? q.add(x, y) : MISSING;
      };
    case "sub":
      return (s) => {
        const x = a(s);
        const y = b(s);
        return isNum(x) && isNum(y) ? q.sub(x, y) : MISSING;
      };
    case "mul":
      return (s) => {
        const x = a(s);
        const y = b(s);
        return isNum(x) && isNum(y) ? q.mul(x, y) : MISSING;
      };
    case "div":
      return (s) => {
        const x = a(s);
        const y = b(s);
        return isNum(x) && isNum(y) ? (q.div(x, y) ?? MISSING) : MISSING;
      };
  }
}

function compileComparison<S>(
  op: Comparison,
  left: ExprTree,
  right: ExprTree,
  compile: (node: ExprTree) => Compiled<S>,
): Compiled<S> {
  const a = compile(left);
  // `revenue >= 50k`: the constant side is parsed once and the number case needs no dispatch.
  if (right.op === "num") {
    const bound = constantNum(right.value);
    return (s) => {
      const x = a(s);
      return isNum(x) ? holds(op, q.compare(x, bound)) : compareValues(op, x, bound);
    };
  }
  const b = compile(right);
  return (s) => {
    const x = a(s);
    const y = b(s);
    return isNum(x) && isNum(y) ? holds(op, q.compare(x, y)) : compareValues(op, x, y);
  };
}

/** A call of a built-in function, evaluated as the function catalogue says. */
function compileCall<S>(fn: FunctionName, args: Compiled<S>[], rounding: RoundingMode): Compiled<S> {
  const spec = functionSpec(fn);
  // The checker enforces the arity; a broken artifact's call is missing rather than a crash.
  if (args.length < spec.arity[0] || args.length > spec.arity[1]) return () => MISSING;
  if (spec.argument === "list") {
    const list = args[0]!;
    const count = spec.evaluate;
    return (s) => {
      const value = list(s);
      return Array.isArray(value) ? count(value) : MISSING;
    };
  }
  const evaluate = spec.evaluate;
  return (s) => {
    const values: Num[] = [];
    for (const arg of args) {
      const value = arg(s);
      if (!isNum(value)) return MISSING;
      values.push(value);
    }
    return evaluate(values, rounding) ?? MISSING;
  };
}
