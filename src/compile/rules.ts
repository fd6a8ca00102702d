// The json-rules-engine rules of a program: one per tier, subtier and
// incentive. Requirements become named conditions, built structurally where
// json-rules-engine can express them (and → all, or → any, not → not, a fact
// compared with a literal → a leaf with a "ppl:" operator); anything else is a
// leaf over the "ppl:expr" fact, which evaluates the expression tree exactly.
// Conditions are built from the artifact's expression trees, not the AST, so a
// loader can rebuild them from an artifact and compare (artifact-integrity.ts).
import type { Expr, IncentiveDecl, Requirement, SourceRange, SubtierDecl, TierDecl } from "../ast/nodes.js";
import { printExpression } from "../syntax/print-expression.js";
import type { ConditionSpec, LeafConditionSpec, RuleSpec, SourceMapEntry } from "./artifact.js";
import type {
  ExprTree,
  IncentiveSpec,
  RequirementSpec,
  SourceLocation,
  SubtierSpec,
  TierSpec,
} from "./artifact-types.js";
import { unparenthesized } from "./expression-tree.js";
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
  /** Tier name → rank (1 = lowest). */
  tierRanks: ReadonlyMap<string, number>;
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
const COMPARISON_OPS = new Set(["eq", "ne", "lt", "le", "gt", "ge"]);

/** What rule conditions need to know about an artifact's names. */
export interface RuleNames {
  /** The kind of each input and derived value, by name. */
  valueKinds: ReadonlyMap<string, ValueKind>;
  /** Tier name → rank. */
  tierRanks: ReadonlyMap<string, number>;
}

/**
 * The rules of an artifact, built from its specs and expression trees alone:
 * the compiler writes these, and a loader rebuilds them to check that the
 * artifact's rules still say what its specs say.
 */
export function rulesOfSpecs(
  specs: { tiers: readonly TierSpec[]; subtiers: readonly SubtierSpec[]; incentives: readonly IncentiveSpec[] },
  names: RuleNames,
): RuleSpec[] {
  const tierRules = specs.tiers.map((tier): RuleSpec => {
    const name = tierRuleName(tier.name);
    const conditions = tier.requirements.map((requirement, index) =>
      conditionOfTree(requirement.expr, requirementConditionName(name, index + 1), names),
    );
    if (conditions.length === 0) conditions.push(alwaysCondition(name));
    return {
      name,
      priority: RULE_PRIORITY.tier,
      conditions: { all: conditions },
      event: { type: "tier", params: { name: tier.name, rank: tier.rank } },
    };
  });
  const subtierRules = specs.subtiers.map((subtier): RuleSpec => {
    const name = subtierRuleName(subtier.name);
    const parent: LeafConditionSpec = {
      fact: TIER_RANK_FACT,
      operator: OPERATORS.ge,
      value: String(names.tierRanks.get(subtier.parent)),
      name: `${name}/parent`,
    };
    const requirements = subtier.requirements.map((requirement, index) =>
      conditionOfTree(requirement.expr, requirementConditionName(name, index + 1), names),
    );
    return {
      name,
      priority: RULE_PRIORITY.subtier,
      conditions: { all: [parent, ...requirements] },
      event: { type: "subtier", params: { name: subtier.name, parent: subtier.parent } },
    };
  });
  const incentiveRules = specs.incentives.map((incentive): RuleSpec => {
    const name = incentiveRuleName(incentive.name);
    const condition =
      incentive.when === undefined ? alwaysCondition(name) : conditionOfTree(incentive.when, `${name}/when`, names);
    return {
      name,
      priority: RULE_PRIORITY.incentive,
      conditions: { all: [condition] },
      event: { type: "incentive", params: { name: incentive.name, label: incentive.label } },
    };
  });
  return [...tierRules, ...subtierRules, ...incentiveRules];
}

/** A condition that always holds: json-rules-engine's empty `all` would too, but says nothing. */
function alwaysCondition(ruleName: string): LeafConditionSpec {
  return { fact: ALWAYS_FACT, operator: OPERATORS.true, value: true, name: `${ruleName}/always` };
}

