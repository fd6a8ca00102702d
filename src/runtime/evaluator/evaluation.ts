// The evaluator's PartnerEvaluation: tier, subtiers, benefits and unmet
// are settled when the partner is evaluated; the evaluation's rich
// structures (scorecard lines, table rows, incentive reasons,
// requirement values) are built from the memoized state on first access, so
// rows that only need numbers never pay for them.

import type { ExprTree, RequirementSpec, TierSpec } from "../../compile/artifact-types.js";
import { namesUsed } from "../../compile/expression-tree.js";
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
import type { ProgramPlan, PartnerState } from "./program.js";
import * as q from "../../number/rational.js";
import { ZERO, type Num, type RoundingMode } from "../../number/rational.js";
import { isNum } from "./values.js";
import { unmetShortfall } from "../shortfall.js";
import { recordBuilder, type RecordBuilder } from "../record-builder.js";

export class Evaluation implements PartnerEvaluation {
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
    readonly plan: ProgramPlan,
    readonly state: PartnerState,
  ) {
    const tierIndex = plan.tierIndexOf(state);
    const reached = plan.reachedOf(state);
    this.tier = tierIndex < 0 ? undefined : plan.spec.tiers[tierIndex];
    this.subtiers = plan.subtiersOf(state) as string[];
    this.benefits = plan.benefitsOf(tierIndex, reached).slice();
    this.unmetPlan = plan.unmetOf(state);
  }

  /** A slot's value inside the evaluator. */
  evalValue(name: string): Value {
    const slot = this.plan.slots.get(name);
    if (slot === undefined) throw new Error(`the artifact refers to an undeclared name "${name}"`);
    return this.plan.valueOf(this.state, slot);
  }

  /** The sum of the rounded incentives, inside the evaluator. */
  exactTotal(): Num {
    return this.plan.totalOf(this.state) as Num;
  }

  /** Each unmet requirement's owner and spec, without building its values. */
  unmetEntries(): readonly { owner: string; requirement: { spec: RequirementSpec } }[] {
    return this.unmetPlan;
  }

  isConfidential(name: string): boolean {
    return this.plan.confidential.has(name);
  }

  get total(): Num {
    return this.exactTotal();
  }

  private requirementResult(requirement: { spec: RequirementSpec; index: number }): RequirementResult {
    const results = (this.cache.requirementResults ??= new Map());
    let result = results.get(requirement.spec);
    if (result === undefined) {
      const holds = this.plan.requirementHolds(this.state, requirement.index);
      const values = new Map(requirement.spec.names.map((name) => [name, this.evalValue(name)]));
      result = { requirement: requirement.spec, holds, values };
      results.set(requirement.spec, result);
    }
    return result;
  }

  get tierResults(): TierResult[] {
    return (this.cache.tierResults ??= this.plan.spec.tiers.map((tier, index): TierResult => {
      const requirements = this.plan.tierRequirements[index]!.map((requirement) => this.requirementResult(requirement));
      return { tier, requirements, holds: requirements.every((result) => result.holds) };
    }));
  }

  get subtierResults(): SubtierResult[] {
    if (this.cache.subtierResults === undefined) {
      const rank = this.tier?.rank ?? 0;
      const reached = this.plan.reachedOf(this.state);
      this.cache.subtierResults = this.plan.spec.subtiers.map((subtier, index): SubtierResult => {
        const requirements = this.plan.subtierRequirements[index]!.map((requirement) =>
          this.requirementResult(requirement),
        );
        return {
          subtier,
          eligible: rank >= this.plan.subtierParentRanks[index]!,
          requirements,
          holds: requirements.every((result) => result.holds),
          reached: reached[index] === 1,
        };
      });
    }
    return this.cache.subtierResults;
  }

  get kpis(): Map<string, Value> {
    return (this.cache.kpis ??= new Map(this.plan.spec.kpis.map((spec) => [spec.name, this.evalValue(spec.name)])));
  }

  get scorecards(): Map<string, ScorecardResult> {
    if (this.cache.scorecards === undefined) {
      const results = new Map<string, ScorecardResult>();
      this.plan.spec.scorecards.forEach((spec, index) => {
        const plan = this.plan.scorecardPlan(index);
        let total: Num = ZERO;
        const lines = plan.lines.map((line): ScorecardLineResult => {
          const value = this.plan.valueOf(this.state, line.slot);
          const { score, capped } = this.plan.lineScore(line, value);
          const weighted = q.mul(line.weight, score);
          total = q.add(total, weighted);
          return {
            line: line.line,
            value: value,
            score: score,
            weighted: weighted,
            capped,
          };
        });
        results.set(spec.name, { name: spec.name, value: total, lines });
      });
      this.cache.scorecards = results;
    }
    return this.cache.scorecards;
  }

  get tables(): Map<string, TableResult> {
    if (this.cache.tables === undefined) {
      const results = new Map<string, TableResult>();
      this.plan.spec.tables.forEach((spec, index) => {
        const value = this.evalValue(spec.name);
        const detail = this.state.tables[index]!;
        results.set(spec.name, {
          name: spec.name,
          key: detail.key,
          rowIndex: detail.rowIndex,
          value: value,
        });
      });
      this.cache.tables = results;
    }
    return this.cache.tables;
  }

  get incentives(): Map<string, IncentiveResult> {
    if (this.cache.incentives === undefined) {
      const results = new Map<string, IncentiveResult>();
      const { minorUnits } = this.plan;
      this.plan.spec.incentives.forEach((spec, index) => {
        this.evalValue(spec.name);
        const detail = this.state.incentives[index]!;
        const base = { name: spec.name, capped: detail.capped, floored: detail.floored, paid: detail.paid };
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
            amount: detail.amount ?? MISSING,
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
            amount: detail.amount ?? MISSING,
            reason: reasons.length > 0 ? reasons.join("; ") : "the amount is paid as computed",
          });
        }
      });
      this.cache.incentives = results;
    }
    return this.cache.incentives;
  }

  private missingAmountReason(names: string[]): string {
    const missing = names.filter((name) => this.evalValue(name) === MISSING);
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
    return this.plan.compiled(tree)(this.state);
  }

  get scope(): Scope {
    return (this.cache.scope ??= new EvaluationScope(this.plan, this.state));
  }
}

