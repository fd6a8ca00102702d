// rules/amplify.ppl written by hand in TypeScript, twice: with the fast back
// end's exact rationals (the speed limit for exact results: no interpreter,
// no lookups, no explanations) and with plain JS numbers (what floats get
// wrong). Both return tier, subtiers and payouts in the program's order.

import * as q from "../../src/number/rational.js";
import { ONE, Small, ZERO, type Num } from "../../src/number/rational.js";
import { isNum, type Value } from "../../src/runtime/values.js";

export interface Outcome {
  tier: string | null;
  subtiers: string[];
  /** Paid amounts as money strings, in declaration order, then the total. */
  payouts: string[];
}

const r = (n: number, d = 1): Small => new Small(n, d);

function num(record: Readonly<Record<string, Value>>, name: string): Num | undefined {
  const value = record[name];
  return value !== undefined && isNum(value) ? value : undefined;
}

const div = (a: Num | undefined, b: Num | undefined): Num | undefined =>
  a === undefined || b === undefined ? undefined : q.div(a, b);
const ge = (a: Num | undefined, b: Num): boolean => a !== undefined && q.compare(a, b) >= 0;

interface Line {
  weight: Num;
  threshold: Num;
  target: Num;
  max: Num;
}
const line = (weight: Num, threshold: Num, target: Num, max: Num = ONE): Line => ({ weight, threshold, target, max });
const LINES = [
  line(r(1, 4), r(4, 5), r(6, 5), r(5, 4)),
  line(r(1, 10), r(1, 10), r(1, 2)),
  line(r(1, 20), ZERO, r(1, 2)),
  line(r(3, 20), ZERO, ONE),
  line(r(1, 10), r(10), r(2)),
  line(r(3, 20), r(7, 10), r(19, 20)),
  line(r(1, 10), ZERO, r(1, 5)),
  line(r(1, 10), r(6), r(9)),
];

function lineScore(l: Line, v: Num | undefined): Num {
  if (v === undefined) return ZERO;
  const up = q.compare(l.threshold, l.target) < 0;
  let s: Num;
  if (up) s = q.compare(v, l.threshold) < 0 ? ZERO : q.div(q.sub(v, l.threshold), q.sub(l.target, l.threshold))!;
  else s = q.compare(v, l.threshold) > 0 ? ZERO : q.div(q.sub(l.threshold, v), q.sub(l.threshold, l.target))!;
  return q.compare(s, l.max) > 0 ? l.max : s;
}

function pay(amount: Num | undefined, cap: Num): Num {
  if (amount === undefined) return ZERO;
  let x = q.compare(amount, cap) > 0 ? cap : amount;
  if (q.sign(x) < 0) x = ZERO;
  return q.round(x, 2, "half_up");
}

