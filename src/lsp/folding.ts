// Folding ranges from the tokens, so a half-written document folds too: every
// `{ … }` that spans lines, and runs of two or more comment lines.
import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import { pplLexer } from "../syntax/tokens.js";
import type { Analysis } from "./analysis.js";

export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const { document } = analysis;
  const lexed = pplLexer.tokenize(document.getText());
  const ranges: FoldingRange[] = [];
  const open: number[] = [];
  for (const token of lexed.tokens) {
    if (token.tokenType.name === "LCurly") open.push(document.positionAt(token.startOffset).line);
    else if (token.tokenType.name === "RCurly" && open.length > 0) {
      const start = open.pop()!;
      const end = document.positionAt(token.startOffset).line;
      // The closing line stays visible.
      if (end - 1 > start) ranges.push({ startLine: start, endLine: end - 1 });
    }
  }
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart >= 0 && runEnd > runStart)
      ranges.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
  };
  for (const comment of lexed.groups.comments ?? []) {
    const line = document.positionAt(comment.startOffset).line;
    if (line === runEnd + 1 && runStart >= 0) runEnd = line;
    else {
      flush();
      runStart = runEnd = line;
    }
  }
  flush();
  return ranges.sort((a, b) => a.startLine - b.startLine);
}
