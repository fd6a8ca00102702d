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
  const stack: { value: unknown; depth: number }[] = [{ value: declaration, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth });
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    const node = value as { kind?: unknown; range?: SourceRange };
    const own = typeof node.kind === "string" ? depth + 1 : depth;
    // The declaration and its requirement or row take two levels before the expression itself.
    if (own > limit + 2 && node.range) return node.range;
    for (const [key, child] of Object.entries(node)) {
      if (key !== "range" && key !== "calleeRange" && typeof child === "object")
        stack.push({ value: child, depth: own });
    }
  }
  return undefined;
}
