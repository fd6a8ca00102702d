// Formats PPL source text with the Prettier plugin. A file with syntax errors
// is returned untouched with its diagnostics; formatted output is re-parsed
// and compared with the input before it is trusted.
import { format } from "prettier";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { parse } from "../syntax/parse.js";
import { meaningDifference } from "./meaning.js";
import plugin from "./plugin.js";

export interface FormatOptions {
  /** Line width the layout aims for (Prettier's `printWidth`); default 80. */
  printWidth?: number;
}

export type FormatResult =
  | { ok: true; formatted: string; changed: boolean }
  | { ok: false; diagnostics: Diagnostic[] };

/** Thrown when the formatter's output would change a program's meaning: a bug, never the user's fault. */
export class FormatterBugError extends Error {}

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
  const after = parse(formatted, file);
  if (after.diagnostics.some((d) => d.severity === "error")) {
    throw new FormatterBugError(`formatting ${file} produced text that does not parse: ${after.diagnostics[0].message}`);
  }
  const difference = meaningDifference(before.program, after.program);
  if (difference) throw new FormatterBugError(`formatting ${file} would change it: ${difference}`);
  return { ok: true, formatted, changed: formatted !== text };
}
