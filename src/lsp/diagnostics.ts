// PPL diagnostics → LSP diagnostics, and failing `expect`s → information
// diagnostics. The suggestions ride along in `data` so a client can hand
// them back; the code actions read them from the analysis anyway.
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
} from "vscode-languageserver";
import type { SourceLocation } from "../compile/artifact-types.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Analysis, TestRun } from "./analysis.js";
import { toLspRange } from "./positions.js";

export const DIAGNOSTIC_SOURCE = "ppl";
export const TEST_SOURCE = "ppl test";

export function toLspDiagnostic(analysis: Analysis, diagnostic: Diagnostic): LspDiagnostic {
  const { document } = analysis;
  const result: LspDiagnostic = {
    range: toLspRange(document, diagnostic.range),
    severity: diagnostic.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
  };
  // Related locations are in the same file: the checker sees one file at a time.
  const related: DiagnosticRelatedInformation[] = (diagnostic.related ?? []).map((r) => ({
    location: { uri: document.uri, range: toLspRange(document, r.range) },
    message: r.message,
  }));
  if (related.length > 0) result.relatedInformation = related;
  if (diagnostic.suggestions && diagnostic.suggestions.length > 0) {
    result.data = {
      suggestions: diagnostic.suggestions.map((s) => ({
        message: s.message,
        range: toLspRange(document, s.range),
        replacement: s.replacement,
      })),
    };
  }
  return result;
}

export function checkerDiagnostics(analysis: Analysis): LspDiagnostic[] {
  return analysis.source.diagnostics.map((d) => toLspDiagnostic(analysis, d));
}

function locationRange(analysis: Analysis, source: SourceLocation) {
  return {
    start: { line: source.line - 1, character: source.column - 1 },
    end: { line: source.endLine - 1, character: source.endColumn - 1 },
  } satisfies LspDiagnostic["range"];
}

/** One information diagnostic per failing `expect` (with the values it saw), per `given` that the schema rejects. */
export function testDiagnostics(analysis: Analysis, run: TestRun): LspDiagnostic[] {
  if (!run.ran) return [];
  const found: LspDiagnostic[] = [];
  for (const outcome of run.outcomes) {
    const info = (source: SourceLocation, message: string) =>
      found.push({
        range: locationRange(analysis, source),
        severity: DiagnosticSeverity.Information,
        source: TEST_SOURCE,
        message,
      });
    for (const failure of outcome.failures) {
      const values = failure.values.map(([name, value]) => `${name} = ${value}`).join(", ");
      info(failure.source, `expect ${failure.text} fails${values ? `: ${values}` : ""}`);
    }
    for (const error of outcome.schemaErrors ?? [])
      info(outcome.source, `given does not satisfy the input schema: ${error.field ?? "record"}: ${error.message}`);
    if (outcome.evaluationError !== undefined)
      info(outcome.source, `the test could not be evaluated: ${outcome.evaluationError}`);
  }
  return found;
}
