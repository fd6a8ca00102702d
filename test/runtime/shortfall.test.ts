// Shortfalls (runtime/shortfall.ts), each computed by hand: every comparison
// kind, `and`/`or`, the solve in one input (ratio, product, sum), the
// non-linear refusals and confidential values. Both back ends must write them.
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";
import { compileProgram } from "../../src/compile/compile.js";
import { typePartnerJson } from "../../src/io/partner-json.js";
import { createEvaluator, toResultRow } from "../../src/runtime/evaluator/index.js";
import { Evaluation } from "../../src/runtime/evaluator/evaluation.js";
import { createRulesEngineEvaluator } from "../../src/runtime/rules-engine.js";
import { requirementShortfall, shortfallWords, type ShortfallOutput } from "../../src/runtime/shortfall.js";
import type { Value } from "../../src/runtime/values.js";

const INPUTS = `
input id: text key
input revenue: money min 0
input services_revenue: money min 0
input sales_target: money min 0
input costs: money min 0
input rate: number min 0
input deals: integer min 0
input days: number min 0
input csat: number min 0 max 10 optional
input region: one of "AMS", "EMEA"
input signed: boolean
input secret: money min 0 confidential
`;

const PARTNER = {
  revenue: 940000,
  services_revenue: 60000,
  sales_target: 1000000,
  costs: 100000,
  rate: 0.02,
  deals: 3,
  days: 7.5,
  csat: 6,
  region: "AMS",
  signed: false,
  secret: 500,
};

