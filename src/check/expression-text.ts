// An expression printed canonically on one line (spec 3.4), used to compare
// requirements and to quote expressions in messages. Unlike
// src/syntax/print-expression.ts it tolerates the holes recovery leaves.
import type { Expr } from "../ast/nodes.js";
import { isExpr } from "./expression-tree.js";

export function printExpression(expr: Expr | undefined): string {
  if (!isExpr(expr)) return "…";
  switch (expr.kind) {
    case "number":
    case "string":
      return expr.text ?? String(expr.value);
    case "boolean":
      return expr.value ? "true" : "false";
    case "name":
      return expr.name;
    case "tier":
    case "subtiers":
    case "total":
      return expr.kind;
    case "list":
      return `[${(expr.items ?? []).map(printExpression).join(", ")}]`;
    case "unary":
      return expr.op === "not" ? `not ${printExpression(expr.operand)}` : `-${printExpression(expr.operand)}`;
    case "binary":
      return `${printExpression(expr.left)} ${expr.op} ${printExpression(expr.right)}`;
    case "in":
      return `${printExpression(expr.item)} ${expr.negated ? "not in" : "in"} ${printExpression(expr.list)}`;
    case "between":
      return `${printExpression(expr.value)} between ${printExpression(expr.low)} and ${printExpression(expr.high)}`;
    case "isMissing":
      return `${printExpression(expr.operand)} ${expr.negated ? "is not missing" : "is missing"}`;
    case "if":
      return `if ${printExpression(expr.condition)} then ${printExpression(expr.then)} else ${printExpression(expr.else)}`;
    case "call":
      return `${expr.callee}(${(expr.args ?? []).map(printExpression).join(", ")})`;
    case "paren":
      return `(${printExpression(expr.inner)})`;
  }
}
