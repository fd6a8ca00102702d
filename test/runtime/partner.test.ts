import { describe, expect, it } from "vitest";
import type { KpiSpec, SubtierSpec, TierSpec } from "../../src/compile/artifact-types.js";
import { toExactString } from "../../src/number/exact-text.js";
import { evaluatePartner, toResultRow } from "../../src/runtime/evaluator/index.js";
import type { CompiledProgram } from "../../src/runtime/partner.js";
import { MISSING, type Value } from "../../src/runtime/values.js";
import { bin, num, ref, str, tierName, x } from "./expr-builders.js";
import {
  channelPlus,
  member,
  premier,
  requirement,
  SPEC_RESULT_ROW,
  source,
  strongPartner,
} from "./spec-example-program.js";

const run = (record: Record<string, Value>, program: CompiledProgram = channelPlus, row = 1) =>
  toResultRow(evaluatePartner(program, record), row, record["partner_id"] as string, program);

describe("the spec's example partner", () => {
  it("produces exactly the row of spec section 7", () => {
    expect(JSON.stringify(run(strongPartner))).toBe(JSON.stringify(SPEC_RESULT_ROW));
  });

  it("passes the spec's test block expectations, with total and incentives in scope", () => {
    const evaluation = evaluatePartner(channelPlus, strongPartner);
    const expects = [
      bin("eq", { op: "tier" }, tierName("Premier", 2)),
      bin("in", str("Premier Services"), { op: "subtiers" }),
      bin("eq", ref("rebate"), num("250000")),
      bin("eq", ref("services_bonus"), num("100000")),
      bin("eq", { op: "total" }, num("350000")),
    ];
    for (const tree of expects) expect(evaluation.evaluate(tree), JSON.stringify(tree)).toBe(true);
    expect(evaluation.evaluate(bin("eq", { op: "total" }, num("350001")))).toBe(false);
  });

  it("keeps explanation detail: requirement values, scorecard lines, incentive reasons", () => {
    const evaluation = evaluatePartner(channelPlus, strongPartner);
    const premierResult = evaluation.tierResults[1]!;
    expect(premierResult.holds).toBe(true);
    expect(premierResult.requirements.map((r) => r.requirement.label)).toEqual([
      "Data-sharing agreement signed",
      "revenue >= 10k",
      "Minimum partner investment",
      "attainment >= 90%",
    ]);
    expect(toExactString(premierResult.requirements[3]!.values.get("attainment") as ReturnType<typeof x>)).toBe("5/4");
    const lines = evaluation.scorecards.get("performance")!.lines;
    expect(lines.map((l) => toExactString(l.score))).toEqual(["6/5", "1", "1"]);
    const rebate = evaluation.incentives.get("rebate")!;
    expect(rebate.capped).toBe(true);
    expect(toExactString(rebate.amount as ReturnType<typeof x>)).toBe("660000");
    expect(evaluation.tables.get("growth")!.rowIndex).toBe(3);
  });
});

