// rules/amplify.ppl as a user would write it without PPL for two rule
// engines: a json-rules-engine ruleset with hand-written dynamic facts
// (eligibility in rules, amounts in JavaScript floats), and a GoRules ZEN
// decision graph (JDM) with the whole program in one expression node.

import { Engine, type Almanac, type RuleProperties } from "json-rules-engine";
import type { FloatRecord, Outcome } from "./amplify-by-hand.js";

const fdiv = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || b === 0 ? undefined : a / b;
const floatPay = (amount: number | undefined, cap: number): number =>
  amount === undefined ? 0 : Math.round(Math.max(0, Math.min(amount, cap)) * 100) / 100;

function score(weight: number, t: number, g: number, max: number, v: number | undefined | null): number {
  if (v === undefined || v === null) return 0;
  const s = t < g ? (v < t ? 0 : (v - t) / (g - t)) : v > t ? 0 : (t - v) / (t - g);
  return weight * Math.min(s, max);
}

const at = (fact: string, operator: string, value: unknown) => ({ fact, operator, value });

const TIER_RULES: RuleProperties[] = [
  {
    name: "Synergy",
    priority: 10,
    conditions: { all: [at("shares_data", "equal", true), at("revenue", "greaterThanInclusive", 50_000)] },
    event: { type: "tier", params: { rank: 1 } },
  },
  {
    name: "Power",
    priority: 10,
    conditions: {
      all: [
        at("shares_data", "equal", true),
        at("revenue", "greaterThanInclusive", 50_000),
        at("investment", "greaterThanInclusive", 100_000),
        at("revenue", "greaterThanInclusive", 1_000_000),
        at("attainment", "greaterThanInclusive", 0.9),
      ],
    },
    event: { type: "tier", params: { rank: 2 } },
  },
  {
    name: "Power Services",
    priority: 5,
    conditions: {
      all: [
        at("tierRank", "greaterThanInclusive", 2),
        { any: [at("services", "contains", "DaaS"), at("services", "contains", "Managed Print")] },
        at("services_capability", "greaterThanInclusive", 0.6),
        at("csat", "greaterThanInclusive", 8),
      ],
    },
    event: { type: "subtier", params: { name: "Power Services" } },
  },
];

const incentive = (name: string, all: unknown[]): RuleProperties => ({
  name,
  priority: 1,
  conditions: { all: all as never },
  event: { type: "incentive", params: { name } },
});

const INCENTIVE_RULES: RuleProperties[] = [
  incentive("sales_rebate", [
    at("tierRank", "greaterThanInclusive", 1),
    at("performance", "greaterThanInclusive", 0.4),
  ]),
  incentive("services_bonus", [at("powerServices", "equal", true)]),
  incentive("marketing_funds", [at("tierRank", "greaterThanInclusive", 2)]),
  incentive("registration_bonus", [
    at("tierRank", "greaterThanInclusive", 1),
    at("deals_registered", "greaterThanInclusive", 20),
    at("conversion", "greaterThanInclusive", 0.25),
  ]),
  incentive("account_growth_bonus", [
    at("tierRank", "greaterThanInclusive", 1),
    at("retention", "greaterThanInclusive", 0.9),
  ]),
  incentive("data_partnership_bonus", [
    at("tierRank", "greaterThanInclusive", 1),
    at("weeks_of_stock", "greaterThanInclusive", 2),
    at("weeks_of_stock", "lessThanInclusive", 8),
  ]),
];

const INCENTIVES = INCENTIVE_RULES.map((rule) => rule.name as string);

