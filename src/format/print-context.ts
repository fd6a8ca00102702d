// What every print function of the PPL printer needs about the file.
import type { IToken } from "chevrotain";
import type { SourceRange } from "../ast/nodes.js";
import type { ExpressionDocPrinter } from "./print-expression-doc.js";
import type { SourceComments } from "./source-comments.js";

export interface PrintContext {
  /** The source text (line ends normalised by Prettier). */
  text: string;
  comments: SourceComments;
  tokens: SourceTokens;
  expressions: ExpressionDocPrinter;
  printWidth: number;
}

/** The file's tokens in source order, for the keywords and braces the AST does not keep. */
export class SourceTokens {
  constructor(private readonly tokens: readonly IToken[]) {}

  /** The first token at or after `offset` spelled `image`. */
  firstFrom(offset: number, image: string): IToken {
    for (let i = this.indexFrom(offset); i < this.tokens.length; i++) {
      if (this.tokens[i].image === image) return this.tokens[i];
    }
    throw new Error(`no \`${image}\` after offset ${offset}`);
  }

  /** The last token that starts before `offset`. */
  lastBefore(offset: number): IToken {
    const i = this.indexFrom(offset) - 1;
    if (i < 0) throw new Error(`no token before offset ${offset}`);
    return this.tokens[i];
  }

  /** Tokens that start in [start, end). */
  within(start: number, end: number): IToken[] {
    const found: IToken[] = [];
    for (let i = this.indexFrom(start); i < this.tokens.length && this.tokens[i].startOffset < end; i++) {
      found.push(this.tokens[i]);
    }
    return found;
  }

  private indexFrom(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid].startOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export function sourceOf(ctx: PrintContext, range: SourceRange): string {
  return ctx.text.slice(range.start.offset, range.end.offset);
}
