// Prints diagnostics in the format a command was asked for.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { renderGithub } from "../diagnostics/render-github.js";
import { renderHuman } from "../diagnostics/render-human.js";
import { renderJson } from "../diagnostics/render-json.js";

export type DiagnosticFormat = "human" | "json" | "github";

export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  format: DiagnosticFormat,
  stream: NodeJS.WritableStream,
): void {
  if (diagnostics.length === 0) return;
  const text =
    format === "json"
      ? renderJson(diagnostics)
      : format === "github"
        ? renderGithub(diagnostics)
        : renderHuman(diagnostics, sources, { color: (stream as NodeJS.WriteStream).isTTY === true }) + "\n";
  stream.write(text.endsWith("\n") ? text : text + "\n");
}
