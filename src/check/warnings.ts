// Stage "warnings": things that are allowed but probably not what the program
// manager meant. Each is sound: it fires only when the claim is certain.
import type { Requirement, SubtierDecl, TierDecl } from "../ast/nodes.js";
import type { CheckContext } from "./check-context.js";
import { arrayOf, expressionSites, isExpr, visitExpressions } from "./expression-tree.js";
import { printExpression } from "./expression-text.js";
import { SuggestionIndex } from "../diagnostics/suggestions.js";
import type { TierSymbol } from "./symbols.js";

export function checkWarnings(ctx: CheckContext): void {
  warnUnused(ctx);
  warnUnreachableTiers(ctx);
  warnEmptySubtiers(ctx);
}

function warnUnused(ctx: CheckContext): void {
  const used = new Set<string>();
  for (const target of ctx.references.values()) used.add(target.name);
  // A misspelled use (already an error) most likely meant the closest name: do not call that one unused.
  const declared = new SuggestionIndex(ctx.symbols.values.keys());
  for (const site of expressionSites(ctx.program)) {
    visitExpressions(site.expr, (expr) => {
      if (expr.kind !== "name" || typeof expr.name !== "string" || ctx.references.has(expr)) return;
      const meant = declared.closest(expr.name);
      if (meant !== undefined) used.add(meant);
    });
  }
  for (const symbol of ctx.symbols.values.values()) {
    if (used.has(symbol.name)) continue;
    if (symbol.kind === "input") {
      const input = symbol.decl;
      // Keys identify partners, confidential inputs are data shared under the data-sharing
      // agreement, and text / one-of inputs describe the partner: all are declared to be
      // collected and validated, not necessarily used in a rule.
      const kind = input.type?.kind;
      if (input.key || input.confidential || kind === "text" || kind === "oneOf" || kind === undefined) continue;
      ctx.report("PPL9001", input.name.range, { name: symbol.name });
    } else if (symbol.kind === "table") {
      ctx.report("PPL9002", symbol.decl.name.range, { name: symbol.name });
    }
  }
}

function requirementsOf(items: (Requirement | { kind: string })[] | undefined): string[] {
  return arrayOf(items)
    .filter((item): item is Requirement => item.kind === "require" && isExpr((item as Requirement).expr))
    .map((item) => printExpression(item.expr));
}

/**
 * Every tier's own and inherited requirements, printed canonically. A tier
 * extends only a lower one, so in rank order its base is always done: no
 * recursion along a long `extends` chain.
 */
function effectiveRequirements(ctx: CheckContext): Map<TierSymbol, Set<string>> {
  const result = new Map<TierSymbol, Set<string>>();
  for (const tier of ctx.symbols.tierOrder) {
    const own = new Set(requirementsOf(tier.decl.items));
    const base = tier.decl.extends?.value;
    const parent = base === undefined ? undefined : ctx.symbols.tiers.get(base);
    const inherited = parent && parent.rank < tier.rank ? result.get(parent) : undefined;
    for (const requirement of inherited ?? []) own.add(requirement);
    result.set(tier, own);
  }
  return result;
}

function isSubset(small: Set<string>, large: Set<string>): boolean {
  return [...small].every((item) => large.has(item));
}

function warnUnreachableTiers(ctx: CheckContext): void {
  const tiers = ctx.symbols.tierOrder;
  const requirements = effectiveRequirements(ctx);
  for (const lower of tiers) {
    // Any partner meeting the lower tier's requirements also meets a higher tier's, and gets that one.
    const higher = tiers.find(
      (other) => other.rank > lower.rank && isSubset(requirements.get(other)!, requirements.get(lower)!),
    );
    if (!higher) continue;
    const decl: TierDecl = lower.decl;
    ctx.report(
      "PPL9003",
      decl.name.range,
      { lower: lower.name, higher: higher.name },
      { related: [ctx.related(higher.decl.name.range, `${higher.name} is declared here`)] },
    );
  }
}

function warnEmptySubtiers(ctx: CheckContext): void {
  const requirements = effectiveRequirements(ctx);
  for (const subtier of ctx.symbols.subtierOrder) {
    const decl: SubtierDecl = subtier.decl;
    const parent = decl.parent?.value === undefined ? undefined : ctx.symbols.tiers.get(decl.parent.value);
    if (!parent) continue;
    const own = new Set(requirementsOf(decl.items));
    if (own.size === 0) {
      ctx.report("PPL9004", decl.name.range, { subtier: subtier.name, tier: parent.name, own: "none" });
    } else if (isSubset(own, requirements.get(parent) ?? new Set())) {
      ctx.report("PPL9004", decl.name.range, { subtier: subtier.name, tier: parent.name, own: "subset" });
    }
  }
}
