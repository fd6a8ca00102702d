import { describe, expect, it } from "vitest";
import { errorsOf } from "./diagnose-source.js";

const INPUTS = "input revenue: money min 0\ninput attainment: percent\n";

describe("cycles", () => {
  it("names a two-value cycle, starting at the first declared", () => {
    const [d] = errorsOf(INPUTS + "kpi a = b + 1\nkpi b = a * 2\n");
    expect(d.code).toBe("PPL4001");
    expect(d.message).toContain("a → b → a");
    expect(d.range.start.line).toBe(5);
    expect(d.related?.map((r) => r.message)).toEqual(["a uses b here", "b uses a here"]);
  });

  it("reports a value defined in terms of itself", () => {
    const [d] = errorsOf(INPUTS + "kpi a = a + 1\n");
    expect(d.code).toBe("PPL4001");
    expect(d.message).toContain("a → a");
  });

  it("finds cycles through scorecards and tables", () => {
    const diagnostics = errorsOf(
      INPUTS +
        "kpi k = score * 2\n" +
        "scorecard score { rate weight 100% threshold 0 target 1 }\n" +
        "table rate by k { below 1: 0  1 and above: 1 }\n",
    );
    expect(diagnostics.map((d) => d.code)).toEqual(["PPL4001"]);
    expect(diagnostics[0].message).toContain("k → score → rate → k");
  });

  it("reports each cycle once", () => {
    const diagnostics = errorsOf(INPUTS + "kpi a = b\nkpi b = c\nkpi c = a\nkpi d = a\n");
    expect(diagnostics.map((d) => d.code)).toEqual(["PPL4001"]);
  });

  it("accepts use before declaration without a cycle", () => {
    expect(errorsOf(INPUTS + "kpi a = b * 2\nkpi b = revenue / 2\n")).toEqual([]);
  });
});

describe("requirements that depend on tier or subtiers", () => {
  const TIERS = "tier Member { require revenue >= 10k }\n";

  it("reports `tier` used directly in a requirement", () => {
    const diagnostics = errorsOf(INPUTS + TIERS + "tier Premier { require tier >= Member }\n");
    expect(diagnostics.map((d) => d.code)).toEqual(["PPL4002"]);
  });

  it("reports `subtiers` used directly in a subtier requirement", () => {
    const diagnostics = errorsOf(INPUTS + TIERS + 'subtier Extra of Member { require "Extra" in subtiers }\n');
    expect(diagnostics.map((d) => d.code)).toEqual(["PPL4002"]);
  });

  it("names the path through KPIs and tables", () => {
    const diagnostics = errorsOf(
      INPUTS +
        "table rate by tier { Member: 1%  otherwise: 0% }\n" +
        "kpi earned = revenue * rate\n" +
        TIERS +
        "tier Premier { require earned >= 1k }\n",
    );
    expect(diagnostics.map((d) => d.code)).toEqual(["PPL4002"]);
    expect(diagnostics[0].message).toContain("earned → rate → tier");
  });

  it("allows `tier` in incentives and KPIs", () => {
    const diagnostics = errorsOf(
      INPUTS + TIERS + "incentive bonus { when tier >= Member  amount revenue * 1% }\nkpi member = tier = Member\n",
    );
    expect(diagnostics).toEqual([]);
  });
});
