// ppl impact on two small programs and eight partners, every figure worked
// out by hand (OLD_PROGRAM and NEW_PROGRAM in impact-fixtures.ts).
//
// Old: Silver >= 1000, Gold >= 5000, Gold Plus >= 8000; rebate = revenue × (1% Silver, 2% Gold), cap 150;
//      bonus 50 for Gold Plus.
// New: Gold >= 4000, Gold Plus >= 10000, Gold rate 2.5%, cap 200; bonus removed; kicker 10 for Gold;
//      a required `region` (one of A, B); margin = secret × 3 instead of × 2.
//
// partner revenue  old tier  old rebate+bonus = total   new tier  new rebate+kicker = total   delta
// P1        500    none      0 + 0 = 0                   none      0 + 0 = 0                     0
// P2       2000    Silver    20 + 0 = 20                 Silver    20 + 0 = 20                   0
// P3       4500    Silver    45 + 0 = 45                 Gold      112.50 + 10 = 122.50      +77.50
// P4       6000    Gold      120 + 0 = 120               Gold      150 + 10 = 160            +40
// P5       9000    Gold+Plus 150 (cap) + 50 = 200        Gold      200 (225 capped) + 10 = 210  +10 (loses Gold Plus)
// P6      12000    Gold+Plus 150 (cap) + 50 = 200        Gold+Plus 200 (300 capped) + 10 = 210  +10
// P7       3000    region "C": valid under old, invalid under new
// P8         -5    revenue below its minimum: invalid under both
import { describe, expect, it } from "vitest";
import { checkGateNames, parseGate } from "../../src/impact/gates.js";
import { ImpactCounter } from "../../src/impact/impact-counter.js";
import { PairEvaluator } from "../../src/impact/pair.js";
import { programChanges } from "../../src/impact/program-diff.js";
import { buildReport } from "../../src/impact/report.js";
import { NEW_PROGRAM, OLD_PROGRAM, PARTNERS_CSV, compiled, csvRecords, impactOf } from "./impact-fixtures.js";

const old = compiled(OLD_PROGRAM, "old.ppl");
const next = compiled(NEW_PROGRAM, "new.ppl");

