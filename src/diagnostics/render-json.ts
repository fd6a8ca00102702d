// `--format json`: one compact JSON object per diagnostic, one per line.
// Lines and columns are 1-based; endLine/endColumn point just past the range.
// A suggestion is a fix an editor can offer: replace its range with `replacement`.
import type { SourceRange } from "../ast/nodes.js";
import type { Code } from "./codes.js";
import type { Diagnostic, Severity } from "./diagnostic.js";
import { printable } from "./printable.js";

interface JsonRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonDiagnostic extends JsonRange {
  code: Code;
  severity: Severity;
  file: string;
  message: string;
  related: ({ file: string; message: string } & JsonRange)[];
  suggestions: ({ message: string; replacement: string } & JsonRange)[];
}

function jsonRange(range: SourceRange): JsonRange {
  return { line: range.start.line, column: range.start.column, endLine: range.end.line, endColumn: range.end.column };
}

export function toJsonDiagnostic(diagnostic: Diagnostic): JsonDiagnostic {
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    file: diagnostic.file,
    ...jsonRange(diagnostic.range),
    // Escaped as in the other formats, so a consumer that prints it is as safe.
    message: printable(diagnostic.message),
    related: (diagnostic.related ?? []).map((r) => ({
      file: r.file,
      ...jsonRange(r.range),
      message: printable(r.message),
    })),
    // The replacement is source text to insert, not text to show: it is not escaped.
    suggestions: (diagnostic.suggestions ?? []).map((s) => ({
      ...jsonRange(s.range),
      message: printable(s.message),
      replacement: s.replacement,
    })),
  };
}

/** One JSON object per line, no trailing newline. */
export function renderJson(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => JSON.stringify(toJsonDiagnostic(d))).join("\n");
}
