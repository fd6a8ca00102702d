// The range analysis (src/check/ranges.ts): hand-worked cases for each
// warning and for the choices around missing values and division, the
// repository's programs staying warning-free, deep programs, and a property
// test: on generated programs, every range warning is a claim that thousands
// of generated partners (bounds included), run through the one evaluator,
// never contradict.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Expr, Program, SourceRange } from "../../src/ast/nodes.js";
import { checkSource } from "../../src/check/check-source.js";
import { expressionSites, visitExpressions, declarationsOf } from "../../src/check/expression-tree.js";
import { compileProgram } from "../../src/compile/compile.js";
import { toExprTree, type ResolvedNames } from "../../src/compile/expression-tree.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { createEvaluator } from "../../src/runtime/evaluator/index.js";
import type { PartnerEvaluation } from "../../src/runtime/partner.js";
import { isNum } from "../../src/number/rational.js";
import type { Value } from "../../src/runtime/values.js";
import { compare, parseExact, type Exact } from "../oracle/exact.js";
import { partnerGenerator } from "../evaluator/partner-generator.js";
import { codesOf, diagnoseBody } from "./diagnose-source.js";
import { RangeProgramGenerator } from "./range-program-generator.js";

const ROOT = join(import.meta.dirname, "..", "..");
const RANGE_CODES = ["PPL9101", "PPL9102", "PPL9103", "PPL9104", "PPL9105", "PPL9106", "PPL9107"];

function rangeWarnings(body: string): Diagnostic[] {
  return diagnoseBody(body).filter((d) => RANGE_CODES.includes(d.code));
}

function rangeCodes(body: string): string[] {
  return codesOf(body).filter((code) => RANGE_CODES.includes(code));
}

describe("conditions", () => {
  it("proves a comparison never holds or always holds from min and max", () => {
    const warnings = rangeWarnings(
      "input csat: number min 0 max 10\ninput revenue: money min 0\n" +
        "tier T { require csat > 10\n require revenue >= -5\n require csat >= 10\n require revenue < 1 }\n",
    );
    expect(warnings.map((d) => [d.code, d.range.start.line])).toEqual([
      ["PPL9101", 5],
      ["PPL9102", 6],
    ]);
    expect(warnings[0]!.message).toContain("`csat` is between 0 and 10, and never missing");
  });

  it("never says an optional value's comparison always holds: missing compares false", () => {
    expect(rangeCodes("input csat: number min 0 max 10 optional\ntier T { require csat >= 0 }\n")).toEqual([]);
    expect(rangeCodes("input csat: number min 0 max 10 optional\ntier T { require csat > 10 }\n")).toEqual(["PPL9101"]);
    // `not` sees the missing value as false first, so `not (csat > 10)` can still be true or false... only true here.
    expect(rangeCodes("input csat: number min 0 max 10 optional\ntier T { require not (csat > 10) }\n")).toEqual([
      "PPL9101",
    ]);
  });

  it("checks each comparison under and / or / not, and `between`, `is missing`, `in`", () => {
    const body =
      'input a: integer min 0 max 5\ninput b: number optional\ninput region: one of "AMS", "EMEA"\n' +
      "tier T { require (a > 7 or b > 1) and not (a between 6 and 9)\n" +
      " require a is missing\n require b is not missing\n" +
      ' require region in ["AMS", "EMEA"]\n }\n';
    expect(rangeWarnings(body).map((d) => `${d.code} ${d.message.split(":")[0]}`)).toEqual([
      "PPL9101 `a > 7` can never hold",
      "PPL9101 `a between 6 and 9` can never hold",
      "PPL9101 `a is missing` can never hold",
      'PPL9102 `region in ["AMS", "EMEA"]` always holds',
    ]);
  });

  it("treats a divisor that can be 0 as making the quotient missing, and keeps the quotient's sign", () => {
    const body = "input r: money min 0\ninput s: money min 0\nkpi q = r / s\n";
    // q can be missing (s = 0), so `q >= 0` does not always hold; it is never negative.
    expect(rangeCodes(body + "tier T { require q >= 0 }\n")).toEqual([]);
    expect(rangeCodes(body + "tier T { require q < 0 }\n")).toEqual(["PPL9101"]);
    // With `otherwise` the quotient is never missing, and then it always holds.
    expect(rangeCodes(body + "kpi p = q otherwise 0\ntier T { require p >= 0 }\n")).toEqual(["PPL9102"]);
    // A divisor of either sign leaves the quotient unbounded.
    expect(
      rangeCodes("input r: number min 1 max 2\ninput s: number min -1 max 1\ntier T { require r / s < 100 }\n"),
    ).toEqual([]);
  });

  it("proves things through functions, if and otherwise", () => {
    const body = "input x: number min -5 max 5\ninput y: number optional\n";
    expect(rangeCodes(body + "tier T { require abs(x) > 5 }\n")).toEqual(["PPL9101"]);
    expect(rangeCodes(body + "tier T { require clamp(y, 0, 1) > 1 }\n")).toEqual(["PPL9101"]);
    expect(rangeCodes(body + "tier T { require max(x, 10) >= 10 }\n")).toEqual(["PPL9102"]);
    expect(rangeCodes(body + "tier T { require round(x, 0) <= 5 }\n")).toEqual(["PPL9102"]);
    expect(rangeCodes(body + "tier T { require (if x > 0 then 1 else 2) = 3 }\n")).toEqual(["PPL9101"]);
    expect(rangeCodes(body + "tier T { require (y otherwise 7) > 100 }\n")).toEqual([]);
    expect(rangeCodes(body + "tier T { require (y + 1) is missing }\n")).toEqual([]);
    expect(rangeCodes(body + "tier T { require (y otherwise 7) is missing }\n")).toEqual(["PPL9101"]);
    expect(rangeCodes(body + "tier T { require (x otherwise 7) is missing }\n")).toEqual(["PPL9101"]);
  });

  it("uses the tiers partners can reach in `when`", () => {
    const body =
      "input r: money min 0\ntier A { require r >= 0 }\ntier B { require r > 5 }\n" +
      "incentive i { when tier >= A\n amount r * 1% }\n";
    // Tier A's only requirement always holds, so every partner has a tier, and `tier >= A` always holds.
    expect(rangeCodes(body)).toEqual(["PPL9102", "PPL9102"]);
  });
});

