// The impact as plain data: what --format json writes and what every other
// format renders. Money is a string with the currency's minor digits; no KPI,
// score or input value appears (confidential or not), only counts of changes,
// so nothing confidential can reach a report.
import * as q from "../number/rational.js";
import type { Num } from "../number/rational.js";
import type { CompiledProgram } from "../runtime/partner.js";
import type { FieldError } from "../runtime/result-types.js";
import type { GateResult } from "./gates.js";
import { NO_TIER, type ImpactCounter, type MoneyPair } from "./impact-counter.js";
import type { ProgramChange } from "./program-diff.js";

export interface MoneyDelta {
  old: string;
  new: string;
  delta: string;
  /** delta / old in percent, two decimals; null when the old sum is 0. */
  delta_percent: string | null;
}

export interface ReportProgram {
  name: string;
  version: string | null;
  currency: string;
  /** Where it came from: a file, or REF:path for --base. */
  source: string;
  /** Tiers, highest rank first. */
  tiers: { name: string; rank: number }[];
}

export interface ReportTopMover {
  row: number;
  partner: string | number | null;
  tier: { old: string | null; new: string | null };
  subtiers: { old: string[]; new: string[] };
  total: { old: string; new: string; delta: string };
  /** The incentives that changed for this partner. */
  incentives: Record<string, { old: string; new: string }>;
  requirements: { tier: string; requirement: string; now: "fails" | "holds" }[];
}

export interface ImpactReport {
  programs: { old: ReportProgram; new: ReportProgram };
  rows: number;
  unchanged: number;
  changed: number;
  kpis_changed: number;
  invalid: {
    old: number;
    new: number;
    rows: number;
    /** The first invalid rows with their errors under each program. */
    samples: { row: number; partner: string | number | null; old?: FieldError[]; new?: FieldError[] }[];
  };
  tiers: {
    matrix: Record<string, Record<string, number>>;
    upgrades: number;
    downgrades: number;
    counts: Record<string, { old: number; new: number; delta: number }>;
  };
  subtiers: Record<string, { gained: number; lost: number; kept: number }>;
  incentives: Record<string, MoneyDelta>;
  total: MoneyDelta;
  partners: { rose: number; fell: number; unchanged: number };
  /** Per-partner delta of the total over rows valid under both: nearest-rank quartiles. */
  deltas: { min: string; q1: string; median: string; q3: string; max: string } | null;
  /** Per KPI and scorecard in both programs: rows whose value changed (counts only). */
  values_changed: Record<string, number>;
  top: ReportTopMover[];
  program_changes: ProgramChange[];
  gates: { condition: string; holds: boolean; value: string; base?: string }[];
}

/** An object for user-chosen keys: no prototype, so "__proto__" is a plain key. */
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function reportProgram(program: CompiledProgram, source: string): ReportProgram {
  return {
    name: program.program.name,
    version: program.program.version ?? null,
    currency: program.program.currency,
    source,
    tiers: [...program.tiers].sort((a, b) => b.rank - a.rank).map((t) => ({ name: t.name, rank: t.rank })),
  };
}

export function moneyText(x: Num, digits: number): string {
  return q.formatFixed(x, digits, "half_up");
}

function moneyDelta(pair: MoneyPair, digits: number): MoneyDelta {
  const delta = q.sub(pair.new, pair.old);
  const percent = q.isZero(pair.old) ? undefined : q.div(q.mul(delta, q.fromInteger(100)), pair.old);
  return {
    old: moneyText(pair.old, digits),
    new: moneyText(pair.new, digits),
    delta: moneyText(delta, digits),
    delta_percent: percent === undefined ? null : q.formatFixed(percent, 2, "half_up"),
  };
}

