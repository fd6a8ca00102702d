// The fast back end's PartnerEvaluation: tier, subtiers, benefits and unmet
// are settled when the partner is evaluated; the evaluation's rich
// structures (Fractions, scorecard lines, table rows, incentive reasons,
// requirement values) are built from the memoized state on first access, so
// rows that only need numbers never pay for them.

import type { ExprTree, RequirementSpec, TierSpec } from "../../compile/artifact-types.js";
import { namesUsed } from "../../compile/expression-tree.js";
import type { Exact, RoundingMode } from "../exact.js";
import type {
  CompiledProgram,
  IncentiveResult,
  PartnerEvaluation,
  RequirementResult,
  Scope,
  ScorecardLineResult,
  ScorecardResult,
  SubtierResult,
  TableResult,
  TierResult,
  UnmetResult,
} from "../partner.js";
import { writtenNumber } from "../output-number.js";
import { REDACTED, type OkRow, type OutputNumber, type OutputValue, type UnmetRequirement } from "../result-types.js";
import { MISSING, type Value } from "../values.js";
import type { FastProgram, PartnerState } from "./program.js";
import * as q from "../../number/rational.js";
import { ZERO, type Num } from "../../number/rational.js";
import { fromValue, isNum, toValue, type FastValue } from "./values.js";

export class FastEvaluation implements PartnerEvaluation {
  readonly tier: TierSpec | undefined;
  readonly subtiers: string[];
  readonly benefits: string[];
  private readonly unmetPlan: { owner: string; requirement: { spec: RequirementSpec; index: number } }[];
  private cache: {
    tierResults?: TierResult[];
    subtierResults?: SubtierResult[];
    requirementResults?: Map<RequirementSpec, RequirementResult>;
    kpis?: Map<string, Value>;
    scorecards?: Map<string, ScorecardResult>;
    tables?: Map<string, TableResult>;
    incentives?: Map<string, IncentiveResult>;
    unmet?: UnmetResult[];
    scope?: Scope;
  } = {};

  constructor(
    readonly fast: FastProgram,
    readonly state: PartnerState,
  ) {
    const tierIndex = fast.tierIndexOf(state);
    const reached = fast.reachedOf(state);
    this.tier = tierIndex < 0 ? undefined : fast.spec.tiers[tierIndex];
    this.subtiers = fast.subtiersOf(state) as string[];
    this.benefits = fast.benefitsOf(tierIndex, reached).slice();
    this.unmetPlan = fast.unmetOf(state);
  }

  /** A slot's value inside the fast back end. */
  fastValue(name: string): FastValue {
    const slot = this.fast.slots.get(name);
    if (slot === undefined) throw new Error(`the artifact refers to an undeclared name "${name}"`);
    return this.fast.valueOf(this.state, slot);
  }

  /** The sum of the rounded incentives, inside the fast back end. */
  fastTotal(): Num {
    return this.fast.totalOf(this.state) as Num;
  }

  /** Each unmet requirement's owner and spec, without building its values. */
  unmetEntries(): readonly { owner: string; requirement: { spec: RequirementSpec } }[] {
    return this.unmetPlan;
  }

  isConfidential(name: string): boolean {
    return this.fast.confidential.has(name);
  }

  get total(): Exact {
    return q.toExact(this.fastTotal());
  }

  private requirementResult(requirement: { spec: RequirementSpec; index: number }): RequirementResult {
    const results = (this.cache.requirementResults ??= new Map());
    let result = results.get(requirement.spec);
    if (result === undefined) {
      const holds = this.fast.requirementHolds(this.state, requirement.index);
      const values = new Map(requirement.spec.names.map((name) => [name, toValue(this.fastValue(name))]));
      result = { requirement: requirement.spec, holds, values };
      results.set(requirement.spec, result);
    }
    return result;
  }

  get tierResults(): TierResult[] {
    return (this.cache.tierResults ??= this.fast.spec.tiers.map((tier, index): TierResult => {
      const requirements = this.fast.tierRequirements[index]!.map((requirement) => this.requirementResult(requirement));
      return { tier, requirements, holds: requirements.every((result) => result.holds) };
    }));
  }

  get subtierResults(): SubtierResult[] {
    if (this.cache.subtierResults === undefined) {
      const rank = this.tier?.rank ?? 0;
      const reached = this.fast.reachedOf(this.state);
      this.cache.subtierResults = this.fast.spec.subtiers.map((subtier, index): SubtierResult => {
        const requirements = this.fast.subtierRequirements[index]!.map((requirement) =>
          this.requirementResult(requirement),
        );
        return {
          subtier,
          eligible: rank >= this.fast.subtierParentRanks[index]!,
          requirements,
          holds: requirements.every((result) => result.holds),
          reached: reached[index] === 1,
        };
      });
    }
    return this.cache.subtierResults;
  }

