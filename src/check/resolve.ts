// Stage "resolve": every name used resolves to a declaration; `extends` and
// subtier parents name tiers; `total` appears only in tests.
import type { Expr, NameRef, ScorecardDecl, SubtierDecl, TierDecl } from "../ast/nodes.js";
import type { CheckContext } from "./check-context.js";
import { arrayOf, declarationsOf, expressionSites, visitExpressions, type ExpressionRole } from "./expression-tree.js";
import { suggest } from "../diagnostics/diagnostic.js";
import { closestName, SuggestionIndex } from "../diagnostics/suggestions.js";

// One suggestion index per checked program and kind of name, built on the first unknown name:
// building the candidate list per unknown name made 20,000 of them quadratic.
const indexes = new WeakMap<CheckContext, { values?: SuggestionIndex; tiers?: SuggestionIndex }>();

function suggestionIndex(ctx: CheckContext, kind: "values" | "tiers"): SuggestionIndex {
  let entry = indexes.get(ctx);
  if (!entry) indexes.set(ctx, (entry = {}));
  const { values, tiers, subtiers } = ctx.symbols;
  if (kind === "tiers") return (entry.tiers ??= new SuggestionIndex(tiers.keys()));
  entry.values ??= new SuggestionIndex([
    ...values.keys(),
    ...tiers.keys(),
    ...[...subtiers.values()].filter((s) => !s.decl.name.quoted).map((s) => s.name),
  ]);
  return entry.values;
}

/** `tier` itself, seen through parentheses. */
export function isTierKeyword(expr: Expr | undefined): boolean {
  let node = expr;
  while (node?.kind === "paren") node = node.inner;
  return node?.kind === "tier";
}

const COMPARISONS = new Set(["=", "!=", "<", "<=", ">", ">="]);

export function resolveNames(ctx: CheckContext): void {
  for (const site of expressionSites(ctx.program)) resolveExpression(ctx, site.expr, site.role);
  for (const decl of declarationsOf(ctx.program)) {
    if (decl.kind === "tier") checkExtends(ctx, decl);
    else if (decl.kind === "subtier") checkParent(ctx, decl);
    else if (decl.kind === "scorecard") resolveScorecard(ctx, decl);
  }
}

function resolveExpression(ctx: CheckContext, root: Expr, role: ExpressionRole): void {
  // Names compared with `tier` (or listed for `tier in [...]`) must be tier names.
  const tierContext = new Set<Expr>();
  visitExpressions(root, (expr) => {
    if (expr.kind === "binary" && COMPARISONS.has(expr.op)) {
      if (isTierKeyword(expr.left) && expr.right) tierContext.add(expr.right);
      if (isTierKeyword(expr.right) && expr.left) tierContext.add(expr.left);
    } else if (expr.kind === "in" && isTierKeyword(expr.item) && expr.list?.kind === "list") {
      for (const item of arrayOf(expr.list.items)) tierContext.add(item);
    } else if (expr.kind === "paren" && tierContext.has(expr) && expr.inner) {
      tierContext.add(expr.inner);
    }
    if (expr.kind === "name") resolveName(ctx, expr, tierContext.has(expr));
    if (expr.kind === "total" && role !== "expect") {
      ctx.report("PPL2014", expr.range, {});
    }
  });
}

function resolveName(ctx: CheckContext, ref: NameRef, tierContext: boolean): void {
  if (typeof ref.name !== "string") return;
  const { values, tiers, subtiers } = ctx.symbols;
  const tier = tiers.get(ref.name);
  const symbol = tierContext ? (tier ?? values.get(ref.name)) : (values.get(ref.name) ?? tier);
  const resolution = symbol ?? subtiers.get(ref.name);
  if (resolution) {
    ctx.references.set(ref, resolution);
    return;
  }
  if (tierContext) {
    const suggestion = suggestionIndex(ctx, "tiers").closest(ref.name);
    ctx.report(
      "PPL2015",
      ref.range,
      { name: ref.name, tiers: listOrNone(tiers.keys()) },
      { suggestion: suggest(suggestion, ref.range) },
    );
    return;
  }
  const suggestion = suggestionIndex(ctx, "values").closest(ref.name);
  ctx.report(
    "PPL2003",
    ref.range,
    { name: ref.name, site: "expression" },
    { suggestion: suggest(suggestion, ref.range) },
  );
}

