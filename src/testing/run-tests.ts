// Runs a program's `test` blocks (spec 3.8): the given values are typed and
// checked exactly like partner data, the partner is evaluated, and each
// `expect` must hold. A failing expect reports the values of the names in it.
import type { Artifact } from "../compile/artifact.js";
import type { ExprTree, SourceLocation, TestSpec } from "../compile/artifact-types.js";
import { evaluateRecord } from "../io/evaluate-records.js";
import type { RawField, RawRecord } from "../io/raw-record.js";
import { ExactSizeError } from "../number/exact-size.js";
import { compileRecordValidator } from "../io/typed-record.js";
import { createEvaluator } from "../runtime/evaluator/index.js";
import type { PartnerEvaluation } from "../runtime/partner.js";
import { REDACTED, type FieldError, type OkRow } from "../runtime/result-types.js";
import { Evaluation } from "../runtime/evaluator/evaluation.js";
import { requirementShortfall, shortfallWords } from "../runtime/shortfall.js";
import { asBoolean, isMissing, showValue, type Value } from "../runtime/values.js";

export interface FailedExpectation {
  text: string;
  source: SourceLocation;
  /** Each name the expectation uses, with the value it had (confidential ones redacted). */
  values: [string, string][];
  /** How far a failing numeric comparison is from holding, in words (runtime/shortfall.ts). */
  shortfall?: string[];
}

export interface TestOutcome {
  description: string;
  source: SourceLocation;
  passed: boolean;
  /** Set when `given` does not satisfy the input schema. */
  schemaErrors?: FieldError[];
  /** Set when the partner could not be evaluated (a value too large to compute exactly). */
  evaluationError?: string;
  /** The partner's output row, as `ppl run` writes it for the same record; absent when the record is invalid. */
  row?: OkRow;
  failures: FailedExpectation[];
}

export type TestEvaluator = (record: Record<string, Value>) => PartnerEvaluation;

/** `tier`, `subtiers` and `total` used by an expectation, besides its plain names. */
function keywordsUsed(
  tree: ExprTree,
  found = new Set<"tier" | "subtiers" | "total">(),
): Set<"tier" | "subtiers" | "total"> {
  if (tree.op === "tier" || tree.op === "subtiers" || tree.op === "total") found.add(tree.op);
  if ("args" in tree) for (const arg of tree.args) keywordsUsed(arg, found);
  if ("arg" in tree) keywordsUsed(tree.arg, found);
  if (tree.op === "list") for (const item of tree.items) keywordsUsed(item, found);
  return found;
}

function givenRecord(test: TestSpec): RawRecord {
  const fields = Object.create(null) as Record<string, RawField>;
  for (const [name, value] of Object.entries(test.given)) fields[name] = value as RawField;
  return { row: 1, fields };
}

/**
 * Each test block goes through evaluateRecord, the function `ppl run` calls
 * for every record: the same typing, the same evaluator, the same row.
 */
export function runProgramTests(
  artifact: Artifact,
  evaluator: TestEvaluator = createEvaluator(artifact),
): TestOutcome[] {
  const validator = compileRecordValidator(artifact.inputs, artifact.program.name, artifact.program.minorUnits);
  return artifact.tests.map((test): TestOutcome => {
    const evaluated = evaluateRecord(artifact, givenRecord(test), validator, evaluator);
    if (evaluated instanceof Promise) throw new Error("test blocks need a synchronous evaluator");
    const { result, evaluation, failure } = evaluated;
    try {
      if (failure !== undefined) throw failure;
      if (result.status === "invalid" || evaluation === undefined) {
        const schemaErrors = result.status === "invalid" ? result.errors : [];
        return { description: test.description, source: test.source, passed: false, schemaErrors, failures: [] };
      }
      return { ...expectationsOutcome(test, evaluation), row: result };
    } catch (error) {
      // A test that cannot be computed fails like any other, and the other tests still run.
      if (!(error instanceof ExactSizeError)) throw error;
      return {
        description: test.description,
        source: test.source,
        passed: false,
        evaluationError: error.message,
        failures: [],
      };
    }
  });
}

function expectationsOutcome(test: TestSpec, evaluation: PartnerEvaluation): TestOutcome {
  const failures: FailedExpectation[] = [];
  for (const expectation of test.expects) {
    if (asBoolean(evaluation.evaluate(expectation.expr))) continue;
    const values: [string, string][] = expectation.names.map((name) => [
      name,
      evaluation.isConfidential(name) ? REDACTED : showValue(evaluation.scope.ref(name)),
    ]);
    const scope = evaluation.scope;
    for (const keyword of keywordsUsed(expectation.expr)) {
      const value = keyword === "tier" ? scope.tier() : keyword === "subtiers" ? scope.subtiers() : scope.total();
      values.push([keyword, keyword === "tier" && isMissing(value) ? "no tier" : showValue(value)]);
    }
    const failure: FailedExpectation = { text: expectation.text, source: expectation.source, values };
    if (evaluation instanceof Evaluation) {
      const shortfall = requirementShortfall(evaluation.plan, evaluation.state, expectation.expr);
      if (shortfall !== undefined) failure.shortfall = shortfallWords(evaluation.plan, shortfall);
    }
    failures.push(failure);
  }
  return { description: test.description, source: test.source, passed: failures.length === 0, failures };
}
