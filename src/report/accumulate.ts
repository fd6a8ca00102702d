// What `ppl report` gathers from the result rows, one row at a time, in
// memory bounded by the program (counters, exact money sums, histograms,
// quantile sketches, top-N lists), never by the number of rows. It reads
// the rows `ppl run` writes, shortfalls included, so it ranks near misses
// by exactly what a partner is shown.

import type { ExprTree } from "../compile/artifact-types.js";
import type { CompiledProgram } from "../runtime/partner.js";
import type { OkRow, ResultRow, FieldError } from "../runtime/result-types.js";
import type { ShortfallOutput } from "../runtime/shortfall.js";
import { Histogram, QuantileSketch, TopN } from "./sketches.js";

export const NO_TIER = "(no tier)";

export interface PartnerLine {
  row: number;
  partner: string | number | null;
  tier: string | null;
  subtiers: string[];
  total: string;
  unmet: number;
}

export interface NearMiss {
  partner: PartnerLine;
  /** The largest relative shortfall among the requirements still unmet (0.04 = 4%). */
  distance: number;
  /** The requirement furthest from met, with its shortfall. */
  requirement: string;
  shortfall: ShortfallOutput;
  /** How many requirements of this tier or subtier are unmet. */
  unmet: number;
}

export interface ThresholdCounts {
  owner: string;
  requirement: string;
  unmet: number;
  within5: number;
  within10: number;
}

export interface ScorecardThreshold {
  incentive: string;
  relation: string;
  value: number;
}

export interface ReportOptions {
  top: number;
  near: number;
  errors: number;
}

const MONEY_RANK = (a: PartnerLine, b: PartnerLine) => compareMoney(b.total, a.total) || a.row - b.row;

export class ReportAccumulator {
  rows = 0;
  invalid = 0;
  readonly errors: { row: number; partner: string | number | null; errors: FieldError[] }[] = [];
  readonly tiers = new Map<string, number>();
  readonly subtiers = new Map<string, number>();
  /** Minor units, exact. */
  readonly perIncentive = new Map<string, bigint>();
  readonly perTierIncentive = new Map<string, Map<string, bigint>>();
  readonly totals = new Histogram();
  readonly scorecards = new Map<string, Histogram>();
  readonly kpis = new Map<string, QuantileSketch>();
  readonly top: TopN<PartnerLine>;
  readonly nearMisses = new Map<string, TopN<NearMiss>>();
  readonly thresholds = new Map<string, ThresholdCounts>();
  readonly scorecardThresholds = new Map<string, ScorecardThreshold[]>();
  private readonly minorUnits: number;

  constructor(
    readonly program: CompiledProgram,
    readonly options: ReportOptions,
  ) {
    this.minorUnits = program.program.minorUnits;
    this.tiers.set(NO_TIER, 0);
    for (const tier of program.tiers) this.tiers.set(tier.name, 0);
    for (const subtier of program.subtiers) this.subtiers.set(subtier.name, 0);
    for (const incentive of program.incentives) this.perIncentive.set(incentive.name, 0n);
    for (const tier of this.tiers.keys()) {
      this.perTierIncentive.set(tier, new Map(program.incentives.map((incentive) => [incentive.name, 0n])));
    }
    for (const scorecard of program.scorecards) {
      if (scorecard.confidential) continue;
      this.scorecards.set(scorecard.name, new Histogram());
      this.scorecardThresholds.set(scorecard.name, []);
    }
    for (const incentive of program.incentives) {
      if (incentive.when === undefined) continue;
      for (const threshold of thresholdsIn(incentive.when)) {
        this.scorecardThresholds.get(threshold.name)?.push({ incentive: incentive.name, ...threshold.bound });
      }
    }
    for (const kpi of program.kpis) {
      if (!kpi.confidential && (kpi.type === "number" || kpi.type === "money"))
        this.kpis.set(kpi.name, new QuantileSketch());
    }
    this.top = new TopN(options.top, MONEY_RANK);
    const owners = [...program.tiers.map((tier) => tier.name), ...program.subtiers.map((subtier) => subtier.name)];
    for (const owner of owners) {
      this.nearMisses.set(
        owner,
        new TopN(options.near, (a, b) => a.distance - b.distance || a.partner.row - b.partner.row),
      );
    }
  }

  add(result: ResultRow): void {
    this.rows++;
    if (result.status === "invalid") {
      this.invalid++;
      if (this.errors.length < this.options.errors) {
        this.errors.push({ row: result.row, partner: result.partner, errors: result.errors });
      }
      return;
    }
    const tier = result.tier ?? NO_TIER;
    this.tiers.set(tier, (this.tiers.get(tier) ?? 0) + 1);
    for (const subtier of result.subtiers) this.subtiers.set(subtier, (this.subtiers.get(subtier) ?? 0) + 1);
    const perTier = this.perTierIncentive.get(tier);
    for (const name in result.incentives) {
      if (!Object.hasOwn(result.incentives, name)) continue;
      const amount = minorUnits(result.incentives[name]!);
      if (amount === 0n) continue;
      this.perIncentive.set(name, (this.perIncentive.get(name) ?? 0n) + amount);
      if (perTier !== undefined) perTier.set(name, (perTier.get(name) ?? 0n) + amount);
    }
    const total = minorUnits(result.total);
    this.totals.add(Number(total));
    for (const [name, histogram] of this.scorecards) {
      const score = result.scores[name];
      if (typeof score === "number") histogram.add(Math.round(score * 10_000));
    }
    for (const [name, sketch] of this.kpis) {
      const value = result.kpis[name];
      if (typeof value === "number") sketch.add(value);
    }
    const line: PartnerLine = {
      row: result.row,
      partner: result.partner,
      tier: result.tier,
      subtiers: result.subtiers,
      total: result.total,
      unmet: result.unmet.length,
    };
    this.top.add(line);
    this.addNearMisses(result, line);
  }