  get kpis(): Map<string, Value> {
    return (this.cache.kpis ??= new Map(
      this.fast.spec.kpis.map((spec) => [spec.name, toValue(this.fastValue(spec.name))]),
    ));
  }

  get scorecards(): Map<string, ScorecardResult> {
    if (this.cache.scorecards === undefined) {
      const results = new Map<string, ScorecardResult>();
      this.fast.spec.scorecards.forEach((spec, index) => {
        const plan = this.fast.scorecardPlan(index);
        let total: Num = ZERO;
        const lines = plan.lines.map((line): ScorecardLineResult => {
          const value = this.fast.valueOf(this.state, line.slot);
          const { score, capped } = this.fast.lineScore(line, value);
          const weighted = q.mul(line.weight, score);
          total = q.add(total, weighted);
          return {
            line: line.line,
            value: toValue(value),
            score: q.toExact(score),
            weighted: q.toExact(weighted),
            capped,
          };
        });
        results.set(spec.name, { name: spec.name, value: q.toExact(total), lines });
      });
      this.cache.scorecards = results;
    }
    return this.cache.scorecards;
  }

  get tables(): Map<string, TableResult> {
    if (this.cache.tables === undefined) {
      const results = new Map<string, TableResult>();
      this.fast.spec.tables.forEach((spec, index) => {
        const value = this.fastValue(spec.name);
        const detail = this.state.tables[index]!;
        results.set(spec.name, {
          name: spec.name,
          key: toValue(detail.key),
          rowIndex: detail.rowIndex,
          value: toValue(value),
        });
      });
      this.cache.tables = results;
    }
    return this.cache.tables;
  }

  get incentives(): Map<string, IncentiveResult> {
    if (this.cache.incentives === undefined) {
      const results = new Map<string, IncentiveResult>();
      const { minorUnits } = this.fast;
      this.fast.spec.incentives.forEach((spec, index) => {
        this.fastValue(spec.name);
        const detail = this.state.incentives[index]!;
        const base = { name: spec.name, capped: detail.capped, floored: detail.floored, paid: q.toExact(detail.paid) };
        if (detail.outcome === "not_eligible") {
          results.set(spec.name, {
            ...base,
            outcome: "not_eligible",
            amount: undefined,
            reason: "its `when` condition does not hold",
          });
        } else if (detail.outcome === "missing_amount") {
          results.set(spec.name, {
            ...base,
            outcome: "missing_amount",
            amount: toValue(detail.amount ?? MISSING),
            reason: this.missingAmountReason(namesUsed(spec.amount)),
          });
        } else {
          const reasons = [
            detail.capped
              ? `the amount is capped at ${q.formatFixed(detail.payable, minorUnits, "half_up")}`
              : undefined,
            detail.floored ? "the amount is negative, so 0 is paid" : undefined,
          ].filter((text): text is string => text !== undefined);
          results.set(spec.name, {
            ...base,
            outcome: "paid",
            amount: toValue(detail.amount ?? MISSING),
            reason: reasons.length > 0 ? reasons.join("; ") : "the amount is paid as computed",
          });
        }
      });
      this.cache.incentives = results;
    }
    return this.cache.incentives;
  }

  private missingAmountReason(names: string[]): string {
    const missing = names.filter((name) => this.fastValue(name) === MISSING);
    const shown = missing.filter((name) => !this.isConfidential(name));
    if (shown.length > 0) {
      return `the amount is missing because ${shown.join(", ")} ${shown.length > 1 ? "are" : "is"} missing, so 0 is paid`;
    }
    if (missing.length > 0) return "the amount is missing because a confidential value is missing, so 0 is paid";
    return "the amount is missing (a division by zero or a table with no matching row), so 0 is paid";
  }

  get unmet(): UnmetResult[] {
    return (this.cache.unmet ??= this.unmetPlan.map(({ owner, requirement }) => ({
      tier: owner,
      requirement: requirement.spec,
      values: this.requirementResult(requirement).values,
    })));
  }

  evaluate(tree: ExprTree): Value {
    return toValue(this.fast.compiled(tree)(this.state));
  }

  get scope(): Scope {
    return (this.cache.scope ??= new FastScope(this.fast, this.state));
  }
}

/** The Scope of `expect` expressions and explanations, over the fast state. */
class FastScope implements Scope {
  readonly rounding: RoundingMode;

  constructor(
    private readonly fast: FastProgram,
    private readonly state: PartnerState,
  ) {
    this.rounding = fast.rounding;
  }

