// A compiled program for the evaluator: every derived value gets a slot
// and a closure, every requirement an index, once per program. Per partner
// there is only a PartnerState of flat arrays that memoize slot values.

import type {
  ExprTree,
  IncentiveSpec,
  RequirementSpec,
  ScorecardLineSpec,
  ScorecardSpec,
  TableRowSpec,
  TableSpec,
} from "../../compile/artifact-types.js";
import type { CompiledProgram } from "../partner.js";
import { valueOrder } from "../value-order.js";
import { MISSING, tierValue, type TierValue, type Value } from "../values.js";
import {
  compileExpression,
  constantNum,
  type BranchTrace,
  type Compiled,
  type ExpressionContext,
} from "./expression.js";
import * as q from "../../number/rational.js";
import { ONE, ZERO, type Num, type RoundingMode } from "../../number/rational.js";
import { isNum } from "./values.js";
import { namedSizeError } from "../../number/exact-size.js";

type SlotKind = "input" | "kpi" | "scorecard" | "table" | "incentive";

export interface IncentiveDetail {
  outcome: "not_eligible" | "missing_amount" | "paid";
  /** The amount before cap, floor and rounding; undefined when not eligible. */
  amount: Value | undefined;
  capped: boolean;
  floored: boolean;
  /** The amount after cap and floor, before rounding. */
  payable: Num;
  paid: Num;
}

export interface TableDetail {
  key: Value;
  rowIndex: number | undefined;
}

const TIERS_UNKNOWN = -2;
const NO_TIER = -1;
// Requirement states in PartnerState.requirements.
const UNKNOWN = 0;
const HOLDS = 1;
const FAILS = 2;

/** One partner's evaluation in progress: memoized slot values and requirement results. */
export class PartnerState {
  readonly values: (Value | undefined)[];
  readonly busy: Uint8Array;
  readonly requirements: Uint8Array;
  readonly incentives: (IncentiveDetail | undefined)[];
  readonly tables: (TableDetail | undefined)[];
  tierIndex = TIERS_UNKNOWN;
  /** Per subtier: 1 reached, 0 not (eligible or not), undefined until computed. */
  reached: Uint8Array | undefined;
  computingTiers = false;
  computingTotal = false;
  totalValue: Num | undefined;

  constructor(
    readonly record: Readonly<Record<string, Value>>,
    program: ProgramPlan,
  ) {
    this.values = new Array<Value | undefined>(program.slotCount);
    this.busy = new Uint8Array(program.slotCount);
    this.requirements = new Uint8Array(program.requirementCount);
    this.incentives = new Array<IncentiveDetail | undefined>(program.spec.incentives.length);
    this.tables = new Array<TableDetail | undefined>(program.spec.tables.length);
  }
}

export interface ScorecardLinePlan {
  line: ScorecardLineSpec;
  slot: number;
  direction: number;
  threshold: Num;
  target: Num;
  /** 1 / |target - threshold|, when they differ. */
  inverseRange: Num;
  max: Num;
  weight: Num;
}

interface ScorecardPlan {
  spec: ScorecardSpec;
  lines: ScorecardLinePlan[];
}

export interface LineScore {
  score: Num;
  capped: boolean;
}

type RowMatcher =
  | { kind: "otherwise" }
  | { kind: "match"; key: string }
  | { kind: "below"; bound: Num }
  | { kind: "range"; from: Num; to: Num }
  | { kind: "above"; bound: Num };

interface TablePlan {
  spec: TableSpec;
  key: Compiled<PartnerState>;
  rows: RowMatcher[];
  values: Compiled<PartnerState>[];
}

interface IncentivePlan {
  spec: IncentiveSpec;
  when: Compiled<PartnerState> | undefined;
  amount: Compiled<PartnerState>;
  cap: Num | undefined;
  slot: number;
}

interface RequirementPlan {
  spec: RequirementSpec;
  /** Shared by every requirement with the same expression (inherited ones). */
  index: number;
}

export class ProgramPlan {
  readonly slots = new Map<string, number>();
  readonly slotKinds: SlotKind[] = [];
  readonly slotNames: string[] = [];
  private readonly computers: ((s: PartnerState) => Value)[] = [];
  readonly requirementChecks: Compiled<PartnerState>[] = [];
  readonly tierRequirements: RequirementPlan[][];
  readonly subtierRequirements: RequirementPlan[][];
  readonly subtierParentRanks: number[];
  readonly tierValues: TierValue[];
  readonly scorecards: ScorecardPlan[];
  readonly tablePlans: TablePlan[];
  readonly incentivePlans: IncentivePlan[];
  /** The slots of KPIs, scorecards and tables, each after the values it uses (see valueOrder). */
  readonly valueOrder: number[];
  readonly confidential = new Set<string>();
  readonly rounding: RoundingMode;
  readonly minorUnits: number;
  private readonly benefitCache = new Map<number | string, readonly string[]>();
  private readonly context: ExpressionContext<PartnerState>;
  private readonly compiledTrees = new WeakMap<ExprTree, Compiled<PartnerState>>();

