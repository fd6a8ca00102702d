// Spec sections 3.5–3.7 and 4, end to end: each case is a small program in
// PPL source, compiled and evaluated on one partner, and
// compared with a result computed by hand. All three back ends must agree.
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";
import { compileValidated } from "../compile/compiled-program.js";
import { typePartnerJson } from "../../src/io/partner-json.js";
import { createRulesEngineEvaluator } from "../../src/runtime/rules-engine.js";
import { createEvaluator, toResultRow } from "../../src/runtime/evaluator/index.js";
import * as oracle from "../oracle/partner.js";
import type { OkRow } from "../../src/runtime/result-types.js";
import type { Value } from "../../src/runtime/values.js";

async function run(body: string, record: Record<string, unknown>, header = "currency USD"): Promise<OkRow> {
  const source = `program "T" { ${header} }\ninput id: text key\n${body}\n`;
  const { checked, diagnostics } = checkSource(source, "t.ppl");
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.range.start.line}: ${d.message}`).join("\n"));
  const artifact = compileValidated(checked, source);
  const typed = typePartnerJson(artifact, JSON.stringify({ id: "P", ...record }));
  if (!typed.ok) throw new Error(JSON.stringify(typed.errors));
  const values = typed.values as Record<string, Value>;
  const reference = oracle.toResultRow(oracle.evaluatePartner(artifact, values), 1, "P", artifact);
  const rules = toResultRow(await createRulesEngineEvaluator(artifact).evaluate(values), 1, "P", artifact);
  const fast = toResultRow(createEvaluator(artifact)(values), 1, "P", artifact);
  // Both back ends write the same shortfalls; the oracle knows every other field.
  expect(JSON.stringify(rules)).toBe(JSON.stringify(fast));
  expect(JSON.stringify(oracle.withoutShortfalls(fast))).toBe(JSON.stringify(reference));
  return reference;
}

/** The amount paid by `incentive pay { amount EXPR }`. */
async function pay(expr: string, record: Record<string, unknown> = {}, inputs = "", header?: string): Promise<string> {
  const row = await run(`${inputs}\nincentive pay { amount ${expr} }`, record, header);
  return row.incentives.pay;
}

/** 1 when the condition holds, 0 when not. */
async function holds(condition: string, record: Record<string, unknown> = {}, inputs = ""): Promise<boolean> {
  return (await pay(`if ${condition} then 1 else 0`, record, inputs)) === "1.00";
}

describe("exact arithmetic (section 4)", () => {
  it("never goes through binary floats", async () => {
    expect(await holds("0.7 + 0.1 >= 80%")).toBe(true);
    expect(await holds("1 / 3 * 3 = 1")).toBe(true);
    expect(await holds("0.1 + 0.2 = 0.3")).toBe(true);
    expect(await pay("99999.99 * 3")).toBe("299999.97");
  });

  it("rounds only at the end, to the currency's minor unit, with the program's mode", async () => {
    expect(await pay("250.005", {}, "", "currency USD rounding half_even")).toBe("250.00");
    expect(await pay("250.015", {}, "", "currency USD rounding half_even")).toBe("250.02");
    expect(await pay("250.005", {}, "", "currency USD rounding half_up")).toBe("250.01");
    expect(await pay("1000 / 3 * 0.0015", {}, "", "currency USD")).toBe("0.50");
    expect(await pay("1234.5", {}, "", "currency JPY rounding half_up")).toBe("1235");
    expect(await pay("1234.5", {}, "", "currency JPY rounding half_even")).toBe("1234");
    expect(await pay("1.0005", {}, "", "currency BHD")).toBe("1.001");
  });

  it("round() uses the program's rounding mode", async () => {
    expect(await pay("round(2.5, 0)", {}, "", "currency USD rounding half_even")).toBe("2.00");
    expect(await pay("round(2.5, 0)", {}, "", "currency USD rounding half_up")).toBe("3.00");
    expect(await pay("round(-2.5, 0) + 10", {}, "", "currency USD rounding half_up")).toBe("7.00");
  });

  it("computes min, max, abs, clamp and count", async () => {
    expect(
      await pay(
        "min(3, 1, 2) + max(4, 5) + abs(-7) + clamp(15, 0, 10) + count(l)",
        { l: ["a", "b"] },
        'input l: list of "a", "b", "c"',
      ),
    ).toBe("25.00");
  });
});

describe("missing values (section 4)", () => {
  const inputs = 'input x: number optional\ninput flag: boolean optional\ninput s: one of "a", "b" optional';

  it("propagate through arithmetic and functions, and division by zero is missing", async () => {
    const row = await run(`${inputs}\nkpi a = x + 1\nkpi b = 5 / 0\nkpi c = min(x, 1)\nkpi d = 5 / 0 otherwise 7`, {});
    expect(row.kpis).toEqual({ a: null, b: null, c: null, d: 7 });
  });

  it("make every comparison false, != included, and not applies after", async () => {
    expect(await holds("x > 1", {}, inputs)).toBe(false);
    expect(await holds("x <= 1", {}, inputs)).toBe(false);
    expect(await holds("x != 1", {}, inputs)).toBe(false);
    expect(await holds("x between 0 and 10", {}, inputs)).toBe(false);
    expect(await holds('s in ["a", "b"]', {}, inputs)).toBe(false);
    expect(await holds('s not in ["a"]', {}, inputs)).toBe(false);
    expect(await holds("not (x > 1)", {}, inputs)).toBe(true);
    expect(await holds("flag", {}, inputs)).toBe(false);
    expect(await holds("not flag", {}, inputs)).toBe(true);
    expect(await holds("x is missing and flag is missing", {}, inputs)).toBe(true);
    expect(await holds("x is not missing", { x: 0 }, inputs)).toBe(true);
  });

  it("pays 0 for a missing amount", async () => {
    expect(await pay("x * 2", {}, inputs)).toBe("0.00");
    expect(await pay("x * 2 otherwise 5", {}, inputs)).toBe("5.00");
  });

  it("takes the else branch when an if condition is missing", async () => {
    expect(await pay("if x > 1 then 1 else 2", {}, inputs)).toBe("2.00");
  });
});

describe("comparisons (section 4)", () => {
  it("between is inclusive at both ends", async () => {
    expect(await holds("5 between 5 and 6")).toBe(true);
    expect(await holds("6 between 5 and 6")).toBe(true);
    expect(await holds("6.01 between 5 and 6")).toBe(false);
  });

  it("in works on list inputs, list literals and subtiers", async () => {
    const inputs = 'input l: list of "DaaS", "Managed Print"';
    expect(await holds('"DaaS" in l', { l: ["DaaS"] }, inputs)).toBe(true);
    expect(await holds('"Managed Print" in l', { l: [] }, inputs)).toBe(false);
    expect(await holds('"Managed Print" not in l', { l: [] }, inputs)).toBe(true);
    expect(await holds("3 in [1, 2, 3]")).toBe(true);
  });
});

describe("scorecards (section 3.5)", () => {
  const program = (line: string) => `input v: number optional\nscorecard s {\n  ${line}\n}`;
  const score = async (line: string, v?: number) => (await run(program(line), v === undefined ? {} : { v })).scores.s;

  it("scores higher-is-better lines from threshold to target, capped at max", async () => {
    expect(await score("v weight 100% threshold 10 target 20", 15)).toBe(0.5);
    expect(await score("v weight 100% threshold 10 target 20", 9)).toBe(0);
    expect(await score("v weight 100% threshold 10 target 20", 30)).toBe(1);
    expect(await score("v weight 100% threshold 10 target 20 max 150%", 30)).toBe(1.5);
    expect(await score("v weight 100% threshold 10 target 20 max 150%", 50)).toBe(1.5);
  });

  it("scores lower-is-better lines, equal threshold and target, and missing values", async () => {
    expect(await score("v weight 100% threshold 10 target 2", 4)).toBe(0.75);
    expect(await score("v weight 100% threshold 10 target 2", 11)).toBe(0);
    expect(await score("v weight 100% threshold 5 target 5", 5)).toBe(1);
    expect(await score("v weight 100% threshold 5 target 5", 4.99)).toBe(0);
    expect(await score("v weight 100% threshold -5% target 5%", 0)).toBe(0.5);
    expect(await score("v weight 100% threshold 10 target 20")).toBe(0);
  });

  it("sums weight × score over lines", async () => {
    const row = await run(
      "input a: number\ninput b: number\nscorecard s {\n  a weight 30% threshold 0 target 10\n  b weight 70% threshold 0 target 10\n}",
      { a: 5, b: 10 },
    );
    expect(row.scores.s).toBe(0.85);
  });
});

describe("tables (section 3.6)", () => {
  const bands =
    "input k: number optional\ntable t by k {\n  below 0: -1\n  0 to 10: 1\n  10 to 20: 2\n  20 and above: 3\n}\nkpi v = t";
  it.each([
    [-0.01, -1],
    [0, 1],
    [9.99, 1],
    [10, 2],
    [20, 3],
    [1e6, 3],
  ])("puts key %s in its band (X ≤ key < Y)", async (k, v) => {
    expect((await run(bands, { k })).kpis.v).toBe(v);
  });

  it("gives missing for a missing band key", async () => {
    expect((await run(bands, {})).kpis.v).toBe(null);
  });

  it("matches tier names and strings, with otherwise catching the rest and a missing key", async () => {
    const body =
      'input r: one of "N", "S", "E" optional\ninput rev: money\ntier A { require rev >= 10 }\ntier B extends A { require rev >= 100 }\n' +
      'table byTier by tier {\n  A: 1\n  B: 2\n}\ntable byRegion by r {\n  "N": 5\n  otherwise: 9\n}\nkpi t1 = byTier\nkpi t2 = byRegion';
    expect((await run(body, { r: "N", rev: 100 })).kpis).toEqual({ t1: 2, t2: 5 });
    expect((await run(body, { r: "S", rev: 10 })).kpis).toEqual({ t1: 1, t2: 9 });
    expect((await run(body, { rev: 1 })).kpis).toEqual({ t1: null, t2: 9 });
  });
});

describe("incentives (section 3.7)", () => {
  const inputs = "input a: money";
  const paid = async (body: string, a: number) =>
    (await run(`${inputs}\ntier M { require a >= 0 }\nincentive i { ${body} }`, { a })).incentives.i;

  it("caps, then floors at 0, then rounds", async () => {
    expect(await paid("amount a * 2  cap 100", 70)).toBe("100.00");
    expect(await paid("amount a * 2  cap 100", 10)).toBe("20.00");
    expect(await paid("amount a - 50  cap 100", 10)).toBe("0.00");
    expect(await paid("amount a / 3", 10)).toBe("3.33");
  });

  it("pays 0 when `when` does not hold, and sums rounded amounts into the total", async () => {
    const row = await run(`${inputs}\nincentive i { when a > 5  amount a / 3 }\nincentive j { amount a / 3 }`, {
      a: 10,
    });
    expect(row.incentives).toEqual({ i: "3.33", j: "3.33" });
    expect(row.total).toBe("6.66");
    const none = await run(`${inputs}\nincentive i { when a > 50  amount a / 3 }`, { a: 10 });
    expect(none.incentives.i).toBe("0.00");
  });
});

describe("tiers, subtiers, benefits and unmet (sections 3.4 and 7)", () => {
  const body = `