describe("subtiers", () => {
  it("knows which subtiers partners can hold and which every partner holds", () => {
    const body =
      "input r: money min 0\ntier A { require r >= 1 }\ntier B { require r > 10 }\n" +
      "subtier S of A { require r >= 0 }\nsubtier U of A { require r > 5 }\nsubtier V of B { require r < 10 }\n" +
      "incentive i { when S in subtiers and (U in subtiers or V in subtiers) and count(subtiers) >= 1\n amount r }\n";
    // S is held by every partner in A or above, but a partner can have no tier (r < 1); V needs r > 10 and
    // r < 10 at once, which this analysis does not combine: it only knows each holds for some partner.
    expect(rangeWarnings(body).map((d) => d.message.split(":")[0])).toEqual(["`r >= 0` always holds"]);
    const always = body.replace("r >= 1", "r >= 0");
    expect(rangeWarnings(always).map((d) => d.message.split(":")[0])).toEqual([
      "`r >= 0` always holds",
      "`r >= 0` always holds",
      "`S in subtiers` always holds",
      "`count(subtiers) >= 1` always holds",
    ]);
  });
});

describe("tables", () => {
  it("finds bands and match rows no key can reach, and an otherwise no key needs", () => {
    const body =
      "input r: money min 0\ninput s: money min 0\nkpi a = r / s otherwise 0\n" +
      'kpi seg = if r >= 1M then "Large" else "Small"\n' +
      "table g by a { below -1: 0\n -1 to 0: 1\n 0 to 1: 2\n 1 and above: 3 }\n" +
      'table h by seg { "Large": 1\n "Mid": 2\n "Small": 3\n otherwise: 4 }\n' +
      "incentive i { amount r * g * h * 1% }\n";
    expect(rangeWarnings(body).map((d) => d.message.split(":")[0])).toEqual([
      "row `below -1` of table g can never be reached",
      "row `-1 to 0` of table g can never be reached",
      'row `"Mid"` of table h can never be reached',
      "row `otherwise` of table h can never be reached",
    ]);
  });

  it("says nothing of an otherwise row when the key can be missing", () => {
    const body =
      'input region: one of "AMS", "EMEA" optional\ntable h by region { "AMS": 1\n "EMEA": 2\n otherwise: 0 }\n' +
      "input r: money\nincentive i { amount r * h }\n";
    expect(rangeCodes(body)).toEqual([]);
  });

  it("finds a match on a tier no partner can reach, with the reason", () => {
    const body =
      "input r: money min 0 max 100\ntier A { require r >= 10 }\ntier B { require r > 100 }\n" +
      "table t by tier { A: 1\n B: 2 }\nincentive i { amount r * t }\n";
    const warnings = rangeWarnings(body);
    expect(warnings.map((d) => d.code)).toEqual(["PPL9101", "PPL9103"]);
    expect(warnings[1]!.message).toContain("`tier` is always A, or missing (no tier)");
    expect(warnings[1]!.related?.[0]?.message).toBe("a requirement of B that can never hold");
  });
});