  ref(name: string): Value {
    const slot = this.fast.slots.get(name);
    if (slot === undefined) throw new Error(`the artifact refers to an undeclared name "${name}"`);
    return toValue(this.fast.valueOf(this.state, slot));
  }

  tier(): Value {
    return toValue(this.fast.tierOf(this.state));
  }

  subtiers(): Value {
    return toValue(this.fast.subtiersOf(this.state));
  }

  total(): Value {
    return toValue(this.fast.totalOf(this.state));
  }
}

function outputFastNumber(value: FastValue): OutputNumber {
  return isNum(value) ? writtenNumber(q.toNearestNumber(value), () => q.toExact(value)) : null;
}

/** A value as result rows write it: numbers as the nearest JSON number, a tier by name, missing as null. */
export function outputFastValue(value: FastValue): OutputValue {
  if (value === MISSING) return null;
  if (isNum(value)) return writtenNumber(q.toNearestNumber(value), () => q.toExact(value));
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    return (value as readonly FastValue[]).map((item) =>
      typeof item === "string" ? item : String(outputFastValue(item)),
    );
  }
  return (value as { name: string }).name;
}

/**
 * An output object keyed by user-chosen names. A plain object stays in V8's
 * fast mode (cheaper to fill and to stringify); only a program that declares
 * `__proto__`, which a plain object would take as its prototype, needs a
 * null-prototype one.
 */
function outputRecordFor<T>(plain: boolean): Record<string, T> {
  return (plain ? {} : Object.create(null)) as Record<string, T>;
}

const plainKeysCache = new WeakMap<CompiledProgram, boolean>();

function plainKeysOk(program: CompiledProgram): boolean {
  let ok = plainKeysCache.get(program);
  if (ok === undefined) {
    const names = [
      ...program.inputs.map((input) => input.name),
      ...program.kpis.map((kpi) => kpi.name),
      ...program.scorecards.map((scorecard) => scorecard.name),
      ...program.tables.map((table) => table.name),
      ...program.incentives.map((incentive) => incentive.name),
    ];
    ok = !names.includes("__proto__");
    plainKeysCache.set(program, ok);
  }
  return ok;
}

/** A KPI or score as written out: the nearest JSON number, or null when missing or not a number. */
export function outputNumber(value: Value | undefined): OutputNumber {
  return value === undefined ? null : outputFastNumber(fromValue(value));
}

/** A value in `unmet[].values`: written like KPIs, other kinds as they are. */
export function outputValue(value: Value): OutputValue {
  return outputFastValue(fromValue(value));
}

/**
 * The output row of spec section 7, built straight from the evaluator's
 * state (no Fractions). Every back end's evaluation is a FastEvaluation.
 */
export function toResultRow(
  evaluation: PartnerEvaluation,
  rowNumber: number,
  partnerKey: string | number | null,
  program: CompiledProgram,
): OkRow {
  if (!(evaluation instanceof FastEvaluation)) {
    throw new Error("toResultRow takes an evaluation made by evaluatePartner, createFastEvaluator or readEvaluation");
  }
  if (evaluation.fast.spec !== program) throw new Error("toResultRow was given another program than the evaluation's");
  const { fast } = evaluation;
  const plain = plainKeysOk(program);
  const outputRecord = <T>() => outputRecordFor<T>(plain);
  const digits = program.program.minorUnits;
  const rounding = program.program.rounding;
  const kpis = outputRecord<OutputValue>();
  for (const spec of program.kpis) {
    // Written like toResultRow: numbers as JSON numbers, boolean/text/tier KPIs as their values.
    kpis[spec.name] = spec.confidential ? REDACTED : outputFastValue(evaluation.fastValue(spec.name));
  }
  const scores = outputRecord<OutputNumber>();
  for (const spec of program.scorecards) {
    scores[spec.name] = spec.confidential ? REDACTED : outputFastNumber(evaluation.fastValue(spec.name));
  }
  const incentives = outputRecord<string>();
  for (const spec of program.incentives) {
    const paid = evaluation.fastValue(spec.name);
    incentives[spec.name] = q.formatFixed(isNum(paid) ? paid : ZERO, digits, rounding);
  }
  const unmet = evaluation.unmetEntries().map(({ owner, requirement }): UnmetRequirement => {
    const values = outputRecord<OutputValue>();
    for (const name of requirement.spec.names) {
      values[name] = fast.confidential.has(name) ? REDACTED : outputFastValue(evaluation.fastValue(name));
    }
    return { tier: owner, requirement: requirement.spec.label, values };
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
    total: q.formatFixed(evaluation.fastTotal(), digits, rounding),
    unmet,
  };
}
