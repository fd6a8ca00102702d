// The fast back end against the reference runtime: for every program in
// rules/, examples/ and test/fixtures that checks clean, thousands of edge-
// seeking partners must give byte-identical result rows, and a sample of them
// the same explanation detail and `expect` values.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Artifact } from "../../src/compile/artifact.js";
import { checkProgram } from "../../src/check/check.js";
import { compileProgram } from "../../src/compile/compile.js";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { compileRecordValidator, typeRecord } from "../../src/io/typed-record.js";
import type { RawField } from "../../src/io/raw-record.js";
import { evaluate } from "../../src/runtime/evaluate.js";
import { toExactString, type Exact } from "../../src/runtime/exact.js";
import { isExact, type Value } from "../../src/runtime/values.js";
import { evaluatePartner, toResultRow, type PartnerEvaluation } from "../../src/runtime/partner.js";
import { createFastEvaluator, fastResultRow } from "../../src/runtime/fast/index.js";
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

/** The artifact of a file that parses and checks without errors, else undefined. */
function artifactOf(file: string): Artifact | undefined {
  const text = readFileSync(join(ROOT, file), "utf8");
  const parsed = parse(text, file);
  const checked = checkProgram(parsed.program);
  if (hasErrors(parsed.diagnostics) || hasErrors(checked.diagnostics)) return undefined;
  try {
    return compileProgram(checked, text);
  } catch {
    return undefined;
  }
}

/** Everything an evaluation holds, as comparable JSON: Fractions as "n/d", Maps as entry lists. */
function canonical(value: unknown): unknown {
  if (isExact(value as Value)) return `#${toExactString(value as Exact)}`;
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [canonical(k), canonical(v)]);
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

function detail(evaluation: PartnerEvaluation, artifact: Artifact): unknown {
  const names = [...artifact.inputs, ...artifact.kpis, ...artifact.scorecards, ...artifact.tables, ...artifact.incentives].map(
    (spec) => spec.name,
  );
  const { scope } = evaluation;
  return canonical({
    tier: evaluation.tier?.name,
    tierResults: evaluation.tierResults.map((r) => ({ tier: r.tier.name, holds: r.holds, requirements: r.requirements.map((x) => ({ label: x.requirement.label, holds: x.holds, values: x.values })) })),
    subtiers: evaluation.subtiers,
    subtierResults: evaluation.subtierResults.map((r) => ({ ...r, subtier: r.subtier.name, requirements: r.requirements.map((x) => ({ label: x.requirement.label, holds: x.holds, values: x.values })) })),
    benefits: evaluation.benefits,
    kpis: evaluation.kpis,
    scorecards: evaluation.scorecards,
    tables: evaluation.tables,
    incentives: evaluation.incentives,
    total: evaluation.total,
    unmet: evaluation.unmet.map((u) => ({ tier: u.tier, label: u.requirement.label, values: u.values })),
    confidential: names.map((name) => evaluation.isConfidential(name)),
    scope: { refs: names.map((name) => scope.ref(name)), tier: scope.tier(), subtiers: scope.subtiers(), total: scope.total(), rounding: scope.rounding },
  });
}

const programs = pplFiles()
  .map((file) => ({ file, artifact: artifactOf(file) }))
  .filter((entry): entry is { file: string; artifact: Artifact } => entry.artifact !== undefined);

describe("the fast evaluator agrees with the reference runtime", () => {
  it("finds the programs to compare", () => {
    const files = programs.map((entry) => entry.file);
    expect(files).toContain(join("rules", "amplify.ppl"));
    expect(files.filter((file) => file.startsWith("examples")).length).toBeGreaterThanOrEqual(3);
  });

  for (const [programIndex, { file, artifact }] of programs.entries()) {
    it(`${file}: ${PARTNERS} partners, byte-identical rows`, () => {
      const fast = createFastEvaluator(artifact);
      const generate = partnerGenerator(artifact, 1000 + programIndex);
      let compared = 0;
      for (let index = 1; index <= PARTNERS; index++) {
        const record = generate(index);
        const reference = evaluatePartner(artifact, record);
        const expected = JSON.stringify(toResultRow(reference, index, `P-${index}`, artifact));
        const evaluation = fast(record);
        const viaFastRow = JSON.stringify(fastResultRow(evaluation, index, `P-${index}`, artifact));
        if (viaFastRow !== expected) {
          expect.fail(`partner ${index} of ${file}: ${JSON.stringify(canonical(record))}\nfast ${viaFastRow}\nref  ${expected}`);
        }
        if (index % DETAIL_EVERY === 0) {
          expect(JSON.stringify(toResultRow(evaluation, index, `P-${index}`, artifact))).toBe(expected);
          expect(detail(evaluation, artifact)).toEqual(detail(reference, artifact));
        }
        compared++;
      }
      expect(compared).toBe(PARTNERS);
    });
  }

  it("gives the same `expect` values for every test block", () => {
    let expects = 0;
    for (const { artifact } of programs) {
      const fast = createFastEvaluator(artifact);
      const validator = compileRecordValidator(artifact.inputs);
      for (const test of artifact.tests) {
        const typed = typeRecord({ row: 1, fields: test.given as Record<string, RawField> }, artifact.inputs, validator);
        if (!typed.ok) continue;
        const reference = evaluatePartner(artifact, typed.values);
        const evaluation = fast(typed.values);
        for (const { expr, text } of test.expects) {
          expect(canonical(evaluate(expr, evaluation.scope)), text).toEqual(canonical(evaluate(expr, reference.scope)));
          expects++;
        }
      }
    }
    expect(expects).toBeGreaterThan(50);
  });
});
