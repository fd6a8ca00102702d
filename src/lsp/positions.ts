// PPL source ranges (offsets into the text) ↔ LSP ranges (0-based lines,
// UTF-16 characters). Both count in the same string the editor sent, so the
// offsets are converted through the document and line ends agree.
import type { Position, Range } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { SourceRange } from "../ast/nodes.js";

/** The LSP range of `range`; the start of the document where recovery left no range. */
export function toLspRange(document: TextDocument, range: SourceRange | undefined): Range {
  const start = range?.start?.offset;
  const end = range?.end?.offset;
  if (typeof start !== "number" || !Number.isFinite(start))
    return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const last = typeof end === "number" && Number.isFinite(end) ? Math.max(start, end) : start;
  return { start: document.positionAt(start), end: document.positionAt(last) };
}

/** True when `offset` lies in `range`, its end included (a cursor just after a name is on it). */
export function rangeHolds(range: SourceRange | undefined, offset: number): boolean {
  return range !== undefined && range.start.offset <= offset && offset <= range.end.offset;
}

/** True when two LSP ranges share a position. */
export function rangesTouch(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