describe("tiers", () => {
  it("gives no tier, and lists the lowest tier's failing requirements as unmet", () => {
    const row = run({ ...strongPartner, partner_id: "P-2", shares_data: false, revenue: x("5000") });
    expect(row.tier).toBeNull();
    expect(row.subtiers).toEqual([]);
    expect(row.benefits).toEqual([]);
    expect(row.unmet).toEqual([
      { tier: "Member", requirement: "Data-sharing agreement signed", values: { shares_data: false } },
      {
        tier: "Member",
        requirement: "revenue >= 10k",
        values: { revenue: 5000 },
        shortfall: { value: "revenue", has: "5000.00", needs: "10000.00", short: "5000.00", inputs: [] },
      },
    ]);
    expect(row.incentives).toEqual({ rebate: "0.00", services_bonus: "0.00" });
    expect(row.total).toBe("0.00");
  });

  it("lists the next tier's failing requirements; a subtier out of reach is not listed", () => {
    const row = run({
      ...strongPartner,
      revenue: x("5000000"),
      sales_target: x("10000000"),
      deals_registered: x("10"),
      deals_won: x("2"),
      delivery_days: MISSING,
      investment: x("100000"),
      // Premier Services would fail on csat too, but a Member cannot reach it: not listed.
      csat: MISSING,
    });
    expect(row.tier).toBe("Member");
    expect(row.benefits).toEqual(["Standard program benefits"]);
    expect(row.kpis).toEqual({ attainment: 0.5, conversion: 0.2 });
    // 0.5 × 0 + 0.3 × 0.5 + 0.2 × 0 (missing delivery_days)
    expect(row.scores).toEqual({ performance: 0.15 });
    expect(row.unmet).toEqual([
      {
        tier: "Premier",
        requirement: "Minimum partner investment",
        values: { investment: 100000 },
        shortfall: { value: "investment", has: "100000.00", needs: "250000.00", short: "150000.00", inputs: [] },
      },
      {
        tier: "Premier",
        requirement: "attainment >= 90%",
        values: { attainment: 0.5 },
        // 5M / 10M: revenue 9M closes it, or a target of at most 5M / 0.9 = 5,555,555.55 (rounded down).
        shortfall: {
          value: "attainment",
          has: 0.5,
          needs: 0.9,
          short: 0.4,
          inputs: [
            { input: "revenue", has: "5000000.00", needs: "9000000.00", change: "4000000.00" },
            { input: "sales_target", has: "10000000.00", needs: "5555555.55", change: "-4444444.45" },
          ],
        },
      },
    ]);
    // performance 15% < 50%: no rebate.
    expect(row.incentives).toEqual({ rebate: "0.00", services_bonus: "0.00" });
  });

  it("lists a failing requirement of a subtier within reach, with a missing value as null", () => {
    const row = run({ ...strongPartner, csat: MISSING, services: ["Managed Print"] });
    expect(row.tier).toBe("Premier");
    expect(row.subtiers).toEqual([]);
    expect(row.unmet).toEqual([{ tier: "Premier Services", requirement: "csat >= 8", values: { csat: null } }]);
    expect(row.benefits).not.toContain("Managed-services specialists");
    expect(row.incentives["services_bonus"]).toBe("0.00");
  });

  it("treats an absent optional input like a missing one", () => {
    const { csat: _csat, ...withoutCsat } = strongPartner;
    const row = run(withoutCsat);
    expect(row.unmet).toEqual([{ tier: "Premier Services", requirement: "csat >= 8", values: { csat: null } }]);
  });

  it("computes an uncapped rebate exactly and rounds once, at the end", () => {
    const row = run({
      ...strongPartner,
      revenue: x("1234567.89"),
      sales_target: x("1234567.89"),
      deals_won: x("30"),
      delivery_days: x("3"),
    });
    // performance = 0.5 + 0.3 + 0.2 = 1; growth(1) = 1.25
    // rebate = 1234567.89 × 2% × 1 × 1.25 = 30864.19725 → 30864.20
    // bonus = 1234567.89 × 0.5% = 6172.83945 → 6172.84
    expect(row.scores).toEqual({ performance: 1 });
    expect(row.incentives).toEqual({ rebate: "30864.20", services_bonus: "6172.84" });
    expect(row.total).toBe("37037.04");
  });

  it("picks the highest-ranked tier whose requirements hold, even without extends", () => {
    const bronze: TierSpec = {
      name: "Bronze",
      rank: 1,
      requirements: [requirement("shares_data", ref("shares_data"), ["shares_data"], "Bronze")],
      benefits: ["Logo"],
      source,
    };
    const gold: TierSpec = {
      name: "Gold",
      rank: 2,
      requirements: [requirement("revenue >= 1M", bin("ge", ref("revenue"), num("1000000")), ["revenue"], "Gold")],
      benefits: ["Gold desk", "Logo"],
      source,
    };
    const bronzeExtra: SubtierSpec = {
      name: "Bronze Plus",
      parent: "Bronze",
      requirements: [requirement("csat >= 8", bin("ge", ref("csat"), num("8")), ["csat"], "Bronze Plus")],
      benefits: ["Gold desk", "Stickers"],
      source,
    };
    const program: CompiledProgram = { ...channelPlus, tiers: [bronze, gold], subtiers: [bronzeExtra], incentives: [] };
    const row = run({ ...strongPartner, shares_data: false }, program);
    expect(row.tier).toBe("Gold");
    // A Gold partner outranks Bronze, so it can hold Bronze's subtier; each benefit once.
    expect(row.subtiers).toEqual(["Bronze Plus"]);
    expect(row.benefits).toEqual(["Gold desk", "Logo", "Stickers"]);
    expect(row.unmet).toEqual([]);
    expect(row.total).toBe("0.00");
  });
});