export function buildReport(
  counter: ImpactCounter,
  sources: { old: string; new: string },
  changes: ProgramChange[],
  gates: GateResult[],
): ImpactReport {
  const { digits } = counter;
  const programs = {
    old: reportProgram(counter.programs.old, sources.old),
    new: reportProgram(counter.programs.new, sources.new),
  };
  const rowsOf = [...programs.old.tiers.map((t) => t.name), NO_TIER];
  const columnsOf = [...programs.new.tiers.map((t) => t.name), NO_TIER];
  const matrix = record<Record<string, number>>();
  for (const from of rowsOf) {
    const row = record<number>();
    for (const to of columnsOf) row[to] = counter.matrix.get(from)?.get(to) ?? 0;
    matrix[from] = row;
  }
  const counts = record<{ old: number; new: number; delta: number }>();
  for (const name of [...new Set([...rowsOf, ...columnsOf])]) {
    const old = Object.values(matrix[name] ?? {}).reduce((sum, n) => sum + n, 0);
    const next = rowsOf.reduce((sum, from) => sum + (matrix[from]![name] ?? 0), 0);
    counts[name] = { old, new: next, delta: next - old };
  }
  const subtiers = record<{ gained: number; lost: number; kept: number }>();
  for (const [name, value] of counter.subtiers) subtiers[name] = { ...value };
  const incentives = record<MoneyDelta>();
  for (const [name, pair] of counter.incentives) incentives[name] = moneyDelta(pair, digits);
  const values = record<number>();
  for (const [name, count] of counter.valueChanges) values[name] = count;
  const distribution = counter.deltas.summary();
  const top = counter.top.sorted().map((mover): ReportTopMover => {
    const changed = record<{ old: string; new: string }>();
    for (const [name, pair] of mover.incentives) {
      if (q.compare(pair.old, pair.new) !== 0) {
        changed[name] = { old: moneyText(pair.old, digits), new: moneyText(pair.new, digits) };
      }
    }
    return {
      row: mover.row,
      partner: mover.partner,
      tier: { ...mover.tier },
      subtiers: { old: [...mover.subtiers.old], new: [...mover.subtiers.new] },
      total: {
        old: moneyText(mover.total.old, digits),
        new: moneyText(mover.total.new, digits),
        delta: moneyText(mover.total.delta, digits),
      },
      incentives: changed,
      requirements: mover.requirements.map((r) => ({ ...r })),
    };
  });
  return {
    programs,
    rows: counter.rows,
    unchanged: counter.unchanged,
    changed: counter.changed,
    kpis_changed: counter.kpisChanged,
    invalid: {
      old: counter.invalidOld,
      new: counter.invalidNew,
      rows: counter.invalidRows,
      samples: counter.invalidSamples.map((sample) => ({ ...sample })),
    },
    tiers: { matrix, upgrades: counter.upgrades, downgrades: counter.downgrades, counts },
    subtiers,
    incentives,
    total: moneyDelta(counter.total, digits),
    partners: { rose: counter.rose, fell: counter.fell, unchanged: counter.same },
    deltas:
      distribution === undefined
        ? null
        : {
            min: moneyText(distribution.min, digits),
            q1: moneyText(distribution.q1, digits),
            median: moneyText(distribution.median, digits),
            q3: moneyText(distribution.q3, digits),
            max: moneyText(distribution.max, digits),
          },
    values_changed: values,
    top,
    program_changes: changes,
    gates: gates.map((result) => ({
      condition: result.gate.text,
      holds: result.holds,
      value: result.value,
      ...(result.base !== undefined ? { base: result.base } : {}),
    })),
  };
}

/** An invalid row's errors as lines, errors the same under both programs said once ("old and new"). */
export function sampleErrors(sample: ImpactReport["invalid"]["samples"][number]): { side: string; text: string }[] {
  const text = (error: FieldError) => (error.field !== null ? `${error.field}: ${error.message}` : error.message);
  if (
    sample.old !== undefined &&
    sample.new !== undefined &&
    JSON.stringify(sample.old) === JSON.stringify(sample.new)
  ) {
    return sample.old.map((error) => ({ side: "old and new", text: text(error) }));
  }
  return (["old", "new"] as const).flatMap((side) =>
    (sample[side] ?? []).map((error) => ({ side, text: text(error) })),
  );
}
