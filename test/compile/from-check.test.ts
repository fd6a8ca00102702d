// compileProgram takes what the checker found (CheckResult) rather than
// working it out again: names resolve as the checker resolved them, values
// have the checker's types, and a rejected program does not compile.
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../src/check/check.js";
import { compileProgram } from "../../src/compile/compile.js";
import { parse } from "../../src/syntax/parse.js";

const HEADER = 'program "T" { currency USD }\ninput id: text key\n';

function compiled(body: string) {
  const source = HEADER + body;
  return compileProgram(checkProgram(parse(source, "t.ppl").program), source);
}

describe("compileProgram on the checker's result", () => {
  it("refuses a program the checker rejected", () => {
    const source = HEADER + "kpi k = nowhere + 1\n";
    const checked = checkProgram(parse(source, "t.ppl").program);
    expect(checked.diagnostics.map((d) => d.code)).toContain("PPL2003");
    expect(() => compileProgram(checked, source)).toThrow(/checker rejected/);
  });

  it("resolves a name in `tier in [...]` as the checker does: the tier, even where a value has its name", () => {
    const artifact = compiled(
      'input Gold: text\ntier Silver { require Gold != "" }\ntier Gold { }\n' +
        "incentive i { when tier in [Gold] amount 1 }\n",
    );
    expect(artifact.incentives[0]!.when).toEqual({
      op: "in",
      args: [{ op: "tier" }, { op: "list", items: [{ op: "tierName", name: "Gold", rank: 2 }] }],
    });
    // The requirement outside the tier comparison still names the input.
    expect(artifact.tiers[0]!.requirements[0]!.names).toEqual(["Gold"]);
  });

  it("types values by the checker's rules (spec section 4: money plus a number is a number)", () => {
    const artifact = compiled(
      "input revenue: money\ninput deals: number\n" +
        "kpi mixed = revenue + deals\nkpi fee = revenue - 10\nkpi ratio = revenue / revenue\n" +
        "kpi pick = if deals > 1 then 0 else revenue\n",
    );
    expect(Object.fromEntries(artifact.kpis.map((kpi) => [kpi.name, kpi.type]))).toEqual({
      mixed: "number",
      fee: "money",
      ratio: "number",
      pick: "money",
    });
  });

  it("marks confidential what the checker marked: every value that uses a confidential input", () => {
    const artifact = compiled(
      "input secret: number confidential\ninput open: number\n" +
        "kpi a = secret * 2\nkpi b = a + open\nkpi c = open + 1\n",
    );
    expect(Object.fromEntries(artifact.kpis.map((kpi) => [kpi.name, kpi.confidential]))).toEqual({
      a: true,
      b: true,
      c: false,
    });
  });
});
