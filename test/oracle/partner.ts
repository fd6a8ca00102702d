// The oracle: a tree-walking evaluation of one partner record, written
// independently of the one evaluator (src/runtime/evaluator), kept in test/ so the
// differential and semantics tests can compare the two. Not used by src/.

import type {
  ExprTree,
  IncentiveSpec,
  InputSpec,
  KpiSpec,
  RequirementSpec,
  ScorecardSpec,
  TableSpec,
  TierSpec,
} from "../../src/compile/artifact-types.js";
import { valueOrder } from "../../src/runtime/value-order.js";
import { namedSizeError } from "../../src/number/exact-size.js";
import * as exact from "./exact.js";
import { writtenNumber } from "../../src/runtime/output-number.js";
import type { Exact, RoundingMode } from "./exact.js";
import type {
  CompiledProgram,
  IncentiveResult,
  PartnerEvaluation,
  RequirementResult,
  ScorecardResult,
  SubtierResult,
  TableResult,
  TierResult,
  UnmetResult,
} from "../../src/runtime/partner.js";
import {
  REDACTED,
  type OkRow,
  type OutputNumber,
  type OutputValue,
  type UnmetRequirement,
} from "../../src/runtime/result-types.js";
import {
  MISSING,
  asBoolean,
  isNum,
  isList,
  isMissing,
  isTier,
  tierValue,
  type Value,
} from "../../src/runtime/values.js";
import { evaluate, type Scope } from "./evaluate.js";
import { payIncentive } from "./incentive.js";
import { scoreScorecard } from "./scorecard.js";
import { lookupTable } from "./table.js";

export type NamedSpec =
  | { kind: "input"; spec: InputSpec }
  | { kind: "kpi"; spec: KpiSpec }
  | { kind: "scorecard"; spec: ScorecardSpec }
  | { kind: "table"; spec: TableSpec }
  | { kind: "incentive"; spec: IncentiveSpec };

/** What every partner of one program shares: its names, tier ranks and confidential values. */
export interface ProgramIndex {
  names: Map<string, NamedSpec>;
  tierRanks: Map<string, number>;
  confidential: Set<string>;
  /** KPIs, scorecards and tables, each after the values it uses (see valueOrder). */
  valueOrder: string[];
}

// One index per program object, built on first use rather than once per partner.
const indexes = new WeakMap<CompiledProgram, ProgramIndex>();

export function programIndex(program: CompiledProgram): ProgramIndex {
  let index = indexes.get(program);
  if (index !== undefined) return index;
  const names = new Map<string, NamedSpec>();
  for (const spec of program.inputs) names.set(spec.name, { kind: "input", spec });
  for (const spec of program.kpis) names.set(spec.name, { kind: "kpi", spec });
  for (const spec of program.scorecards) names.set(spec.name, { kind: "scorecard", spec });
  for (const spec of program.tables) names.set(spec.name, { kind: "table", spec });
  for (const spec of program.incentives) names.set(spec.name, { kind: "incentive", spec });
  const confidential = new Set<string>();
  for (const { spec } of names.values()) {
    if ("confidential" in spec && spec.confidential) confidential.add(spec.name);
  }
  const tierRanks = new Map(program.tiers.map((tier) => [tier.name, tier.rank]));
  index = { names, tierRanks, confidential, valueOrder: valueOrder(program) };
  indexes.set(program, index);
  return index;
}

/**
 * Lazily computes and memoizes every derived value of one partner. The
 * back ends differ only in how they settle the tier, the subtiers and the
 * total, which subclasses provide.
 */
export abstract class DerivedValues implements Scope {
  readonly rounding: RoundingMode;
  readonly kpis = new Map<string, Value>();
  readonly scorecards = new Map<string, ScorecardResult>();
  readonly tables = new Map<string, TableResult>();
  readonly incentives = new Map<string, IncentiveResult>();
  protected readonly inProgress = new Set<string>();

