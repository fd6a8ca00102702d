import { describe, expect, it } from "vitest";
import { checkProgram } from "../../src/check/check.js";
import { outputType } from "../../src/check/value-types.js";
import { parse } from "../../src/syntax/parse.js";
import { diagnoseSource } from "./diagnose-source.js";
import { SPEC_EXAMPLE } from "./spec-example.js";

describe("the spec's section 1 example", () => {
  it("checks with no errors and no warnings", () => {
    expect(diagnoseSource(SPEC_EXAMPLE, "example.ppl")).toEqual([]);
  });

  const result = checkProgram(parse(SPEC_EXAMPLE, "example.ppl").program);

  it("gives every derived value the type the compiler writes out", () => {
    const types = Object.fromEntries([...result.valueTypes].map(([name, type]) => [name, outputType(type)]));
    expect(types).toMatchObject({
      attainment: "number",
      conversion: "number",
      performance: "number",
      base_rate: "number",
      growth: "number",
      rebate: "money",
      services_bonus: "money",
      region: "text",
      services: "list",
    });
    expect(result.valueTypes.get("base_rate")?.kind).toBe("percent");
    expect(result.valueTypes.get("performance")?.kind).toBe("percent");
  });

  it("resolves symbols, tiers in rank order and the header with defaults", () => {
    expect(result.symbols.values.get("rebate")?.kind).toBe("incentive");
    expect(result.symbols.tierOrder.map((t) => [t.name, t.rank])).toEqual([
      ["Member", 1],
      ["Premier", 2],
    ]);
    expect(result.symbols.subtiers.has("Premier Services")).toBe(true);
    expect(result.settings).toMatchObject({
      name: "Channel Plus",
      version: "FY21-Q1",
      currency: "USD",
      minorUnits: 2,
      rounding: "half_up",
    });
  });

  it("builds the dependency graph in evaluation order", () => {
    const { dependencies } = result;
    expect([...(dependencies.uses.get("rebate") ?? [])].sort()).toEqual([
      "base_rate",
      "growth",
      "performance",
      "revenue",
    ]);
    expect([...dependencies.usesTier].sort()).toEqual(["base_rate", "rebate"]);
    expect([...dependencies.usesSubtiers]).toEqual(["services_bonus"]);
    const order = dependencies.evaluationOrder;
    expect(order.indexOf("attainment")).toBeLessThan(order.indexOf("performance"));
    expect(order.indexOf("growth")).toBeLessThan(order.indexOf("rebate"));
    expect(dependencies.confidential.size).toBe(0);
  });

  it("infers a type for every expression node", () => {
    const kinds = new Set([...result.types.values()].map((t) => t.kind));
    expect(kinds.has("unknown")).toBe(false);
  });
});

describe("confidential values", () => {
  it("marks derived values that use a confidential input, directly or through others", () => {
    const source = SPEC_EXAMPLE.replace(
      "kpi conversion",
      "kpi stock_turn = revenue / inventory_units otherwise 0\nkpi turn_score = stock_turn * 2\nkpi conversion",
    );
    const { dependencies, diagnostics } = checkProgram(parse(source, "c.ppl").program);
    expect(diagnostics).toEqual([]);
    expect([...dependencies.confidential].sort()).toEqual(["stock_turn", "turn_score"]);
  });
});
