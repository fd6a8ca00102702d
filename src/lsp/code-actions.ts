// Quick fixes from the structured suggestions the checker attaches to its
// diagnostics ("did you mean `revenue`?", a reserved word's new name, a
// misspelt `one of` value): each replaces the suggestion's range.
import { CodeActionKind, type CodeAction, type Range } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import { toLspDiagnostic } from "./diagnostics.js";
import { rangesTouch, toLspRange } from "./positions.js";

export function codeActions(analysis: Analysis, range: Range): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of analysis.source.diagnostics) {
    if (!diagnostic.suggestions || diagnostic.suggestions.length === 0) continue;
    const lsp = toLspDiagnostic(analysis, diagnostic);
    if (!rangesTouch(lsp.range, range)) continue;
    diagnostic.suggestions.forEach((suggestion, i) => {
      const title = suggestion.message.replace(/^did you mean (.*)\?$/, "Change to $1");
      actions.push({
        title: title.charAt(0).toUpperCase() + title.slice(1),
        kind: CodeActionKind.QuickFix,
        diagnostics: [lsp],
        isPreferred: i === 0,
        edit: {
          changes: {
            [analysis.document.uri]: [
              { range: toLspRange(analysis.document, suggestion.range), newText: suggestion.replacement },
            ],
          },
        },
      });
    });
  }
  return actions;
}