  constructor(
    protected readonly program: CompiledProgram,
    readonly index: ProgramIndex,
    private readonly record: Readonly<Record<string, Value>>,
  ) {
    this.rounding = program.program.rounding;
  }

  abstract tier(): Value;
  abstract subtiers(): Value;
  abstract total(): Value;

  ref(name: string): Value {
    const named = this.index.names.get(name);
    if (named === undefined) throw new Error(`the artifact refers to an undeclared name "${name}"`);
    if (named.kind === "input") {
      return Object.hasOwn(this.record, name) ? (this.record[name] ?? MISSING) : MISSING;
    }
    const known = this.memoized(named);
    if (known !== undefined) return known;
    // The checker rejects cycles; if an artifact still has one, the value is missing rather than endless.
    if (this.inProgress.has(name)) return MISSING;
    this.inProgress.add(name);
    try {
      return this.compute(named);
    } catch (error) {
      throw namedSizeError(error, name);
    } finally {
      this.inProgress.delete(name);
    }
  }

  /** Pays an incentive whose eligibility is `when` (default: its own `when` expression). */
  pay(spec: IncentiveSpec, when: ExprTree | undefined = spec.when): IncentiveResult {
    const result = payIncentive({ ...spec, when }, this.program.program, this, (name) =>
      this.index.confidential.has(name),
    );
    this.incentives.set(spec.name, result);
    return result;
  }

  private memoized(named: Exclude<NamedSpec, { kind: "input" }>): Value | undefined {
    const name = named.spec.name;
    switch (named.kind) {
      case "kpi":
        return this.kpis.get(name);
      case "scorecard":
        return this.scorecards.get(name)?.value;
      case "table":
        return this.tables.get(name)?.value;
      case "incentive":
        return this.incentives.get(name)?.paid;
    }
  }

  private compute(named: Exclude<NamedSpec, { kind: "input" }>): Value {
    switch (named.kind) {
      case "kpi": {
        const value = evaluate(named.spec.expr, this);
        this.kpis.set(named.spec.name, value);
        return value;
      }
      case "scorecard": {
        const result = scoreScorecard(named.spec, (name) => this.ref(name));
        this.scorecards.set(named.spec.name, result);
        return result.value;
      }
      case "table": {
        const key = evaluate(named.spec.key, this);
        const result = lookupTable(named.spec, key, (row) => evaluate(row, this));
        this.tables.set(named.spec.name, result);
        return result.value;
      }
      case "incentive":
        return this.pay(named.spec).paid;
    }
  }
}

/** The reference back end's scope: settles tiers and subtiers by evaluating their requirements. */
class PartnerScope extends DerivedValues {
  private readonly requirementResults = new Map<RequirementSpec, RequirementResult>();
  private tierState: { tier: TierSpec | undefined; results: TierResult[] } | undefined;
  private subtierState: SubtierResult[] | undefined;
  private totalValue: Exact | undefined;
  // Guards for the same broken-artifact cycles as inProgress, through `tier` or `total`.
  private computingTiers = false;
  private computingTotal = false;

  tier(): Value {
    if (this.computingTiers) return MISSING;
    const { tier } = this.tiers();
    return tier === undefined ? MISSING : tierValue(tier.name, tier.rank);
  }

  subtiers(): Value {
    if (this.computingTiers) return MISSING;
    return this.subtierResults()
      .filter((result) => result.reached)
      .map((result) => result.subtier.name);
  }

  total(): Value {
    if (this.totalValue === undefined) {
      if (this.computingTotal) return MISSING;
      this.computingTotal = true;
      let sum = exact.ZERO;
      // A sum taken while some incentive is still being computed is partial: use it, don't keep it.
      let complete = true;
      for (const incentive of this.program.incentives) {
        if (this.inProgress.has(incentive.name)) complete = false;
        const paid = this.ref(incentive.name);
        if (isNum(paid)) sum = exact.add(sum, paid);
      }
      this.computingTotal = false;
      if (!complete) return sum;
      this.totalValue = sum;
    }
    return this.totalValue;
  }

