// The names shared by the compiled rules and the runtime that runs them.
//
// Every fact and operator PPL registers on a json-rules-engine Engine starts
// with "ppl:". PPL names are identifiers ([A-Za-z_][A-Za-z0-9_]*), which never
// contain ":", so no fact can collide with an input's name or with a fact the
// user adds to the same engine without the prefix.
//
//   ppl:partner              the partner being evaluated (a runtime fact: pass it to engine.run)
//   ppl:input:NAME           an input value
//   ppl:kpi:NAME             a KPI
//   ppl:scorecard:NAME       a scorecard's score
//   ppl:table:NAME           a table's value
//   ppl:incentive:NAME       an incentive's rounded amount
//   ppl:tier                 the partner's tier (settled once the tier rules have run)
//   ppl:tierRank             its rank, 1 = lowest (missing for a partner with no tier)
//   ppl:subtiers             the subtiers reached (settled once the subtier rules have run)
//   ppl:total                the sum of the rounded incentives
//   ppl:expr                 any expression, given as params.expr (an expression tree)
//   ppl:always               true

export type ValueKind = "input" | "kpi" | "scorecard" | "table" | "incentive";

export const PARTNER_FACT = "ppl:partner";
export const TIER_FACT = "ppl:tier";
export const TIER_RANK_FACT = "ppl:tierRank";
export const SUBTIERS_FACT = "ppl:subtiers";
export const TOTAL_FACT = "ppl:total";
export const EXPR_FACT = "ppl:expr";
export const ALWAYS_FACT = "ppl:always";

export function valueFact(kind: ValueKind, name: string): string {
  return `ppl:${kind}:${name}`;
}

/** The custom operators; each is false when the fact is missing, except isMissing. */
export const OPERATORS = {
  eq: "ppl:eq",
  ne: "ppl:ne",
  lt: "ppl:lt",
  le: "ppl:le",
  gt: "ppl:gt",
  ge: "ppl:ge",
  /** The fact is one of the listed values. */
  in: "ppl:in",
  notIn: "ppl:notIn",
  /** The fact (a list) holds the value. */
  contains: "ppl:contains",
  notContains: "ppl:notContains",
  /** value: [low, high], inclusive. */
  between: "ppl:between",
  isMissing: "ppl:isMissing",
  isNotMissing: "ppl:isNotMissing",
  /** The fact is the boolean true (a missing one is false). */
  true: "ppl:true",
} as const;

export type OperatorName = (typeof OPERATORS)[keyof typeof OPERATORS];

/**
 * Rule priorities: json-rules-engine runs higher priorities first and rules of
 * one priority concurrently, so tiers settle before the subtier rules read
 * ppl:tierRank, and subtiers before the incentive rules read ppl:subtiers.
 */
export const RULE_PRIORITY = { tier: 30, subtier: 20, incentive: 10 } as const;
