import type { SourceRange } from "../ast/nodes.js";
import { CODES, type Code, type MessageArgs } from "./codes.js";

export type Severity = "error" | "warning";

/** A location elsewhere that helps explain a diagnostic (e.g. the first declaration of a duplicate). */
export interface RelatedLocation {
  file: string;
  range: SourceRange;
  message: string;
}

/** A fix an editor can offer: replace the text at `range` with `replacement`. */
export interface Suggestion {
  /** What the fix is, for a reader: "did you mean `revenue`?". */
  message: string;
  /** The exact source range to replace. */
  range: SourceRange;
  replacement: string;
}

/** One problem found in a `.ppl` file. Plain data: renderers turn it into text. */
export interface Diagnostic {
  /** Stable code from the catalogue, e.g. "PPL1003". */
  code: Code;
  severity: Severity;
  file: string;
  range: SourceRange;
  /** Says what is wrong and what to do (the catalogue's template filled in). */
  message: string;
  related?: RelatedLocation[];
  /** Fixes, best first; the message mentions the first. */
  suggestions?: Suggestion[];
}

/** What a call site suggests: the name it means, where it goes, and how it is written there. */
export interface SuggestionInput {
  /** The suggested name or value, as the message shows it. */
  name: string;
  range: SourceRange;
  /** The source text to put at `range` (default: `name`), e.g. the name in quotes for a string literal. */
  replacement?: string;
}

export interface DiagnosticExtras {
  /** One suggestion, several, or none (undefined: nothing plausible was found). */
  suggestion?: SuggestionInput | readonly SuggestionInput[] | undefined;
  related?: readonly RelatedLocation[];
}

/** The suggestion input for `name` at `range`, or undefined when there is no name to suggest. */
export function suggest(
  name: string | undefined,
  range: SourceRange,
  replacement?: string,
): SuggestionInput | undefined {
  if (name === undefined) return undefined;
  return replacement === undefined ? { name, range } : { name, range, replacement };
}

/**
 * Builds the diagnostic `code` at `range` of `file`: its severity and message
 * come from the catalogue, filled in with `args` (typed by the code).
 */
export function makeDiagnostic<C extends Code>(
  file: string,
  code: C,
  range: SourceRange,
  args: MessageArgs<C>,
  extras: DiagnosticExtras = {},
): Diagnostic {
  const entry = CODES[code];
  const inputs =
    extras.suggestion === undefined ? [] : Array.isArray(extras.suggestion) ? extras.suggestion : [extras.suggestion];
  const suggested = (inputs as readonly SuggestionInput[])[0]?.name;
  const message = (entry.message as (a: MessageArgs<C>, s: string | undefined) => string)(args, suggested);
  const diagnostic: Diagnostic = { code, severity: entry.severity, file, range, message };
  if (extras.related && extras.related.length > 0) diagnostic.related = [...extras.related];
  if (inputs.length > 0) {
    diagnostic.suggestions = (inputs as readonly SuggestionInput[]).map((s) => {
      const replacement = s.replacement ?? s.name;
      // A string literal is already quoted; anything else is code, in backticks.
      const shown = replacement.startsWith('"') ? replacement : `\`${replacement}\``;
      return { message: `did you mean ${shown}?`, range: s.range, replacement };
    });
  }
  return diagnostic;
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