  requirement(requirement: RequirementSpec): RequirementResult {
    let result = this.requirementResults.get(requirement);
    if (result === undefined) {
      const holds = asBoolean(evaluate(requirement.expr, this));
      const values = new Map(requirement.names.map((name) => [name, this.ref(name)]));
      result = { requirement, holds, values };
      this.requirementResults.set(requirement, result);
    }
    return result;
  }

  tiers(): { tier: TierSpec | undefined; results: TierResult[] } {
    if (this.tierState === undefined) {
      this.computingTiers = true;
      const results = this.program.tiers.map((tier): TierResult => {
        // Every requirement is evaluated, not just up to the first failure, so all can be explained.
        const requirements = tier.requirements.map((requirement) => this.requirement(requirement));
        return { tier, requirements, holds: requirements.every((result) => result.holds) };
      });
      const held = results.filter((result) => result.holds);
      this.tierState = { tier: held.at(-1)?.tier, results };
      this.computingTiers = false;
    }
    return this.tierState;
  }

  subtierResults(): SubtierResult[] {
    if (this.subtierState === undefined) {
      const rank = this.tiers().tier?.rank ?? 0;
      this.computingTiers = true;
      this.subtierState = this.program.subtiers.map((subtier): SubtierResult => {
        const parentRank = this.index.tierRanks.get(subtier.parent);
        if (parentRank === undefined)
          throw new Error(`subtier "${subtier.name}" has an unknown parent tier "${subtier.parent}"`);
        const eligible = rank >= parentRank;
        const requirements = subtier.requirements.map((requirement) => this.requirement(requirement));
        const holds = requirements.every((result) => result.holds);
        return { subtier, eligible, requirements, holds, reached: eligible && holds };
      });
      this.computingTiers = false;
    }
    return this.subtierState;
  }
}

/**
 * Evaluates one valid, already-typed record: numbers as exact values, absent
 * optional inputs left out or MISSING, `list of` values as string arrays.
 */
export function evaluatePartner(program: CompiledProgram, record: Readonly<Record<string, Value>>): PartnerEvaluation {
  const index = programIndex(program);
  const scope = new PartnerScope(program, index, record);
  for (const name of index.valueOrder) scope.ref(name);
  const { tier, results: tierResults } = scope.tiers();
  const subtierResults = scope.subtierResults();
  const reached = subtierResults.filter((result) => result.reached);

  const benefits = [...new Set([...(tier?.benefits ?? []), ...reached.flatMap((result) => result.subtier.benefits)])];

  for (const spec of program.kpis) scope.ref(spec.name);
  for (const spec of program.scorecards) scope.ref(spec.name);
  for (const spec of program.tables) scope.ref(spec.name);
  const total = scope.total() as Exact;
  // Memo maps fill in dependency order; rebuild them in declaration order for output.
  const kpis = new Map(program.kpis.map((spec) => [spec.name, scope.kpis.get(spec.name) ?? MISSING]));
  const scorecards = inDeclarationOrder(program.scorecards, scope.scorecards);
  const tables = inDeclarationOrder(program.tables, scope.tables);
  const incentives = inDeclarationOrder(program.incentives, scope.incentives);

  return {
    tier,
    tierResults,
    subtiers: reached.map((result) => result.subtier.name),
    subtierResults,
    benefits,
    kpis,
    scorecards,
    tables,
    incentives,
    total,
    unmet: unmetRequirements(tier, tierResults, subtierResults),
    scope,
    evaluate: (tree: ExprTree) => evaluate(tree, scope),
    isConfidential: (name) => index.confidential.has(name),
  };
}

export function inDeclarationOrder<T>(specs: readonly { name: string }[], results: Map<string, T>): Map<string, T> {
  const ordered = new Map<string, T>();
  for (const { name } of specs) {
    const result = results.get(name);
    // Missing only if a cycle in a broken artifact kept it from being computed.
    if (result !== undefined) ordered.set(name, result);
  }
  return ordered;
}

