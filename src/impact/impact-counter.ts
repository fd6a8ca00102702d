// What one pass over the data learns about two programs: counters, the tier
// migration matrix, subtier gains and losses, exact money sums, the
// distribution of per-partner deltas and the top movers. Memory is bounded by
// the programs (tiers, subtiers, incentives), the distinct deltas and N, never
// by the number of rows.
import * as q from "../number/rational.js";
import { ZERO, type Num } from "../number/rational.js";
import { Evaluation } from "../runtime/evaluator/index.js";
import { valuesEqual } from "../runtime/evaluator/values.js";
import type { CompiledProgram, RequirementResult } from "../runtime/partner.js";
import type { FieldError, OkRow, ResultRow } from "../runtime/result-types.js";
import { DeltaDistribution } from "./delta-distribution.js";
import type { EvaluatedPair, ProgramPair } from "./pair.js";
import { TopMovers } from "./top-movers.js";

/** How many invalid rows are kept with their errors (all are counted). */
export const INVALID_SAMPLES = 20;

export const DEFAULT_TOP = 10;

/** The key of "no tier" in the matrix and in tier measures. */
export const NO_TIER = "none";

export interface MoneyPair {
  old: Num;
  new: Num;
}

export interface RequirementChange {
  /** The tier or subtier the requirement belongs to. */
  tier: string;
  requirement: string;
  now: "fails" | "holds";
}

/** One changed partner, as --changes writes it and the top movers show it. */
export interface PartnerChange {
  row: number;
  partner: string | number | null;
  tier: { old: string | null; new: string | null };
  subtiers: { old: string[]; new: string[] };
  /** Every incentive of either program (0 where a program has none of that name). */
  incentives: Map<string, MoneyPair>;
  total: MoneyPair & { delta: Num };
}

export interface TopMover extends PartnerChange {
  size: Num;
  requirements: RequirementChange[];
}

export interface InvalidSample {
  row: number;
  partner: string | number | null;
  old?: FieldError[];
  new?: FieldError[];
}

export interface ImpactOptions {
  top?: number;
  /** Called for every changed partner, in row order (for --changes). */
  onChange?: (change: PartnerChange) => void;
}

/** A Num as plain data, for crossing threads (class instances do not survive structured clone). */
type NumData = q.Ratio;

function toData(x: Num): NumData {
  return q.reduced(x);
}

function fromData(x: NumData): Num {
  const n = Number(x.n);
  const d = Number(x.d);
  return Number.isSafeInteger(n) && Number.isSafeInteger(d) ? new q.Small(n, d) : new q.Big(x.n, x.d);
}

interface MoverData {
  row: number;
  partner: string | number | null;
  tier: { old: string | null; new: string | null };
  subtiers: { old: string[]; new: string[] };
  incentives: [string, NumData, NumData][];
  total: [NumData, NumData, NumData];
  size: NumData;
  requirements: RequirementChange[];
}

/** What a worker thread counted over one batch, to be merged in input order (structured-clone friendly). */
export interface ImpactPart {
  counts: Record<(typeof COUNTS)[number], number>;
  invalidSamples: InvalidSample[];
  matrix: [string, string, number][];
  subtiers: [string, { gained: number; lost: number; kept: number }][];
  incentives: [string, NumData, NumData][];
  total: [NumData, NumData];
  valueChanges: [string, number][];
  deltas: [number | bigint, number][];
  top: MoverData[];
}

const COUNTS = [
  "rows",
  "changed",
  "unchanged",
  "kpisChanged",
  "invalidOld",
  "invalidNew",
  "invalidRows",
  "upgrades",
  "downgrades",
  "rose",
  "fell",
  "same",
] as const;

