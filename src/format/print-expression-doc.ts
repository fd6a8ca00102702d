// Expressions as Prettier docs. Flat, a doc prints exactly what the canonical
// one-line printer (syntax/print-expression.ts) prints. When a line is too
// long, `and`/`or` chains break with the operator leading each line (so does
// `otherwise` when it is the whole expression); lists, parenthesised
// `and`/`or` chains and `if` break inside their brackets. Arithmetic, calls
// and comparisons never break: a break there reads worse than a long line.
import { doc, type Doc } from "prettier";
import type { BinaryExpr, Expr } from "../ast/nodes.js";
import type { SourceComments } from "./source-comments.js";

const { breakParent, group, hardline, indent, join, line, lineSuffix, softline } = doc.builders;

type ChainExpr = BinaryExpr & { op: "and" | "or" | "otherwise" };

/** A chain printed one operand a line when it breaks; `top` when it is the whole expression. */
function isBreakingChain(e: Expr, top: boolean): e is ChainExpr {
  return e.kind === "binary" && (e.op === "and" || e.op === "or" || (e.op === "otherwise" && top));
}

/** `a and b and c` is built left-nested; its operands, left to right. */
function chainOperands(e: ChainExpr): Expr[] {
  const operands: Expr[] = [];
  let current: Expr = e;
  while (current.kind === "binary" && current.op === e.op) {
    operands.unshift(current.right);
    current = current.left;
  }
  operands.unshift(current);
  return operands;
}

function children(e: Expr): Expr[] {
  switch (e.kind) {
    case "list":
      return e.items;
    case "unary":
    case "isMissing":
      return [e.operand];
    case "binary":
      return [e.left, e.right];
    case "in":
      return [e.item, e.list];
    case "between":
      return [e.value, e.low, e.high];
    case "if":
      return [e.condition, e.then, e.else];
    case "call":
      return e.args;
    case "paren":
      return [e.inner];
    default:
      return [];
  }
}

export class ExpressionDocPrinter {
  constructor(private readonly comments: SourceComments) {}

  /** The whole expression of a requirement, KPI, clause or row. */
  printTop(e: Expr): Doc {
    return isBreakingChain(e, true) ? group(indent(this.chainParts(e))) : this.print(e);
  }

  /**
   * Whether a comment sits between two operands of a breaking chain, where
   * the printer keeps it (forcing the chain to break). Comments elsewhere in
   * an expression are moved above its line by the block printer.
   */
  keepsComment(e: Expr, top = true): boolean {
    if (isBreakingChain(e, top)) {
      const operands = chainOperands(e);
      for (let i = 1; i < operands.length; i++) {
        if (this.comments.between(operands[i - 1].range.end.offset, operands[i].range.start.offset).length > 0)
          return true;
      }
      return operands.some((o) => this.keepsComment(o, false));
    }
    return children(e).some((c) => this.keepsComment(c, false));
  }

  print(e: Expr): Doc {
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
        if (e.items.length === 0) return "[]";
        return group([
          "[",
          indent([
            softline,
            join(
              [",", line],
              e.items.map((i) => this.print(i)),
            ),
          ]),
          softline,
          "]",
        ]);
      case "unary":
        return [e.op === "not" ? "not " : "-", this.print(e.operand)];
      case "binary":
        // A nested chain gets its own indent, so the lines show how it groups.
        if (isBreakingChain(e, false)) return group(indent(this.chainParts(e)));
        return [this.print(e.left), " ", e.op, " ", this.print(e.right)];
      case "in":
        return [this.print(e.item), e.negated ? " not in " : " in ", this.print(e.list)];
      case "between":
        return [this.print(e.value), " between ", this.print(e.low), " and ", this.print(e.high)];
      case "isMissing":
        return [this.print(e.operand), e.negated ? " is not missing" : " is missing"];
      case "if":
        return group([
          "if ",
          this.print(e.condition),
          indent([line, "then ", this.print(e.then), line, "else ", this.print(e.else)]),
        ]);
      case "call":
        return [
          e.callee,
          "(",
          join(
            ", ",
            e.args.map((a) => this.print(a)),
          ),
          ")",
        ];
      case "paren":
        if (isBreakingChain(e.inner, false)) {
          return group(["(", indent([softline, group(this.chainParts(e.inner))]), softline, ")"]);
        }
        return ["(", this.print(e.inner), ")"];
    }
  }

  private chainParts(e: ChainExpr): Doc[] {
    const operands = chainOperands(e);
    const parts: Doc[] = [this.print(operands[0])];
    for (let i = 1; i < operands.length; i++) {
      parts.push(this.gapComments(operands[i - 1].range.end.offset, operands[i].range.start.offset));
      parts.push(line, e.op, " ", this.print(operands[i]));
    }
    return parts;
  }

  /** Comments between two operands of a chain stay there and force the chain to break. */
  private gapComments(from: number, to: number): Doc {
    const found = this.comments.between(from, to);
    if (found.length === 0) return "";
    const parts: Doc[] = found.map((c, i) =>
      i === 0 && this.comments.followsCode(c)
        ? lineSuffix(" " + this.comments.take(c))
        : [hardline, this.comments.take(c)],
    );
    return [...parts, breakParent];
  }
}
