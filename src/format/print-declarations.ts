// One print function per declaration kind (a mapped type, so a new kind that
// has no printer fails to compile), and the blocks inside declarations.
import { doc, type Doc } from "prettier";
import type * as A from "../ast/nodes.js";
import { tokenRange } from "../syntax/build-ast.js";
import { printExpression } from "../syntax/print-expression.js";
import {
  alignColumns,
  alignedLabelLine,
  LABEL_GAP,
  labelColumn,
  padEnd,
  textWidth,
  type LabelledLine,
} from "./align.js";
import { printBlock, type BlockEntry, type BlockOptions } from "./print-block.js";
import { sourceOf, type PrintContext } from "./print-context.js";

const { group, hardline, indent, join, line } = doc.builders;

/** Columns one level inside a block. */
const BLOCK_INDENT = 2;

/** Where a KPI's label column is, when it is in a paragraph of KPIs. */
export interface DeclarationLayout {
  kpiLabelColumn?: number;
}

type DeclarationPrinters = {
  [K in A.Declaration["kind"] | "program"]: (
    ctx: PrintContext,
    decl: Extract<A.Declaration | A.ProgramHeader, { kind: K }>,
    layout: DeclarationLayout,
  ) => Doc;
};

const printers: DeclarationPrinters = {
  program: printProgramHeader,
  input: printInput,
  kpi: printKpi,
  tier: (ctx, decl) => printTierBody(ctx, decl, tierHead(ctx, decl)),
  subtier: (ctx, decl) =>
    printTierBody(ctx, decl, ["subtier ", sourceOf(ctx, decl.name.range), " of ", sourceOf(ctx, decl.parent.range)]),
  scorecard: printScorecard,
  table: printTable,
  incentive: printIncentive,
  test: printTest,
};

export function printDeclaration(
  ctx: PrintContext,
  decl: A.Declaration | A.ProgramHeader,
  layout: DeclarationLayout,
): Doc {
  const print = printers[decl.kind] as (
    ctx: PrintContext,
    decl: A.Declaration | A.ProgramHeader,
    layout: DeclarationLayout,
  ) => Doc;
  return print(ctx, decl, layout);
}

// ------------------------------------------------------------------- blocks

/** `HEAD { entries }`, or `HEAD {}` when there is nothing inside. */
function printBraced(
  ctx: PrintContext,
  head: Doc,
  openSearchFrom: number,
  closeOffset: number,
  entries: BlockEntry[],
  options: BlockOptions = {},
): Doc {
  const open = ctx.tokens.firstFrom(openSearchFrom, "{");
  const block = printBlock(
    ctx,
    entries,
    { start: open.startOffset + 1, end: closeOffset },
    { ...options, openLine: open.startLine },
  );
  if (block.isEmpty) return [head, " {", ...block.afterOpen, block.afterOpen.length > 0 ? hardline : "", "}"];
  return [head, " {", ...block.afterOpen, indent([hardline, block.body]), hardline, "}"];
}

function closeOf(range: A.SourceRange): number {
  return range.end.offset - 1;
}

function planLabelled(
  ctx: PrintContext,
  indentWidth: number,
  head: string,
  expr: A.Expr,
  label: A.StringLiteral | undefined,
): LabelledLine {
  const oneLine = label ? head + " ".repeat(LABEL_GAP) + "as " + label.text : head;
  const flat = !ctx.expressions.keepsComment(expr) && indentWidth + textWidth(oneLine) <= ctx.printWidth;
  return { head, label: label?.text, flat };
}

/**
 * A labelled line: aligned text when it fits on one line; otherwise the
 * expression (broken if it is still too long) with the label on a line of its own.
 */
function printLabelled(line: LabelledLine, column: number, broken: () => Doc): Doc {
  if (line.flat) return alignedLabelLine(line, column);
  return [broken(), line.label === undefined ? "" : indent([hardline, "as ", line.label])];
}

// ------------------------------------------------------------- declarations

