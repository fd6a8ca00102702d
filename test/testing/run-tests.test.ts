// `ppl test` runs what `ppl run` runs: a test block's partner, written as a
// data file and given to `ppl run`, gets the same row, byte for byte.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";
import { compileProgram } from "../../src/compile/compile.js";
import type { RawField } from "../../src/io/raw-record.js";
import { Evaluation } from "../../src/runtime/evaluator/index.js";
import type { PartnerEvaluation } from "../../src/runtime/partner.js";
import type { Value } from "../../src/runtime/values.js";
import { createEvaluator } from "../../src/runtime/evaluator/index.js";
import { runProgramTests } from "../../src/testing/run-tests.js";
import { ppl, ROOT, workspace } from "../cli/run-cli.js";

/** A raw JSON field back as JSON text (numbers keep their exact text). */
function jsonText(field: RawField): string {
  switch (field.kind) {
    case "number":
      return field.text;
    case "string":
    case "boolean":
      return JSON.stringify(field.value);
    case "array":
      return `[${field.items.map(jsonText).join(",")}]`;
    case "cell":
      return JSON.stringify(field.text);
    case "null":
      return "null";
    case "object":
      return "{}";
  }
}

describe("ppl test", () => {
  const source = readFileSync(join(ROOT, "examples/channel-plus.ppl"), "utf8");
  const checked = checkSource(source, "channel-plus.ppl");
  const artifact = compileProgram(checked.checked, source);

  it("evaluates test blocks with the evaluator that pays partners", () => {
    const fast = createEvaluator(artifact);
    const used: PartnerEvaluation[] = [];
    const outcomes = runProgramTests(artifact, (record: Record<string, Value>) => {
      const evaluation = fast(record);
      used.push(evaluation);
      return evaluation;
    });
    expect(outcomes.length).toBeGreaterThan(0);
    expect(used).toHaveLength(outcomes.length);
    for (const evaluation of used) expect(evaluation).toBeInstanceOf(Evaluation);
    expect(outcomes.every((outcome) => outcome.passed)).toBe(true);
  });

  it("gives a test block's partner the row `ppl run` writes for it", () => {
    const outcomes = runProgramTests(artifact);
    const records = artifact.tests.map(
      (test) =>
        `{${Object.entries(test.given)
          .map(([name, field]) => `${JSON.stringify(name)}:${jsonText(field as RawField)}`)
          .join(",")}}`,
    );
    const dir = workspace({ "p.ppl": source, "d.ndjson": records.join("\n") + "\n" });
    const run = ppl(["run", "p.ppl", "--data", "d.ndjson"], { cwd: dir });
    expect(run.status).toBe(0);
    const rows = run.stdout.trim().split("\n");
    expect(rows).toHaveLength(outcomes.length);
    outcomes.forEach((outcome, index) => {
      expect(outcome.row).toBeDefined();
      expect(JSON.stringify({ ...outcome.row, row: index + 1 })).toBe(rows[index]);
    });
  });
});
