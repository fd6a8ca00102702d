// Prints diagnostics in the format a command was asked for, at most
// MAX_PRINTED_DIAGNOSTICS of them: 100 KB of garbage must not print megabytes.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { escapeData, renderGithub } from "../diagnostics/render-github.js";
import { renderHuman } from "../diagnostics/render-human.js";
import { renderJson } from "../diagnostics/render-json.js";

export type DiagnosticFormat = "human" | "json" | "github";

/** How many diagnostics a command prints; the rest are counted on one line (exit codes still count them all). */
export const MAX_PRINTED_DIAGNOSTICS = 200;

export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  format: DiagnosticFormat,
  stream: NodeJS.WritableStream,
): void {
  if (diagnostics.length === 0) return;
  const shown = diagnostics.slice(0, MAX_PRINTED_DIAGNOSTICS);
  const text =
    format === "json"
      ? renderJson(shown)
      : format === "github"
        ? renderGithub(shown)
        : renderHuman(shown, sources, { color: (stream as NodeJS.WriteStream).isTTY === true }) + "\n";
  stream.write(text.endsWith("\n") ? text : text + "\n");
  const rest = diagnostics.length - shown.length;
  if (rest <= 0) return;
  const note = `${rest} more diagnostic${rest === 1 ? "" : "s"} not shown (the first ${MAX_PRINTED_DIAGNOSTICS} are); fix these and check again`;
  // JSON output stays one diagnostic object per line, so its note goes to stderr.
  if (format === "json") process.stderr.write(note + "\n");
  else if (format === "github") stream.write(`::notice::${escapeData(note)}\n`);
  else stream.write(note + "\n");
}
