// The program of spec section 1, compiled by hand into artifact pieces.

import type { ExprTree, RequirementSpec, TierSpec } from "../../src/compile/artifact-types.js";
import type { CompiledProgram } from "../../src/runtime/partner.js";
import type { Value } from "../../src/runtime/values.js";
import { bin, num, ref, str, tierName, x } from "./expr-builders.js";
import { channelPlusInputs } from "../io/program-inputs.js";

export const source = { file: "channel.ppl", line: 1, column: 1, endLine: 1, endColumn: 2 };

export const requirement = (label: string, expr: ExprTree, names: string[], declaredIn: string): RequirementSpec => ({
  label,
  expr,
  names,
  declaredIn,
  source,
});

const memberRequirements = [
  requirement("Data-sharing agreement signed", ref("shares_data"), ["shares_data"], "Member"),
  requirement("revenue >= 10k", bin("ge", ref("revenue"), num("10000")), ["revenue"], "Member"),
];

export const member: TierSpec = {
  name: "Member",
  rank: 1,
  requirements: memberRequirements,
  benefits: ["Standard program benefits"],
  source,
};

export const premier: TierSpec = {
  name: "Premier",
  rank: 2,
  extends: "Member",
  requirements: [
    ...memberRequirements,
    requirement("Minimum partner investment", bin("ge", ref("investment"), num("250000")), ["investment"], "Premier"),
    requirement("attainment >= 90%", bin("ge", ref("attainment"), num("9/10")), ["attainment"], "Premier"),
  ],
  benefits: ["Standard program benefits", "Marketing support", "Dedicated technical resources"],
  source,
};

const product = (...factors: ExprTree[]): ExprTree => factors.reduce((a, b) => bin("mul", a, b));

export const channelPlus: CompiledProgram = {
  program: { name: "Channel Plus", version: "FY21-Q1", currency: "USD", minorUnits: 2, rounding: "half_up" },
  inputs: channelPlusInputs,
  kpis: [
    {
      name: "attainment",
      label: "Sales attainment",
      expr: bin("otherwise", bin("div", ref("revenue"), ref("sales_target")), num("0")),
      type: "number",
      confidential: false,
      source,
    },
    {
      name: "conversion",
      label: "Deal conversion rate",
      expr: bin("div", ref("deals_won"), ref("deals_registered")),
      type: "number",
      confidential: false,
      source,
    },
  ],
  scorecards: [
    {
      name: "performance",
      lines: [
        { value: "attainment", weight: "1/2", threshold: "4/5", target: "1", max: "6/5" },
        { value: "conversion", weight: "3/10", threshold: "1/10", target: "3/10", max: "1" },
        { value: "delivery_days", weight: "1/5", threshold: "10", target: "3", max: "1" },
      ],
      confidential: false,
      source,
    },
  ],
  tables: [
    {
      name: "base_rate",
      key: { op: "tier" },
      rows: [
        { kind: "match", key: "Member", value: num("1/100") },
        { kind: "match", key: "Premier", value: num("1/50") },
      ],
      type: "number",
      confidential: false,
      source,
    },
    {
      name: "growth",
      key: ref("attainment"),
      rows: [
        { kind: "below", bound: "4/5", value: num("0") },
        { kind: "range", from: "4/5", to: "1", value: num("1") },
        { kind: "range", from: "1", to: "6/5", value: num("5/4") },
        { kind: "above", bound: "6/5", value: num("3/2") },
      ],
      type: "number",
      confidential: false,
      source,
    },
  ],
  tiers: [member, premier],
  subtiers: [
    {
      name: "Premier Services",
      parent: "Premier",
      requirements: [
        requirement(
          '"Managed Print" in services or "DaaS" in services',
          bin("or", bin("in", str("Managed Print"), ref("services")), bin("in", str("DaaS"), ref("services"))),
          ["services"],
          "Premier Services",
        ),
        requirement("csat >= 8", bin("ge", ref("csat"), num("8")), ["csat"], "Premier Services"),
      ],
      benefits: ["Managed-services specialists"],
      source,
    },
  ],
  incentives: [
    {
      name: "rebate",
      label: "Quarterly sales rebate",
      when: bin("and", bin("ge", { op: "tier" }, tierName("Member", 1)), bin("ge", ref("performance"), num("1/2"))),
      amount: product(ref("revenue"), ref("base_rate"), ref("performance"), ref("growth")),
      cap: "250000",
      source,
    },
    {
      name: "services_bonus",
      label: "services_bonus",
      when: bin("in", str("Premier Services"), { op: "subtiers" }),
      amount: bin("mul", ref("revenue"), num("1/200")),
      source,
    },
  ],
};

/** The strong Premier partner of the spec's test block. */
export const strongPartner: Record<string, Value> = {
  partner_id: "P-1",
  region: "EMEA",
  revenue: x("20000000"),
  sales_target: x("16000000"),
  deals_registered: x("100"),
  deals_won: x("40"),
  csat: x("9"),
  delivery_days: x("2"),
  services: ["DaaS"],
  investment: x("300000"),
  shares_data: true,
  inventory_units: x("10"),
};

/** The result row printed in spec section 7 for the spec's test partner, in the spec's key order. */
export const SPEC_RESULT_ROW = {
  row: 1,
  partner: "P-1",
  status: "ok",
  tier: "Premier",
  subtiers: ["Premier Services"],
  benefits: [
    "Standard program benefits",
    "Marketing support",
    "Dedicated technical resources",
    "Managed-services specialists",
  ],
  kpis: { attainment: 1.25, conversion: 0.4 },
  scores: { performance: 1.1 },
  incentives: { rebate: "250000.00", services_bonus: "100000.00" },
  total: "350000.00",
  unmet: [],
};
