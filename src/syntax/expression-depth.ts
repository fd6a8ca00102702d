// The depth of a declaration's node tree, measured without recursion. The
// parser bounds nesting (MAX_NESTING), but a chain `a + b + c + …` parses
// flat and builds a left-leaning tree as deep as the chain is long, which the
// recursive later stages (checker, formatter, compiler) walk.
import type { Declaration, SourceRange } from "../ast/nodes.js";

/**
 * How deep a declaration's AST may be. The checker overflows the stack near
 * 1,000 levels (an `otherwise` chain); 400 keeps a margin and still allows a
 * sum of a few hundred terms.
 */
export const MAX_EXPRESSION_DEPTH = 400;

/** The range of the first node deeper than `limit`, or undefined when the declaration is within it. */
export function tooDeepNode(declaration: Declaration, limit = MAX_EXPRESSION_DEPTH): SourceRange | undefined {
  // Two parallel stacks and a for-in loop: this visits every node of the
  // program, and a stack of {value, depth} objects plus Object.entries per
  // node was a tenth of a whole parse.
  const values: unknown[] = [declaration];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (Array.isArray(value)) {
      for (const item of value) {
        values.push(item);
        depths.push(depth);
      }
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    const node = value as Record<string, unknown> & { kind?: unknown; range?: SourceRange };
    const own = typeof node.kind === "string" ? depth + 1 : depth;
    // The declaration and its requirement or row take two levels before the expression itself.
    if (own > limit + 2 && node.range) return node.range;
    for (const key in node) {
      const child = node[key];
      if (key !== "range" && key !== "calleeRange" && typeof child === "object" && child !== null) {
        values.push(child);
        depths.push(own);
      }
    }
  }
  return undefined;
}