describe("impact worked out by hand", async () => {
  const { report } = await impactOf(old, next, await csvRecords(PARTNERS_CSV), [
    "changed >= 4",
    "changed > 4",
    "total.delta > 137.50",
    "total.delta >= 137.50",
    "total.delta > 23.5%",
    "total.delta < 23.6%",
    "downgrades > 0",
    "upgrades = 1",
    "invalid.new = 25%",
    "tiers.Gold.delta = 1",
    "tiers.Silver.delta < 0",
    "incentives.bonus.delta <= -100%",
    "incentives.kicker.delta > 1000%",
  ]);

  it("counts rows, changes and invalid rows", () => {
    // 8 rows; P7 and P8 invalid (old: P8 only); P3–P6 change; P1 and P2 do not.
    expect(report.rows).toBe(8);
    expect(report.invalid).toMatchObject({ old: 1, new: 2, rows: 2 });
    expect(report.changed).toBe(4);
    expect(report.unchanged).toBe(2);
    // P1 is unchanged but its confidential margin moved (777.123 × 2 → × 3); P2's is 0 both times.
    expect(report.kpis_changed).toBe(1);
    // Among the valid rows, the margin changed for P1 and P6 (secret ≠ 0): a count, never a value.
    expect(report.values_changed).toEqual({ margin: 2 });
  });

  it("lists the invalid rows with their errors under each program", () => {
    const [p7, p8] = report.invalid.samples;
    expect(p7).toMatchObject({ row: 7, partner: "P7" });
    expect(p7!.old).toBeUndefined();
    expect(p7!.new![0]!.field).toBe("region");
    expect(p8).toMatchObject({ row: 8, partner: "P8" });
    expect(p8!.old![0]!.field).toBe("revenue");
    expect(p8!.new![0]!.field).toBe("revenue");
  });

  it("builds the tier migration matrix, highest tier first", () => {
    expect(report.tiers.matrix).toEqual({
      Gold: { Gold: 3, Silver: 0, none: 0 },
      Silver: { Gold: 1, Silver: 1, none: 0 },
      none: { Gold: 0, Silver: 0, none: 1 },
    });
    expect(Object.keys(report.tiers.matrix)).toEqual(["Gold", "Silver", "none"]);
    expect(report.tiers.upgrades).toBe(1);
    expect(report.tiers.downgrades).toBe(0);
    // Gold 3 → 4, Silver 2 → 1, none 1 → 1.
    expect(report.tiers.counts).toEqual({
      Gold: { old: 3, new: 4, delta: 1 },
      Silver: { old: 2, new: 1, delta: -1 },
      none: { old: 1, new: 1, delta: 0 },
    });
  });

  it("counts subtiers gained, lost and kept", () => {
    // P5 loses Gold Plus (9000 < 10000); P6 keeps it.
    expect(report.subtiers).toEqual({ "Gold Plus": { gained: 0, lost: 1, kept: 1 } });
  });

  it("sums money exactly, an incentive missing from one program counting 0 there", () => {
    // rebate old 0 + 20 + 45 + 120 + 150 + 150 = 485; new 0 + 20 + 112.50 + 150 + 200 + 200 = 682.50;
    // 197.50 / 485 = 40.7216…%.
    expect(report.incentives.rebate).toEqual({
      old: "485.00",
      new: "682.50",
      delta: "197.50",
      delta_percent: "40.72",
    });
    // bonus: P5 and P6, 50 each, removed in the new program.
    expect(report.incentives.bonus).toEqual({ old: "100.00", new: "0.00", delta: "-100.00", delta_percent: "-100.00" });
    // kicker: P3–P6, 10 each, new; no old sum to take a percentage of.
    expect(report.incentives.kicker).toEqual({ old: "0.00", new: "40.00", delta: "40.00", delta_percent: null });
    // 585 → 722.50; 137.50 / 585 = 23.504…%.
    expect(report.total).toEqual({ old: "585.00", new: "722.50", delta: "137.50", delta_percent: "23.50" });
    expect(report.partners).toEqual({ rose: 4, fell: 0, unchanged: 2 });
  });

  it("gives the per-partner delta distribution by nearest rank", () => {
    // Sorted deltas 0, 0, 10, 10, 40, 77.50 (n = 6): q1 rank 2, median rank 3, q3 rank 5.
    expect(report.deltas).toEqual({ min: "0.00", q1: "0.00", median: "10.00", q3: "40.00", max: "77.50" });
  });

  it("ranks the top movers by the size of the change, earlier rows first on ties", () => {
    expect(report.top.map((m) => [m.partner, m.total.delta])).toEqual([
      ["P3", "77.50"],
      ["P4", "40.00"],
      ["P5", "10.00"],
      ["P6", "10.00"],
    ]);
    const [p3, , p5] = report.top;
    expect(p3).toMatchObject({
      row: 3,
      tier: { old: "Silver", new: "Gold" },
      total: { old: "45.00", new: "122.50", delta: "77.50" },
      incentives: { rebate: { old: "45.00", new: "112.50" }, kicker: { old: "0.00", new: "10.00" } },
    });
    // "Gold volume": 4500 >= 5000 failed, 4500 >= 4000 holds. "Plus volume" fails under both
    // (4500 >= 8000, 4500 >= 10000), so it is not a change, though only the new row lists it as unmet.
    expect(p3!.requirements).toEqual([{ tier: "Gold", requirement: "Gold volume", now: "holds" }]);
    expect(p5).toMatchObject({
      subtiers: { old: ["Gold Plus"], new: [] },
      incentives: {
        rebate: { old: "150.00", new: "200.00" },
        bonus: { old: "50.00", new: "0.00" },
        kicker: { old: "0.00", new: "10.00" },
      },
      requirements: [{ tier: "Gold Plus", requirement: "Plus volume", now: "fails" }],
    });
  });

  it("says what changed in the program, in words", () => {
    expect(report.program_changes.map((c) => c.text)).toEqual([
      "program Small: version 1 → 2",
      'input region added (one of "A", "B")',
      "kpi margin: secret × 2 → secret × 3",
      'tier Gold: requirement "Gold volume": revenue >= 5000 → revenue >= 4000',
      'subtier Gold Plus: requirement "Plus volume": revenue >= 8000 → revenue >= 10000',
      "table rate: band Gold: 0.02 → 0.025",
      "incentive rebate: cap 150 → 200",
      "incentive bonus removed",
      "incentive kicker added",
    ]);
  });

  it("decides each gate exactly", () => {
    expect(report.gates.map((g) => [g.condition, g.holds])).toEqual([
      ["changed >= 4", true],
      ["changed > 4", false],
      ["total.delta > 137.50", false],
      ["total.delta >= 137.50", true],
      // 23.5% of 585 = 137.475 < 137.50
      ["total.delta > 23.5%", true],
      // 23.6% of 585 = 138.06
      ["total.delta < 23.6%", true],
      ["downgrades > 0", false],
      ["upgrades = 1", true],
      // 2 of 8 rows read
      ["invalid.new = 25%", true],
      ["tiers.Gold.delta = 1", true],
      ["tiers.Silver.delta < 0", true],
      ["incentives.bonus.delta <= -100%", true],
      // kicker's old sum is 0, so any percentage of it is 0
      ["incentives.kicker.delta > 1000%", true],
    ]);
    expect(report.gates[4]).toMatchObject({ value: "137.50", base: "585.00" });
  });
});