/** The Scope of `expect` expressions and explanations, over the evaluator's state. */
class EvaluationScope implements Scope {
  readonly rounding: RoundingMode;

  constructor(
    private readonly plan: ProgramPlan,
    private readonly state: PartnerState,
  ) {
    this.rounding = plan.rounding;
  }

  ref(name: string): Value {
    const slot = this.plan.slots.get(name);
    if (slot === undefined) throw new Error(`the artifact refers to an undeclared name "${name}"`);
    return this.plan.valueOf(this.state, slot);
  }

  tier(): Value {
    return this.plan.tierOf(this.state);
  }

  subtiers(): Value {
    return this.plan.subtiersOf(this.state);
  }

  total(): Value {
    return this.plan.totalOf(this.state);
  }
}

/** A KPI or score as written out: the nearest JSON number, or null when missing or not a number. */
export function outputNumber(value: Value | undefined): OutputNumber {
  return value !== undefined && isNum(value) ? writtenNumber(value) : null;
}

/** A value as result rows write it (KPIs, `unmet[].values`): numbers as the nearest JSON number, a tier by name, missing as null. */
export function outputValue(value: Value): OutputValue {
  if (value === MISSING) return null;
  if (isNum(value)) return writtenNumber(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    return (value as readonly Value[]).map((item) => (typeof item === "string" ? item : String(outputValue(item))));
  }
  return (value as { name: string }).name;
}

/** A named value a row writes: its slot, and whether it is redacted. */
interface OutputSlot {
  name: string;
  slot: number;
  confidential: boolean;
}

/** Named values a row writes as one object, and the builder of that object (see recordBuilder). */
interface OutputRecord {
  slots: OutputSlot[];
  build: RecordBuilder;
}

function outputRecord(slots: OutputSlot[]): OutputRecord {
  return { slots, build: recordBuilder(slots.map((slot) => slot.name)) };
}

/** What toResultRow needs of a program, worked out once per plan rather than looked up per row. */
interface RowPlan {
  kpis: OutputRecord;
  scores: OutputRecord;
  incentives: OutputRecord;
  /** Each unmet requirement's `values`, by its spec. */
  requirementValues: Map<RequirementSpec, OutputRecord>;
  /** The values of the object being built (scratch: a row is built synchronously). */
  scratch: unknown[];
}

