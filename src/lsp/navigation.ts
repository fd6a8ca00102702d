// Go to definition, find references and document highlight, from the symbol index.
import { DocumentHighlightKind, type DocumentHighlight, type Location, type Position } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import { toLspRange } from "./positions.js";
import { occurrenceAt, occurrencesOf } from "./symbol-index.js";

export function definition(analysis: Analysis, position: Position): Location | null {
  const occurrence = occurrenceAt(analysis.index, analysis.document.offsetAt(position));
  const symbol = occurrence && analysis.index.symbols.get(occurrence.key);
  if (!symbol) return null;
  return { uri: analysis.document.uri, range: toLspRange(analysis.document, symbol.nameRange) };
}

export function references(analysis: Analysis, position: Position, includeDeclaration: boolean): Location[] {
  const occurrence = occurrenceAt(analysis.index, analysis.document.offsetAt(position));
  if (!occurrence) return [];
  return occurrencesOf(analysis.index, occurrence.key)
    .filter((o) => includeDeclaration || !o.declaration)
    .map((o) => ({ uri: analysis.document.uri, range: toLspRange(analysis.document, o.range) }));
}

export function highlights(analysis: Analysis, position: Position): DocumentHighlight[] {
  const occurrence = occurrenceAt(analysis.index, analysis.document.offsetAt(position));
  if (!occurrence) return [];
  return occurrencesOf(analysis.index, occurrence.key).map((o) => ({
    range: toLspRange(analysis.document, o.range),
    kind: o.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
