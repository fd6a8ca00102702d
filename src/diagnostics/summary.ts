// The closing line of `ppl check`: "2 errors, 1 warning in 3 files".
import type { Diagnostic } from "./diagnostic.js";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * Counts errors and warnings. `fileCount` is the number of files checked
 * (default: the files that have diagnostics).
 */
export function summaryLine(diagnostics: readonly Diagnostic[], fileCount?: number): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const files = fileCount ?? new Set(diagnostics.map((d) => d.file)).size;
  const where = `in ${plural(files, "file")}`;
  if (errors === 0 && warnings === 0) return `no errors or warnings ${where}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")} ${where}`;
}