/** Failing requirements of the next tier up, then of each subtier within reach but not reached. */
export function unmetRequirements(
  tier: TierSpec | undefined,
  tierResults: TierResult[],
  subtierResults: SubtierResult[],
): UnmetResult[] {
  const unmet: UnmetResult[] = [];
  const nextIndex = tier === undefined ? 0 : tierResults.findIndex((result) => result.tier === tier) + 1;
  const next = tierResults[nextIndex];
  if (next !== undefined) {
    for (const result of next.requirements) {
      if (!result.holds) unmet.push({ tier: next.tier.name, requirement: result.requirement, values: result.values });
    }
  }
  for (const subtier of subtierResults) {
    if (!subtier.eligible || subtier.reached) continue;
    for (const result of subtier.requirements) {
      if (!result.holds)
        unmet.push({ tier: subtier.subtier.name, requirement: result.requirement, values: result.values });
    }
  }
  return unmet;
}

/** A KPI or score as written out: the nearest JSON number, or null when missing. */
export function outputNumber(value: Value | undefined): OutputNumber {
  // Only numbers have a place in the kpis/scores columns; a non-numeric KPI is written as null.
  return value !== undefined && isNum(value) ? writtenNumber(value) : null;
}

/** A value in `unmet[].values`: written like KPIs, other kinds as they are. */
export function outputValue(value: Value): OutputValue {
  if (isMissing(value)) return null;
  if (isNum(value)) return writtenNumber(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (isTier(value)) return value.name;
  if (isList(value)) return value.map((item) => (typeof item === "string" ? item : String(outputValue(item))));
  return null;
}

// Output objects are keyed by user-chosen names; a null prototype makes `__proto__` an ordinary key.
function outputRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The output row of spec section 7 for one evaluated partner. */
export function toResultRow(
  evaluation: PartnerEvaluation,
  rowNumber: number,
  partnerKey: string | number | null,
  program: CompiledProgram,
): OkRow {
  const digits = program.program.minorUnits;
  const kpis = outputRecord<OutputValue>();
  for (const spec of program.kpis) {
    kpis[spec.name] = spec.confidential ? REDACTED : outputValue(evaluation.kpis.get(spec.name) ?? MISSING);
  }
  const scores = outputRecord<OutputNumber>();
  for (const spec of program.scorecards) {
    scores[spec.name] = spec.confidential ? REDACTED : outputNumber(evaluation.scorecards.get(spec.name)?.value);
  }
  const incentives = outputRecord<string>();
  for (const spec of program.incentives) {
    const paid = evaluation.incentives.get(spec.name)?.paid ?? exact.ZERO;
    incentives[spec.name] = exact.formatFixed(paid, digits, program.program.rounding);
  }
  const unmet = evaluation.unmet.map((entry): UnmetRequirement => {
    const values = outputRecord<OutputValue>();
    for (const [name, value] of entry.values) {
      values[name] = evaluation.isConfidential(name) ? REDACTED : outputValue(value);
    }
    return { tier: entry.tier, requirement: entry.requirement.label, values };
  });
  return {
    row: rowNumber,
    partner: partnerKey,
    status: "ok",
    tier: evaluation.tier?.name ?? null,
    subtiers: [...evaluation.subtiers],
    benefits: [...evaluation.benefits],
    kpis,
    scores,
    incentives,
    total: exact.formatFixed(evaluation.total, digits, program.program.rounding),
    unmet,
  };
}

/**
 * A row of the evaluator without `unmet[].shortfall`: the oracle does not
 * compute shortfalls (test/runtime/shortfall.test.ts checks them by hand),
 * so differential comparisons are limited to the fields the oracle knows.
 */
export function withoutShortfalls<T>(row: T): T {
  const unmet = (row as { unmet?: { shortfall?: unknown }[] }).unmet;
  if (unmet === undefined) return row;
  return { ...row, unmet: unmet.map(({ shortfall: _shortfall, ...entry }) => entry) };
}
