// The public API of the `ppl` package: parse, check, compile, evaluate, format.
export type * as ast from "./ast/nodes.js";
export { parse, type ParseResult } from "./syntax/parse.js";
export { printExpression } from "./syntax/print-expression.js";
export { check, checkProgram, type CheckResult } from "./check/check.js";
export { checkSource, type SourceCheck } from "./check/check-source.js";
export {
  hasErrors,
  sortDiagnostics,
  type Diagnostic,
  type RelatedLocation,
  type Severity,
  type Suggestion,
} from "./diagnostics/diagnostic.js";
export { CODES, type Code } from "./diagnostics/codes.js";
export { renderHuman } from "./diagnostics/render-human.js";
export { renderJson } from "./diagnostics/render-json.js";
export { renderGithub } from "./diagnostics/render-github.js";
export { compileProgram } from "./compile/compile.js";
export type { Artifact } from "./compile/artifact.js";
export { parseArtifact, validateArtifact } from "./compile/artifact-schema.js";
export { inputSchema } from "./compile/input-schema.js";
export { evaluatePartner, toResultRow } from "./runtime/evaluator/index.js";
export type { PartnerEvaluation } from "./runtime/partner.js";
export { createRulesEngineEvaluator } from "./runtime/rules-engine.js";
export { explainPartner } from "./runtime/explain.js";
export type { ResultRow, OkRow, InvalidRow } from "./runtime/result-types.js";
export { dataFormatOf } from "./io/read-records.js";
export { readRecords } from "./io/data-file.js";
export { evaluateRecords } from "./io/evaluate-records.js";
export { typePartnerJson } from "./io/partner-json.js";
export { openResultWriter, writeResults } from "./io/write-results.js";
export { runProgramTests, type TestOutcome } from "./testing/run-tests.js";
export {
  runSignOffCases,
  describeCaseFailure,
  type CaseOutcome,
  type SignOffResult,
} from "./testing/sign-off-cases.js";
export { CoverageCollector, type CoverageItem, type ProgramCoverage } from "./testing/coverage.js";
export { coverageReport, type CoverageFormat } from "./testing/coverage-report.js";
export { formatPpl } from "./format/format-ppl.js";
export { formatDecimal, parseExact, toExactString } from "./number/exact-text.js";
export { formatFixed, type Num } from "./number/rational.js";
