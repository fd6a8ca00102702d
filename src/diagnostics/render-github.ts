// `--format github`: GitHub Actions workflow commands, which CI turns into
// annotations on the pull request.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import type { Diagnostic } from "./diagnostic.js";
import { printable } from "./printable.js";

/** Escapes a command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a command property value: as data, plus `:` and `,`, which delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function renderGithubDiagnostic(diagnostic: Diagnostic): string {
  const { start, end } = diagnostic.range;
  // GitHub's endColumn is inclusive; ours points just past the range.
  const endColumn = end.line === start.line ? Math.max(start.column, end.column - 1) : end.column;
  const properties = [
    `file=${escapeProperty(printable(diagnostic.file))}`,
    `line=${start.line}`,
    `col=${start.column}`,
    `endLine=${end.line}`,
    `endColumn=${endColumn}`,
    `title=${escapeProperty(diagnostic.code)}`,
  ].join(",");
  const notes = (diagnostic.related ?? []).map(
    (r) => `\nnote: ${printable(`${r.file}:${r.range.start.line}:${r.range.start.column}: ${r.message}`)}`,
  );
  return `::${diagnostic.severity} ${properties}::${escapeData(printable(diagnostic.message) + notes.join(""))}`;
}

/** One workflow command per line, no trailing newline. */
export function renderGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map(renderGithubDiagnostic).join("\n");
}
