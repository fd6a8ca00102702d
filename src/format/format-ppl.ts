// Formats PPL source text with the Prettier plugin. A file with syntax errors
// is returned untouched with its diagnostics. The plugin's printer re-parses
// its output and compares it with the input (soundness.ts) before Prettier
// returns it, so a FormatterBugError comes out of `format` here.
import { format } from "prettier";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { parse } from "../syntax/parse.js";
import plugin from "./plugin.js";

export { FormatterBugError } from "./soundness.js";

export interface FormatOptions {
  /** Line width the layout aims for (Prettier's `printWidth`); default 80. */
  printWidth?: number;
}

export type FormatResult = { ok: true; formatted: string; changed: boolean } | { ok: false; diagnostics: Diagnostic[] };

export async function formatPpl(text: string, file: string, options: FormatOptions = {}): Promise<FormatResult> {
  const before = parse(text, file);
  const errors = before.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  const formatted = await format(text, {
    parser: "ppl",
    plugins: [plugin],
    filepath: file,
    printWidth: options.printWidth ?? 80,
  });
  return { ok: true, formatted, changed: formatted !== text };
}