  get slotCount(): number {
    return this.slotKinds.length;
  }

  get requirementCount(): number {
    return this.requirementChecks.length;
  }

  /** `branchTrace` instruments `if` and `otherwise` for coverage (a plan of its own; see BranchTrace). */
  constructor(
    readonly spec: CompiledProgram,
    options: { branchTrace?: BranchTrace } = {},
  ) {
    this.rounding = spec.program.rounding;
    this.minorUnits = spec.program.minorUnits;
    const declare = (name: string, kind: SlotKind, confidential: boolean) => {
      // Later declarations win (a broken artifact may repeat a name).
      const slot = this.slots.get(name) ?? this.slotKinds.length;
      this.slots.set(name, slot);
      this.slotKinds[slot] = kind;
      this.slotNames[slot] = name;
      if (confidential) this.confidential.add(name);
      else this.confidential.delete(name);
    };
    for (const input of spec.inputs) declare(input.name, "input", input.confidential);
    for (const kpi of spec.kpis) declare(kpi.name, "kpi", kpi.confidential);
    for (const scorecard of spec.scorecards) declare(scorecard.name, "scorecard", scorecard.confidential);
    for (const table of spec.tables) declare(table.name, "table", table.confidential);
    for (const incentive of spec.incentives) declare(incentive.name, "incentive", false);

    const ctx: ExpressionContext<PartnerState> = (this.context = {
      rounding: this.rounding,
      ref: (name) => this.accessor(name),
      tier: (s) => this.tierOf(s),
      subtiers: (s) => this.subtiersOf(s),
      total: (s) => this.totalOf(s),
      ...(options.branchTrace === undefined ? {} : { branchTrace: options.branchTrace }),
    });
    const compile = (tree: ExprTree) => compileExpression(tree, ctx);

    for (const [slot, kind] of this.slotKinds.entries()) {
      if (kind === "input") this.computers[slot] = this.inputComputer(this.slotNames[slot]!);
    }
    for (const kpi of spec.kpis) this.computers[this.slots.get(kpi.name)!] = compile(kpi.expr);

    this.scorecards = spec.scorecards.map((scorecard) => this.planScorecard(scorecard));
    for (const plan of this.scorecards) {
      this.computers[this.slots.get(plan.spec.name)!] = (s) => this.scoreScorecard(plan, s);
    }

    this.tablePlans = spec.tables.map((table) => ({
      spec: table,
      key: compile(table.key),
      rows: table.rows.map(rowMatcher),
      values: table.rows.map((row) => compile(row.value)),
    }));
    for (const [index, plan] of this.tablePlans.entries()) {
      this.computers[this.slots.get(plan.spec.name)!] = (s) => this.lookup(plan, index, s);
    }

    this.incentivePlans = spec.incentives.map((incentive) => ({
      spec: incentive,
      when: incentive.when === undefined ? undefined : compile(incentive.when),
      amount: compile(incentive.amount),
      cap: incentive.cap === undefined ? undefined : constantNum(incentive.cap),
      slot: this.slots.get(incentive.name)!,
    }));
    for (const [index, plan] of this.incentivePlans.entries()) {
      this.computers[plan.slot] = (s) => this.pay(plan, index, s).paid;
    }

    const requirementIndexes = new Map<string, number>();
    const planRequirement = (requirement: RequirementSpec): RequirementPlan => {
      const key = JSON.stringify(requirement.expr);
      let index = requirementIndexes.get(key);
      if (index === undefined) {
        index = this.requirementChecks.length;
        this.requirementChecks.push(compile(requirement.expr));
        requirementIndexes.set(key, index);
      }
      return { spec: requirement, index };
    };
    this.tierRequirements = spec.tiers.map((tier) => tier.requirements.map(planRequirement));
    this.subtierRequirements = spec.subtiers.map((subtier) => subtier.requirements.map(planRequirement));
    this.tierValues = spec.tiers.map((tier) => tierValue(tier.name, tier.rank));
    const ranks = new Map(spec.tiers.map((tier) => [tier.name, tier.rank]));
    this.valueOrder = valueOrder(spec).map((name) => this.slots.get(name)!);
    this.subtierParentRanks = spec.subtiers.map((subtier) => {
      const rank = ranks.get(subtier.parent);
      if (rank === undefined)
        throw new Error(`subtier "${subtier.name}" has an unknown parent tier "${subtier.parent}"`);
      return rank;
    });
  }