const rowPlans = new WeakMap<ProgramPlan, RowPlan>();

function outputSlot(plan: ProgramPlan, name: string, confidential: boolean): OutputSlot {
  const slot = plan.slots.get(name);
  if (slot === undefined) throw new Error(`the artifact refers to an undeclared name "${name}"`);
  return { name, slot, confidential };
}

function rowPlanOf(plan: ProgramPlan): RowPlan {
  let rowPlan = rowPlans.get(plan);
  if (rowPlan === undefined) {
    const program = plan.spec;
    rowPlan = {
      kpis: outputRecord(program.kpis.map((spec) => outputSlot(plan, spec.name, spec.confidential))),
      scores: outputRecord(program.scorecards.map((spec) => outputSlot(plan, spec.name, spec.confidential))),
      incentives: outputRecord(program.incentives.map((spec) => outputSlot(plan, spec.name, false))),
      requirementValues: new Map(),
      scratch: [],
    };
    rowPlans.set(plan, rowPlan);
  }
  return rowPlan;
}

function requirementValuesOf(rowPlan: RowPlan, plan: ProgramPlan, spec: RequirementSpec): OutputRecord {
  let values = rowPlan.requirementValues.get(spec);
  if (values === undefined) {
    values = outputRecord(spec.names.map((name) => outputSlot(plan, name, plan.confidential.has(name))));
    rowPlan.requirementValues.set(spec, values);
  }
  return values;
}

/** The object of `record`'s values as written: confidential ones redacted (not computed for the row at all). */
function outputValues(record: OutputRecord, plan: ProgramPlan, state: PartnerState, scratch: unknown[]): object {
  const { slots } = record;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    // Numbers as JSON numbers, boolean/text/tier KPIs as their values.
    scratch[i] = slot.confidential ? REDACTED : outputValue(plan.valueOf(state, slot.slot));
  }
  return record.build(scratch);
}

/**
 * The output row of spec section 7, built straight from the evaluator's
 * state. Every back end's evaluation is an Evaluation.
 */
export function toResultRow(
  evaluation: PartnerEvaluation,
  rowNumber: number,
  partnerKey: string | number | null,
  program: CompiledProgram,
): OkRow {
  if (!(evaluation instanceof Evaluation)) {
    throw new Error("toResultRow takes an evaluation made by evaluatePartner, createEvaluator or readEvaluation");
  }
  const { plan, state } = evaluation;
  if (plan.spec !== program) throw new Error("toResultRow was given another program than the evaluation's");
  const rowPlan = rowPlanOf(plan);
  const { scratch } = rowPlan;
  const digits = plan.minorUnits;
  const rounding = plan.rounding;
  const kpis = outputValues(rowPlan.kpis, plan, state, scratch) as Record<string, OutputValue>;
  // A score is a number (or missing): written as outputValue writes numbers.
  const scores = outputValues(rowPlan.scores, plan, state, scratch) as Record<string, OutputNumber>;
  const incentiveSlots = rowPlan.incentives.slots;
  for (let i = 0; i < incentiveSlots.length; i++) {
    const paid = plan.valueOf(state, incentiveSlots[i]!.slot);
    scratch[i] = q.formatFixed(isNum(paid) ? paid : ZERO, digits, rounding);
  }
  const incentives = rowPlan.incentives.build(scratch) as Record<string, string>;
  const entries = evaluation.unmetEntries();
  const unmet: UnmetRequirement[] = new Array<UnmetRequirement>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const { owner, requirement } = entries[i]!;
    const values = outputValues(requirementValuesOf(rowPlan, plan, requirement.spec), plan, state, scratch) as Record<
      string,
      OutputValue
    >;
    const entry: UnmetRequirement = { tier: owner, requirement: requirement.spec.label, values };
    const shortfall = unmetShortfall(plan, state, requirement.spec.expr);
    if (shortfall !== undefined) entry.shortfall = shortfall;
    unmet[i] = entry;
  }
  return {
    row: rowNumber,
    partner: partnerKey,
    status: "ok",
    tier: evaluation.tier?.name ?? null,
    subtiers: evaluation.subtiers.slice(),
    benefits: evaluation.benefits.slice(),
    kpis,
    scores,
    incentives,
    total: q.formatFixed(evaluation.exactTotal(), digits, rounding),
    unmet,
  };
}