function listOrNone(names: Iterable<string>): string {
  const list = [...names];
  return list.length === 0 ? "none is declared yet" : list.join(", ");
}

function checkExtends(ctx: CheckContext, decl: TierDecl): void {
  const base = decl.extends;
  if (typeof base?.value !== "string" || typeof decl.name?.value !== "string") return;
  const self = ctx.symbols.tiers.get(decl.name.value);
  if (self?.decl !== decl) return; // a duplicate tier, already reported
  const target = ctx.symbols.tiers.get(base.value);
  if (!target) {
    const earlier = ctx.symbols.tierOrder.filter((t) => t.rank < self.rank).map((t) => t.name);
    const subtier = ctx.symbols.subtiers.get(base.value);
    const suggestion = closestName(base.value, earlier);
    ctx.report(
      "PPL2012",
      base.range,
      {
        problem: subtier ? "subtier" : "unknown",
        tier: decl.name.value,
        base: base.value,
        earlier: listOrNone(earlier),
      },
      { suggestion: suggest(suggestion, base.range) },
    );
    return;
  }
  if (target.rank >= self.rank) {
    ctx.report(
      "PPL2012",
      base.range,
      target === self
        ? { problem: "itself", tier: decl.name.value }
        : { problem: "later", tier: decl.name.value, base: base.value },
      { related: [ctx.related(target.decl.name.range, `${base.value} is declared here`)] },
    );
  }
}

function checkParent(ctx: CheckContext, decl: SubtierDecl): void {
  const parent = decl.parent;
  if (typeof parent?.value !== "string" || typeof decl.name?.value !== "string") return;
  if (ctx.symbols.tiers.has(parent.value)) return;
  const suggestion = suggestionIndex(ctx, "tiers").closest(parent.value);
  ctx.report(
    "PPL2013",
    parent.range,
    {
      subtier: decl.name.value,
      parent: parent.value,
      parentIsSubtier: ctx.symbols.subtiers.has(parent.value),
      tiers: listOrNone(ctx.symbols.tiers.keys()),
    },
    { suggestion: suggest(suggestion, parent.range) },
  );
}

function resolveScorecard(ctx: CheckContext, decl: ScorecardDecl): void {
  const allowed = [...ctx.symbols.values.values()]
    .filter((s) => s.kind === "input" || s.kind === "kpi" || s.kind === "table")
    .map((s) => s.name);
  for (const line of arrayOf(decl.lines)) {
    const ref = line.value;
    if (typeof ref?.name !== "string") continue;
    const symbol = ctx.symbols.values.get(ref.name);
    if (symbol && (symbol.kind === "input" || symbol.kind === "kpi" || symbol.kind === "table")) {
      ctx.references.set(ref, symbol);
      continue;
    }
    const what = symbol
      ? `${ref.name} is ${symbol.kind === "incentive" ? "an incentive" : "a scorecard"}`
      : ctx.symbols.tiers.has(ref.name) || ctx.symbols.subtiers.has(ref.name)
        ? `${ref.name} is a tier`
        : undefined;
    if (what !== undefined) {
      ctx.report("PPL2016", ref.range, { what });
      continue;
    }
    const suggestion = closestName(ref.name, allowed);
    ctx.report(
      "PPL2003",
      ref.range,
      { name: ref.name, site: "scorecard line" },
      { suggestion: suggest(suggestion, ref.range) },
    );
  }
}