describe("scorecards and incentives", () => {
  it("finds lines that always score 0 or always their maximum", () => {
    const body =
      "input c: number min 0 max 10\ninput d: number min 0 max 30\ninput e: number min 0\n" +
      "scorecard s { c weight 40% threshold 11 target 12\n d weight 30% threshold 40 target 35\n" +
      " e weight 30% threshold 1 target 10 max 120% }\nincentive i { amount s * 1k }\n";
    expect(rangeCodes(body)).toEqual(["PPL9104", "PPL9105"]);
  });

  it("bounds a scorecard by its lines, and an incentive by its cap", () => {
    // The score is at most 100%, so 1k × score never reaches the 2k cap; it can reach a 1k cap (without passing it).
    const body =
      "input e: number min 0\nscorecard s { e weight 100% threshold 1 target 10 }\n" +
      "incentive i { amount s * 1k\n cap 2k }\n";
    expect(rangeCodes(body)).toEqual(["PPL9106"]);
    expect(rangeCodes(body.replace("cap 2k", "cap 1k"))).toEqual([]);
  });

  it("finds an amount that is never positive, and a cap of 0", () => {
    expect(rangeCodes("input r: money max 0\nincentive i { amount r * 2 }\n")).toEqual(["PPL9107"]);
    expect(rangeCodes("input r: money min 0\nincentive i { amount min(r, 5) - 10 }\n")).toEqual(["PPL9107"]);
    expect(rangeCodes("input r: money min 0\nincentive i { amount r\n cap 0 }\n")).toEqual(["PPL9107"]);
    expect(rangeCodes("input r: money\nincentive i { amount r }\n")).toEqual([]);
    // Another incentive's value is what it pays: capped at 10, so 10 - 20 is never positive.
    expect(rangeCodes("input r: money\nincentive a { amount r\n cap 10 }\nincentive b { amount a - 20 }\n")).toEqual([
      "PPL9107",
    ]);
  });
});

describe("the repository's programs", () => {
  it.each([
    "rules/amplify.ppl",
    "examples/channel-plus.ppl",
    "examples/distributor-rebates.ppl",
    "examples/jpy-referral.ppl",
  ])("%s has no range warning", (file) => {
    const text = readFileSync(join(ROOT, file), "utf8");
    expect(checkSource(text, file).diagnostics.filter((d) => RANGE_CODES.includes(d.code))).toEqual([]);
  });
});

describe("deep programs", () => {
  it("a chain of 300 squarings stays cheap: huge ends are rounded outward", () => {
    const kpis = Array.from({ length: 300 }, (_, i) => `kpi k${i + 1} = k${i} * k${i} + 1\n`).join("");
    const body = `input k0: number min 2 max 3\n${kpis}tier T { require k300 > 1 }\n`;
    expect(rangeCodes(body)).toEqual(["PPL9102"]);
  });

  it("literals of 20,000 digits are rounded outward, not multiplied past the exact size limit", () => {
    const big = "9".repeat(20_000);
    const body = `input x: number min ${big}\nkpi k = x * x * ${big} * ${big}\ntier T { require k > 0 }\n`;
    expect(codesOf(body)).toEqual(["PPL9102"]);
  });

  it("round() to a million digits is bounded without computing 10^1000000", () => {
    expect(codesOf("input x: number min 0 max 1\ntier T { require round(x, 1000000) <= 2 }\n")).toEqual(["PPL9102"]);
  });

  it("an expression 390 operators deep is analysed", () => {
    const expr = "x" + " + 1".repeat(390);
    expect(rangeCodes(`input x: number min 0\ntier T { require ${expr} < 390 }\n`)).toEqual(["PPL9101"]);
  });
});

// ------------------------------------------------------------ property test

function sameStart(a: SourceRange, b: SourceRange): boolean {
  return a.start.offset === b.start.offset;
}

function isPositive(value: Value): boolean {
  return isNum(value) && compare(value, parseExact("0")) > 0;
}

type Claim = { code: string; what: string; holds: (evaluation: PartnerEvaluation) => boolean };