/** A hand-written json-rules-engine evaluator: one engine, runs one at a time. */
export function handWrittenRulesEngine(): (record: FloatRecord) => Promise<Outcome> {
  const engine = new Engine([...TIER_RULES, ...INCENTIVE_RULES], { allowUndefinedFacts: true });
  const value = async (almanac: Almanac, name: string) => (await almanac.factValue(name)) as number | undefined;
  const kpi = (name: string, compute: (almanac: Almanac) => Promise<number | undefined>) =>
    engine.addFact(name, (_params, almanac) => compute(almanac).then((x) => x ?? null));
  kpi("attainment", async (a) => fdiv(await value(a, "revenue"), await value(a, "sales_target")) ?? 0);
  kpi("conversion", async (a) => fdiv(await value(a, "deals_won"), await value(a, "deals_registered")) ?? 0);
  kpi(
    "presales_usage",
    async (a) => fdiv(await value(a, "presales_requests"), await value(a, "deals_registered")) ?? 0,
  );
  kpi("retention", async (a) => fdiv(await value(a, "accounts_retained"), await value(a, "accounts_start")));
  kpi("expansion", async (a) => fdiv(await value(a, "accounts_expanded"), await value(a, "accounts_start")) ?? 0);
  kpi("services_capability", async (a) => {
    const services = (await a.factValue("services")) as string[];
    return services.length * 0.3 + Math.min((await value(a, "certified_engineers")) ?? 0, 4) * 0.1;
  });
  kpi("weeks_of_stock", async (a) => {
    const weeks = fdiv(await value(a, "inventory_units"), await value(a, "units_sold"));
    return weeks === undefined ? undefined : weeks * 13;
  });
  kpi("performance", async (a) => {
    const v = async (name: string) => (await a.factValue(name)) as number | null;
    return (
      score(0.25, 0.8, 1.2, 1.25, await v("attainment")) +
      score(0.1, 0.1, 0.5, 1, await v("conversion")) +
      score(0.05, 0, 0.5, 1, await v("presales_usage")) +
      score(0.15, 0, 1, 1, await v("services_capability")) +
      score(0.1, 10, 2, 1, await v("delivery_days")) +
      score(0.15, 0.7, 0.95, 1, await v("retention")) +
      score(0.1, 0, 0.2, 1, await v("expansion")) +
      score(0.1, 6, 9, 1, await v("csat"))
    );
  });
  // Tiers settle at a higher priority; later rules read them as runtime facts.
  engine.on("success", (event, almanac) => {
    if (event.type === "tier") {
      const rank = event.params!["rank"] as number;
      return almanac.factValue<number>("tierRank").then((current) => {
        if (rank > current) almanac.addRuntimeFact("tierRank", rank);
      });
    }
    if (event.type === "subtier") almanac.addRuntimeFact("powerServices", true);
    return undefined;
  });

  return async (record) => {
    const facts = {
      csat: null,
      delivery_days: null,
      services_revenue: null,
      inventory_units: null,
      repeat_buyer_share: null,
      ...record,
      tierRank: 0,
      powerServices: false,
    };
    const { events, almanac } = await engine.run(facts);
    const eligible = new Set(events.filter((e) => e.type === "incentive").map((e) => e.params!["name"] as string));
    const rank = (await almanac.factValue("tierRank")) as number;
    const n = (name: string) => (record[name] ?? undefined) as number | undefined;
    const revenue = n("revenue")!;
    const attainment = (await almanac.factValue("attainment")) as number;
    const performance = (await almanac.factValue("performance")) as number;
    const averageDeal = fdiv(revenue, n("orders"));
    const perAccount = fdiv(revenue, n("accounts_active"));
    const insight = (n("online_sales_share")! + (n("repeat_buyer_share") ?? 0)) / 2;
    const amounts: Record<string, () => number> = {
      sales_rebate: () =>
        floatPay(
          revenue *
            (rank === 2 ? 0.02 : 0.01) *
            (attainment < 0.8 ? 0 : attainment < 1 ? 0.8 : attainment < 1.2 ? 1 : 1.2) *
            performance,
          150_000,
        ),
      services_bonus: () => floatPay((n("services_revenue") ?? 0) * 0.03, 50_000),
      marketing_funds: () => floatPay(Math.min(n("investment")! * 0.1, revenue * 0.005), 40_000),
      registration_bonus: () =>
        floatPay(n("deals_won")! * 100 * (averageDeal !== undefined && averageDeal >= 25_000 ? 2 : 1), 10_000),
      account_growth_bonus: () =>
        floatPay(perAccount === undefined ? undefined : n("accounts_expanded")! * perAccount * 0.01, 15_000),
      data_partnership_bonus: () => floatPay(revenue * (insight < 0.2 ? 0.001 : insight < 0.5 ? 0.002 : 0.003), 20_000),
    };
    const paid = INCENTIVES.map((name) => (eligible.has(name) ? amounts[name]!() : 0));
    const total = paid.reduce((a, b) => a + b, 0);
    return {
      tier: rank === 2 ? "Power" : rank === 1 ? "Synergy" : null,
      subtiers: events.some((e) => e.type === "subtier") ? ["Power Services"] : [],
      payouts: [...paid, total].map((x) => x.toFixed(2)),
    };
  };
}

// ------------------------------------------------------------------ ZEN