  private addNearMisses(result: OkRow, line: PartnerLine): void {
    if (result.unmet.length === 0) return;
    const byOwner = new Map<
      string,
      { distance: number; requirement: string; shortfall?: ShortfallOutput; unmet: number }
    >();
    for (const entry of result.unmet) {
      const distance = entry.shortfall === undefined ? Infinity : shortfallDistance(entry.shortfall);
      const key = `${entry.tier}\u0000${entry.requirement}`;
      let counts = this.thresholds.get(key);
      if (counts === undefined) {
        counts = { owner: entry.tier, requirement: entry.requirement, unmet: 0, within5: 0, within10: 0 };
        this.thresholds.set(key, counts);
      }
      counts.unmet++;
      if (distance <= 0.05) counts.within5++;
      if (distance <= 0.1) counts.within10++;
      const known = byOwner.get(entry.tier);
      if (known === undefined) {
        byOwner.set(entry.tier, { distance, requirement: entry.requirement, shortfall: entry.shortfall, unmet: 1 });
      } else {
        known.unmet++;
        if (distance > known.distance) {
          known.distance = distance;
          known.requirement = entry.requirement;
          known.shortfall = entry.shortfall;
        }
      }
    }
    for (const [owner, near] of byOwner) {
      if (!Number.isFinite(near.distance) || near.shortfall === undefined) continue;
      this.nearMisses.get(owner)?.add({
        partner: line,
        distance: near.distance,
        requirement: near.requirement,
        shortfall: near.shortfall,
        unmet: near.unmet,
      });
    }
  }

  /** Money in minor units as the currency writes it. */
  money(units: bigint): string {
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(this.minorUnits + 1, "0");
    const text =
      this.minorUnits === 0 ? digits : `${digits.slice(0, -this.minorUnits)}.${digits.slice(-this.minorUnits)}`;
    return negative ? `-${text}` : text;
  }
}

/** "1234.50" → 123450n in minor units. */
function minorUnits(money: string): bigint {
  return BigInt(money.replace(".", ""));
}

/** Orders money strings exactly (same number of decimals): by sign, length, then digits. */
export function compareMoney(a: string, b: string): number {
  const difference = minorUnits(a) - minorUnits(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/**
 * How far a shortfall is from closing, relative to what the value must
 * reach: the largest over the parts of an `and`; Infinity when any part is
 * redacted (its place among others would hint at the value).
 */
export function shortfallDistance(shortfall: ShortfallOutput): number {
  const parts = [shortfall, ...(shortfall.also ?? [])];
  let distance = 0;
  for (const part of parts) {
    const short = Number(part.short);
    const needs = Number(part.needs);
    const has = Number(part.has);
    if (!Number.isFinite(short) || !Number.isFinite(needs) || !Number.isFinite(has)) return Infinity;
    const scale = needs !== 0 ? Math.abs(needs) : Math.abs(has);
    const relative = scale === 0 ? Infinity : short / scale;
    if (relative > distance) distance = relative;
  }
  return distance;
}

/** Comparisons of a scorecard with a number in an incentive's `when` (`performance >= 50%`). */
function thresholdsIn(tree: ExprTree): { name: string; bound: { relation: string; value: number } }[] {
  const found: { name: string; bound: { relation: string; value: number } }[] = [];
  const symbols: Record<string, string> = { ge: ">=", gt: ">", le: "<=", lt: "<", eq: "=" };
  const flipped: Record<string, string> = { ge: "<=", gt: "<", le: ">=", lt: ">", eq: "=" };
  const pending: ExprTree[] = [tree];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.op === "ge" || node.op === "gt" || node.op === "le" || node.op === "lt" || node.op === "eq") {
      const [left, right] = node.args;
      if (left.op === "ref" && right.op === "num") {
        found.push({ name: left.name, bound: { relation: symbols[node.op]!, value: ratioValue(right.value) } });
      } else if (right.op === "ref" && left.op === "num") {
        found.push({ name: right.name, bound: { relation: flipped[node.op]!, value: ratioValue(left.value) } });
      }
    }
    if ("args" in node) pending.push(...node.args);
    else if ("arg" in node) pending.push(node.arg);
  }
  return found;
}

function ratioValue(exact: string): number {
  const [n, d] = exact.split("/");
  return Number(n) / Number(d ?? "1");
}
