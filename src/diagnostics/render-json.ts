// `--format json`: one compact JSON object per diagnostic, one per line.
// Lines and columns are 1-based; endLine/endColumn point just past the range.
import type { Diagnostic } from "./diagnostic.js";
import { printable } from "./printable.js";

export interface JsonDiagnostic {
  code: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  related: { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

export function toJsonDiagnostic(diagnostic: Diagnostic): JsonDiagnostic {
  const { range } = diagnostic;
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    file: diagnostic.file,
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    // Escaped as in the other formats, so a consumer that prints it is as safe.
    message: printable(diagnostic.message),
    related: (diagnostic.related ?? []).map((r) => ({
      file: r.file,
      line: r.range.start.line,
      column: r.range.start.column,
      endLine: r.range.end.line,
      endColumn: r.range.end.column,
      message: printable(r.message),
    })),
  };
}

/** One JSON object per line, no trailing newline. */
export function renderJson(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => JSON.stringify(toJsonDiagnostic(d))).join("\n");
}
