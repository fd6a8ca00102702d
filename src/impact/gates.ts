// `--fail-if "MEASURE OP NUMBER[%]"`: conditions on the impact that fail CI.
// Parsed before any data is read; names are checked against both programs.
import * as q from "../number/rational.js";
import type { Num } from "../number/rational.js";
import type { ImpactCounter } from "./impact-counter.js";
import { NO_TIER } from "./impact-counter.js";

export type GateOp = ">" | ">=" | "<" | "<=" | "=";

export interface Gate {
  /** As the user wrote it. */
  text: string;
  measure: string;
  op: GateOp;
  /** The number as written, exactly. */
  number: Num;
  numberText: string;
  percent: boolean;
}

export interface GateResult {
  gate: Gate;
  holds: boolean;
  /** The measure's value, as text (money with the currency's digits). */
  value: string;
  /** What NUMBER was taken relative to, when `%` was used. */
  base?: string;
}

export class GateError extends Error {}

const COUNT_MEASURES = ["changed", "unchanged", "kpis_changed", "upgrades", "downgrades", "invalid.old", "invalid.new"];

export const GATE_HELP = `a condition is "MEASURE OP NUMBER" or "MEASURE OP NUMBER%", for example "total.delta > 10000" or "downgrades > 5%"
  MEASURE: ${COUNT_MEASURES.join(", ")}, total.delta, incentives.NAME.delta, tiers.NAME.delta (NAME a tier or "${NO_TIER}")
  OP: > >= < <= =
  NUMBER: a decimal such as 5, -250.50 or 0.5; with %, relative to the old value (the old sum for money, the rows read for counts)`;

const NUMBER = /^-?[0-9]+(?:\.[0-9]+)?$/;

function decimal(text: string): Num {
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = (negative ? text.slice(1) : text).split(".");
  const n = BigInt(whole! + fraction) * (negative ? -1n : 1n);
  return q.div(new q.Big(n, 1n), new q.Big(10n ** BigInt(fraction.length), 1n))!;
}

/** Parses one --fail-if condition; throws GateError saying what is wrong and what is allowed. */
export function parseGate(text: string): Gate {
  const match = /^\s*(\S+?)\s*(>=|<=|>|<|=)\s*([^\s%]+)\s*(%?)\s*$/.exec(text);
  if (match === null) throw new GateError(`--fail-if "${text}": expected MEASURE OP NUMBER\n${GATE_HELP}`);
  const [, measure, op, numberText, sign] = match as unknown as [string, string, GateOp, string, string];
  const percent = sign === "%";
  const rawNumber = numberText + sign;
  if (!NUMBER.test(numberText)) {
    throw new GateError(`--fail-if "${text}": "${rawNumber}" is not a number\n${GATE_HELP}`);
  }
  if (
    !COUNT_MEASURES.includes(measure) &&
    measure !== "total.delta" &&
    !/^incentives\..+\.delta$/.test(measure) &&
    !/^tiers\..+\.delta$/.test(measure)
  ) {
    throw new GateError(`--fail-if "${text}": unknown measure "${measure}"\n${GATE_HELP}`);
  }
  return { text, measure, op, number: decimal(numberText), numberText, percent };
}

/** The measure's name inside `incentives.NAME.delta` or `tiers.NAME.delta`. */
function inner(measure: string, prefix: string): string | undefined {
  return measure.startsWith(prefix) && measure.endsWith(".delta")
    ? measure.slice(prefix.length, -".delta".length)
    : undefined;
}

/** Names in gates that neither program declares; throws GateError listing those it does. */
export function checkGateNames(gates: readonly Gate[], incentives: readonly string[], tiers: readonly string[]): void {
  for (const gate of gates) {
    const incentive = inner(gate.measure, "incentives.");
    if (incentive !== undefined && !incentives.includes(incentive)) {
      throw new GateError(
        `--fail-if "${gate.text}": neither program has an incentive "${incentive}"; the incentives are ${incentives.join(", ") || "(none)"}`,
      );
    }
    const tier = inner(gate.measure, "tiers.");
    if (tier !== undefined && tier !== NO_TIER && !tiers.includes(tier)) {
      throw new GateError(
        `--fail-if "${gate.text}": neither program has a tier "${tier}"; the tiers are ${[...tiers, NO_TIER].join(", ")}`,
      );
    }
  }
}

interface Measured {
  value: Num;
  base: Num;
  money: boolean;
}

function measure(counter: ImpactCounter, name: string): Measured {
  const count = (value: number): Measured => ({
    value: q.fromInteger(value),
    base: q.fromInteger(counter.rows),
    money: false,
  });
  switch (name) {
    case "changed":
      return count(counter.changed);
    case "unchanged":
      return count(counter.unchanged);
    case "kpis_changed":
      return count(counter.kpisChanged);
    case "upgrades":
      return count(counter.upgrades);
    case "downgrades":
      return count(counter.downgrades);
    case "invalid.old":
      return count(counter.invalidOld);
    case "invalid.new":
      return count(counter.invalidNew);
    case "total.delta":
      return { value: q.sub(counter.total.new, counter.total.old), base: counter.total.old, money: true };
  }
  const incentive = inner(name, "incentives.");
  if (incentive !== undefined) {
    const sums = counter.incentives.get(incentive)!;
    return { value: q.sub(sums.new, sums.old), base: sums.old, money: true };
  }
  return count(counter.tierDelta(inner(name, "tiers.")!));
}

function holds(op: GateOp, order: number): boolean {
  switch (op) {
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case "=":
      return order === 0;
  }
}

/** Each gate against the counted impact, exactly (a percentage is NUMBER/100 of the base). */
export function evaluateGates(gates: readonly Gate[], counter: ImpactCounter): GateResult[] {
  return gates.map((gate) => {
    const { value, base, money } = measure(counter, gate.measure);
    const threshold = gate.percent ? q.div(q.mul(gate.number, base), q.fromInteger(100))! : gate.number;
    const show = (x: Num) => (money ? q.formatFixed(x, counter.digits, "half_up") : q.formatFixed(x, 0, "half_up"));
    return {
      gate,
      holds: holds(gate.op, q.compare(value, threshold)),
      value: show(value),
      ...(gate.percent ? { base: show(base) } : {}),
    };
  });
}