const ZEN_EXPRESSIONS: [string, string][] = [
  ["services_capability", "len(services) * 0.3 + min([certified_engineers, 4]) * 0.1"],
  ["attainment", "sales_target == 0 ? 0 : revenue / sales_target"],
  ["conversion", "deals_registered == 0 ? 0 : deals_won / deals_registered"],
  ["presales_usage", "deals_registered == 0 ? 0 : presales_requests / deals_registered"],
  ["average_deal_size", "orders == 0 ? null : revenue / orders"],
  ["revenue_per_account", "accounts_active == 0 ? null : revenue / accounts_active"],
  ["retention", "accounts_start == 0 ? null : accounts_retained / accounts_start"],
  ["expansion", "accounts_start == 0 ? 0 : accounts_expanded / accounts_start"],
  ["weeks_of_stock", "inventory_units == null or units_sold == 0 ? null : inventory_units / units_sold * 13"],
  ["demand_insight", "(online_sales_share + (repeat_buyer_share == null ? 0 : repeat_buyer_share)) / 2"],
  ["synergy", "shares_data == true and revenue >= 50000"],
  ["power", "$.synergy and investment >= 100000 and revenue >= 1000000 and $.attainment >= 0.9"],
  ["rank", "$.power ? 2 : ($.synergy ? 1 : 0)"],
  ["tier", "$.rank == 2 ? 'Power' : ($.rank == 1 ? 'Synergy' : null)"],
  [
    "power_services",
    "$.rank >= 2 and ('DaaS' in services or 'Managed Print' in services) and $.services_capability >= 0.6 and csat != null and csat >= 8",
  ],
  ["s1", "$.attainment < 0.8 ? 0 : min([($.attainment - 0.8) / 0.4, 1.25])"],
  ["s2", "$.conversion < 0.1 ? 0 : min([($.conversion - 0.1) / 0.4, 1])"],
  ["s3", "min([$.presales_usage / 0.5, 1])"],
  ["s4", "min([$.services_capability, 1])"],
  ["s5", "delivery_days == null or delivery_days > 10 ? 0 : min([(10 - delivery_days) / 8, 1])"],
  ["s6", "$.retention == null or $.retention < 0.7 ? 0 : min([($.retention - 0.7) / 0.25, 1])"],
  ["s7", "min([$.expansion / 0.2, 1])"],
  ["s8", "csat == null or csat < 6 ? 0 : min([(csat - 6) / 3, 1])"],
  [
    "performance",
    "0.25 * $.s1 + 0.1 * $.s2 + 0.05 * $.s3 + 0.15 * $.s4 + 0.1 * $.s5 + 0.15 * $.s6 + 0.1 * $.s7 + 0.1 * $.s8",
  ],
  ["base_rate", "$.rank == 2 ? 0.02 : ($.rank == 1 ? 0.01 : 0)"],
  ["volume_multiplier", "$.attainment < 0.8 ? 0 : ($.attainment < 1 ? 0.8 : ($.attainment < 1.2 ? 1 : 1.2))"],
  ["insight_rate", "$.demand_insight < 0.2 ? 0.001 : ($.demand_insight < 0.5 ? 0.002 : 0.003)"],
  [
    "sales_rebate",
    "$.rank >= 1 and $.performance >= 0.4 ? round(max([0, min([revenue * $.base_rate * $.volume_multiplier * $.performance, 150000])]), 2) : 0",
  ],
  [
    "services_bonus",
    "$.power_services ? round(min([(services_revenue == null ? 0 : services_revenue) * 0.03, 50000]), 2) : 0",
  ],
  ["marketing_funds", "$.rank >= 2 ? round(min([investment * 0.1, revenue * 0.005, 40000]), 2) : 0"],
  [
    "registration_bonus",
    "$.rank >= 1 and deals_registered >= 20 and $.conversion >= 0.25 ? round(min([deals_won * 100 * ($.average_deal_size != null and $.average_deal_size >= 25000 ? 2 : 1), 10000]), 2) : 0",
  ],
  [
    "account_growth_bonus",
    "$.rank >= 1 and $.retention != null and $.retention >= 0.9 and $.revenue_per_account != null ? round(min([accounts_expanded * $.revenue_per_account * 0.01, 15000]), 2) : 0",
  ],
  [
    "data_partnership_bonus",
    "$.rank >= 1 and $.weeks_of_stock != null and $.weeks_of_stock >= 2 and $.weeks_of_stock <= 8 ? round(min([revenue * $.insight_rate, 20000]), 2) : 0",
  ],
];

/** The JDM decision graph: input → one expression node → output. */
export function amplifyJdm(): object {
  const node = (id: string, type: string, content?: object) => ({
    id,
    type,
    name: id,
    position: { x: 0, y: 0 },
    ...(content ? { content } : {}),
  });
  return {
    nodes: [
      node("request", "inputNode"),
      node("amplify", "expressionNode", {
        expressions: ZEN_EXPRESSIONS.map(([key, value]) => ({ id: key, key, value })),
      }),
      node("response", "outputNode"),
    ],
    edges: [
      { id: "e1", sourceId: "request", targetId: "amplify", type: "edge" },
      { id: "e2", sourceId: "amplify", targetId: "response", type: "edge" },
    ],
  };
}

const ZEN_INCENTIVES = [
  "sales_rebate",
  "services_bonus",
  "marketing_funds",
  "registration_bonus",
  "account_growth_bonus",
  "data_partnership_bonus",
];

/** Reads ZEN's result (numbers come back as JS numbers) into the common outcome. */
export function zenOutcome(result: Record<string, unknown>): Outcome {
  const paid = ZEN_INCENTIVES.map((name) => Number(result[name] ?? 0));
  const total = paid.reduce((a, b) => a + b, 0);
  return {
    tier: (result["tier"] as string | null | undefined) ?? null,
    subtiers: result["power_services"] === true ? ["Power Services"] : [],
    payouts: [...paid, total].map((x) => x.toFixed(2)),
  };
}

/** The record as ZEN gets it: JSON-shaped, missing optional values as null. */
export function zenInput(record: FloatRecord): Record<string, unknown> {
  return {
    csat: null,
    delivery_days: null,
    services_revenue: null,
    inventory_units: null,
    repeat_buyer_share: null,
    ...record,
  };
}