function program(body: string, header = "currency USD") {
  const source = `program "T" { ${header} }\n${INPUTS}\n${body}\n`;
  const { checked, diagnostics } = checkSource(source, "t.ppl");
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.range.start.line}: ${d.message}`).join("\n"));
  return compileProgram(checked, source);
}

/** The shortfall of each unmet requirement of tier Goal, by label. */
async function shortfalls(
  body: string,
  partner: Record<string, unknown> = {},
  header?: string,
): Promise<Record<string, ShortfallOutput | undefined>> {
  const artifact = program(`${body}`, header);
  const typed = typePartnerJson(artifact, JSON.stringify({ id: "P", ...PARTNER, ...partner }));
  if (!typed.ok) throw new Error(JSON.stringify(typed.errors));
  const values = typed.values as Record<string, Value>;
  const row = toResultRow(createEvaluator(artifact)(values), 1, "P", artifact);
  const viaRules = toResultRow(await createRulesEngineEvaluator(artifact).evaluate(values), 1, "P", artifact);
  expect(JSON.stringify(viaRules)).toBe(JSON.stringify(row));
  return Object.fromEntries(row.unmet.map((entry) => [entry.requirement, entry.shortfall]));
}

async function one(requirement: string, partner: Record<string, unknown> = {}, extra = "", header?: string) {
  const found = await shortfalls(`${extra}\ntier Goal { require ${requirement} as "r" }`, partner, header);
  expect(Object.keys(found)).toEqual(["r"]);
  return found.r;
}

describe("the shortfall of each comparison kind", () => {
  it(">= on money: has, needs, short as money strings", async () => {
    expect(await one("revenue >= 1M")).toEqual({
      value: "revenue",
      has: "940000.00",
      needs: "1000000.00",
      short: "60000.00",
      inputs: [],
    });
  });

  it("rounds a money shortfall up to the minor unit, and JPY has none", async () => {
    const short = await one("revenue >= 1M", { revenue: 999999.991 });
    expect(short).toMatchObject({ has: "999999.99", needs: "1000000.00", short: "0.01" });
    const yen = await one("revenue >= 1M", { revenue: 999998.2 }, "", "currency JPY");
    expect(yen).toMatchObject({ has: "999998", needs: "1000000", short: "2" });
  });

  it("> on integers needs the next whole number, on money the next cent", async () => {
    expect(await one("deals > 4")).toEqual({ value: "deals", has: 3, needs: 5, short: 2, inputs: [] });
    expect(await one("revenue > 1M")).toMatchObject({ needs: "1000000.01", short: "60000.01" });
  });

  it(">= a fractional bound on integers rounds the bound up", async () => {
    expect(await one("deals >= 4.5")).toMatchObject({ has: 3, needs: 5, short: 2 });
  });

  it("<= and < ask for less", async () => {
    expect(await one("days <= 5")).toEqual({ value: "days", has: 7.5, needs: 5, short: 2.5, inputs: [] });
    expect(await one("deals < 2")).toMatchObject({ has: 3, needs: 1, short: 2 });
    // On plain numbers a strict bound has no nearest value: needs is the bound to pass.
    expect(await one("days < 5")).toMatchObject({ has: 7.5, needs: 5, short: 2.5 });
  });

  it("= gives the distance either way", async () => {
    expect(await one("deals = 10")).toMatchObject({ has: 3, needs: 10, short: 7 });
    expect(await one("days = 2")).toMatchObject({ has: 7.5, needs: 2, short: 5.5 });
    // No whole number equals 2.5.
    expect(await one("deals = 2.5")).toBeUndefined();
  });

  it("between: the nearer end", async () => {
    expect(await one("csat between 7 and 9")).toMatchObject({ value: "csat", has: 6, needs: 7, short: 1 });
    expect(await one("csat between 2 and 5")).toMatchObject({ has: 6, needs: 5, short: 1 });
  });

  it("a constant on the left is read the other way round", async () => {
    expect(await one("1M <= revenue")).toMatchObject({ value: "revenue", needs: "1000000.00", short: "60000.00" });
  });

  it("a bound that is another value, independent of the compared one", async () => {
    expect(await one("revenue >= sales_target")).toMatchObject({ has: "940000.00", needs: "1000000.00" });
    // Both sides use revenue: no shortfall.
    expect(await one("revenue >= revenue * 2")).toBeUndefined();
  });

  it("and: every failing comparison, in the order written; or: the closest alternative", async () => {
    expect(await one("revenue >= 1M and deals >= 10 and days <= 9")).toEqual({
      value: "revenue",
      has: "940000.00",
      needs: "1000000.00",
      short: "60000.00",
      inputs: [],
      also: [{ value: "deals", has: 3, needs: 10, short: 7, inputs: [] }],
    });
    // 60k of 1M (6%) is closer than 7 of 10 deals (70%).
    expect(await one("deals >= 10 or revenue >= 1M")).toMatchObject({ value: "revenue", short: "60000.00" });
    // A failing boolean part has no shortfall; the numeric part still has one.
    expect(await one("signed and deals >= 4")).toMatchObject({ value: "deals", short: 1 });
  });

  it("no shortfall for booleans, text, lists, missing values or !=", async () => {
    const found = await shortfalls(
      `tier Goal {
        require signed as "a"
        require region = "EMEA" as "b"
        require csat >= 8 as "c"
        require deals != 3 as "d"
        require not (deals < 5) as "e"
      }`,
      { csat: null },
    );
    expect(found).toEqual({ a: undefined, b: undefined, c: undefined, d: undefined, e: undefined });
  });
});

describe("the change in one input that closes it", () => {
  it("a ratio: revenue up, or the target down (rounded so that it is enough)", async () => {
    expect(await one("attainment >= 95%", {}, "kpi attainment = revenue / sales_target otherwise 0")).toEqual({
      value: "attainment",
      has: 0.94,
      needs: 0.95,
      short: 0.01,
      inputs: [
        { input: "revenue", has: "940000.00", needs: "950000.00", change: "10000.00" },
        // 940,000 / 0.95 = 989,473.684…, rounded down to the cent.
        { input: "sales_target", has: "1000000.00", needs: "989473.68", change: "-10526.32" },
      ],
    });
  });

  it("a product: revenue × rate (money and number inputs)", async () => {
    // 940,000 × 2% = 18,800; 20,000 needs revenue 1,000,000 or rate 20,000 / 940,000 = 0.0212765957…
    const short = await one("commission >= 20k", {}, "kpi commission = revenue * rate");
    expect(short).toMatchObject({ value: "commission", has: "18800.00", needs: "20000.00", short: "1200.00" });
    expect(short!.inputs).toEqual([
      { input: "revenue", has: "940000.00", needs: "1000000.00", change: "60000.00" },
      { input: "rate", has: 0.02, needs: 20000 / 940000, change: 3 / 2350 },
    ]);
  });

  it("a sum through two KPIs, and a difference that would need a negative input", async () => {
    const short = await one(
      "margin >= 950k",
      {},
      "kpi all_revenue = revenue + services_revenue\nkpi margin = all_revenue - costs",
    );
    // 940k + 60k - 100k = 900k; 50k more of either revenue, or 50k less costs.
    expect(short!.inputs).toEqual([
      { input: "revenue", has: "940000.00", needs: "990000.00", change: "50000.00" },
      { input: "services_revenue", has: "60000.00", needs: "110000.00", change: "50000.00" },
      { input: "costs", has: "100000.00", needs: "50000.00", change: "-50000.00" },
    ]);
    // Closing 150k by costs alone would take costs to -50k, below `min 0`: not offered.
    const far = await one("margin >= 1.05M", {}, "kpi margin = revenue + services_revenue - costs");
    expect(far!.inputs.map((input) => input.input)).toEqual(["revenue", "services_revenue"]);
  });

  it("whole deals: rounded up to a whole number", async () => {
    // 3 × 30k = 90k; 100k needs 3.33… deals, so 4.
    const short = await one("pipeline >= 100k", {}, "kpi pipeline = deals * 30k");
    expect(short!.inputs).toEqual([{ input: "deals", has: 3, needs: 4, change: 1 }]);
  });

  it("refuses min, max, if, tables, scorecards and products of the input with itself", async () => {
    const refused = await shortfalls(
      `kpi capped = min(revenue, 5M)
       kpi stepped = if revenue > 2M then revenue else revenue / 2
       kpi squared = rate * rate * 50M
       table band by revenue { below 1M: 1  1M and above: 2 }
       scorecard perf { revenue weight 100% threshold 0 target 2M }
       tier Goal {
         require capped >= 1M as "min"
         require stepped >= 1M as "if"
         require squared >= 1M as "square"
         require band >= 2 as "table"
         require perf >= 60% as "scorecard"
       }`,
    );
    for (const [label, short] of Object.entries(refused)) {
      expect(short, label).toBeDefined();
      expect(short!.inputs, label).toEqual([]);
    }
    expect(refused.min).toMatchObject({ has: "940000.00", needs: "1000000.00", short: "60000.00" });
    expect(refused.scorecard).toMatchObject({ has: 0.47, needs: 0.6 });
  });

  it("refuses `otherwise` when its left side is missing", async () => {
    const short = await one(
      "attainment >= 90%",
      { sales_target: 0 },
      "kpi attainment = revenue / sales_target otherwise 0",
    );
    expect(short).toEqual({ value: "attainment", has: 0, needs: 0.9, short: 0.9, inputs: [] });
  });
});

describe("confidential values", () => {
  it("redacts what a confidential value would reveal and solves in no input", async () => {
    // secret_ratio uses the confidential secret: its value and short are redacted, nothing is solved.
    expect(await one("secret_ratio >= 10k", {}, "kpi secret_ratio = revenue / secret")).toEqual({
      value: "secret_ratio",
      has: "[redacted]",
      needs: 10000,
      short: "[redacted]",
      inputs: [],
    });
    // A confidential bound: has shows, needs and short do not.
    expect(await one("revenue >= secret * 10k")).toEqual({
      value: "revenue",
      has: "940000.00",
      needs: "[redacted]",
      short: "[redacted]",
      inputs: [],
    });
  });

  it("never solves in a confidential input", async () => {
    const short = await one("payout >= 1M", {}, "kpi payout = revenue + secret");
    expect(JSON.stringify(short)).not.toContain('secret"');
    expect(short).toMatchObject({ has: "[redacted]", short: "[redacted]", inputs: [] });
  });
});

describe("in words", () => {
  it("says has, needs and short, and each change", async () => {
    const artifact = program(`kpi attainment = revenue / sales_target otherwise 0
      tier Goal { require attainment >= 95% and deals >= 4 }`);
    const typed = typePartnerJson(artifact, JSON.stringify({ id: "P", ...PARTNER }));
    if (!typed.ok) throw new Error("untyped");
    const evaluation = createEvaluator(artifact)(typed.values as Record<string, Value>) as Evaluation;
    const result = requirementShortfall(evaluation.plan, evaluation.state, artifact.tiers[0]!.requirements[0]!.expr);
    expect(shortfallWords(evaluation.plan, result!)).toEqual([
      "attainment is 0.94, needs 0.95: 0.01 short; closed by changing one of revenue +10,000.00 (from 940,000.00 to 950,000.00) or sales_target -10,526.32 (from 1,000,000.00 to 989,473.68)",
      "and deals is 3, needs 4: 1 short",
    ]);
  });
});