function printProgramHeader(ctx: PrintContext, header: A.ProgramHeader): Doc {
  const open = ctx.tokens.firstFrom(header.range.start.offset, "{");
  const close = closeOf(header.range);
  const inside = ctx.tokens.within(open.startOffset + 1, close);
  // Settings are printed from the tokens, in the order written.
  const entries: BlockEntry[] = [];
  for (let i = 0; i + 1 < inside.length; i += 2) {
    const [word, value] = [inside[i], inside[i + 1]];
    entries.push({
      kind: "setting",
      range: { start: tokenRange(word).start, end: tokenRange(value).end },
      print: () => `${word.image} ${value.image}`,
    });
  }
  return printBraced(ctx, ["program ", header.name.text], header.range.start.offset, close, entries);
}

function printInputType(type: A.InputType): Doc {
  if (type.kind !== "oneOf" && type.kind !== "listOf") return type.kind;
  const values = type.values.map((v) => v.text);
  return group([type.kind === "oneOf" ? "one of" : "list of", indent([line, join([",", line], values)])]);
}

function printInput(ctx: PrintContext, decl: A.InputDecl): Doc {
  const options = decl.options.map((o) => {
    if (o.word === "min" || o.word === "max") return ` ${o.word} ${decl[o.word]!.text}`;
    return " " + o.word;
  });
  return ["input ", sourceOf(ctx, decl.name.range), ": ", printInputType(decl.type), ...options];
}

export function kpiLine(ctx: PrintContext, decl: A.KpiDecl): LabelledLine {
  return planLabelled(
    ctx,
    0,
    `kpi ${sourceOf(ctx, decl.name.range)} = ${printExpression(decl.expr)}`,
    decl.expr,
    decl.label,
  );
}

function printKpi(ctx: PrintContext, decl: A.KpiDecl, layout: DeclarationLayout): Doc {
  const planned = kpiLine(ctx, decl);
  return printLabelled(planned, layout.kpiLabelColumn ?? labelColumn([planned]), () => [
    "kpi ",
    sourceOf(ctx, decl.name.range),
    " = ",
    ctx.expressions.printTop(decl.expr),
  ]);
}

function tierHead(ctx: PrintContext, decl: A.TierDecl): Doc {
  const name = sourceOf(ctx, decl.name.range);
  return decl.extends ? ["tier ", name, " extends ", sourceOf(ctx, decl.extends.range)] : ["tier ", name];
}

function printTierBody(ctx: PrintContext, decl: A.TierDecl | A.SubtierDecl, head: Doc): Doc {
  const planned = decl.items.map((item) =>
    item.kind === "require"
      ? planLabelled(ctx, BLOCK_INDENT, "require " + printExpression(item.expr), item.expr, item.label)
      : undefined,
  );
  const column = labelColumn(planned);
  const entries = decl.items.map((item, i): BlockEntry => ({
    kind: item.kind,
    range: item.range,
    print: () =>
      item.kind === "benefit"
        ? "benefit " + item.text.text
        : printLabelled(planned[i]!, column, () => ["require ", ctx.expressions.printTop(item.expr)]),
  }));
  return printBraced(ctx, head, decl.range.start.offset, closeOf(decl.range), entries);
}

function printScorecard(ctx: PrintContext, decl: A.ScorecardDecl): Doc {
  const rows = alignColumns(
    decl.lines.map((l) => {
      const cells = [
        l.value.name,
        "weight " + l.weight.text,
        "threshold " + l.threshold.text,
        "target " + l.target.text,
      ];
      return l.max ? [...cells, "max " + l.max.text] : cells;
    }),
    2,
  );
  const entries = decl.lines.map((l, i): BlockEntry => ({ kind: "line", range: l.range, print: () => rows[i] }));
  return printBraced(
    ctx,
    ["scorecard ", sourceOf(ctx, decl.name.range)],
    decl.range.start.offset,
    closeOf(decl.range),
    entries,
  );
}

