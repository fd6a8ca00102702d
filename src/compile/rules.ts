// The json-rules-engine rules of a program: one per tier, subtier and
// incentive. Requirements become named conditions, built structurally where
// json-rules-engine can express them (and → all, or → any, not → not, a fact
// compared with a literal → a leaf with a "ppl:" operator); anything else is a
// leaf over the "ppl:expr" fact, which evaluates the expression tree exactly.
import type { Expr, IncentiveDecl, Requirement, SourceRange, SubtierDecl, TierDecl } from "../ast/nodes.js";
import { printExpression } from "../syntax/print-expression.js";
import type { ConditionSpec, LeafConditionSpec, RuleSpec, SourceMapEntry, TopConditionSpec } from "./artifact.js";
import type { IncentiveSpec, RequirementSpec, SourceLocation, SubtierSpec, TierSpec } from "./artifact-types.js";
import { normalizedExact, toExprTree, unparenthesized, type NameTable } from "./expression-tree.js";
import {
  ALWAYS_FACT,
  EXPR_FACT,
  OPERATORS,
  RULE_PRIORITY,
  SUBTIERS_FACT,
  TIER_FACT,
  TIER_RANK_FACT,
  valueFact,
  type ValueKind,
} from "./fact-names.js";

export interface RequirementSource {
  requirement: Requirement;
  spec: RequirementSpec;
}

export interface RuleSources {
  file: string;
  names: NameTable;
  valueKinds: ReadonlyMap<string, ValueKind>;
  tiers: { decl: TierDecl; spec: TierSpec; requirements: RequirementSource[] }[];
  subtiers: { decl: SubtierDecl; spec: SubtierSpec; parentRank: number; requirements: RequirementSource[] }[];
  incentives: { decl: IncentiveDecl; spec: IncentiveSpec }[];
}

export interface CompiledRules {
  rules: RuleSpec[];
  sourceMap: Record<string, SourceMapEntry>;
}

export function sourceLocation(file: string, range: SourceRange): SourceLocation {
  return {
    file,
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
  };
}

