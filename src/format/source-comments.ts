// The `#` comments of one file, with a record of which ones the printer has
// placed: the printer checks at the end that every comment was printed once.
import type { Comment } from "../ast/nodes.js";

export class SourceComments {
  private readonly printed = new Set<Comment>();
  private readonly sorted: readonly Comment[];

  constructor(
    readonly text: string,
    comments: readonly Comment[],
  ) {
    this.sorted = [...comments].sort((a, b) => a.range.start.offset - b.range.start.offset);
  }

  /** Comments not yet printed that start in [start, end), in source order. */
  between(start: number, end: number): Comment[] {
    const found: Comment[] = [];
    for (let i = this.lowerBound(start); i < this.sorted.length; i++) {
      const c = this.sorted[i];
      if (c.range.start.offset >= end) break;
      if (!this.printed.has(c)) found.push(c);
    }
    return found;
  }

  /** Marks a comment printed and returns its text. */
  take(comment: Comment): string {
    if (this.printed.has(comment)) throw new Error(`comment printed twice: ${comment.text}`);
    this.printed.add(comment);
    return comment.text;
  }

  unprinted(): Comment[] {
    return this.sorted.filter((c) => !this.printed.has(c));
  }

  /** True when code precedes the comment on its line (`require x  # why`). */
  followsCode(comment: Comment): boolean {
    for (let i = comment.range.start.offset - 1; i >= 0; i--) {
      const ch = this.text[i];
      if (ch === "\n") return false;
      if (ch !== " " && ch !== "\t" && ch !== "\r") return true;
    }
    return false;
  }

  private lowerBound(offset: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].range.start.offset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** True when the source between two offsets holds an empty line. */
export function hasBlankLineBetween(text: string, from: number, to: number): boolean {
  return to > from && /\n[ \t\r]*\n/.test(text.slice(from, to));
}
