// Stage "cycles": builds the dependency graph of derived values (KPIs,
// scorecards, tables, incentives), reports cycles in it, and reports tier and
// subtier requirements that depend on `tier` or `subtiers`.
import type { Expr, NameRef, SourceRange } from "../ast/nodes.js";
import type { CheckContext } from "./check-context.js";
import { arrayOf, declarationsOf, isExpr, visitExpressions } from "./expression-tree.js";
import { dependencyOrder } from "./dependency-order.js";
import type { ValueSymbol } from "./symbols.js";

/** The expressions that make up a derived value's formula. */
function formulaOf(symbol: ValueSymbol): Expr[] {
  switch (symbol.kind) {
    case "kpi":
      return [symbol.decl.expr].filter(isExpr);
    case "scorecard":
      return arrayOf(symbol.decl.lines)
        .map((line) => line.value)
        .filter(isExpr);
    case "table":
      return [symbol.decl.key, ...arrayOf(symbol.decl.rows).map((row) => row.value)].filter(isExpr);
    case "incentive":
      return [symbol.decl.when, symbol.decl.amount].filter(isExpr);
    case "input":
      return [];
  }
}

interface Uses {
  /** Value name → where it is first used. */
  names: Map<string, SourceRange>;
  tier?: SourceRange;
  subtiers?: SourceRange;
}

function usesOf(ctx: CheckContext, exprs: Expr[]): Uses {
  const uses: Uses = { names: new Map() };
  for (const root of exprs) {
    visitExpressions(root, (expr) => {
      if (expr.kind === "tier") uses.tier ??= expr.range;
      else if (expr.kind === "subtiers") uses.subtiers ??= expr.range;
      else if (expr.kind === "name") {
        const target = ctx.references.get(expr as NameRef);
        if (target && target.kind !== "tier" && target.kind !== "subtier" && !uses.names.has(target.name)) {
          uses.names.set(target.name, expr.range);
        }
      }
    });
  }
  return uses;
}

/** What each derived value's formula uses, computed once per check (the types stage asks first, then this one). */
const usesByCheck = new WeakMap<CheckContext, Map<string, Uses>>();

function derivedValueUses(ctx: CheckContext): Map<string, Uses> {
  let uses = usesByCheck.get(ctx);
  if (!uses) {
    uses = new Map();
    for (const symbol of ctx.symbols.values.values()) {
      if (symbol.kind !== "input") uses.set(symbol.name, usesOf(ctx, formulaOf(symbol)));
    }
    usesByCheck.set(ctx, uses);
  }
  return uses;
}

export function checkCycles(ctx: CheckContext): void {
  const derived = [...ctx.symbols.values.values()].filter((s) => s.kind !== "input");
  const uses = derivedValueUses(ctx);
  const graph = ctx.dependencies;
  for (const [name, use] of uses) {
    graph.uses.set(name, new Set(use.names.keys()));
    if (use.tier) graph.usesTier.add(name);
    if (use.subtiers) graph.usesSubtiers.add(name);
  }
  reportCycles(ctx, derived, uses);
  markConfidential(ctx, derived);
  checkTierRequirements(ctx, uses);
}

function reportCycles(ctx: CheckContext, derived: ValueSymbol[], uses: Map<string, Uses>): void {
  const inCycle = new Set<string>();
  const reported = new Set<string>();
  const order = dependencyOrder(
    derived.map((symbol) => symbol.name),
    (name) => uses.get(name)?.names.keys() ?? [],
    (cycle) => {
      cycle.forEach((member) => inCycle.add(member));
      reportCycle(ctx, cycle, uses, reported);
    },
  );
  ctx.dependencies.evaluationOrder = order.filter((name) => !inCycle.has(name));
}

/** Which derived values each derived value uses, for stages that run before this one (types). */
export function derivedUses(ctx: CheckContext): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  for (const [name, use] of derivedValueUses(ctx)) uses.set(name, [...use.names.keys()]);
  return uses;
}

