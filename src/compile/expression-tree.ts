// AST expressions → the JSON expression trees of the artifact. Parentheses
// disappear (the tree's shape already holds the grouping) and every name
// becomes what the checker resolved it to: a value (`ref`) or a tier (`tierName`).
import type { BinaryExpr, ComparisonOp, Expr, NameRef } from "../ast/nodes.js";
import type { Resolution, TierSymbol } from "../check/symbols.js";
import { parseRatio, ratioString } from "../number/rational.js";
import type { ArithmeticOp, ExprTree } from "./artifact-types.js";

/** What the checker found about a program's names that expression trees need. */
export interface ResolvedNames {
  /** What each name used in an expression refers to (CheckResult.references). */
  references: ReadonlyMap<NameRef, Resolution>;
  /** Tiers by name (CheckResult.symbols.tiers), for a tier name written as a string beside `tier`. */
  tiers: ReadonlyMap<string, TierSymbol>;
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
 * A string next to `tier` in a comparison means the tier, so `tier >= "Gold
 * Plus"` compares ranks. (A name there the checker already resolved to the tier.)
 */
function tierString(expr: Expr, names: ResolvedNames): ExprTree | undefined {
  const inner = unparenthesized(expr);
  const tier = inner.kind === "string" ? names.tiers.get(inner.value) : undefined;
  return tier === undefined ? undefined : { op: "tierName", name: tier.name, rank: tier.rank };
}

/** The expression tree of `expr`; throws on a name the checker did not resolve. */
export function toExprTree(expr: Expr, names: ResolvedNames): ExprTree {
  const tree = (e: Expr): ExprTree => toExprTree(e, names);
  switch (expr.kind) {
    case "number":
      return { op: "num", value: normalizedExact(expr.value) };
    case "string":
      return { op: "str", value: expr.value };
    case "boolean":
      return { op: "bool", value: expr.value };
    case "name":
      return nameTree(expr, names);
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
      if (expr.op === "-" && operand.kind === "number")
        return { op: "num", value: negated(normalizedExact(operand.value)) };
      return { op: expr.op === "-" ? "neg" : "not", arg: tree(expr.operand) };
    }
    case "binary": {
      if (expr.op === "and" || expr.op === "or" || expr.op === "otherwise") {
        return { op: expr.op, args: [tree(expr.left), tree(expr.right)] };
      }
      if (expr.op in ARITHMETIC_OPS) return arithmeticTree(expr, tree);
      const op = COMPARISON_OPS[expr.op as ComparisonOp];
      const left = isTierKeyword(expr.right) ? (tierString(expr.left, names) ?? tree(expr.left)) : tree(expr.left);
      const right = isTierKeyword(expr.left) ? (tierString(expr.right, names) ?? tree(expr.right)) : tree(expr.right);
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

function nameTree(ref: NameRef, names: ResolvedNames): ExprTree {
  const target = names.references.get(ref);
  if (target === undefined) throw new Error(`cannot compile a reference to the unresolved name "${ref.name}"`);
  switch (target.kind) {
    case "tier":
      return { op: "tierName", name: target.name, rank: target.rank };
    case "subtier":
      // `subtiers` holds subtier names as text, so a subtier written as an identifier is that text.
      return { op: "str", value: target.name };
    default:
      return { op: "ref", name: target.name };
  }
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
