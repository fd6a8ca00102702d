// The instrumented plan behind coverage evaluates exactly as the plain one:
// on generated partners for every program of the repository the result rows
// are byte-identical, and the counts add up (each partner shows one outcome
// per requirement, tier, subtier and scorecard line, at most one row a table),
// and no partner shows an incentive outcome that coverage ruled out.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";
import { compileProgram } from "../../src/compile/compile.js";
import { createEvaluator, toResultRow } from "../../src/runtime/evaluator/index.js";
import { CoverageCollector } from "../../src/testing/coverage.js";
import { partnerGenerator } from "../evaluator/partner-generator.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PROGRAMS = [
  "rules/amplify.ppl",
  "examples/channel-plus.ppl",
  "examples/distributor-rebates.ppl",
  "examples/jpy-referral.ppl",
];
const PARTNERS = 1_500;

describe("coverage's instrumented evaluator", () => {
  for (const file of PROGRAMS) {
    it(`gives ${file} the rows of the plain evaluator, and counts one outcome per partner`, () => {
      const text = readFileSync(join(ROOT, file), "utf8");
      const checked = checkSource(text, file);
      const artifact = compileProgram(checked.checked, text);
      const plain = createEvaluator(artifact);
      const collector = new CoverageCollector(artifact, checked.program);
      const next = partnerGenerator(artifact, 20_261_202);
      let withTier = 0;
      // Outcomes each incentive showed, to check that those coverage leaves out as impossible never occur.
      const shown = new Map<string, Set<string>>();
      for (let index = 0; index < PARTNERS; index++) {
        const record = next(index);
        const evaluation = plain(record);
        const expected = toResultRow(evaluation, index + 1, null, artifact);
        for (const [name, result] of evaluation.incentives) {
          const outcomes = shown.get(name) ?? new Set<string>();
          if (result.floored) outcomes.add("floored");
          if (result.outcome === "missing_amount") outcomes.add("missing_amount");
          shown.set(name, outcomes);
        }
        const traced = collector.evaluator(record);
        expect(JSON.stringify(toResultRow(traced, index + 1, null, artifact))).toBe(JSON.stringify(expected));
        if (expected.tier !== null) withTier++;
      }
      const report = collector.report(file);
      const sum = (outcomes: Record<string, number>) => Object.values(outcomes).reduce((a, b) => a + b, 0);
      for (const item of report.items) {
        if (["requirement", "tier", "subtier", "scorecard-line"].includes(item.kind)) {
          expect([item.name, sum(item.outcomes)]).toEqual([item.name, PARTNERS]);
        }
      }
      for (const item of report.items.filter((i) => i.kind === "incentive")) {
        for (const outcome of shown.get(item.name) ?? [])
          expect([item.name, outcome in item.outcomes]).toEqual([item.name, true]);
      }
      const reached = report.items.filter((item) => item.kind === "tier").map((item) => item.outcomes.reached!);
      expect(reached.reduce((a, b) => a + b, 0)).toBe(withTier);
      for (const table of artifact.tables) {
        const rows = report.items.filter(
          (item) => item.kind === "table-row" && item.name.startsWith(`${table.name}: `),
        );
        expect(rows).toHaveLength(table.rows.length);
        expect(rows.reduce((total, row) => total + row.outcomes.hit!, 0)).toBeLessThanOrEqual(PARTNERS);
      }
      expect(report.covered).toBeGreaterThan(0);
      expect(report.covered).toBeLessThanOrEqual(report.total);
    }, 60_000);
  }
});