input rev: money
input svc: boolean
tier Bronze { require rev >= 10  benefit "b1"  benefit "shared" }
tier Silver extends Bronze { require rev >= 100 as "Silver volume"  benefit "s1"  benefit "shared" }
tier Gold extends Silver { require rev >= 1000  require svc  benefit "g1" }
subtier "Silver Services" of Silver { require svc  benefit "ss1" }
subtier BronzePlus of Bronze { require rev >= 50  benefit "bp1" }`;

  it("holds the highest tier whose requirements (inherited too) all hold", async () => {
    expect((await run(body, { rev: 5000, svc: false })).tier).toBe("Silver");
    expect((await run(body, { rev: 5000, svc: true })).tier).toBe("Gold");
    expect((await run(body, { rev: 5, svc: true })).tier).toBe(null);
  });

  it("compares `tier` by rank with tier names written as names or strings", async () => {
    const quoted =
      'input rev: money\ntier "Gold Plus" { require rev >= 100 }\ntier Top extends "Gold Plus" { require rev >= 1000 }\n';
    const row = await run(quoted + 'kpi atLeastGold = tier >= "Gold Plus"\nkpi exactlyGold = tier = "Gold Plus"', {
      rev: 5000,
    });
    expect(row.kpis).toEqual({ atLeastGold: true, exactlyGold: false });
  });

  it("reaches subtiers of the partner's tier or a tier below it, in declaration order", async () => {
    const gold = await run(body, { rev: 5000, svc: true });
    expect(gold.subtiers).toEqual(["Silver Services", "BronzePlus"]);
    expect(gold.benefits).toEqual(["b1", "shared", "s1", "g1", "ss1", "bp1"]);
  });

  it("lists the next tier's failing requirements, then each reachable subtier's", async () => {
    const bronze = await run(body, { rev: 20, svc: false });
    expect(bronze.tier).toBe("Bronze");
    expect(bronze.unmet).toEqual([
      { tier: "Silver", requirement: "Silver volume", values: { rev: 20 } },
      { tier: "BronzePlus", requirement: "rev >= 50", values: { rev: 20 } },
    ]);
    const none = await run(body, { rev: 5, svc: true });
    expect(none.unmet).toEqual([{ tier: "Bronze", requirement: "rev >= 10", values: { rev: 5 } }]);
  });
});

describe("confidential values (sections 3.2 and 7)", () => {
  it("redacts KPIs and scores that use them, directly or through other values, and unmet values", async () => {
    const row = await run(
      `input stock: integer confidential\ninput rev: money\nkpi cover = stock / 10\nkpi cover2 = cover * 2\nkpi open = rev / 2\n` +
        `scorecard s { cover2 weight 100% threshold 0 target 10 }\ntier T { require stock >= 100 }`,
      { stock: 7, rev: 10 },
    );
    expect(row.kpis).toEqual({ cover: "[redacted]", cover2: "[redacted]", open: 5 });
    expect(row.scores).toEqual({ s: "[redacted]" });
    expect(row.unmet).toEqual([{ tier: "T", requirement: "stock >= 100", values: { stock: "[redacted]" } }]);
  });
});