describe("the top-N bound", () => {
  it("keeps only N movers, and none for --top 0", async () => {
    const records = await csvRecords(PARTNERS_CSV);
    expect((await impactOf(old, next, records, [], 2)).report.top.map((m) => m.partner)).toEqual(["P3", "P4"]);
    expect((await impactOf(old, next, records, [], 0)).report.top).toEqual([]);
  });
});

describe("gate conditions", () => {
  it("parses measures, operators and percentages", () => {
    expect(parseGate("total.delta>=-250.5")).toMatchObject({ measure: "total.delta", op: ">=", percent: false });
    expect(parseGate("  downgrades > 5% ")).toMatchObject({ measure: "downgrades", op: ">", percent: true });
    expect(parseGate("total.delta <= 2.5 %")).toMatchObject({ numberText: "2.5", percent: true });
  });

  it.each([
    ["total > 5", /unknown measure "total"/],
    ["changed >> 5", /not a number|expected MEASURE OP NUMBER/],
    ["changed > five", /"five" is not a number/],
    ["changed", /expected MEASURE OP NUMBER/],
    ["changed != 3", /expected MEASURE OP NUMBER|not a number/],
  ])("rejects %s, listing what is allowed", (text, message) => {
    expect(() => parseGate(text)).toThrow(message);
    expect(() => parseGate(text)).toThrow(/MEASURE: changed, unchanged/);
  });

  it("names the incentives and tiers a gate may use", () => {
    expect(() => checkGateNames([parseGate("incentives.nope.delta > 0")], ["rebate", "bonus"], ["Gold"])).toThrow(
      /has an incentive "nope"; the incentives are rebate, bonus/,
    );
    expect(() => checkGateNames([parseGate("tiers.Platinum.delta > 0")], [], ["Gold", "Silver"])).toThrow(
      /the tiers are Gold, Silver, none/,
    );
    expect(() => checkGateNames([parseGate("tiers.none.delta > 0")], [], ["Gold"])).not.toThrow();
  });
});

describe("counting in parts (as worker threads do)", () => {
  it("merges parts in input order into the same report as one pass", async () => {
    const records = await csvRecords(PARTNERS_CSV);
    const whole = await impactOf(old, next, records, [], 3);
    const pair = new PairEvaluator({ old, new: next });
    const merged = new ImpactCounter(pair.programs, { top: 3 });
    for (const slice of [records.slice(0, 3), records.slice(3, 4), records.slice(4)]) {
      const part = new ImpactCounter(pair.programs, { top: 3 });
      for (const raw of slice) part.add(pair.evaluate(raw));
      // Through structured clone, as a message between threads.
      merged.merge(structuredClone(part.part()));
    }
    const report = buildReport(merged, { old: "old.ppl", new: "new.ppl" }, programChanges(old, next), []);
    expect(report).toEqual(whole.report);
  });
});