describe("confidential values", () => {
  const elite: TierSpec = {
    name: "Elite",
    rank: 3,
    extends: "Premier",
    requirements: [
      ...premier.requirements,
      requirement(
        "inventory_units >= 100",
        bin("ge", ref("inventory_units"), num("100")),
        ["inventory_units"],
        "Elite",
      ),
      requirement("stock_turn >= 1", bin("ge", ref("stock_turn"), num("1")), ["stock_turn"], "Elite"),
    ],
    benefits: [...premier.benefits, "Elite desk"],
    source,
  };
  const stockTurn: KpiSpec = {
    name: "stock_turn",
    label: "stock_turn",
    expr: bin("div", ref("inventory_units"), ref("deals_won")),
    type: "number",
    confidential: true,
    source,
  };
  const program: CompiledProgram = {
    ...channelPlus,
    kpis: [...channelPlus.kpis, stockTurn],
    tiers: [member, premier, elite],
  };

  it("are redacted in KPIs and unmet values but still used in rules", () => {
    const row = run(strongPartner, program);
    expect(row.tier).toBe("Premier");
    expect(row.kpis).toEqual({ attainment: 1.25, conversion: 0.4, stock_turn: "[redacted]" });
    expect(row.unmet).toEqual([
      {
        tier: "Elite",
        requirement: "inventory_units >= 100",
        values: { inventory_units: "[redacted]" },
        shortfall: { value: "inventory_units", has: "[redacted]", needs: 100, short: "[redacted]", inputs: [] },
      },
      {
        tier: "Elite",
        requirement: "stock_turn >= 1",
        values: { stock_turn: "[redacted]" },
        shortfall: { value: "stock_turn", has: "[redacted]", needs: 1, short: "[redacted]", inputs: [] },
      },
    ]);
    expect(JSON.stringify(row)).not.toContain("0.25");

    const elitePartner = run({ ...strongPartner, inventory_units: x("400") }, program);
    expect(elitePartner.tier).toBe("Elite");
    expect(elitePartner.unmet).toEqual([]);
    expect(elitePartner.benefits.at(-1)).toBe("Managed-services specialists");
  });
});

describe("output rows", () => {
  it("write missing KPIs as null and nearest doubles for non-terminating ones", () => {
    const row = run({ ...strongPartner, deals_registered: x("0"), sales_target: x("3") });
    expect(row.kpis["conversion"]).toBeNull();
    expect(row.kpis["attainment"]).toBe(20000000 / 3);
  });

  it("write money with the currency's minor digits (JPY, half_even)", () => {
    const yen: CompiledProgram = {
      ...channelPlus,
      program: { ...channelPlus.program, currency: "JPY", minorUnits: 0, rounding: "half_even" },
      incentives: [
        { name: "tip", label: "tip", amount: num("2.5"), source },
        { name: "tip2", label: "tip2", amount: num("3.5"), source },
      ],
    };
    const row = run(strongPartner, yen);
    expect(row.incentives).toEqual({ tip: "2", tip2: "4" });
    expect(row.total).toBe("6");
  });

  it("keep a name like __proto__ as an ordinary key", () => {
    const odd: KpiSpec = {
      name: "__proto__",
      label: "odd",
      expr: num("1"),
      type: "number",
      confidential: false,
      source,
    };
    const row = run(strongPartner, { ...channelPlus, kpis: [...channelPlus.kpis, odd] });
    expect(JSON.stringify(row.kpis)).toBe('{"attainment":1.25,"conversion":0.4,"__proto__":1}');
  });

  it("fill rows in declaration order regardless of evaluation order", () => {
    const row = run(strongPartner);
    expect(Object.keys(row.kpis)).toEqual(["attainment", "conversion"]);
    expect(Object.keys(row.incentives)).toEqual(["rebate", "services_bonus"]);
    expect(row.row).toBe(1);
    expect(run(strongPartner, channelPlus, 7).row).toBe(7);
  });
});

