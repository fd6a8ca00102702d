// Finding 6 and 7 of issue 9: hostile nesting and long chains are a PPL1015
// diagnostic where the limit is exceeded, never a stack overflow, in every
// stage (check, format, compile).
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";
import { compileProgram } from "../../src/compile/compile.js";
import { formatPpl } from "../../src/format/format-ppl.js";
import { MAX_EXPRESSION_DEPTH } from "../../src/syntax/expression-depth.js";
import { MAX_NESTING } from "../../src/syntax/parser.js";

const HEADER = 'program "P" { }\ninput id: text key\ninput a: number\n';

const nestings: Record<string, (n: number) => string> = {
  parentheses: (n) => `kpi k = ${"(".repeat(n)}a${")".repeat(n)}\n`,
  not: (n) => `tier T { require ${"not ".repeat(n)}a > 1 }\n`,
  minus: (n) => `kpi k = ${"-".repeat(n)}a\n`,
  if: (n) => `kpi k = ${"if a > 1 then 1 else ".repeat(n)}0\n`,
  abs: (n) => `kpi k = ${"abs(".repeat(n)}a${")".repeat(n)}\n`,
  brackets: (n) => `kpi k = count(${"[".repeat(n)}${"]".repeat(n)})\n`,
  otherwise: (n) => `kpi k = ${"(a otherwise ".repeat(n)}1${")".repeat(n)}\n`,
  "syntax error inside": (n) => `kpi k = ${"(".repeat(n)}a b${")".repeat(n)}\n`,
};

async function allStages(text: string): Promise<string[]> {
  const { checked, diagnostics } = checkSource(text, "p.ppl");
  const formatted = await formatPpl(text, "p.ppl");
  if (!diagnostics.some((d) => d.severity === "error")) {
    expect(formatted.ok).toBe(true);
    compileProgram(checked, text);
  } else {
    expect(formatted.ok).toBe(false);
  }
  return diagnostics.map((d) => d.code);
}

describe("nesting limit", () => {
  it.each(Object.keys(nestings))("%s: within the limit is fine, beyond it is PPL1015", async (kind) => {
    const make = nestings[kind]!;
    const within = await allStages(HEADER + make(MAX_NESTING - 2) + "kpi after = a\n");
    expect(within).not.toContain("PPL1015");
    for (const n of [MAX_NESTING + 2, 5000]) {
      const codes = await allStages(HEADER + make(n) + "kpi after = a\n");
      expect(codes).toContain("PPL1015");
      // The rest of the declaration is skipped quietly: no cascade of syntax errors.
      expect(codes).not.toContain("PPL1005");
    }
  });

  it("points at the token where the limit is exceeded and parses the declarations after it", () => {
    const text = HEADER + `kpi k = ${"(".repeat(40)}a${")".repeat(40)}\nkpi after = a +\n`;
    const { diagnostics } = checkSource(text, "p.ppl");
    const deep = diagnostics.find((d) => d.code === "PPL1015")!;
    expect(deep.range.start).toMatchObject({ line: 4, column: 9 + MAX_NESTING + 1 });
    // The broken declaration after it is still reported.
    expect(diagnostics.some((d) => d.code === "PPL1005" && d.range.start.line >= 5)).toBe(true);
  });
});

describe("long operator chains", () => {
  const chain = (op: string, n: number) => Array.from({ length: n }, () => "a").join(` ${op} `);

  it("a 300-term sum checks, formats and compiles", async () => {
    for (const op of ["+", "-", "*", "/", "otherwise"]) {
      expect(await allStages(HEADER + `kpi s = ${chain(op, 300)}\n`)).toEqual([]);
    }
    const requirement = Array.from({ length: 300 }, () => "a > 1").join(" and ");
    expect(await allStages(HEADER + `tier T { require ${requirement} }\n`)).toEqual([]);
  });

  it.each(["+", "*", "and", "or", "otherwise"])("a 5,000-operand `%s` chain is PPL1015", async (op) => {
    const text = HEADER + `kpi s = ${chain(op, 5000)}\nkpi after = a\n`;
    const codes = await allStages(text);
    expect(codes).toEqual(["PPL1015"]);
    expect(MAX_EXPRESSION_DEPTH).toBeLessThan(5000);
  });

  it("a 5,000-item flat list formats", async () => {
    const items = Array.from({ length: 5000 }, (_, i) => `"v${i}"`).join(", ");
    // `t` is free text: a literal on the left would make the `in` always hold (the range warning PPL9102).
    const text =
      HEADER + `input s: list of ${items}\ninput t: text\ntier T { require "v1" in s and t in [${items}] and a > 0 }\n`;
    expect(await allStages(text)).toEqual([]);
  });
});