export function amplifyExact(record: Readonly<Record<string, Value>>): Outcome {
  const revenue = num(record, "revenue")!;
  const services = (record["services"] ?? []) as readonly string[];
  const csat = num(record, "csat");
  const engineers = num(record, "certified_engineers")!;
  const capability = q.add(
    q.mul(r(services.length), r(3, 10)),
    q.mul(q.compare(engineers, r(4)) <= 0 ? engineers : r(4), r(1, 10)),
  );
  const attainment = div(revenue, num(record, "sales_target")) ?? ZERO;
  const conversion = div(num(record, "deals_won"), num(record, "deals_registered")) ?? ZERO;
  const presales = div(num(record, "presales_requests"), num(record, "deals_registered")) ?? ZERO;
  const averageDeal = div(revenue, num(record, "orders"));
  const perAccount = div(revenue, num(record, "accounts_active"));
  const retention = div(num(record, "accounts_retained"), num(record, "accounts_start"));
  const expansion = div(num(record, "accounts_expanded"), num(record, "accounts_start")) ?? ZERO;
  const weeks = div(num(record, "inventory_units"), num(record, "units_sold"));
  const weeksOfStock = weeks === undefined ? undefined : q.mul(weeks, r(13));
  const online = num(record, "online_sales_share");
  const insight =
    online === undefined ? undefined : q.div(q.add(online, num(record, "repeat_buyer_share") ?? ZERO), r(2));

  const synergy = record["shares_data"] === true && ge(revenue, r(50_000));
  const power =
    synergy && ge(num(record, "investment"), r(100_000)) && ge(revenue, r(1_000_000)) && ge(attainment, r(9, 10));
  const rank = power ? 2 : synergy ? 1 : 0;
  const powerServices =
    rank >= 2 &&
    (services.includes("DaaS") || services.includes("Managed Print")) &&
    ge(capability, r(3, 5)) &&
    ge(csat, r(8));

  const values = [
    attainment,
    conversion,
    presales,
    capability,
    num(record, "delivery_days"),
    retention,
    expansion,
    csat,
  ];
  let performance: Num = ZERO;
  LINES.forEach((l, i) => (performance = q.add(performance, q.mul(l.weight, lineScore(l, values[i])))));

  const baseRate = rank === 2 ? r(1, 50) : rank === 1 ? r(1, 100) : ZERO;
  const multiplier =
    q.compare(attainment, r(4, 5)) < 0
      ? ZERO
      : q.compare(attainment, ONE) < 0
        ? r(4, 5)
        : q.compare(attainment, r(6, 5)) < 0
          ? ONE
          : r(6, 5);
  const insightRate =
    insight === undefined
      ? undefined
      : q.compare(insight, r(1, 5)) < 0
        ? r(1, 1000)
        : q.compare(insight, r(1, 2)) < 0
          ? r(1, 500)
          : r(3, 1000);

  const servicesRevenue = num(record, "services_revenue");
  const dealsWon = num(record, "deals_won")!;
  const paid = [
    rank >= 1 && ge(performance, r(2, 5))
      ? pay(q.mul(q.mul(q.mul(revenue, baseRate), multiplier), performance), r(150_000))
      : ZERO,
    powerServices ? pay(servicesRevenue === undefined ? ZERO : q.mul(servicesRevenue, r(3, 100)), r(50_000)) : ZERO,
    rank >= 2
      ? pay(
          [q.mul(num(record, "investment")!, r(1, 10)), q.mul(revenue, r(1, 200))].reduce((a, b) =>
            q.compare(a, b) <= 0 ? a : b,
          ),
          r(40_000),
        )
      : ZERO,
    rank >= 1 && ge(num(record, "deals_registered"), r(20)) && ge(conversion, r(1, 4))
      ? pay(q.mul(q.mul(dealsWon, r(100)), ge(averageDeal, r(25_000)) ? r(2) : ONE), r(10_000))
      : ZERO,
    rank >= 1 && ge(retention, r(9, 10))
      ? pay(
          perAccount === undefined ? undefined : q.mul(q.mul(num(record, "accounts_expanded")!, perAccount), r(1, 100)),
          r(15_000),
        )
      : ZERO,
    rank >= 1 && ge(weeksOfStock, r(2)) && weeksOfStock !== undefined && q.compare(weeksOfStock, r(8)) <= 0
      ? pay(insightRate === undefined ? undefined : q.mul(revenue, insightRate), r(20_000))
      : ZERO,
  ];
  const total = paid.reduce((a, b) => q.add(a, b), ZERO);
  return {
    tier: rank === 2 ? "Power" : rank === 1 ? "Synergy" : null,
    subtiers: powerServices ? ["Power Services"] : [],
    payouts: [...paid, total].map((x) => q.formatFixed(x, 2, "half_up")),
  };
}

// ------------------------------------------------------------------ floats

/** A typed record with every number as the nearest double, as JSON would give it. */
export type FloatRecord = Record<string, number | string | boolean | readonly string[] | undefined>;

export function toFloatRecord(record: Readonly<Record<string, Value>>): FloatRecord {
  const out: FloatRecord = {};
  for (const [name, value] of Object.entries(record)) {
    out[name] = isNum(value) ? q.toNearestNumber(value) : (value as string | boolean | readonly string[]);
  }
  return out;
}

const fdiv = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || b === 0 ? undefined : a / b;

function floatScore(weight: number, t: number, g: number, max: number, v: number | undefined): number {
  if (v === undefined) return 0;
  const s = t < g ? (v < t ? 0 : (v - t) / (g - t)) : v > t ? 0 : (t - v) / (t - g);
  return weight * Math.min(s, max);
}

