import { describe, expect, it } from "vitest";
import { CODES } from "../../src/diagnostics/codes.js";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { diagnoseBody } from "./diagnose-source.js";

describe("warnings", () => {
  it("warns about an unused input, as a warning and not an error", () => {
    const diagnostics = diagnoseBody("input revenue: money\ninput deals: integer\nkpi k = revenue * 2\n");
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([["PPL9001", "warning"]]);
    expect(diagnostics[0].message).toContain("deals");
    expect(hasErrors(diagnostics)).toBe(false);
  });

  it("keeps every PPL9xxx code a warning", () => {
    const severities = Object.entries(CODES)
      .filter(([code]) => code.startsWith("PPL9"))
      .map(([, info]) => info.severity);
    expect(new Set(severities)).toEqual(new Set(["warning"]));
  });

  it("counts a use in a scorecard, a table key or an expect", () => {
    expect(diagnoseBody("input a: number\nscorecard s { a weight 100% threshold 0 target 1 }\n")).toEqual([]);
    expect(diagnoseBody("input a: number\ntable t by a { below 1: 0  1 and above: 1 }\nkpi k = t\n")).toEqual([]);
    expect(diagnoseBody('input a: number\ntest "t" { given { partner_id: "P", a: 1 } expect a = 1 }\n')).toEqual([]);
  });

  it("does not warn about key, confidential, text or one-of inputs", () => {
    expect(
      diagnoseBody('input stock: integer confidential\ninput country: text\ninput region: one of "A", "B"\n'),
    ).toEqual([]);
  });

  it("does not call an input unused when a misspelled use meant it", () => {
    expect(diagnoseBody("input revenue: money\nkpi k = revenu * 2\n").map((d) => d.code)).toEqual(["PPL2003"]);
  });

  it("warns about a table never used", () => {
    const diagnostics = diagnoseBody("input a: number\nkpi k = a\ntable t by a { below 1: 0  1 and above: 1 }\n");
    expect(diagnostics.map((d) => d.code)).toEqual(["PPL9002"]);
  });

  it("warns about a tier that a higher tier with the same requirements hides", () => {
    const diagnostics = diagnoseBody(
      "input a: number\ntier Member { require a >= 1 }\ntier Gold { require a >= 1 }\ntier Top { require a >= 5 }\n",
    );
    expect(diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([["PPL9003", 4]]);
  });

  it("does not warn when the higher tier adds a requirement", () => {
    expect(
      diagnoseBody("input a: number\ntier Member { require a >= 1 }\ntier Gold extends Member { require a >= 5 }\n"),
    ).toEqual([]);
  });

  it("warns about a subtier that adds nothing to its tier", () => {
    const diagnostics = diagnoseBody(
      'input a: number\ntier Member { require a >= 1 }\nsubtier Plus of Member { require a >= 1  benefit "x" }\n',
    );
    expect(diagnostics.map((d) => d.code)).toEqual(["PPL9004"]);
  });
});
