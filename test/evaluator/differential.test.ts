// The fast back end against the reference runtime: for every program in
// rules/, examples/ and test/fixtures that checks clean, thousands of edge-
// seeking partners must give byte-identical result rows, and a sample of them
// the same explanation detail and `expect` values.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Artifact } from "../../src/compile/artifact.js";
import { checkProgram } from "../../src/check/check.js";
import { compileValidated } from "../compile/compiled-program.js";
import { compileRecordValidator, typeRecord } from "../../src/io/typed-record.js";
import type { RawField } from "../../src/io/raw-record.js";
import { toExactString } from "../../src/number/exact-text.js";
import type { Num } from "../../src/number/rational.js";
import { isNum, type Value } from "../../src/runtime/values.js";
import type { PartnerEvaluation } from "../../src/runtime/partner.js";
import { createEvaluator, toResultRow as resultRow } from "../../src/runtime/evaluator/index.js";
import { evaluate } from "../oracle/evaluate.js";
import { evaluatePartner, toResultRow, withoutShortfalls } from "../oracle/partner.js";
import { parse } from "../../src/syntax/parse.js";
import { partnerGenerator } from "./partner-generator.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PARTNERS = 10_000;
// Full explanation detail is compared for one partner in this many.
const DETAIL_EVERY = 25;

function pplFiles(): string[] {
  return ["rules", "examples", "test/fixtures"].flatMap((dir) =>
    (readdirSync(join(ROOT, dir), { recursive: true }) as string[])
      .filter((file) => file.endsWith(".ppl"))
      .map((file) => join(dir, file))
      .sort(),
  );
}

/**
 * The programs compared: every .ppl under rules/, examples/ and test/fixtures/
 * that checks without errors. Written out, so a program that stops checking
 * fails this test instead of silently dropping out of the comparison, and a
 * new program that checks must be added here.
 */
const COMPARED: { file: string; reaches: string[] }[] = [
  // `reaches`: the tiers (and "-" for none) the generated partners reach, so agreement covers every outcome.
  { file: "rules/amplify.ppl", reaches: ["-", "Power", "Synergy"] },
  { file: "examples/channel-plus.ppl", reaches: ["-", "Member", "Premier"] },
  { file: "examples/distributor-rebates.ppl", reaches: ["-", "Authorised", "Gold", "Platinum"] },
  { file: "examples/jpy-referral.ppl", reaches: ["-", "Preferred", "Registered"] },
  { file: "test/fixtures/check/PPL9001-unused-input.ppl", reaches: ["-"] },
  { file: "test/fixtures/check/PPL9002-unused-table.ppl", reaches: ["-"] },
  // Its second tier is unreachable by design (the PPL9003 warning).
  { file: "test/fixtures/check/PPL9003-unreachable-tier.ppl", reaches: ["-", "Premier"] },
  { file: "test/fixtures/check/PPL9004-subtier-without-requirements.ppl", reaches: ["-", "Premier"] },
  // The range warnings' fixtures: what they reach agrees with the warnings (a requirement that never or always holds).
  { file: "test/fixtures/check/PPL9101-condition-never-holds.ppl", reaches: ["-"] },
  { file: "test/fixtures/check/PPL9102-condition-always-holds.ppl", reaches: ["Member"] },
  { file: "test/fixtures/check/PPL9103-table-row-never-reached.ppl", reaches: ["-", "Member"] },
  { file: "test/fixtures/check/PPL9104-scorecard-line-always-zero.ppl", reaches: ["-"] },
  { file: "test/fixtures/check/PPL9105-scorecard-line-always-maximum.ppl", reaches: ["-"] },
  { file: "test/fixtures/check/PPL9106-cap-never-reached.ppl", reaches: ["-"] },
  { file: "test/fixtures/check/PPL9107-amount-never-positive.ppl", reaches: ["-"] },
  // The report's fixture: a confidential subtier requirement.
  { file: "test/fixtures/report/near.ppl", reaches: ["-", "Gold", "Member"] },
].map((entry) => ({ ...entry, file: join(...entry.file.split("/")) }));

/** The errors of a file that does not parse or check, else its artifact. */
function compiled(file: string): { artifact: Artifact } | { errors: string[] } {
  const text = readFileSync(join(ROOT, file), "utf8");
  const parsed = parse(text, file);
  const checked = checkProgram(parsed.program);
  const errors = [...parsed.diagnostics, ...checked.diagnostics]
    .filter((diagnostic) => diagnostic.severity === "error")
    .map((diagnostic) => `${diagnostic.code} ${diagnostic.range.start.line}: ${diagnostic.message}`);
  return errors.length > 0 ? { errors } : { artifact: compileValidated(checked, text) };
}

