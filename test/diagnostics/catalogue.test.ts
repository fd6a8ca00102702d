// The catalogue: every code has a severity, a title and a message template
// whose arguments are typed. The @ts-expect-error lines are checked by
// `tsc --noEmit` (test/ is in tsconfig): if a wrong call ever compiled, the
// unused expectation would fail the type check.
import { describe, expect, it } from "vitest";
import type { SourceRange } from "../../src/ast/nodes.js";
import { CODES, type Code } from "../../src/diagnostics/codes.js";
import { makeDiagnostic } from "../../src/diagnostics/diagnostic.js";

const AT: SourceRange = { start: { line: 2, column: 9, offset: 30 }, end: { line: 2, column: 15, offset: 36 } };

describe("the diagnostic catalogue", () => {
  it("gives every code a severity, a title and a message", () => {
    for (const [code, entry] of Object.entries(CODES)) {
      expect(code).toMatch(/^PPL\d{4}$/);
      expect(["error", "warning"]).toContain(entry.severity);
      expect(entry.title.length).toBeGreaterThan(0);
      expect(typeof entry.message).toBe("function");
      expect(entry.severity === "warning").toBe(code.startsWith("PPL9"));
    }
  });

  it("fills the template with the call site's arguments and the suggestion", () => {
    const d = makeDiagnostic(
      "p.ppl",
      "PPL2003",
      AT,
      { name: "revenu", site: "expression" },
      { suggestion: { name: "revenue", range: AT } },
    );
    expect(d).toEqual({
      code: "PPL2003",
      severity: "error",
      file: "p.ppl",
      range: AT,
      message: "unknown name `revenu`; did you mean `revenue`?",
      suggestions: [{ message: "did you mean `revenue`?", range: AT, replacement: "revenue" }],
    });
    const plain = makeDiagnostic("p.ppl", "PPL2003", AT, { name: "zz", site: "scorecard line" });
    expect(plain.message).toBe(
      "unknown name `zz`; a scorecard line names an input, KPI or table, so declare it or correct the spelling",
    );
    expect(plain.suggestions).toBeUndefined();
  });

  it("keeps several suggestions, best first", () => {
    const d = makeDiagnostic(
      "p.ppl",
      "PPL1006",
      AT,
      { word: "target", builtin: false },
      {
        suggestion: [
          { name: "target_value", range: AT },
          { name: "goal", range: AT },
        ],
      },
    );
    expect(d.message).toContain("such as `target_value`");
    expect(d.suggestions?.map((s) => s.replacement)).toEqual(["target_value", "goal"]);
  });

  it("rejects wrong arguments at compile time", () => {
    const wrong = (): unknown[] => [
      // @ts-expect-error a missing argument
      makeDiagnostic("p.ppl", "PPL2003", AT, { name: "x" }),
      // @ts-expect-error an argument of the wrong type
      makeDiagnostic("p.ppl", "PPL3008", AT, { callee: "min", least: "2", most: 3, given: 1, usage: "min(a, b)" }),
      // @ts-expect-error an argument the template does not take
      makeDiagnostic("p.ppl", "PPL1002", AT, { text: "x" }),
      // @ts-expect-error a code that is not in the catalogue
      makeDiagnostic("p.ppl", "PPL0000", AT, {}),
      // @ts-expect-error another code's arguments
      makeDiagnostic("p.ppl", "PPL4007", AT, { name: "x" }),
    ];
    expect(typeof wrong).toBe("function");
    const code: Code = "PPL8001";
    expect(code in CODES).toBe(true);
  });
});
