// The whole file: the program header and the declarations, one paragraph
// each. Consecutive `input` lines, and consecutive `kpi` lines, may stay
// together as one paragraph when they were written so; the KPI labels of a
// paragraph share one column.
import { doc, type Doc } from "prettier";
import type { IToken } from "chevrotain";
import type * as A from "../ast/nodes.js";
import { labelColumn, type LabelledLine } from "./align.js";
import { isPrettierIgnore, printBlock, type BlockEntry } from "./print-block.js";
import { SourceTokens, type PrintContext } from "./print-context.js";
import { kpiLine, printDeclaration } from "./print-declarations.js";
import { ExpressionDocPrinter } from "./print-expression-doc.js";
import { hasBlankLineBetween, SourceComments } from "./source-comments.js";

const { hardline } = doc.builders;

/** Declarations that may form a paragraph of single lines with their own kind. */
const PARAGRAPH_KINDS = new Set(["input", "kpi"]);

export function printDocument(text: string, program: A.Program, tokens: IToken[], printWidth: number): Doc {
  const comments = new SourceComments(text, program.comments);
  const ctx: PrintContext = {
    text,
    comments,
    tokens: new SourceTokens(tokens),
    expressions: new ExpressionDocPrinter(comments),
    printWidth,
  };
  const declarations: (A.Declaration | A.ProgramHeader)[] = [
    ...(program.header ? [program.header] : []),
    ...program.declarations,
  ].sort((a, b) => a.range.start.offset - b.range.start.offset);

  const kpiColumns = kpiParagraphColumns(ctx, declarations);
  const entries = declarations.map((decl): BlockEntry => ({
    kind: decl.kind,
    range: decl.range,
    print: () => printDeclaration(ctx, decl, { kpiLabelColumn: kpiColumns.get(decl) }),
  }));
  const block = printBlock(
    ctx,
    entries,
    { start: 0, end: text.length },
    {
      blankBetween: (previous, next, sourceBlank) =>
        previous.kind === next.kind && PARAGRAPH_KINDS.has(next.kind) ? sourceBlank : true,
    },
  );
  const left = comments.unprinted();
  if (left.length > 0)
    throw new Error(`the formatter lost a comment: ${left[0].text} (line ${left[0].range.start.line})`);
  return block.isEmpty ? "" : [block.body, hardline];
}

/** The label column of each KPI, shared by the KPIs of one paragraph. */
function kpiParagraphColumns(
  ctx: PrintContext,
  declarations: (A.Declaration | A.ProgramHeader)[],
): Map<A.Node, number> {
  const columns = new Map<A.Node, number>();
  let paragraph: { decl: A.KpiDecl; line: LabelledLine }[] = [];
  const close = () => {
    const column = labelColumn(paragraph.map((p) => p.line));
    for (const p of paragraph) columns.set(p.decl, column);
    paragraph = [];
  };
  declarations.forEach((decl, i) => {
    const previous = declarations[i - 1];
    const gapStart = previous ? previous.range.end.offset : 0;
    if (!previous || previous.kind !== "kpi" || hasBlankLineBetween(ctx.text, gapStart, decl.range.start.offset))
      close();
    if (decl.kind !== "kpi") return;
    const before = ctx.comments.between(gapStart, decl.range.start.offset).pop();
    const ignored = before !== undefined && !ctx.comments.followsCode(before) && isPrettierIgnore(before);
    if (!ignored) paragraph.push({ decl, line: kpiLine(ctx, decl) });
  });
  close();
  return columns;
}