// What a hand-written float version typically does: Math.round on cents (half up for positives).
const floatPay = (amount: number | undefined, cap: number): number =>
  amount === undefined ? 0 : Math.round(Math.max(0, Math.min(amount, cap)) * 100) / 100;

export function amplifyFloat(f: FloatRecord): Outcome {
  const n = (name: string) => f[name] as number | undefined;
  const revenue = n("revenue")!;
  const services = (f["services"] ?? []) as readonly string[];
  const csat = n("csat");
  const capability = services.length * 0.3 + Math.min(n("certified_engineers")!, 4) * 0.1;
  const attainment = fdiv(revenue, n("sales_target")) ?? 0;
  const conversion = fdiv(n("deals_won"), n("deals_registered")) ?? 0;
  const presales = fdiv(n("presales_requests"), n("deals_registered")) ?? 0;
  const averageDeal = fdiv(revenue, n("orders"));
  const perAccount = fdiv(revenue, n("accounts_active"));
  const retention = fdiv(n("accounts_retained"), n("accounts_start"));
  const expansion = fdiv(n("accounts_expanded"), n("accounts_start")) ?? 0;
  const weeks = fdiv(n("inventory_units"), n("units_sold"));
  const weeksOfStock = weeks === undefined ? undefined : weeks * 13;
  const insight = (n("online_sales_share")! + (n("repeat_buyer_share") ?? 0)) / 2;

  const synergy = f["shares_data"] === true && revenue >= 50_000;
  const power = synergy && n("investment")! >= 100_000 && revenue >= 1_000_000 && attainment >= 0.9;
  const rank = power ? 2 : synergy ? 1 : 0;
  const powerServices =
    rank >= 2 &&
    (services.includes("DaaS") || services.includes("Managed Print")) &&
    capability >= 0.6 &&
    csat !== undefined &&
    csat >= 8;
  const performance =
    floatScore(0.25, 0.8, 1.2, 1.25, attainment) +
    floatScore(0.1, 0.1, 0.5, 1, conversion) +
    floatScore(0.05, 0, 0.5, 1, presales) +
    floatScore(0.15, 0, 1, 1, capability) +
    floatScore(0.1, 10, 2, 1, n("delivery_days")) +
    floatScore(0.15, 0.7, 0.95, 1, retention) +
    floatScore(0.1, 0, 0.2, 1, expansion) +
    floatScore(0.1, 6, 9, 1, csat);
  const baseRate = rank === 2 ? 0.02 : rank === 1 ? 0.01 : 0;
  const multiplier = attainment < 0.8 ? 0 : attainment < 1 ? 0.8 : attainment < 1.2 ? 1 : 1.2;
  const insightRate = insight < 0.2 ? 0.001 : insight < 0.5 ? 0.002 : 0.003;
  const paid = [
    rank >= 1 && performance >= 0.4 ? floatPay(revenue * baseRate * multiplier * performance, 150_000) : 0,
    powerServices ? floatPay((n("services_revenue") ?? 0) * 0.03, 50_000) : 0,
    rank >= 2 ? floatPay(Math.min(n("investment")! * 0.1, revenue * 0.005), 40_000) : 0,
    rank >= 1 && n("deals_registered")! >= 20 && conversion >= 0.25
      ? floatPay(n("deals_won")! * 100 * (averageDeal !== undefined && averageDeal >= 25_000 ? 2 : 1), 10_000)
      : 0,
    rank >= 1 && retention !== undefined && retention >= 0.9
      ? floatPay(perAccount === undefined ? undefined : n("accounts_expanded")! * perAccount * 0.01, 15_000)
      : 0,
    rank >= 1 && weeksOfStock !== undefined && weeksOfStock >= 2 && weeksOfStock <= 8
      ? floatPay(revenue * insightRate, 20_000)
      : 0,
  ];
  const total = paid.reduce((a, b) => a + b, 0);
  return {
    tier: rank === 2 ? "Power" : rank === 1 ? "Synergy" : null,
    subtiers: powerServices ? ["Power Services"] : [],
    payouts: [...paid, total].map((x) => x.toFixed(2)),
  };
}