/**
 * The condition for `tree`, named `name`; nested ones get `name.1`, `name.2`, ...
 * (and → all, or → any, not → not; a fact against literals → a direct leaf;
 * anything else → a leaf over the "ppl:expr" fact).
 */
function conditionOfTree(tree: ExprTree, name: string, names: RuleNames): ConditionSpec {
  if (tree.op === "and" || tree.op === "or") {
    const children = flattenedTree(tree, tree.op).map((operand, index) =>
      conditionOfTree(operand, `${name}.${index + 1}`, names),
    );
    return tree.op === "and" ? { all: children, name } : { any: children, name };
  }
  if (tree.op === "not") return { not: conditionOfTree(tree.arg, `${name}.1`, names), name };
  const leaf = directLeaf(tree, names) ?? {
    fact: EXPR_FACT,
    params: { expr: tree },
    operator: OPERATORS.true,
    value: true,
  };
  return { ...leaf, name };
}

/** The operands of a chain of one logical operator: `a and (b and c)` → a, b, c. */
function flattenedTree(tree: ExprTree, op: "and" | "or"): ExprTree[] {
  return tree.op === op ? [...flattenedTree(tree.args[0], op), ...flattenedTree(tree.args[1], op)] : [tree];
}

/** A leaf json-rules-engine can state directly: a fact against literals. */
function directLeaf(tree: ExprTree, names: RuleNames): Omit<LeafConditionSpec, "name"> | undefined {
  if (tree.op === "ref") {
    const fact = factOf(tree, names);
    return fact === undefined ? undefined : { fact, operator: OPERATORS.true, value: true };
  }
  if (COMPARISON_OPS.has(tree.op) && "args" in tree) {
    const op = tree.op as keyof typeof FLIPPED;
    const [left, right] = tree.args;
    if (left.op === "tier" && right.op === "tierName") {
      return { fact: TIER_RANK_FACT, operator: OPERATORS[op], value: String(right.rank) };
    }
    if (right.op === "tier" && left.op === "tierName") {
      return { fact: TIER_RANK_FACT, operator: OPERATORS[FLIPPED[op]], value: String(left.rank) };
    }
    const leftFact = factOf(left, names);
    const rightLiteral = literalOf(right);
    if (leftFact !== undefined && rightLiteral !== undefined) {
      return { fact: leftFact, operator: OPERATORS[op], value: rightLiteral };
    }
    const rightFact = factOf(right, names);
    const leftLiteral = literalOf(left);
    if (rightFact !== undefined && leftLiteral !== undefined) {
      return { fact: rightFact, operator: OPERATORS[FLIPPED[op]], value: leftLiteral };
    }
    return undefined;
  }
  switch (tree.op) {
    case "in":
    case "notIn": {
      const negated = tree.op === "notIn";
      const [item, list] = tree.args;
      const itemLiteral = literalOf(item);
      const listFact = factOf(list, names);
      if (itemLiteral !== undefined && listFact !== undefined) {
        return { fact: listFact, operator: negated ? OPERATORS.notContains : OPERATORS.contains, value: itemLiteral };
      }
      const itemFact = factOf(item, names);
      if (itemFact === undefined || list.op !== "list") return undefined;
      const items = list.items.map(literalOf);
      if (items.some((literal) => literal === undefined)) return undefined;
      return { fact: itemFact, operator: negated ? OPERATORS.notIn : OPERATORS.in, value: items as Literal[] };
    }
    case "between": {
      const fact = factOf(tree.args[0], names);
      const low = literalOf(tree.args[1]);
      const high = literalOf(tree.args[2]);
      if (fact === undefined || low === undefined || high === undefined) return undefined;
      return { fact, operator: OPERATORS.between, value: [low, high] };
    }
    case "isMissing":
    case "isNotMissing": {
      const fact = factOf(tree.arg, names);
      if (fact === undefined) return undefined;
      return { fact, operator: tree.op === "isMissing" ? OPERATORS.isMissing : OPERATORS.isNotMissing, value: true };
    }
    default:
      return undefined;
  }
}

