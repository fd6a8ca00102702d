// Walking expressions and the places they occur. The parser's recovery may
// leave holes in the AST, so every field is treated as possibly absent.
import type { Declaration, Expr, Program } from "../ast/nodes.js";

export function isExpr(value: unknown): value is Expr {
  return typeof value === "object" && value !== null && typeof (value as { kind?: unknown }).kind === "string";
}

/** The direct sub-expressions of `expr`, skipping holes. */
export function childExpressions(expr: Expr): Expr[] {
  const children: unknown[] = [];
  switch (expr.kind) {
    case "list":
      children.push(...(Array.isArray(expr.items) ? expr.items : []));
      break;
    case "unary":
      children.push(expr.operand);
      break;
    case "binary":
      children.push(expr.left, expr.right);
      break;
    case "in":
      children.push(expr.item, expr.list);
      break;
    case "between":
      children.push(expr.value, expr.low, expr.high);
      break;
    case "isMissing":
      children.push(expr.operand);
      break;
    case "if":
      children.push(expr.condition, expr.then, expr.else);
      break;
    case "call":
      children.push(...(Array.isArray(expr.args) ? expr.args : []));
      break;
    case "paren":
      children.push(expr.inner);
      break;
    default:
      break;
  }
  return children.filter(isExpr);
}

/** Visits `expr` and every sub-expression, parents first. */
export function visitExpressions(expr: Expr | undefined, visit: (expr: Expr, parent: Expr | undefined) => void): void {
  const walk = (node: Expr, parent: Expr | undefined): void => {
    visit(node, parent);
    for (const child of childExpressions(node)) walk(child, node);
  };
  if (isExpr(expr)) walk(expr, undefined);
}

/** Where an expression sits in the program: decides which names and types it may use. */
export type ExpressionRole = "kpi" | "requirement" | "tableKey" | "tableRow" | "when" | "amount" | "expect";

export interface ExpressionSite {
  expr: Expr;
  role: ExpressionRole;
  owner: Declaration;
}

/** Every top-level expression of the program, in source order (given values excluded: they are literals). */
export function expressionSites(program: Program): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  const add = (expr: unknown, role: ExpressionRole, owner: Declaration): void => {
    if (isExpr(expr)) sites.push({ expr, role, owner });
  };
  for (const decl of declarationsOf(program)) {
    switch (decl.kind) {
      case "kpi":
        add(decl.expr, "kpi", decl);
        break;
      case "tier":
      case "subtier":
        for (const item of arrayOf(decl.items)) if (item?.kind === "require") add(item.expr, "requirement", decl);
        break;
      case "table":
        add(decl.key, "tableKey", decl);
        for (const row of arrayOf(decl.rows)) add(row?.value, "tableRow", decl);
        break;
      case "incentive":
        add(decl.when, "when", decl);
        add(decl.amount, "amount", decl);
        break;
      case "test":
        for (const expectation of arrayOf(decl.expects)) add(expectation?.expr, "expect", decl);
        break;
      default:
        break;
    }
  }
  return sites;
}

/** The program's declarations, skipping holes. */
export function declarationsOf(program: Program): Declaration[] {
  return arrayOf(program?.declarations).filter(
    (decl): decl is Declaration => typeof decl === "object" && decl !== null && typeof decl.kind === "string",
  );
}

export function arrayOf<T>(value: readonly T[] | undefined): T[] {
  return Array.isArray(value) ? value.filter((item) => item !== undefined && item !== null) : [];
}
