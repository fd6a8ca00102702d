import type { SourceRange } from "../ast/nodes.js";

export type Severity = "error" | "warning";

/** A location elsewhere that helps explain a diagnostic (e.g. the first declaration of a duplicate). */
export interface RelatedLocation {
  file: string;
  range: SourceRange;
  message: string;
}

/** One problem found in a `.ppl` file. Plain data: renderers turn it into text. */
export interface Diagnostic {
  /** Stable code from the catalogue, e.g. "PPL1003". */
  code: string;
  severity: Severity;
  file: string;
  range: SourceRange;
  /** Says what is wrong and what to do. */
  message: string;
  related?: RelatedLocation[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sorts by file, then position, then code, so output is stable. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.offset - b.range.start.offset ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
