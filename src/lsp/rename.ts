// Rename of inputs, KPIs, scorecards, tables, incentives, tiers and subtiers
// across the file. A value name must be an identifier that is no reserved
// word or function name and no other value's name; a tier or subtier name
// may be any text that no other tier or subtier has, and is written quoted
// wherever it is not a plain identifier.
import {
  ResponseError,
  ErrorCodes,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver";
import { stringLiteral } from "../diagnostics/suggestions.js";
import { isFunctionName } from "../functions/catalogue.js";
import { RESERVED_WORDS } from "../syntax/tokens.js";
import type { Analysis } from "./analysis.js";
import { toLspRange } from "./positions.js";
import { occurrenceAt, occurrencesOf, symbolKey, type IndexedSymbol } from "./symbol-index.js";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set<string>(RESERVED_WORDS);

function refuse(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidRequest, message);
}

function symbolAt(analysis: Analysis, position: Position) {
  const occurrence = occurrenceAt(analysis.index, analysis.document.offsetAt(position));
  const symbol = occurrence && analysis.index.symbols.get(occurrence.key);
  return occurrence && symbol ? { occurrence, symbol } : undefined;
}

export function prepareRename(
  analysis: Analysis,
  position: Position,
): { range: Range; placeholder: string } | ResponseError<void> {
  const found = symbolAt(analysis, position);
  if (!found)
    return refuse("Only a declared name (an input, KPI, scorecard, table, incentive, tier or subtier) can be renamed.");
  return { range: toLspRange(analysis.document, found.occurrence.range), placeholder: found.symbol.name };
}

/** Why `newName` cannot replace `symbol`'s name, or undefined when it can. */
export function renameProblem(analysis: Analysis, symbol: IndexedSymbol, newName: string): string | undefined {
  const { values, tiers, subtiers } = analysis.source.checked.symbols;
  if (newName.length === 0) return "The new name is empty.";
  if (RESERVED.has(newName))
    return `\`${newName}\` is a reserved word of PPL and cannot be a name; choose another, such as \`${newName}_value\`.`;
  if (symbol.namespace === "value") {
    if (!IDENTIFIER.test(newName))
      return `\`${newName}\` is not a valid name: use letters, digits and _ and start with a letter or _.`;
    if (isFunctionName(newName))
      return `\`${newName}\` is the name of a built-in function and cannot be declared; choose another, such as \`${newName}_value\`.`;
    const other = values.get(newName);
    if (other && newName !== symbol.name)
      return `\`${newName}\` is already declared (${other.kind === "kpi" ? "a KPI" : `a ${other.kind}`}); choose another name.`;
    // A name compared with `tier` means the tier: the same name for a value would make expressions ambiguous.
    if (tiers.has(newName) || subtiers.has(newName))
      return `\`${newName}\` is already the name of a ${tiers.has(newName) ? "tier" : "subtier"}; choose another name.`;
    return undefined;
  }
  if (/[\r\n]/.test(newName)) return "A tier name cannot span lines.";
  if (newName !== symbol.name && (tiers.has(newName) || subtiers.has(newName)))
    return `\`${newName}\` is already the name of a ${tiers.has(newName) ? "tier" : "subtier"}; choose another name.`;
  if (newName !== symbol.name && values.has(newName))
    return `\`${newName}\` is already declared (a ${values.get(newName)!.kind === "kpi" ? "KPI" : values.get(newName)!.kind}); a tier of the same name would make expressions ambiguous, so choose another name.`;
  return undefined;
}

export function rename(analysis: Analysis, position: Position, requested: string): WorkspaceEdit | ResponseError<void> {
  const found = symbolAt(analysis, position);
  if (!found)
    return refuse("Only a declared name (an input, KPI, scorecard, table, incentive, tier or subtier) can be renamed.");
  const newName = requested.trim();
  const problem = renameProblem(analysis, found.symbol, newName);
  if (problem !== undefined) return refuse(problem);
  // A tier name that is not a plain identifier is written as a string everywhere.
  const mustQuote = !IDENTIFIER.test(newName);
  const key = symbolKey(found.symbol.namespace, found.symbol.name);
  const edits: TextEdit[] = occurrencesOf(analysis.index, key).map((o) => ({
    range: toLspRange(analysis.document, o.range),
    newText: o.quoted || mustQuote ? stringLiteral(newName) : newName,
  }));
  return { changes: { [analysis.document.uri]: edits } };
}