  /** An expression outside the program's own (a test's `expect`, a rule's condition), compiled once. */
  compiled(tree: ExprTree): Compiled<PartnerState> {
    let compiled = this.compiledTrees.get(tree);
    if (compiled === undefined) {
      compiled = compileExpression(tree, this.context);
      this.compiledTrees.set(tree, compiled);
    }
    return compiled;
  }

  // ------------------------------------------------------------ slot values

  /** The closure that reads a name's memoized value, computing it on first use. */
  accessor(name: string): Compiled<PartnerState> {
    const slot = this.slots.get(name);
    if (slot === undefined) {
      return () => {
        throw new Error(`the artifact refers to an undeclared name "${name}"`);
      };
    }
    return (s) => {
      const value = s.values[slot];
      return value !== undefined ? value : this.compute(s, slot);
    };
  }

  valueOf(s: PartnerState, slot: number): Value {
    const value = s.values[slot];
    return value !== undefined ? value : this.compute(s, slot);
  }

  /**
   * The partner with one input's value replaced, without copying the record:
   * only an input's computer reads the record, and the slot's memo is read
   * before it.
   */
  withInput(s: PartnerState, name: string, value: Value): PartnerState {
    const slot = this.slots.get(name);
    if (slot === undefined || this.slotKinds[slot] !== "input") {
      return new PartnerState({ ...s.record, [name]: value }, this);
    }
    const changed = new PartnerState(s.record, this);
    changed.values[slot] = value;
    return changed;
  }

  private compute(s: PartnerState, slot: number): Value {
    // The checker rejects cycles; if an artifact still has one, the value is missing rather than endless.
    if (s.busy[slot] === 1) return MISSING;
    s.busy[slot] = 1;
    let value: Value;
    try {
      value = this.computers[slot]!(s);
    } catch (error) {
      // Only on a failure, so the name is looked up rather than stored per slot.
      const name = [...this.slots].find(([, index]) => index === slot)?.[0] ?? "a value";
      throw namedSizeError(error, name);
    }
    s.busy[slot] = 0;
    s.values[slot] = value;
    return value;
  }

  private inputComputer(name: string): (s: PartnerState) => Value {
    return (s) => {
      const record = s.record;
      return Object.hasOwn(record, name) ? (record[name] ?? MISSING) : MISSING;
    };
  }

  // ------------------------------------------------------------ scorecards

  private planScorecard(spec: ScorecardSpec): ScorecardPlan {
    const lines = spec.lines.map((line): ScorecardLinePlan => {
      const threshold = constantNum(line.threshold);
      const target = constantNum(line.target);
      const direction = q.compare(threshold, target);
      const range = direction < 0 ? q.sub(target, threshold) : q.sub(threshold, target);
      const slot = this.slots.get(line.value);
      if (slot === undefined) throw new Error(`the artifact refers to an undeclared name "${line.value}"`);
      return {
        line,
        slot,
        direction,
        threshold,
        target,
        inverseRange: q.inverse(range) ?? ZERO,
        max: constantNum(line.max),
        weight: constantNum(line.weight),
      };
    });
    return { spec, lines };
  }

  /** The score s of one line for value v (spec 3.5), and whether `max` capped it. */
  lineScore(plan: ScorecardLinePlan, value: Value): LineScore {
    const score = uncappedScore(plan, value) ?? ZERO;
    return q.compare(score, plan.max) > 0 ? { score: plan.max, capped: true } : { score, capped: false };
  }

  private scoreScorecard(plan: ScorecardPlan, s: PartnerState): Num {
    let total: Num = ZERO;
    for (const line of plan.lines) {
      let score = uncappedScore(line, this.valueOf(s, line.slot));
      if (score === undefined) continue;
      if (q.compare(score, line.max) > 0) score = line.max;
      total = q.add(total, q.mul(line.weight, score));
    }
    return total;
  }

  /** Where a line's value falls (for coverage): below its threshold or missing, between, or at or past its cap. */
  lineZone(line: ScorecardLinePlan, value: Value): "below" | "between" | "capped" {
    const score = uncappedScore(line, value);
    if (score === undefined) return "below";
    return q.compare(score, line.max) >= 0 ? "capped" : "between";
  }