/** What each range warning claims, as a test on one partner's evaluation. */
function claimsOf(program: Program, diagnostics: Diagnostic[], names: ResolvedNames): Claim[] {
  const claims: Claim[] = [];
  for (const d of diagnostics) {
    const what = `${d.code} at ${d.range.start.line}:${d.range.start.column}: ${d.message}`;
    if (d.code === "PPL9101" || d.code === "PPL9102") {
      let leaf: Expr | undefined;
      for (const site of expressionSites(program)) {
        visitExpressions(site.expr, (expr) => {
          if (expr.range.start.offset === d.range.start.offset && expr.range.end.offset === d.range.end.offset)
            leaf ??= expr;
        });
      }
      const tree = toExprTree(leaf!, names);
      claims.push({
        code: d.code,
        what,
        holds: (e) => (d.code === "PPL9101" ? e.evaluate(tree) !== true : e.evaluate(tree) === true),
      });
      continue;
    }
    for (const decl of declarationsOf(program)) {
      if (decl.kind === "table" && d.code === "PPL9103") {
        const index = decl.rows.findIndex((row) => sameStart(row.range, d.range));
        if (index >= 0)
          claims.push({ code: d.code, what, holds: (e) => e.tables.get(decl.name.value)!.rowIndex !== index });
      }
      if (decl.kind === "scorecard" && (d.code === "PPL9104" || d.code === "PPL9105")) {
        const index = decl.lines.findIndex((line) => sameStart(line.range, d.range));
        if (index < 0) continue;
        const line = decl.lines[index]!;
        const max = parseExact(line.max?.value ?? "1");
        claims.push({
          code: d.code,
          what,
          holds: (e) => {
            const score = e.scorecards.get(decl.name.value)!.lines[index]!.score;
            return compare(score, d.code === "PPL9104" ? parseExact("0") : max) === 0;
          },
        });
      }
      if (decl.kind === "incentive" && d.code === "PPL9106" && decl.cap && sameStart(decl.cap.range, d.range)) {
        const amount = toExprTree(decl.amount, names);
        const cap = parseExact(decl.cap.value);
        claims.push({
          code: d.code,
          what,
          holds: (e) => {
            const value = e.evaluate(amount);
            return !e.incentives.get(decl.name.value)!.capped && !(isNum(value) && compare(value, cap) >= 0);
          },
        });
      }
      if (decl.kind === "incentive" && d.code === "PPL9107" && sameStart(decl.amount.range, d.range)) {
        const amount = toExprTree(decl.amount, names);
        const cap = decl.cap ? parseExact(decl.cap.value) : undefined;
        claims.push({
          code: d.code,
          what,
          holds: (e) => {
            const value = e.evaluate(amount);
            const paid = e.incentives.get(decl.name.value)!.paid;
            const capped = cap !== undefined && isNum(value) && compare(value, cap) > 0 ? cap : value;
            return !isPositive(capped) && compare(paid, parseExact("0")) === 0;
          },
        });
      }
    }
  }
  return claims;
}

describe("range warnings are proofs (property test)", () => {
  it("on generated programs, no warning is contradicted by generated partners at and within the declared bounds", () => {
    const PROGRAMS = 160;
    const PARTNERS = 250;
    let checking = 0;
    let claimsChecked = 0;
    const fired = new Map<string, number>();
    for (let seed = 1; seed <= PROGRAMS; seed++) {
      const text = new RangeProgramGenerator(seed).program();
      const { checked, diagnostics } = checkSource(text, `generated-${seed}.ppl`);
      if (diagnostics.some((d) => d.severity === "error")) continue;
      checking++;
      const warnings = diagnostics.filter((d) => RANGE_CODES.includes(d.code));
      for (const d of warnings) fired.set(d.code, (fired.get(d.code) ?? 0) + 1);
      const names: ResolvedNames = { references: checked.references, tiers: checked.symbols.tiers };
      const claims = claimsOf(checked.program, warnings, names);
      // Every warning became a claim to test.
      expect(claims.length, text).toBe(warnings.length);
      if (claims.length === 0) continue;
      const artifact = compileProgram(checked, text);
      const evaluate = createEvaluator(artifact);
      const generate = partnerGenerator(artifact, seed);
      const numeric = artifact.inputs.filter((input) => ["number", "integer", "money", "percent"].includes(input.type));
      for (let index = 1; index <= PARTNERS; index++) {
        const record = generate(index);
        // Every tenth partner sits on the declared bounds: all at min, all at max, or a mix.
        if (index % 10 === 0) {
          for (const input of numeric) {
            const end =
              index % 30 === 0 ? input.min : index % 30 === 10 ? input.max : (index / 10) % 2 ? input.min : input.max;
            if (end !== undefined) record[input.name] = parseExact(end) as Exact;
          }
        }
        const evaluation = evaluate(record);
        for (const claim of claims) {
          claimsChecked++;
          if (!claim.holds(evaluation))
            expect.fail(`${claim.what}\nis contradicted by partner ${JSON.stringify(record)} in\n${text}`);
        }
      }
    }
    // Not vacuous: most programs check, and every kind of warning fired and was tested.
    expect(checking).toBeGreaterThan(PROGRAMS / 2);
    expect(RANGE_CODES.filter((code) => !fired.has(code))).toEqual([]);
    expect(claimsChecked).toBeGreaterThan(10_000);
    // About 160 programs × 250 partners through the evaluator: a few seconds.
  }, 120_000);
});