function factOf(tree: ExprTree, names: RuleNames): string | undefined {
  if (tree.op === "tier") return TIER_FACT;
  if (tree.op === "subtiers") return SUBTIERS_FACT;
  if (tree.op !== "ref") return undefined;
  const kind = names.valueKinds.get(tree.name);
  return kind === undefined ? undefined : valueFact(kind, tree.name);
}

/** A number (its exact string), string or boolean literal. */
function literalOf(tree: ExprTree): Literal | undefined {
  return tree.op === "num" || tree.op === "str" || tree.op === "bool" ? tree.value : undefined;
}

/** Where each rule and condition name comes from; walks the AST in the shape conditionOfTree gives the tree. */
class SourceMapBuilder {
  readonly sourceMap: Record<string, SourceMapEntry> = Object.create(null) as Record<string, SourceMapEntry>;

  constructor(private readonly file: string) {}

  note(name: string, entry: Omit<SourceMapEntry, keyof SourceLocation>, range: SourceRange): void {
    if (Object.hasOwn(this.sourceMap, name)) throw new Error(`duplicate rule or condition name "${name}"`);
    this.sourceMap[name] = { ...entry, ...sourceLocation(this.file, range) };
  }

  requirements(ruleName: string, requirements: readonly RequirementSource[]): void {
    requirements.forEach((source, index) => {
      const name = requirementConditionName(ruleName, index + 1);
      this.note(
        name,
        { kind: "requirement", label: source.spec.label, declaredIn: source.spec.declaredIn },
        source.requirement.range,
      );
      this.nested(source.requirement.expr, name);
    });
  }

  /** The nested conditions of `expr`'s condition `name`. */
  nested(expr: Expr, name: string): void {
    const inner = unparenthesized(expr);
    const operands =
      inner.kind === "binary" && (inner.op === "and" || inner.op === "or")
        ? flattened(inner, inner.op)
        : inner.kind === "unary" && inner.op === "not"
          ? [inner.operand]
          : [];
    operands.forEach((operand, index) => {
      const child = `${name}.${index + 1}`;
      this.note(child, { kind: "condition", label: printExpression(operand) }, operand.range);
      this.nested(operand, child);
    });
  }
}

/** The operands of a chain of one logical operator: `a and (b and c)` → a, b, c. */
function flattened(expr: Expr, op: "and" | "or"): Expr[] {
  const inner = unparenthesized(expr);
  if (inner.kind === "binary" && inner.op === op) return [...flattened(inner.left, op), ...flattened(inner.right, op)];
  return [expr];
}

/** The rules (tiers, then subtiers, then incentives) and their source map, deterministic for one program. */
export function compileRules(sources: RuleSources): CompiledRules {
  const rules = rulesOfSpecs(
    {
      tiers: sources.tiers.map((tier) => tier.spec),
      subtiers: sources.subtiers.map((subtier) => subtier.spec),
      incentives: sources.incentives.map((incentive) => incentive.spec),
    },
    { valueKinds: sources.valueKinds, tierRanks: sources.tierRanks },
  );
  const map = new SourceMapBuilder(sources.file);
  for (const { decl, spec, requirements } of sources.tiers) {
    const name = tierRuleName(spec.name);
    map.note(name, { kind: "tier", label: spec.name }, decl.range);
    map.requirements(name, requirements);
    if (requirements.length === 0) map.note(`${name}/always`, { kind: "always", label: "always" }, decl.name.range);
  }
  for (const { decl, spec, requirements } of sources.subtiers) {
    const name = subtierRuleName(spec.name);
    map.note(name, { kind: "subtier", label: spec.name }, decl.range);
    map.note(`${name}/parent`, { kind: "parent", label: `tier >= ${spec.parent}` }, decl.parent.range);
    map.requirements(name, requirements);
  }
  for (const { decl, spec } of sources.incentives) {
    const name = incentiveRuleName(spec.name);
    map.note(name, { kind: "incentive", label: spec.label }, decl.range);
    if (decl.when === undefined) {
      map.note(`${name}/always`, { kind: "always", label: "always" }, decl.name.range);
    } else {
      map.note(`${name}/when`, { kind: "when", label: printExpression(decl.when) }, decl.when.range);
      map.nested(decl.when, `${name}/when`);
    }
  }
  return { rules, sourceMap: map.sourceMap };
}
