// AST expressions → the JSON expression trees of the artifact. Parentheses
// disappear (the tree's shape already holds the grouping) and every name is
// resolved to what it refers to: a value (`ref`) or a tier (`tierName`).
import type { BinaryExpr, ComparisonOp, Expr, Program } from "../ast/nodes.js";
import { parseRatio, ratioString } from "../number/rational.js";
import type { ArithmeticOp, ExprTree } from "./artifact-types.js";

/** What the names of one program refer to, built from its declarations. */
export interface NameTable {
  /** Inputs, KPIs, scorecards, tables and incentives. */
  values: ReadonlySet<string>;
  /** Tier name → rank (1 = lowest). */
  tierRanks: ReadonlyMap<string, number>;
  subtiers: ReadonlySet<string>;
}

export function nameTableOf(program: Program): NameTable {
  const values = new Set<string>();
  const tierRanks = new Map<string, number>();
  const subtiers = new Set<string>();
  for (const decl of program.declarations) {
    switch (decl.kind) {
      case "input":
      case "kpi":
      case "scorecard":
      case "table":
      case "incentive":
        values.add(decl.name.value);
        break;
      case "tier":
        if (!tierRanks.has(decl.name.value)) tierRanks.set(decl.name.value, tierRanks.size + 1);
        break;
      case "subtier":
        subtiers.add(decl.name.value);
        break;
      case "test":
        break;
    }
  }
  return { values, tierRanks, subtiers };
}

const COMPARISON_OPS: Readonly<Record<ComparisonOp, "eq" | "ne" | "lt" | "le" | "gt" | "ge">> = {
  "=": "eq",
  "!=": "ne",
  "<": "lt",
  "<=": "le",
  ">": "gt",
  ">=": "ge",
};

const ARITHMETIC_OPS = { "+": "add", "-": "sub", "*": "mul", "/": "div" } as const;

/** Drops any parentheses around `expr`. */
export function unparenthesized(expr: Expr): Expr {
  let inner = expr;
  while (inner.kind === "paren") inner = inner.inner;
  return inner;
}

function isTierKeyword(expr: Expr): boolean {
  return unparenthesized(expr).kind === "tier";
}

/**
 * A name or string next to `tier` in a comparison means the tier (so `tier >=
 * "Gold Plus"` compares ranks), even where a value has the same name.
 */
function tierSide(expr: Expr, names: NameTable): ExprTree | undefined {
  const inner = unparenthesized(expr);
  const name = inner.kind === "name" ? inner.name : inner.kind === "string" ? inner.value : undefined;
  const rank = name === undefined ? undefined : names.tierRanks.get(name);
  return name === undefined || rank === undefined ? undefined : { op: "tierName", name, rank };
}

/** The expression tree of `expr`; throws on a name the checker would have rejected. */
export function toExprTree(expr: Expr, names: NameTable): ExprTree {
  const tree = (e: Expr): ExprTree => toExprTree(e, names);
  switch (expr.kind) {
    case "number":
      return { op: "num", value: normalizedExact(expr.value) };
    case "string":
      return { op: "str", value: expr.value };
    case "boolean":
      return { op: "bool", value: expr.value };
    case "name":
      return nameTree(expr.name, names);
    case "tier":
    case "subtiers":
    case "total":
      return { op: expr.kind };
    case "list":
      return { op: "list", items: expr.items.map(tree) };
    case "paren":
      return tree(expr.inner);
    case "unary": {
      const operand = unparenthesized(expr.operand);
      // A negative literal is one number, as in table bounds and thresholds.
      if (expr.op === "-" && operand.kind === "number") return { op: "num", value: negated(normalizedExact(operand.value)) };
      return { op: expr.op === "-" ? "neg" : "not", arg: tree(expr.operand) };
    }
    case "binary": {
      if (expr.op === "and" || expr.op === "or" || expr.op === "otherwise") {
        return { op: expr.op, args: [tree(expr.left), tree(expr.right)] };
      }
      if (expr.op in ARITHMETIC_OPS) return arithmeticTree(expr, tree);
      const op = COMPARISON_OPS[expr.op as ComparisonOp];
      const left = isTierKeyword(expr.right) ? (tierSide(expr.left, names) ?? tree(expr.left)) : tree(expr.left);
      const right = isTierKeyword(expr.left) ? (tierSide(expr.right, names) ?? tree(expr.right)) : tree(expr.right);
      return { op, args: [left, right] };
    }
    case "in":
      return { op: expr.negated ? "notIn" : "in", args: [tree(expr.item), tree(expr.list)] };
    case "between":
      return { op: "between", args: [tree(expr.value), tree(expr.low), tree(expr.high)] };
    case "isMissing":
      return { op: expr.negated ? "isNotMissing" : "isMissing", arg: tree(expr.operand) };
    case "if":
      return { op: "if", args: [tree(expr.condition), tree(expr.then), tree(expr.else)] };
    case "call":
      return { op: "call", fn: expr.callee, args: expr.args.map(tree) };
  }
}

const LEVEL = { "+": 1, "-": 1, "*": 2, "/": 2 } as const;

/**
 * `a + b` as a binary node; a longer chain of one level (`a - b + c`, parsed
 * left-leaning) as one flat `arith` node, walked here without recursion.
 */
function arithmeticTree(expr: BinaryExpr, tree: (e: Expr) => ExprTree): ExprTree {
  const level = LEVEL[expr.op as keyof typeof LEVEL];
  const rights: Expr[] = [];
  const ops: ArithmeticOp[] = [];
  let left: Expr = expr;
  while (left.kind === "binary" && LEVEL[left.op as keyof typeof LEVEL] === level) {
    rights.push(left.right);
    ops.push(ARITHMETIC_OPS[left.op as keyof typeof ARITHMETIC_OPS]);
    left = unparenthesized(left.left);
  }
  const args = [tree(left), ...rights.reverse().map(tree)];
  ops.reverse();
  if (args.length === 2) return { op: ops[0]!, args: [args[0]!, args[1]!] };
  return { op: "arith", args, ops };
}

function nameTree(name: string, names: NameTable): ExprTree {
  if (names.values.has(name)) return { op: "ref", name };
  const rank = names.tierRanks.get(name);
  if (rank !== undefined) return { op: "tierName", name, rank };
  // `subtiers` holds subtier names as text, so a subtier written as an identifier is that text.
  if (names.subtiers.has(name)) return { op: "str", value: name };
  throw new Error(`cannot compile a reference to the undeclared name "${name}"`);
}

/** "n/1" → "n", "-0" → "0": the artifact spells every exact number one way. */
export function normalizedExact(value: string): string {
  const exact = parseRatio(value);
  if (exact === undefined) throw new Error(`not an exact number: ${value}`);
  return ratioString(exact);
}

function negated(exact: string): string {
  if (exact === "0") return exact;
  return exact.startsWith("-") ? exact.slice(1) : `-${exact}`;
}

/**
 * The inputs and derived values an expression names directly, in order of
 * first appearance, each once (the `values` of an unmet requirement).
 */
export function namesUsed(tree: ExprTree): string[] {
  const names = new Set<string>();
  const visit = (node: ExprTree): void => {
    switch (node.op) {
      case "ref":
        names.add(node.name);
        return;
      case "list":
        node.items.forEach(visit);
        return;
      case "neg":
      case "not":
      case "isMissing":
      case "isNotMissing":
        visit(node.arg);
        return;
      case "num":
      case "str":
      case "bool":
      case "tierName":
      case "tier":
      case "subtiers":
      case "total":
        return;
      default:
        node.args.forEach(visit);
    }
  };
  visit(tree);
  return [...names];
}