  scorecardPlan(index: number): ScorecardPlan {
    return this.scorecards[index]!;
  }

  // ------------------------------------------------------------ tables

  private lookup(plan: TablePlan, index: number, s: PartnerState): Value {
    const key = plan.key(s);
    const rowIndex = findRow(plan.rows, key);
    s.tables[index] = { key, rowIndex };
    return rowIndex === undefined ? MISSING : plan.values[rowIndex]!(s);
  }

  // ------------------------------------------------------------ incentives

  /** Pays one incentive (spec 3.7): 0 unless `when` holds, else the amount capped, floored at 0, rounded. */
  pay(plan: IncentivePlan, index: number, s: PartnerState): IncentiveDetail {
    let detail: IncentiveDetail;
    if (plan.when !== undefined && plan.when(s) !== true) {
      detail = { outcome: "not_eligible", amount: undefined, capped: false, floored: false, payable: ZERO, paid: ZERO };
    } else {
      const amount = plan.amount(s);
      if (!isNum(amount)) {
        detail = { outcome: "missing_amount", amount, capped: false, floored: false, payable: ZERO, paid: ZERO };
      } else {
        let payable = amount;
        let capped = false;
        if (plan.cap !== undefined && q.compare(payable, plan.cap) > 0) {
          payable = plan.cap;
          capped = true;
        }
        const floored = q.sign(payable) < 0;
        if (floored) payable = ZERO;
        const paid = q.round(payable, this.minorUnits, this.rounding);
        detail = { outcome: "paid", amount, capped, floored, payable, paid };
      }
    }
    s.incentives[index] = detail;
    return detail;
  }

  totalOf(s: PartnerState): Value {
    if (s.totalValue !== undefined) return s.totalValue;
    if (s.computingTotal) return MISSING;
    s.computingTotal = true;
    let sum: Num = ZERO;
    // A sum taken while some incentive is still being computed is partial: use it, don't keep it.
    let complete = true;
    for (const plan of this.incentivePlans) {
      if (s.busy[plan.slot] === 1) complete = false;
      const paid = this.valueOf(s, plan.slot);
      if (isNum(paid)) sum = q.add(sum, paid);
    }
    s.computingTotal = false;
    if (complete) s.totalValue = sum;
    return sum;
  }

  // ------------------------------------------------------------ tiers

  requirementHolds(s: PartnerState, index: number): boolean {
    const known = s.requirements[index];
    if (known !== UNKNOWN) return known === HOLDS;
    const holds = this.requirementChecks[index]!(s) === true;
    s.requirements[index] = holds ? HOLDS : FAILS;
    return holds;
  }

  private allHold(s: PartnerState, requirements: RequirementPlan[]): boolean {
    for (const requirement of requirements) {
      if (!this.requirementHolds(s, requirement.index)) return false;
    }
    return true;
  }

  /** The index of the partner's tier in program.tiers, or -1 for none. */
  tierIndexOf(s: PartnerState): number {
    if (s.tierIndex === TIERS_UNKNOWN) {
      s.computingTiers = true;
      let found = NO_TIER;
      // The highest tier whose requirements all hold; a failing requirement settles a tier at once.
      for (let index = this.tierRequirements.length - 1; index >= 0; index--) {
        if (this.allHold(s, this.tierRequirements[index]!)) {
          found = index;
          break;
        }
      }
      s.tierIndex = found;
      s.computingTiers = false;
    }
    return s.tierIndex;
  }

  tierOf(s: PartnerState): Value {
    if (s.computingTiers) return MISSING;
    const index = this.tierIndexOf(s);
    return index === NO_TIER ? MISSING : this.tierValues[index]!;
  }

  /** Which subtiers the partner reaches, 1 or 0 each, in declaration order. */
  reachedOf(s: PartnerState): Uint8Array {
    if (s.reached === undefined) {
      const index = this.tierIndexOf(s);
      const rank = index === NO_TIER ? 0 : this.spec.tiers[index]!.rank;
      s.computingTiers = true;
      const reached = new Uint8Array(this.subtierRequirements.length);
      for (let i = 0; i < reached.length; i++) {
        // Requirements of a subtier out of reach are left for explanations to evaluate.
        reached[i] = rank >= this.subtierParentRanks[i]! && this.allHold(s, this.subtierRequirements[i]!) ? 1 : 0;
      }
      s.reached = reached;
      s.computingTiers = false;
    }
    return s.reached;
  }

