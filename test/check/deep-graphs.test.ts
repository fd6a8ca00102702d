// Finding 8 of issue 9: walks over the KPI dependency graph (cycles,
// types, confidentiality, compile order, evaluation order) and the parser's
// error recovery must not recurse once per KPI or per broken line.
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";
import { compileProgram } from "../../src/compile/compile.js";
import { parseExact, toExactString } from "../../src/number/exact-text.js";
import type { Num } from "../../src/number/rational.js";
import { createEvaluator } from "../../src/runtime/evaluator/index.js";
import { evaluatePartner } from "../oracle/partner.js";

const HEADER = 'program "P" { }\ninput id: text key\ninput a: number confidential\n';

describe("long dependency chains", () => {
  it("a 5,000-KPI chain written in reverse order checks, compiles and evaluates", () => {
    const n = 5000;
    const kpis = Array.from({ length: n }, (_, i) => `kpi k${i} = k${i + 1} + 1\n`).join("") + `kpi k${n} = a\n`;
    const text = HEADER + kpis + "tier T { require k0 > 1 }\nincentive r { amount k0 * 1 }\n";
    const { checked, diagnostics } = checkSource(text, "p.ppl");
    expect(diagnostics).toEqual([]);
    const artifact = JSON.parse(JSON.stringify(compileProgram(checked, text))) as ReturnType<typeof compileProgram>;
    // Confidentiality reaches the top of the chain.
    expect(artifact.kpis.find((k) => k.name === "k0")!.confidential).toBe(true);
    const record = { id: "P-1", a: parseExact("2") };
    for (const evaluation of [evaluatePartner(artifact, record), createEvaluator(artifact)(record)]) {
      expect(toExactString(evaluation.scope.ref("k0") as Num)).toBe(String(n + 2));
    }
    // Checks, compiles and evaluates a 5,000-declaration program twice: a few seconds.
  }, 30_000);

  it("a 1,000-KPI cycle is reported once, naming the cycle", () => {
    const n = 1000;
    const text = HEADER + Array.from({ length: n }, (_, i) => `kpi k${i} = k${(i + 1) % n} + a\n`).join("");
    const cycles = checkSource(text, "p.ppl").diagnostics.filter((d) => d.code === "PPL4001");
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.message).toContain("k0 → k1 → k2 → ");
    expect(cycles[0]!.message).toContain("k998 → k999 → k0");
  });
});

describe("many broken lines in one block", () => {
  it.each([
    ["tier T {", "require a b", "}"],
    ["kpi k = max(", "1 1,", ")"],
    ["kpi k = [", "1 1,", "]"],
    ["table t by a {", "1 to :", "}"],
  ])("3,000 lines of %s %s … %s are reported, not a stack overflow", (open, line, close) => {
    const text =
      HEADER + `${open}\n${Array.from({ length: 3000 }, () => line).join("\n")}\n${close}\nkpi after = 1 +\n`;
    const { diagnostics } = checkSource(text, "p.ppl");
    expect(diagnostics.filter((d) => d.code === "PPL1005").length).toBeGreaterThan(1);
  });
});