/** The artifact of a file that must check; a test that calls it fails with the file's errors otherwise. */
function artifactOf(file: string): Artifact {
  const result = compiled(file);
  if ("errors" in result) throw new Error(`${file} does not check:\n${result.errors.join("\n")}`);
  return result.artifact;
}

/** Everything an evaluation holds, as comparable JSON: Fractions as "n/d", Maps as entry lists. */
function canonical(value: unknown): unknown {
  if (isNum(value as Value)) return `#${toExactString(value as Num)}`;
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [canonical(k), canonical(v)]);
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

function detail(evaluation: PartnerEvaluation, artifact: Artifact): unknown {
  const names = [
    ...artifact.inputs,
    ...artifact.kpis,
    ...artifact.scorecards,
    ...artifact.tables,
    ...artifact.incentives,
  ].map((spec) => spec.name);
  const { scope } = evaluation;
  return canonical({
    tier: evaluation.tier?.name,
    tierResults: evaluation.tierResults.map((r) => ({
      tier: r.tier.name,
      holds: r.holds,
      requirements: r.requirements.map((x) => ({ label: x.requirement.label, holds: x.holds, values: x.values })),
    })),
    subtiers: evaluation.subtiers,
    subtierResults: evaluation.subtierResults.map((r) => ({
      ...r,
      subtier: r.subtier.name,
      requirements: r.requirements.map((x) => ({ label: x.requirement.label, holds: x.holds, values: x.values })),
    })),
    benefits: evaluation.benefits,
    kpis: evaluation.kpis,
    scorecards: evaluation.scorecards,
    tables: evaluation.tables,
    incentives: evaluation.incentives,
    total: evaluation.total,
    unmet: evaluation.unmet.map((u) => ({ tier: u.tier, label: u.requirement.label, values: u.values })),
    confidential: names.map((name) => evaluation.isConfidential(name)),
    scope: {
      refs: names.map((name) => scope.ref(name)),
      tier: scope.tier(),
      subtiers: scope.subtiers(),
      total: scope.total(),
      rounding: scope.rounding,
    },
  });
}

describe("the fast evaluator agrees with the reference runtime", () => {
  it("compares exactly the programs that check", () => {
    const checking = pplFiles().filter((file) => "artifact" in compiled(file));
    expect(checking).toEqual(COMPARED.map((entry) => entry.file));
  });

  for (const [programIndex, { file, reaches }] of COMPARED.entries()) {
    it(`${file}: ${PARTNERS} partners, byte-identical rows`, () => {
      const artifact = artifactOf(file);
      const fast = createEvaluator(artifact);
      const generate = partnerGenerator(artifact, 1000 + programIndex);
      const tiers = new Set<string>();
      for (let index = 1; index <= PARTNERS; index++) {
        const record = generate(index);
        const reference = evaluatePartner(artifact, record);
        const expected = JSON.stringify(toResultRow(reference, index, `P-${index}`, artifact));
        const evaluation = fast(record);
        const viaFastRow = JSON.stringify(withoutShortfalls(resultRow(evaluation, index, `P-${index}`, artifact)));
        if (viaFastRow !== expected) {
          expect.fail(
            `partner ${index} of ${file}: ${JSON.stringify(canonical(record))}\nfast ${viaFastRow}\nref  ${expected}`,
          );
        }
        if (index % DETAIL_EVERY === 0) {
          expect(JSON.stringify(toResultRow(evaluation, index, `P-${index}`, artifact))).toBe(expected);
          expect(detail(evaluation, artifact)).toEqual(detail(reference, artifact));
        }
        tiers.add(reference.tier?.name ?? "-");
      }
      expect([...tiers].sort()).toEqual(reaches);
      // 10,000 partners through both evaluators: up to a few seconds per program.
    }, 30_000);
  }

  it("gives the same `expect` values for every test block", () => {
    let expects = 0;
    for (const artifact of COMPARED.map((entry) => artifactOf(entry.file))) {
      const fast = createEvaluator(artifact);
      const validator = compileRecordValidator(artifact.inputs);
      for (const test of artifact.tests) {
        const typed = typeRecord(
          { row: 1, fields: test.given as Record<string, RawField> },
          artifact.inputs,
          validator,
        );
        // A test whose `given` does not type is one ppl test reports as failing; here it must not drop out.
        if (!typed.ok) expect.fail(`${artifact.sourceFile}, test "${test.description}": its given values do not type`);
        const reference = evaluatePartner(artifact, typed.values);
        const evaluation = fast(typed.values);
        for (const { expr, text } of test.expects) {
          expect(canonical(evaluation.evaluate(expr)), text).toEqual(canonical(evaluate(expr, reference.scope)));
          expects++;
        }
      }
    }
    expect(expects).toBeGreaterThan(50);
  });
});