function reportCycle(ctx: CheckContext, cycle: string[], uses: Map<string, Uses>, reported: Set<string>): void {
  // Start the cycle at its first-declared member, so each cycle is reported once, at a stable place.
  const offsetOf = (name: string): number => ctx.symbols.values.get(name)?.decl.range?.start?.offset ?? 0;
  const start = cycle.reduce((best, name, i) => (offsetOf(name) < offsetOf(cycle[best]) ? i : best), 0);
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  const key = rotated.join("\u0000");
  if (reported.has(key)) return;
  reported.add(key);
  const first = ctx.symbols.values.get(rotated[0]);
  const related = rotated.map((name, i) => {
    const next = rotated[(i + 1) % rotated.length];
    return ctx.related(uses.get(name)?.names.get(next), `${name} uses ${next} here`);
  });
  ctx.report("PPL4001", first?.decl.name.range, { cycle: rotated }, { related });
}

function markConfidential(ctx: CheckContext, derived: ValueSymbol[]): void {
  const confidential = ctx.dependencies.confidential;
  const isConfidential = (name: string): boolean => {
    const symbol = ctx.symbols.values.get(name);
    return symbol?.kind === "input" ? symbol.decl.confidential === true : confidential.has(name);
  };
  // A fixed point, so values inside a cycle are marked too.
  let changed = true;
  while (changed) {
    changed = false;
    for (const symbol of derived) {
      if (confidential.has(symbol.name)) continue;
      for (const used of ctx.dependencies.uses.get(symbol.name) ?? []) {
        if (isConfidential(used)) {
          confidential.add(symbol.name);
          changed = true;
          break;
        }
      }
    }
  }
}

function checkTierRequirements(ctx: CheckContext, uses: Map<string, Uses>): void {
  const reachesTier = valuesReachingTier(uses);
  for (const decl of declarationsOf(ctx.program)) {
    if (decl.kind !== "tier" && decl.kind !== "subtier") continue;
    const owner = `${decl.kind} ${decl.name?.value ?? ""}`;
    for (const item of arrayOf(decl.items)) {
      if (item.kind !== "require" || !isExpr(item.expr)) continue;
      const own = usesOf(ctx, [item.expr]);
      const direct = own.tier ?? own.subtiers;
      if (direct) {
        const word = own.tier ? "tier" : "subtiers";
        ctx.report("PPL4002", direct, { owner, word });
        continue;
      }
      for (const [name, range] of own.names) {
        if (!reachesTier.has(name)) continue;
        const path = pathToTier(name, uses);
        if (!path) continue;
        const word = path[path.length - 1];
        ctx.report("PPL4002", range, { owner, word, through: { name, path } });
        break;
      }
    }
  }
}

/**
 * The derived values from which `tier` or `subtiers` can be reached, found
 * backwards from the ones that use them: once for all requirements, where a
 * search from each requirement's names took tiers × KPIs steps on a long chain.
 */
function valuesReachingTier(uses: Map<string, Uses>): Set<string> {
  const usedBy = new Map<string, string[]>();
  const reaching = new Set<string>();
  for (const [name, use] of uses) {
    if (use.tier || use.subtiers) reaching.add(name);
    for (const used of use.names.keys()) {
      const users = usedBy.get(used);
      if (users) users.push(name);
      else usedBy.set(used, [name]);
    }
  }
  const pending = [...reaching];
  while (pending.length > 0) {
    for (const user of usedBy.get(pending.pop()!) ?? []) {
      if (!reaching.has(user)) {
        reaching.add(user);
        pending.push(user);
      }
    }
  }
  return reaching;
}

/** A path from `start` through derived values to `tier` or `subtiers`, if there is one (breadth first: shortest). */
function pathToTier(start: string, uses: Map<string, Uses>): string[] | undefined {
  const previous = new Map<string, string | undefined>([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const name = queue.shift()!;
    const use = uses.get(name);
    if (!use) continue;
    if (use.tier || use.subtiers) {
      const path = [use.tier ? "tier" : "subtiers"];
      for (let at: string | undefined = name; at !== undefined; at = previous.get(at)) path.unshift(at);
      return path;
    }
    for (const next of use.names.keys()) {
      if (!previous.has(next)) {
        previous.set(next, name);
        queue.push(next);
      }
    }
  }
  return undefined;
}
