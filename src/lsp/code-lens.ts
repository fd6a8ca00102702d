// A code lens over each `test` block: "✓ passes", or how many expectations
// fail (their values are information diagnostics on the failing `expect`s).
import type { CodeLens } from "vscode-languageserver";
import { declarationsOf } from "../check/expression-tree.js";
import { testsOf, type Analysis } from "./analysis.js";
import { toLspRange } from "./positions.js";

export function codeLenses(analysis: Analysis): CodeLens[] {
  const tests = declarationsOf(analysis.source.program).filter((d) => d.kind === "test" && d.range);
  if (tests.length === 0) return [];
  const run = testsOf(analysis);
  return tests.map((test): CodeLens => {
    const range = toLspRange(analysis.document, test.range);
    const lensRange = { start: range.start, end: range.start };
    if (!run.ran) return { range: lensRange, command: { title: `○ ${run.reason}`, command: "" } };
    const line = test.range.start.line;
    const outcome = run.outcomes.find((o) => o.source.line === line && o.source.column === test.range.start.column);
    let title: string;
    if (!outcome) title = "○ not run";
    else if (outcome.passed) title = "✓ passes";
    else if (outcome.schemaErrors && outcome.schemaErrors.length > 0)
      title = "✗ given does not satisfy the input schema";
    else if (outcome.evaluationError !== undefined) title = "✗ could not be evaluated";
    else {
      const count = outcome.failures.length;
      title = `✗ ${count} expectation${count === 1 ? "" : "s"} fail${count === 1 ? "s" : ""}`;
    }
    return { range: lensRange, command: { title, command: "" } };
  });
}