describe("derived values", () => {
  it("are compiled once per program: a partner walks no expression tree", () => {
    let evaluations = 0;
    // A tree node that counts how often the evaluator reads it.
    const counted = {
      get op() {
        evaluations += 1;
        return "num" as const;
      },
      value: "1",
    };
    const once: KpiSpec = { name: "once", label: "once", expr: counted, type: "number", confidential: false, source };
    const uses = [1, 2, 3].map((i) => ({
      name: `use${i}`,
      label: `use${i}`,
      amount: bin("mul", ref("once"), num(String(i))),
      source,
    }));
    const program: CompiledProgram = { ...channelPlus, kpis: [...channelPlus.kpis, once], incentives: uses };
    // The first partner compiles the program, which reads the trees.
    run(strongPartner, program);
    expect(evaluations).toBeGreaterThan(0);
    evaluations = 0;
    const row = run(strongPartner, program);
    expect(row.total).toBe("6.00");
    expect(evaluations).toBe(0);
  });

  it("read each input of the record once per partner, however many values use it", () => {
    const reads = new Map<string, number>();
    const record = new Proxy(strongPartner, {
      get(target, name, receiver) {
        if (typeof name === "string") reads.set(name, (reads.get(name) ?? 0) + 1);
        return Reflect.get(target, name, receiver);
      },
    });
    expect(JSON.stringify(run(record))).toBe(JSON.stringify(SPEC_RESULT_ROW));
    // revenue feeds a requirement, a KPI and both incentives.
    expect(reads.get("revenue")).toBe(1);
    expect(Math.max(...reads.values())).toBe(1);
  });

  it("survive a cycle in a broken artifact as missing instead of recursing forever", () => {
    const loop: KpiSpec = {
      name: "loop",
      label: "loop",
      expr: bin("add", ref("loop"), num("1")),
      type: "number",
      confidential: false,
      source,
    };
    const selfish = {
      name: "selfish",
      label: "selfish",
      when: bin("ge", { op: "total" } as const, num("0")),
      amount: num("5"),
      source,
    };
    const other = { name: "other", label: "other", amount: num("2"), source };
    const program: CompiledProgram = {
      ...channelPlus,
      kpis: [...channelPlus.kpis, loop],
      incentives: [selfish, other],
    };
    const evaluation = evaluatePartner(program, strongPartner);
    expect(evaluation.kpis.get("loop")).toBe(MISSING);
    // `total` seen from inside `selfish` is missing, so `when` fails; the final total is complete.
    expect(toExactString(evaluation.total)).toBe("2");
    expect(toExactString(evaluation.evaluate({ op: "total" }) as ReturnType<typeof x>)).toBe("2");
  });

  it("never keep a total summed while an incentive was still being computed", () => {
    const selfish = {
      name: "selfish",
      label: "selfish",
      when: bin("ge", { op: "total" } as const, num("0")),
      amount: num("5"),
      source,
    };
    const other = { name: "other", label: "other", amount: num("2"), source };
    // A KPI that reads `selfish` makes it start before the total does.
    const early: KpiSpec = {
      name: "early",
      label: "early",
      expr: ref("selfish"),
      type: "number",
      confidential: false,
      source,
    };
    const program: CompiledProgram = {
      ...channelPlus,
      kpis: [early, ...channelPlus.kpis],
      incentives: [selfish, other],
    };
    const evaluation = evaluatePartner(program, strongPartner);
    expect(toExactString(evaluation.incentives.get("selfish")!.paid)).toBe("5");
    expect(toExactString(evaluation.total)).toBe("7");
  });
});
