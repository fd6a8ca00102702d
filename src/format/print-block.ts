// Lays out a sequence of line-oriented entries (declarations, requirements,
// rows, clauses, given fields) with the comments around them: own-line
// comments lead the entry after them, a comment at the end of an entry's last
// line trails it, a comment after `{` stays there, and comments left inside an
// entry that its printer could not place are moved just above it.
import { doc, type Doc } from "prettier";
import type { Comment, SourceRange } from "../ast/nodes.js";
import { hasBlankLineBetween } from "./source-comments.js";
import type { PrintContext } from "./print-context.js";

const { hardline, join, lineSuffix, literalline } = doc.builders;

export interface BlockEntry {
  /** The entry's own source text, comments around it excluded. */
  range: SourceRange;
  /** Declaration or item kind, for blank-line rules. */
  kind: string;
  /** Prints the entry; it may place comments that lie inside its range. */
  print(): Doc;
  /** Printed right after the entry, before a trailing comment (the comma between given fields). */
  suffix?: string;
}

export interface BlockOptions {
  /** Line of the opening `{`, so a comment after it stays on that line. */
  openLine?: number;
  /** Whether two entries are separated by a blank line; `sourceBlank` tells whether they were. */
  blankBetween?(previous: BlockEntry, next: BlockEntry, sourceBlank: boolean): boolean;
}

export interface PrintedBlock {
  /** The entries and comments, one per line; "" when there are none. */
  body: Doc;
  /** Comments that followed the opening `{` on its line, each with its leading space. */
  afterOpen: string[];
  isEmpty: boolean;
}

export function isPrettierIgnore(comment: Comment): boolean {
  return comment.text.slice(1).trim() === "prettier-ignore";
}

function isInside(comment: Comment, range: SourceRange): boolean {
  const at = comment.range.start.offset;
  return at >= range.start.offset && at < range.end.offset;
}

/** A `# prettier-ignore`d entry: its source text as written, comments included. */
export function verbatim(ctx: PrintContext, range: SourceRange): Doc {
  for (const c of ctx.comments.between(range.start.offset, range.end.offset)) ctx.comments.take(c);
  const source = ctx.text.slice(range.start.offset, range.end.offset);
  // literalline keeps the continuation lines' own indentation.
  return join(literalline, source.split(/\r?\n/));
}

export function printBlock(
  ctx: PrintContext,
  entries: BlockEntry[],
  region: { start: number; end: number },
  options: BlockOptions = {},
): PrintedBlock {
  const leading = new Map<BlockEntry, Comment[]>(entries.map((e) => [e, []]));
  const trailing = new Map<BlockEntry, Comment[]>(entries.map((e) => [e, []]));
  const afterOpen: Comment[] = [];
  const dangling: Comment[] = [];

  const loose = ctx.comments
    .between(region.start, region.end)
    .filter((c) => !entries.some((e) => isInside(c, e.range)));
  for (const c of loose) {
    const at = c.range.start.offset;
    if (ctx.comments.followsCode(c)) {
      const previous = entries.filter((e) => e.range.end.offset <= at).pop();
      if (previous && previous.range.end.line === c.range.start.line) {
        trailing.get(previous)!.push(c);
        continue;
      }
      if (options.openLine === c.range.start.line && !previous) {
        afterOpen.push(c);
        continue;
      }
    }
    const next = entries.find((e) => e.range.start.offset > at);
    if (next) leading.get(next)!.push(c);
    else dangling.push(c);
  }

  const lines: { doc: Doc; blankBefore: boolean }[] = [];
  let previousEnd: number | undefined;
  let previousEntry: BlockEntry | undefined;
  const sourceBlank = (to: number) => previousEnd !== undefined && hasBlankLineBetween(ctx.text, previousEnd, to);

  for (const entry of entries) {
    const before = leading.get(entry)!;
    const ignored = before.length > 0 && isPrettierIgnore(before[before.length - 1]);
    // Printed first so the entry places what it can before the rest is moved above it.
    const printed = ignored ? verbatim(ctx, entry.range) : entry.print();
    const hoisted = ctx.comments.between(entry.range.start.offset, entry.range.end.offset);

    const firstStart = before[0]?.range.start.offset ?? entry.range.start.offset;
    let blank = sourceBlank(firstStart);
    if (previousEntry && options.blankBetween) blank = options.blankBetween(previousEntry, entry, blank);
    before.forEach((c, i) => {
      lines.push({ doc: ctx.comments.take(c), blankBefore: i === 0 ? blank : sourceBlank(c.range.start.offset) });
      previousEnd = c.range.end.offset;
    });
    if (before.length > 0) blank = sourceBlank(entry.range.start.offset);
    for (const c of hoisted) {
      lines.push({ doc: ctx.comments.take(c), blankBefore: blank });
      blank = false;
    }
    const after = trailing.get(entry)!.map((c) => lineSuffix(" " + ctx.comments.take(c)));
    lines.push({ doc: [printed, entry.suffix ?? "", ...after], blankBefore: blank });
    previousEnd = Math.max(entry.range.end.offset, ...trailing.get(entry)!.map((c) => c.range.end.offset));
    previousEntry = entry;
  }
  for (const c of dangling) {
    lines.push({ doc: ctx.comments.take(c), blankBefore: sourceBlank(c.range.start.offset) });
    previousEnd = c.range.end.offset;
  }

  const body: Doc[] = [];
  lines.forEach((l, i) => {
    if (i > 0) body.push(l.blankBefore ? [hardline, hardline] : hardline);
    body.push(l.doc);
  });
  return {
    body,
    afterOpen: afterOpen.map((c) => " " + ctx.comments.take(c)),
    isEmpty: lines.length === 0,
  };
}
