import { describe, expect, it } from "vitest";
import { diagnoseBody } from "./diagnose-source.js";

const INPUTS = "input a: number\ninput b: number\ninput c: number\n";

function scorecard(...weights: string[]): string {
  const lines = weights.map((w, i) => `${"abc"[i]} weight ${w} threshold 0 target 1`).join("\n");
  return `${INPUTS}scorecard s {\n${lines}\n}\n`;
}

describe("scorecard weights", () => {
  it("accepts weights that add up to exactly 100%", () => {
    expect(diagnoseBody(scorecard("50%", "30%", "20%"))).toEqual([]);
  });

  it("adds exactly, not in binary floating point", () => {
    // 0.1 + 0.2 is not 0.3 in floats; here 10% + 20% + 70% must be exactly 100%.
    expect(diagnoseBody(scorecard("10%", "20%", "70%"))).toEqual([]);
    expect(diagnoseBody(scorecard("33.3%", "33.3%", "33.4%"))).toEqual([]);
  });

  it("names the actual sum when short", () => {
    const [d] = diagnoseBody(scorecard("50%", "30%", "10%"));
    expect(d.code).toBe("PPL4003");
    expect(d.message).toContain("add up to 90% (50% + 30% + 10%), short of 100%");
  });

  it("names the actual sum when over, with fractions of a percent", () => {
    const [d] = diagnoseBody(scorecard("33.34%", "33.33%", "33.34%"));
    expect(d.code).toBe("PPL4003");
    expect(d.message).toContain("add up to 100.01%");
    expect(d.message).toContain("over 100%");
  });

  it("reports a line that scores a value that is not numeric", () => {
    const [d] = diagnoseBody("input ok: boolean\nscorecard s { ok weight 100% threshold 0 target 1 }\n");
    expect(d.code).toBe("PPL3013");
  });
});