/** "/" separates the parts of a condition name, so a "/" inside a tier name is escaped (and "%" with it). */
function namePart(name: string): string {
  return name.replace(/%/g, "%25").replace(/\//g, "%2F");
}

export function tierRuleName(tier: string): string {
  return `tier:${namePart(tier)}`;
}

export function subtierRuleName(subtier: string): string {
  return `subtier:${namePart(subtier)}`;
}

export function incentiveRuleName(incentive: string): string {
  return `incentive:${namePart(incentive)}`;
}

/** The name of the condition for requirement `index` (1-based, own and inherited together) of a rule. */
export function requirementConditionName(ruleName: string, index: number): string {
  return `${ruleName}/require:${index}`;
}

type Literal = string | boolean;

const FLIPPED = { eq: "eq", ne: "ne", lt: "gt", le: "ge", gt: "lt", ge: "le" } as const;
const COMPARISONS = { "=": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge" } as const;

class RuleBuilder {
  readonly sourceMap: Record<string, SourceMapEntry> = Object.create(null) as Record<string, SourceMapEntry>;

  constructor(private readonly sources: RuleSources) {}

  private note(name: string, entry: Omit<SourceMapEntry, keyof SourceLocation>, range: SourceRange): void {
    if (Object.hasOwn(this.sourceMap, name)) throw new Error(`duplicate rule or condition name "${name}"`);
    this.sourceMap[name] = { ...entry, ...sourceLocation(this.sources.file, range) };
  }

  tierRule(source: RuleSources["tiers"][number]): RuleSpec {
    const name = tierRuleName(source.spec.name);
    this.note(name, { kind: "tier", label: source.spec.name }, source.decl.range);
    const conditions = source.requirements.map((requirement, index) =>
      this.requirementCondition(name, index + 1, requirement),
    );
    if (conditions.length === 0) conditions.push(this.always(name, source.decl.name.range));
    return {
      name,
      priority: RULE_PRIORITY.tier,
      conditions: { all: conditions },
      event: { type: "tier", params: { name: source.spec.name, rank: source.spec.rank } },
    };
  }

  subtierRule(source: RuleSources["subtiers"][number]): RuleSpec {
    const name = subtierRuleName(source.spec.name);
    this.note(name, { kind: "subtier", label: source.spec.name }, source.decl.range);
    const parentName = `${name}/parent`;
    this.note(parentName, { kind: "parent", label: `tier >= ${source.spec.parent}` }, source.decl.parent.range);
    const parent: LeafConditionSpec = {
      fact: TIER_RANK_FACT,
      operator: OPERATORS.ge,
      value: String(source.parentRank),
      name: parentName,
    };
    const requirements = source.requirements.map((requirement, index) =>
      this.requirementCondition(name, index + 1, requirement),
    );
    return {
      name,
      priority: RULE_PRIORITY.subtier,
      conditions: { all: [parent, ...requirements] },
      event: { type: "subtier", params: { name: source.spec.name, parent: source.spec.parent } },
    };
  }

  incentiveRule(source: RuleSources["incentives"][number]): RuleSpec {
    const name = incentiveRuleName(source.spec.name);
    this.note(name, { kind: "incentive", label: source.spec.label }, source.decl.range);
    let condition: ConditionSpec;
    if (source.decl.when === undefined) {
      condition = this.always(name, source.decl.name.range);
    } else {
      const whenName = `${name}/when`;
      this.note(whenName, { kind: "when", label: printExpression(source.decl.when) }, source.decl.when.range);
      condition = this.condition(source.decl.when, whenName);
    }
    const conditions: TopConditionSpec = { all: [condition] };
    return {
      name,
      priority: RULE_PRIORITY.incentive,
      conditions,
      event: { type: "incentive", params: { name: source.spec.name, label: source.spec.label } },
    };
  }

  /** A condition that always holds: json-rules-engine's empty `all` would too, but says nothing. */
  private always(ruleName: string, range: SourceRange): LeafConditionSpec {
    const name = `${ruleName}/always`;
    this.note(name, { kind: "always", label: "always" }, range);
    return { fact: ALWAYS_FACT, operator: OPERATORS.true, value: true, name };
  }

  private requirementCondition(ruleName: string, index: number, source: RequirementSource): ConditionSpec {
    const name = requirementConditionName(ruleName, index);
    this.note(
      name,
      { kind: "requirement", label: source.spec.label, declaredIn: source.spec.declaredIn },
      source.requirement.range,
    );
    return this.condition(source.requirement.expr, name);
  }

  /** The condition for `expr`, named `name` (already in the source map); nested ones get `name.1`, `name.2`, ... */
  private condition(expr: Expr, name: string): ConditionSpec {
    const inner = unparenthesized(expr);
    if (inner.kind === "binary" && (inner.op === "and" || inner.op === "or")) {
      const operands = flattened(inner, inner.op);
      const children = operands.map((operand, index) => this.nested(operand, `${name}.${index + 1}`));
      return inner.op === "and" ? { all: children, name } : { any: children, name };
    }
    if (inner.kind === "unary" && inner.op === "not") {
      return { not: this.nested(inner.operand, `${name}.1`), name };
    }
    return { ...this.leaf(inner), name };
  }

  private nested(expr: Expr, name: string): ConditionSpec {
    this.note(name, { kind: "condition", label: printExpression(expr) }, expr.range);
    return this.condition(expr, name);
  }

  private leaf(expr: Expr): Omit<LeafConditionSpec, "name"> {
    return this.directLeaf(expr) ?? {
      fact: EXPR_FACT,
      params: { expr: toExprTree(expr, this.sources.names) },
      operator: OPERATORS.true,
      value: true,
    };
  }

  /** A leaf json-rules-engine can state directly: a fact against literals. */
  private directLeaf(expr: Expr): Omit<LeafConditionSpec, "name"> | undefined {
    switch (expr.kind) {
      case "name": {
        const fact = this.factOf(expr);
        return fact === undefined ? undefined : { fact, operator: OPERATORS.true, value: true };
      }
      case "binary": {
        if (!(expr.op in COMPARISONS)) return undefined;
        const op = COMPARISONS[expr.op as keyof typeof COMPARISONS];
        const rank = this.tierComparison(expr.left, expr.right);
        if (rank !== undefined) return { fact: TIER_RANK_FACT, operator: OPERATORS[op], value: String(rank) };
        const flippedRank = this.tierComparison(expr.right, expr.left);
        if (flippedRank !== undefined) {
          return { fact: TIER_RANK_FACT, operator: OPERATORS[FLIPPED[op]], value: String(flippedRank) };
        }
        const leftFact = this.factOf(expr.left);
        const rightLiteral = literalOf(expr.right);
        if (leftFact !== undefined && rightLiteral !== undefined) {
          return { fact: leftFact, operator: OPERATORS[op], value: rightLiteral };
        }
        const rightFact = this.factOf(expr.right);
        const leftLiteral = literalOf(expr.left);
        if (rightFact !== undefined && leftLiteral !== undefined) {
          return { fact: rightFact, operator: OPERATORS[FLIPPED[op]], value: leftLiteral };
        }
        return undefined;
      }
      case "in": {
        const itemLiteral = literalOf(expr.item);
        const listFact = this.factOf(expr.list);
        if (itemLiteral !== undefined && listFact !== undefined) {
          return { fact: listFact, operator: expr.negated ? OPERATORS.notContains : OPERATORS.contains, value: itemLiteral };
        }
        const itemFact = this.factOf(expr.item);
        const list = unparenthesized(expr.list);
        if (itemFact === undefined || list.kind !== "list") return undefined;
        const items = list.items.map(literalOf);
        if (items.some((item) => item === undefined)) return undefined;
        return { fact: itemFact, operator: expr.negated ? OPERATORS.notIn : OPERATORS.in, value: items as Literal[] };
      }
      case "between": {
        const fact = this.factOf(expr.value);
        const low = literalOf(expr.low);
        const high = literalOf(expr.high);
        if (fact === undefined || low === undefined || high === undefined) return undefined;
        return { fact, operator: OPERATORS.between, value: [low, high] };
      }
      case "isMissing": {
        const fact = this.factOf(expr.operand);
        if (fact === undefined) return undefined;
        return { fact, operator: expr.negated ? OPERATORS.isNotMissing : OPERATORS.isMissing, value: true };
      }
      default:
        return undefined;
    }
  }

  /** The rank of `other` when `tierSide` is the `tier` keyword and `other` names a tier. */
  private tierComparison(tierSide: Expr, other: Expr): number | undefined {
    if (unparenthesized(tierSide).kind !== "tier") return undefined;
    const name = unparenthesized(other);
    return name.kind === "name" ? this.sources.names.tierRanks.get(name.name) : undefined;
  }

  private factOf(expr: Expr): string | undefined {
    const inner = unparenthesized(expr);
    if (inner.kind === "tier") return TIER_FACT;
    if (inner.kind === "subtiers") return SUBTIERS_FACT;
    if (inner.kind !== "name") return undefined;
    const kind = this.sources.valueKinds.get(inner.name);
    return kind === undefined ? undefined : valueFact(kind, inner.name);
  }
}

/** The operands of a chain of one logical operator: `a and (b and c)` → a, b, c. */
function flattened(expr: Expr, op: "and" | "or"): Expr[] {
  const inner = unparenthesized(expr);
  if (inner.kind === "binary" && inner.op === op) return [...flattened(inner.left, op), ...flattened(inner.right, op)];
  return [expr];
}

/** A number (as an exact string), string or boolean literal. */
function literalOf(expr: Expr): Literal | undefined {
  const inner = unparenthesized(expr);
  switch (inner.kind) {
    case "number":
      return normalizedExact(inner.value);
    case "string":
    case "boolean":
      return inner.value;
    case "unary": {
      const operand = unparenthesized(inner.operand);
      if (inner.op !== "-" || operand.kind !== "number") return undefined;
      const value = normalizedExact(operand.value);
      return value === "0" ? value : value.startsWith("-") ? value.slice(1) : `-${value}`;
    }
    default:
      return undefined;
  }
}

/** The rules (tiers, then subtiers, then incentives) and their source map, deterministic for one program. */
export function compileRules(sources: RuleSources): CompiledRules {
  const builder = new RuleBuilder(sources);
  const rules = [
    ...sources.tiers.map((tier) => builder.tierRule(tier)),
    ...sources.subtiers.map((subtier) => builder.subtierRule(subtier)),
    ...sources.incentives.map((incentive) => builder.incentiveRule(incentive)),
  ];
  return { rules, sourceMap: builder.sourceMap };
}