function union(a: readonly string[], b: readonly string[]): string[] {
  const names = [...a];
  for (const name of b) if (!names.includes(name)) names.push(name);
  return names;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function unmetKeys(row: OkRow): Set<string> {
  return new Set(row.unmet.map((unmet) => JSON.stringify([unmet.tier, unmet.requirement])));
}

interface SideMoney {
  /** Index of each incentive of the union in this program, or -1. */
  present: boolean[];
  digits: number;
  rounding: q.RoundingMode;
}

export class ImpactCounter {
  rows = 0;
  changed = 0;
  unchanged = 0;
  /** Unchanged rows whose KPIs, scores or unmet requirements differ. */
  kpisChanged = 0;
  invalidOld = 0;
  invalidNew = 0;
  /** Rows invalid under either program (each counted once). */
  invalidRows = 0;
  upgrades = 0;
  downgrades = 0;
  rose = 0;
  fell = 0;
  same = 0;
  readonly invalidSamples: InvalidSample[] = [];
  /** Rows, by old tier (or "none") and then new tier (or "none"). */
  readonly matrix = new Map<string, Map<string, number>>();
  readonly subtiers = new Map<string, { gained: number; lost: number; kept: number }>();
  readonly incentives = new Map<string, MoneyPair>();
  readonly total: MoneyPair = { old: ZERO, new: ZERO };
  /** Per KPI or scorecard in both programs: rows whose value changed (a count only, so confidential ones may be shown). */
  readonly valueChanges = new Map<string, number>();
  readonly incentiveNames: string[];
  readonly tierNames: { old: string[]; new: string[] };
  /** The currency digits amounts are compared and written with (the larger of the two programs'). */
  readonly digits: number;
  readonly deltas: DeltaDistribution;
  readonly top: TopMovers<TopMover>;
  private readonly ranks: { old: Map<string, number>; new: Map<string, number> };
  private readonly money: { old: SideMoney; new: SideMoney };
  private readonly comparedValues: string[];
  private readonly onChange: ((change: PartnerChange) => void) | undefined;

  constructor(
    readonly programs: ProgramPair,
    options: ImpactOptions = {},
  ) {
    const { old, new: next } = programs;
    this.incentiveNames = union(
      old.incentives.map((i) => i.name),
      next.incentives.map((i) => i.name),
    );
    for (const name of this.incentiveNames) this.incentives.set(name, { old: ZERO, new: ZERO });
    for (const name of union(
      old.subtiers.map((s) => s.name),
      next.subtiers.map((s) => s.name),
    )) {
      this.subtiers.set(name, { gained: 0, lost: 0, kept: 0 });
    }
    this.tierNames = { old: old.tiers.map((t) => t.name), new: next.tiers.map((t) => t.name) };
    this.ranks = {
      old: new Map(old.tiers.map((t) => [t.name, t.rank])),
      new: new Map(next.tiers.map((t) => [t.name, t.rank])),
    };
    this.digits = Math.max(old.program.minorUnits, next.program.minorUnits);
    const side = (program: CompiledProgram): SideMoney => ({
      present: this.incentiveNames.map((name) => program.incentives.some((i) => i.name === name)),
      digits: program.program.minorUnits,
      rounding: program.program.rounding,
    });
    this.money = { old: side(old), new: side(next) };
    const valueNames = (program: CompiledProgram) => [
      ...program.kpis.map((k) => k.name),
      ...program.scorecards.map((s) => s.name),
    ];
    const newValues = new Set(valueNames(next));
    this.comparedValues = valueNames(old).filter((name) => newValues.has(name));
    for (const name of this.comparedValues) this.valueChanges.set(name, 0);
    this.deltas = new DeltaDistribution(this.digits);
    this.top = new TopMovers(options.top ?? DEFAULT_TOP);
    this.onChange = options.onChange;
  }

  add(pair: EvaluatedPair): void {
    this.rows++;
    const old = pair.old.result;
    const next = pair.new.result;
    if (old.status === "invalid" || next.status === "invalid") {
      this.addInvalid(old, next);
      return;
    }
    const oldEvaluation = pair.old.evaluation;
    const newEvaluation = pair.new.evaluation;
    if (!(oldEvaluation instanceof Evaluation) || !(newEvaluation instanceof Evaluation)) {
      throw new Error("impact needs evaluations made by the one evaluator");
    }
    const oldTier = old.tier ?? NO_TIER;
    const newTier = next.tier ?? NO_TIER;
    const row = this.matrix.get(oldTier) ?? new Map<string, number>();
    this.matrix.set(oldTier, row);
    row.set(newTier, (row.get(newTier) ?? 0) + 1);
    const oldRank = old.tier === null ? 0 : this.ranks.old.get(old.tier)!;
    const newRank = next.tier === null ? 0 : this.ranks.new.get(next.tier)!;
    if (newRank > oldRank) this.upgrades++;
    else if (newRank < oldRank) this.downgrades++;

    for (const [name, counts] of this.subtiers) {
      const had = old.subtiers.includes(name);
      const has = next.subtiers.includes(name);
      if (had && has) counts.kept++;
      else if (had) counts.lost++;
      else if (has) counts.gained++;
    }

    const oldAmounts = this.amounts(oldEvaluation, this.money.old);
    const newAmounts = this.amounts(newEvaluation, this.money.new);
    let moneyChanged = false;
    this.incentiveNames.forEach((name, index) => {
      const sums = this.incentives.get(name)!;
      sums.old = q.add(sums.old, oldAmounts[index]!);
      sums.new = q.add(sums.new, newAmounts[index]!);
      if (q.compare(oldAmounts[index]!, newAmounts[index]!) !== 0) moneyChanged = true;
    });
    const oldTotal = this.rounded(oldEvaluation.exactTotal(), this.money.old);
    const newTotal = this.rounded(newEvaluation.exactTotal(), this.money.new);
    this.total.old = q.add(this.total.old, oldTotal);
    this.total.new = q.add(this.total.new, newTotal);
    const delta = q.sub(newTotal, oldTotal);
    const direction = q.sign(delta);
    if (direction > 0) this.rose++;
    else if (direction < 0) this.fell++;
    else this.same++;
    this.deltas.add(delta);

    const changed = moneyChanged || direction !== 0 || old.tier !== next.tier || !sameList(old.subtiers, next.subtiers);
    let valuesChanged = false;
    for (const name of this.comparedValues) {
      if (!valuesEqualOrBothMissing(oldEvaluation, newEvaluation, name)) {
        this.valueChanges.set(name, this.valueChanges.get(name)! + 1);
        valuesChanged = true;
      }
    }
    if (!changed) {
      this.unchanged++;
      if (valuesChanged || !sameSet(unmetKeys(old), unmetKeys(next))) this.kpisChanged++;
      return;
    }
    this.changed++;
    const size = direction < 0 ? q.neg(delta) : delta;
    const wanted = this.top.wouldKeep(size, old.row);
    if (!wanted && this.onChange === undefined) return;
    const incentives = new Map<string, MoneyPair>();
    this.incentiveNames.forEach((name, index) =>
      incentives.set(name, { old: oldAmounts[index]!, new: newAmounts[index]! }),
    );
    const change: PartnerChange = {
      row: old.row,
      partner: next.partner ?? old.partner,
      tier: { old: old.tier, new: next.tier },
      subtiers: { old: old.subtiers, new: next.subtiers },
      incentives,
      total: { old: oldTotal, new: newTotal, delta },
    };
    this.onChange?.(change);
    if (wanted) this.top.offer({ ...change, size, requirements: requirementChanges(oldEvaluation, newEvaluation) });
  }

  private amounts(evaluation: Evaluation, side: SideMoney): Num[] {
    return this.incentiveNames.map((name, index) => {
      if (!side.present[index]) return ZERO;
      const paid = evaluation.evalValue(name);
      return q.isNum(paid) ? this.rounded(paid, side) : ZERO;
    });
  }

  // As `ppl run` writes them: to the program's own minor unit.
  private rounded(amount: Num, side: SideMoney): Num {
    return q.round(amount, side.digits, side.rounding);
  }

  private addInvalid(old: ResultRow, next: ResultRow): void {
    this.invalidRows++;
    if (old.status === "invalid") this.invalidOld++;
    if (next.status === "invalid") this.invalidNew++;
    if (this.invalidSamples.length >= INVALID_SAMPLES) return;
    this.invalidSamples.push({
      row: old.row,
      partner: next.partner ?? old.partner,
      ...(old.status === "invalid" ? { old: old.errors } : {}),
      ...(next.status === "invalid" ? { new: next.errors } : {}),
    });
  }

  /** Everything counted so far, as plain data (see merge). */
  part(): ImpactPart {
    const counts = Object.fromEntries(COUNTS.map((name) => [name, this[name]])) as ImpactPart["counts"];
    return {
      counts,
      invalidSamples: this.invalidSamples,
      matrix: [...this.matrix].flatMap(([from, row]) =>
        [...row].map(([to, n]): [string, string, number] => [from, to, n]),
      ),
      subtiers: [...this.subtiers],
      incentives: [...this.incentives].map(([name, sums]) => [name, toData(sums.old), toData(sums.new)]),
      total: [toData(this.total.old), toData(this.total.new)],
      valueChanges: [...this.valueChanges],
      deltas: this.deltas.entries(),
      top: this.top.sorted().map((mover) => ({
        row: mover.row,
        partner: mover.partner,
        tier: mover.tier,
        subtiers: mover.subtiers,
        incentives: [...mover.incentives].map(([name, pair]) => [name, toData(pair.old), toData(pair.new)]),
        total: [toData(mover.total.old), toData(mover.total.new), toData(mover.total.delta)],
        size: toData(mover.size),
        requirements: mover.requirements,
      })),
    };
  }

  /** Adds what another counter (a worker's, over later rows) counted; parts must come in input order. */
  merge(part: ImpactPart): void {
    for (const name of COUNTS) this[name] += part.counts[name];
    for (const sample of part.invalidSamples) {
      if (this.invalidSamples.length < INVALID_SAMPLES) this.invalidSamples.push(sample);
    }
    for (const [from, to, n] of part.matrix) {
      const row = this.matrix.get(from) ?? new Map<string, number>();
      this.matrix.set(from, row);
      row.set(to, (row.get(to) ?? 0) + n);
    }
    for (const [name, counts] of part.subtiers) {
      const mine = this.subtiers.get(name)!;
      mine.gained += counts.gained;
      mine.lost += counts.lost;
      mine.kept += counts.kept;
    }
    for (const [name, old, next] of part.incentives) {
      const sums = this.incentives.get(name)!;
      sums.old = q.add(sums.old, fromData(old));
      sums.new = q.add(sums.new, fromData(next));
    }
    this.total.old = q.add(this.total.old, fromData(part.total[0]));
    this.total.new = q.add(this.total.new, fromData(part.total[1]));
    for (const [name, n] of part.valueChanges) this.valueChanges.set(name, (this.valueChanges.get(name) ?? 0) + n);
    this.deltas.merge(part.deltas);
    for (const mover of part.top) {
      this.top.offer({
        row: mover.row,
        partner: mover.partner,
        tier: mover.tier,
        subtiers: mover.subtiers,
        incentives: new Map(
          mover.incentives.map(([name, old, next]) => [name, { old: fromData(old), new: fromData(next) }]),
        ),
        total: { old: fromData(mover.total[0]), new: fromData(mover.total[1]), delta: fromData(mover.total[2]) },
        size: fromData(mover.size),
        requirements: mover.requirements,
      });
    }
  }

  /** Rows with this tier under the new program minus under the old ("none" for no tier). */
  tierDelta(name: string): number {
    let before = 0;
    let after = 0;
    for (const [from, row] of this.matrix) {
      for (const [to, count] of row) {
        if (from === name) before += count;
        if (to === name) after += count;
      }
    }
    return after - before;
  }
}

function valuesEqualOrBothMissing(old: Evaluation, next: Evaluation, name: string): boolean {
  const a = old.evalValue(name);
  const b = next.evalValue(name);
  // valuesEqual takes missing as unequal to everything (a comparison's rule); here missing = missing.
  if (a === b) return true;
  return valuesEqual(a, b);
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}

/**
 * The requirements whose outcome differs for the partner between the two
 * programs: each requirement once, under the tier or subtier that declares it
 * (an inherited one is not repeated), matched by its label. A requirement
 * only the new program has counts when it fails, one only the old program
 * had when it failed (it no longer stands in the way).
 */
function requirementChanges(old: Evaluation, next: Evaluation): RequirementChange[] {
  const before = requirementOutcomes(old);
  const after = requirementOutcomes(next);
  const changes: RequirementChange[] = [];
  for (const [key, outcome] of after) {
    const was = before.get(key);
    if (was === undefined ? !outcome.holds : was.holds !== outcome.holds) {
      changes.push({ tier: outcome.tier, requirement: outcome.requirement, now: outcome.holds ? "holds" : "fails" });
    }
  }
  for (const [key, outcome] of before) {
    if (!after.has(key) && !outcome.holds) {
      changes.push({ tier: outcome.tier, requirement: outcome.requirement, now: "holds" });
    }
  }
  return changes;
}

interface RequirementOutcome {
  tier: string;
  requirement: string;
  holds: boolean;
}

/** Every requirement of every tier and subtier, keyed by where it is declared and its label. */
function requirementOutcomes(evaluation: Evaluation): Map<string, RequirementOutcome> {
  const outcomes = new Map<string, RequirementOutcome>();
  const add = (results: readonly RequirementResult[]) => {
    for (const { requirement, holds } of results) {
      const key = JSON.stringify([requirement.declaredIn, requirement.label]);
      if (!outcomes.has(key)) {
        outcomes.set(key, { tier: requirement.declaredIn, requirement: requirement.label, holds });
      }
    }
  };
  for (const result of evaluation.tierResults) add(result.requirements);
  for (const result of evaluation.subtierResults) add(result.requirements);
  return outcomes;
}