function rowKey(ctx: PrintContext, row: A.TableRow): string {
  switch (row.kind) {
    case "below":
      return `below ${row.bound.text}`;
    case "range":
      return `${row.from.text} to ${row.to.text}`;
    case "above":
      return `${row.bound.text} and above`;
    case "match":
      return sourceOf(ctx, row.key.range);
    case "otherwise":
      return "otherwise";
  }
}

function printTable(ctx: PrintContext, decl: A.TableDecl): Doc {
  const keys = decl.rows.map((r) => rowKey(ctx, r) + ":");
  const keyWidth = Math.max(0, ...keys.map(textWidth)) + 1;
  // Row values are single operands (a literal, name, call or parentheses), never a bare chain.
  const entries = decl.rows.map((row, i): BlockEntry => ({
    kind: "row",
    range: row.range,
    print: () => [padEnd(keys[i], keyWidth), ctx.expressions.printTop(row.value)],
  }));
  const head = ["table ", sourceOf(ctx, decl.name.range), " by ", ctx.expressions.printTop(decl.key)];
  return printBraced(ctx, head, decl.key.range.end.offset, closeOf(decl.range), entries);
}

function clauseEntry(ctx: PrintContext, word: string, value: A.Expr, print: () => Doc): BlockEntry {
  const keyword = ctx.tokens.lastBefore(value.range.start.offset);
  return {
    kind: word,
    range: { start: tokenRange(keyword).start, end: value.range.end },
    print: () => [word, " ", print()],
  };
}

function printIncentive(ctx: PrintContext, decl: A.IncentiveDecl): Doc {
  const entries: BlockEntry[] = [];
  if (decl.when) {
    const when = decl.when;
    entries.push(clauseEntry(ctx, "when", when, () => ctx.expressions.printTop(when)));
  }
  entries.push(clauseEntry(ctx, "amount", decl.amount, () => ctx.expressions.printTop(decl.amount)));
  if (decl.cap) {
    const cap = decl.cap;
    entries.push(clauseEntry(ctx, "cap", cap, () => cap.text));
  }
  // Clauses keep the order they were written in.
  entries.sort((a, b) => a.range.start.offset - b.range.start.offset);
  const head = ["incentive ", sourceOf(ctx, decl.name.range), decl.label ? [" as ", decl.label.text] : ""];
  return printBraced(ctx, head, decl.range.start.offset, closeOf(decl.range), entries);
}

function printGiven(ctx: PrintContext, test: A.TestDecl): Doc {
  const open = ctx.tokens.firstFrom(test.givenRange.start.offset, "{");
  const close = closeOf(test.givenRange);
  const flatFields = test.given.map((f) => `${sourceOf(ctx, f.field.range)}: ${printExpression(f.value)}`);
  const oneLine = flatFields.length === 0 ? "given {}" : `given { ${flatFields.join(", ")} }`;
  const hasComments = ctx.comments.between(open.startOffset, close).length > 0;
  if (!hasComments && BLOCK_INDENT + textWidth(oneLine) <= ctx.printWidth) return oneLine;
  const entries = test.given.map((f, i): BlockEntry => ({
    kind: "field",
    range: f.range,
    suffix: i < test.given.length - 1 ? "," : "",
    print: () => [sourceOf(ctx, f.field.range), ": ", ctx.expressions.printTop(f.value)],
  }));
  return printBraced(ctx, "given", open.startOffset, close, entries);
}

function printTest(ctx: PrintContext, decl: A.TestDecl): Doc {
  const entries: BlockEntry[] = [];
  if (decl.givenRange !== decl.description.range) {
    entries.push({ kind: "given", range: decl.givenRange, print: () => printGiven(ctx, decl) });
  }
  for (const e of decl.expects) {
    entries.push({ kind: "expect", range: e.range, print: () => ["expect ", ctx.expressions.printTop(e.expr)] });
  }
  return printBraced(ctx, ["test ", decl.description.text], decl.range.start.offset, closeOf(decl.range), entries);
}
