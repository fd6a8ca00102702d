// Prints an expression canonically on one line (spec 3.4): one space around
// every binary operator and keyword, one after each comma, none inside
// brackets, literals spelled as written, parentheses where they were written.
import type { Expr, TableRow } from "../ast/nodes.js";

export function printExpression(e: Expr): string {
  switch (e.kind) {
    case "number":
    case "string":
      return e.text;
    case "boolean":
      return e.value ? "true" : "false";
    case "name":
      return e.name;
    case "tier":
    case "subtiers":
    case "total":
      return e.kind;
    case "list":
      return "[" + e.items.map(printExpression).join(", ") + "]";
    case "unary":
      return e.op === "not" ? "not " + printExpression(e.operand) : "-" + printExpression(e.operand);
    case "binary":
      return `${printExpression(e.left)} ${e.op} ${printExpression(e.right)}`;
    case "in":
      return `${printExpression(e.item)} ${e.negated ? "not in" : "in"} ${printExpression(e.list)}`;
    case "between":
      return `${printExpression(e.value)} between ${printExpression(e.low)} and ${printExpression(e.high)}`;
    case "isMissing":
      return `${printExpression(e.operand)} ${e.negated ? "is not missing" : "is missing"}`;
    case "if":
      return `if ${printExpression(e.condition)} then ${printExpression(e.then)} else ${printExpression(e.else)}`;
    case "call":
      return `${e.callee}(${e.args.map(printExpression).join(", ")})`;
    case "paren":
      return "(" + printExpression(e.inner) + ")";
  }
}

/**
 * A table row's head as written, before its `:` (`below 80%`, `80% to 100%`,
 * `120% and above`, `Premier`, `"EMEA"`, `otherwise`). Tolerates the holes a
 * recovered parse leaves.
 */
export function printTableRowHead(row: TableRow): string {
  switch (row.kind) {
    case "below":
      return `below ${row.bound?.text}`;
    case "range":
      return `${row.from?.text} to ${row.to?.text}`;
    case "above":
      return `${row.bound?.text} and above`;
    case "match":
      return row.key?.quoted ? JSON.stringify(row.key.value) : String(row.key?.value);
    case "otherwise":
      return "otherwise";
  }
}