  subtiersOf(s: PartnerState): Value {
    if (s.computingTiers) return MISSING;
    const reached = this.reachedOf(s);
    const names: string[] = [];
    for (let i = 0; i < reached.length; i++) if (reached[i] === 1) names.push(this.spec.subtiers[i]!.name);
    return names;
  }

  /** The tier's benefits, then each reached subtier's, each once; shared per combination. */
  benefitsOf(tierIndex: number, reached: Uint8Array): readonly string[] {
    let key: number | string;
    if (reached.length <= 30) {
      // A number key (tier, then one bit per subtier) avoids building a string per partner.
      let mask = 0;
      for (let i = 0; i < reached.length; i++) mask = mask * 2 + reached[i]!;
      key = (tierIndex + 1) * 2 ** 30 + mask;
    } else {
      key = `${tierIndex}:${reached.join("")}`;
    }
    let benefits = this.benefitCache.get(key);
    if (benefits === undefined) {
      const all = [...(tierIndex === NO_TIER ? [] : this.spec.tiers[tierIndex]!.benefits)];
      for (let i = 0; i < reached.length; i++) if (reached[i] === 1) all.push(...this.spec.subtiers[i]!.benefits);
      benefits = [...new Set(all)];
      this.benefitCache.set(key, benefits);
    }
    return benefits;
  }

  /** The failing requirements of the next tier up, then of each subtier within reach but not reached. */
  unmetOf(s: PartnerState): { owner: string; requirement: RequirementPlan }[] {
    const unmet: { owner: string; requirement: RequirementPlan }[] = [];
    const tierIndex = this.tierIndexOf(s);
    const reached = this.reachedOf(s);
    const next = tierIndex + 1;
    if (next < this.tierRequirements.length) {
      const owner = this.spec.tiers[next]!.name;
      for (const requirement of this.tierRequirements[next]!) {
        if (!this.requirementHolds(s, requirement.index)) unmet.push({ owner, requirement });
      }
    }
    const rank = tierIndex === NO_TIER ? 0 : this.spec.tiers[tierIndex]!.rank;
    for (let i = 0; i < reached.length; i++) {
      if (reached[i] === 1 || rank < this.subtierParentRanks[i]!) continue;
      const owner = this.spec.subtiers[i]!.name;
      for (const requirement of this.subtierRequirements[i]!) {
        if (!this.requirementHolds(s, requirement.index)) unmet.push({ owner, requirement });
      }
    }
    return unmet;
  }
}

/**
 * A scorecard line's score before `max` (spec 3.5): linear from threshold to
 * target, all or nothing when they are equal; undefined where it is 0 (a
 * missing value, or one on the wrong side of the threshold).
 */
function uncappedScore(line: ScorecardLinePlan, value: Value): Num | undefined {
  if (!isNum(value)) return undefined;
  if (line.direction < 0) {
    return q.compare(value, line.threshold) < 0 ? undefined : q.mul(q.sub(value, line.threshold), line.inverseRange);
  }
  if (line.direction > 0) {
    return q.compare(value, line.threshold) > 0 ? undefined : q.mul(q.sub(line.threshold, value), line.inverseRange);
  }
  return q.compare(value, line.target) < 0 ? undefined : ONE;
}

function rowMatcher(row: TableRowSpec): RowMatcher {
  switch (row.kind) {
    case "otherwise":
      return { kind: "otherwise" };
    case "match":
      return { kind: "match", key: row.key };
    case "below":
      return { kind: "below", bound: constantNum(row.bound) };
    case "above":
      return { kind: "above", bound: constantNum(row.bound) };
    case "range":
      return { kind: "range", from: constantNum(row.from), to: constantNum(row.to) };
  }
}

/** The row a key selects (spec 3.6): the first matching row, else the `otherwise` row. */
function findRow(rows: readonly RowMatcher[], key: Value): number | undefined {
  let otherwise: number | undefined;
  const missing = key === MISSING;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    if (row.kind === "otherwise") {
      otherwise = index;
      continue;
    }
    if (missing) continue;
    if (row.kind === "match") {
      if (typeof key === "string" ? key === row.key : isTierValue(key) && key.name === row.key) return index;
      continue;
    }
    if (!isNum(key)) continue;
    if (row.kind === "below") {
      if (q.compare(key, row.bound) < 0) return index;
    } else if (row.kind === "above") {
      if (q.compare(key, row.bound) >= 0) return index;
    } else if (q.compare(key, row.from) >= 0 && q.compare(key, row.to) < 0) {
      return index;
    }
  }
  return otherwise;
}

function isTierValue(value: Value): value is TierValue {
  return typeof value === "object" && !Array.isArray(value) && (value as TierValue).kind === "tier";
}
