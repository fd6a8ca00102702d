// The Chevrotain CstParser for the whole grammar. One rule per declaration
// and one per precedence level of spec section 4. Error recovery is on, so a
// single run reports every syntax error.
import type { CstNode, IOrAlt, IToken, TokenType } from "chevrotain";
import { CstParser } from "./chevrotain.js";
import {
  ALL_TOKENS,
  Colon,
  Comma,
  Equals,
  Greater,
  GreaterEq,
  Identifier,
  KW,
  Keyword,
  LBracket,
  LCurly,
  LParen,
  Less,
  LessEq,
  Minus,
  NotEq,
  NumberLit,
  Plus,
  RBracket,
  RCurly,
  RParen,
  Slash,
  Star,
  StringLit,
} from "./tokens.js";

const COMPARISON_TOKENS: TokenType[] = [Equals, NotEq, LessEq, GreaterEq, Less, Greater];

/**
 * How deep expressions may nest: each expression inside brackets, a call, an
 * `if` or a `given` value, and each `not` and unary `-`, is one level. The
 * parser recurses per level: it overflows the stack near 140 levels, and its
 * error recovery (which walks the grammar on top of that) near 55; 32 leaves
 * a margin there and a wide one for the later stages.
 */
export const MAX_NESTING = 32;

/** Where an expression nested more than MAX_NESTING levels, and where parsing went on. */
export interface TooDeep {
  token: IToken;
  /** Offset of the first token after the skipped rest of the declaration (Infinity at the end of the file). */
  resumeOffset: number;
}

const MAX_REPETITION_RECOVERIES = 100;

class NestingTooDeep extends Error {
  constructor(readonly token: IToken) {
    super("expression nested too deeply");
  }
}

// Keywords that begin a declaration: parsing resumes at one after an over-deep expression.
const DECLARATION_STARTS = new Set(["program", "input", "kpi", "subtier", "scorecard", "table", "incentive", "test"]);

export class PplParser extends CstParser {
  /** Nesting of the expression being parsed (see MAX_NESTING). */
  private nesting = 0;
  /** Over-deep expressions found by the last parse. */
  tooDeep: TooDeep[] = [];
  /**
   * Each OR's alternatives, built on its first run and reused: written inline,
   * every run of a rule allocated the array and a closure per alternative
   * (a dozen per `primary`), a large share of the garbage a parse made. The
   * alternatives use nothing but `this`, so one array per OR serves every run.
   */
  private readonly alternatives: IOrAlt<unknown>[][] = [];

  /**
   * `validate: false` skips Chevrotain's grammar validations (ambiguities,
   * left recursion, ...), which cost every start-up the same few milliseconds
   * and can only fail when this file changes; test/syntax/chevrotain.test.ts
   * builds a validating parser and requires it to find no errors.
   */
  constructor({ validate = false }: { validate?: boolean } = {}) {
    super(ALL_TOKENS, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "full",
      skipValidations: !validate,
    });
    this.boundRepetitionRecovery();
    this.performSelfAnalysis();
  }

  /** How many of Chevrotain's in-repetition recoveries are running inside each other. */
  private repetitionRecoveries = 0;

  /**
   * Chevrotain recovers from an error inside a repetition (`tier { ... }`) by
   * re-entering the repetition recursively, one level per error, so a block
   * of 3,000 broken lines overflowed the stack. Past MAX_REPETITION_RECOVERIES
   * nested ones, the error is left to the rule-level re-sync, which is not
   * recursive (it skips the rest of the block). Chevrotain installs the
   * method on the instance, so it is wrapped there.
   */
  private boundRepetitionRecovery(): void {
    const self = this as unknown as { attemptInRepetitionRecovery: (...args: unknown[]) => void };
    const recover = self.attemptInRepetitionRecovery;
    self.attemptInRepetitionRecovery = (...args: unknown[]) => {
      if (this.repetitionRecoveries >= MAX_REPETITION_RECOVERIES) return;
      this.repetitionRecoveries++;
      try {
        recover.apply(this, args);
      } finally {
        this.repetitionRecoveries--;
      }
    };
  }

  /** Starts a parse of `tokens`. */
  startParse(tokens: IToken[]): void {
    this.input = tokens;
    this.nesting = 0;
    this.repetitionRecoveries = 0;
    this.tooDeep = [];
  }

  /**
   * Parses one nesting level. Past MAX_NESTING it throws instead of recursing
   * further (the guard sits in the recursive rules, so it counts exactly what
   * the parser's stack holds); the outermost level catches that, skips the
   * rest of the declaration and lets the parse go on. Chevrotain rethrows
   * errors that are not recognition errors without attempting recovery, which
   * would itself need deep stack. ACTION does not run while Chevrotain records
   * the grammar, so then `parse` always runs.
   */
  private nested(parse: () => void): void {
    const level = this.ACTION(() => ++this.nesting);
    try {
      // Level 1 is the outermost expression itself, not a nesting.
      if (level !== undefined && level > MAX_NESTING + 1) throw new NestingTooDeep(this.LA(1));
      parse();
    } catch (error) {
      if (!(error instanceof NestingTooDeep) || level !== 1) throw error;
      while (this.LA(1).tokenType.name !== "EOF" && !this.startsDeclaration()) this.SKIP_TOKEN();
      const next = this.LA(1);
      this.tooDeep.push({
        token: error.token,
        resumeOffset: next.tokenType.name === "EOF" ? Infinity : next.startOffset,
      });
    } finally {
      this.ACTION(() => this.nesting--);
    }
  }

  /** `kpi`, `input`, ... or `tier NAME {` / `tier NAME extends` (a bare `tier` is also a value). */
  private startsDeclaration(): boolean {
    const type = this.LA(1).tokenType.name;
    if (type.startsWith("Kw_") && DECLARATION_STARTS.has(type.slice(3))) return true;
    if (this.LA(1).tokenType !== KW.tier) return false;
    const name = this.LA(2).tokenType;
    const after = this.LA(3).tokenType;
    return (name === Identifier || name === StringLit) && (after === LCurly || after === KW.extends);
  }

  file = this.RULE("file", () => {
    this.MANY(() => {
      this.OR(
        (this.alternatives[0] ??= [
          { ALT: () => this.SUBRULE(this.programHeader) },
          { ALT: () => this.SUBRULE(this.inputDecl) },
          { ALT: () => this.SUBRULE(this.kpiDecl) },
          { ALT: () => this.SUBRULE(this.tierDecl) },
          { ALT: () => this.SUBRULE(this.subtierDecl) },
          { ALT: () => this.SUBRULE(this.scorecardDecl) },
          { ALT: () => this.SUBRULE(this.tableDecl) },
          { ALT: () => this.SUBRULE(this.incentiveDecl) },
          { ALT: () => this.SUBRULE(this.testDecl) },
        ]),
      );
    });
  });

  // A declared name: an identifier, or a reserved word (reported by the builder).
  declName = this.RULE("declName", () => {
    this.OR((this.alternatives[1] ??= [{ ALT: () => this.CONSUME(Identifier) }, { ALT: () => this.CONSUME(Keyword) }]));
  });

  // A tier or subtier name: identifier or string.
  tierName = this.RULE("tierName", () => {
    this.OR(
      (this.alternatives[2] ??= [
        { ALT: () => this.CONSUME(Identifier) },
        { ALT: () => this.CONSUME(StringLit) },
        { ALT: () => this.CONSUME(Keyword) },
      ]),
    );
  });

  signedNumber = this.RULE("signedNumber", () => {
    this.OPTION(() => this.CONSUME(Minus));
    this.CONSUME(NumberLit);
  });

  programHeader = this.RULE("programHeader", () => {
    this.CONSUME(KW.program);
    this.CONSUME(StringLit);
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.OR(
        (this.alternatives[3] ??= [
          {
            ALT: () => {
              this.CONSUME(KW.version);
              this.CONSUME2(StringLit);
            },
          },
          {
            ALT: () => {
              this.CONSUME(KW.currency);
              this.CONSUME(Identifier);
            },
          },
          {
            ALT: () => {
              this.CONSUME(KW.rounding);
              this.CONSUME2(Identifier);
            },
          },
        ]),
      );
    });
    this.CONSUME(RCurly);
  });

  inputDecl = this.RULE("inputDecl", () => {
    this.CONSUME(KW.input);
    this.SUBRULE(this.declName);
    this.CONSUME(Colon);
    this.SUBRULE(this.inputType);
    this.MANY(() => {
      this.OR(
        (this.alternatives[4] ??= [
          {
            ALT: () => {
              this.CONSUME(KW.min);
              this.SUBRULE(this.signedNumber);
            },
          },
          {
            ALT: () => {
              this.CONSUME(KW.max);
              this.SUBRULE2(this.signedNumber);
            },
          },
          { ALT: () => this.CONSUME(KW.optional) },
          { ALT: () => this.CONSUME(KW.key) },
          { ALT: () => this.CONSUME(KW.confidential) },
        ]),
      );
    });
  });

  inputType = this.RULE("inputType", () => {
    this.OR(
      (this.alternatives[5] ??= [
        { ALT: () => this.CONSUME(KW.text) },
        { ALT: () => this.CONSUME(KW.number) },
        { ALT: () => this.CONSUME(KW.integer) },
        { ALT: () => this.CONSUME(KW.money) },
        { ALT: () => this.CONSUME(KW.percent) },
        { ALT: () => this.CONSUME(KW.boolean) },
        {
          ALT: () => {
            this.OR2([{ ALT: () => this.CONSUME(KW.one) }, { ALT: () => this.CONSUME(KW.list) }]);
            this.CONSUME(KW.of);
            this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(StringLit) });
          },
        },
      ]),
    );
  });

  kpiDecl = this.RULE("kpiDecl", () => {
    this.CONSUME(KW.kpi);
    this.SUBRULE(this.declName);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(KW.as);
      this.CONSUME(StringLit);
    });
  });

  tierDecl = this.RULE("tierDecl", () => {
    this.CONSUME(KW.tier);
    this.SUBRULE(this.tierName);
    this.OPTION(() => {
      this.CONSUME(KW.extends);
      this.SUBRULE2(this.tierName);
    });
    this.SUBRULE(this.tierBody);
  });

  subtierDecl = this.RULE("subtierDecl", () => {
    this.CONSUME(KW.subtier);
    this.SUBRULE(this.tierName);
    this.CONSUME(KW.of);
    this.SUBRULE2(this.tierName);
    this.SUBRULE(this.tierBody);
  });

  tierBody = this.RULE("tierBody", () => {
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.OR(
        (this.alternatives[6] ??= [
          { ALT: () => this.SUBRULE(this.requirement) },
          { ALT: () => this.SUBRULE(this.benefit) },
        ]),
      );
    });
    this.CONSUME(RCurly);
  });

  requirement = this.RULE("requirement", () => {
    this.CONSUME(KW.require);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(KW.as);
      this.CONSUME(StringLit);
    });
  });

  benefit = this.RULE("benefit", () => {
    this.CONSUME(KW.benefit);
    this.CONSUME(StringLit);
  });

  scorecardDecl = this.RULE("scorecardDecl", () => {
    this.CONSUME(KW.scorecard);
    this.SUBRULE(this.declName);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.scorecardLine));
    this.CONSUME(RCurly);
  });

  scorecardLine = this.RULE("scorecardLine", () => {
    this.CONSUME(Identifier);
    this.CONSUME(KW.weight);
    this.SUBRULE(this.signedNumber, { LABEL: "weight" });
    this.CONSUME(KW.threshold);
    this.SUBRULE2(this.signedNumber, { LABEL: "threshold" });
    this.CONSUME(KW.target);
    this.SUBRULE3(this.signedNumber, { LABEL: "target" });
    this.OPTION(() => {
      this.CONSUME(KW.max);
      this.SUBRULE4(this.signedNumber, { LABEL: "max" });
    });
  });

  tableDecl = this.RULE("tableDecl", () => {
    this.CONSUME(KW.table);
    this.SUBRULE(this.declName);
    this.CONSUME(KW.by);
    this.SUBRULE(this.expression);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.tableRow));
    this.CONSUME(RCurly);
  });

  tableRow = this.RULE("tableRow", () => {
    this.OR(
      (this.alternatives[7] ??= [
        {
          ALT: () => {
            this.CONSUME(KW.below);
            this.SUBRULE(this.signedNumber, { LABEL: "from" });
          },
        },
        {
          ALT: () => {
            this.SUBRULE2(this.signedNumber, { LABEL: "from" });
            this.OR2([
              {
                ALT: () => {
                  this.CONSUME(KW.to);
                  this.SUBRULE3(this.signedNumber, { LABEL: "to" });
                },
              },
              {
                ALT: () => {
                  this.CONSUME(KW.and);
                  this.CONSUME(KW.above);
                },
              },
            ]);
          },
        },
        { ALT: () => this.CONSUME(KW.otherwise) },
        { ALT: () => this.CONSUME(Identifier, { LABEL: "matchKey" }) },
        { ALT: () => this.CONSUME(StringLit, { LABEL: "matchKey" }) },
      ]),
    );
    this.CONSUME(Colon);
    this.SUBRULE(this.rowValue);
  });

  // A row value needs no separator: a literal, a name, a call or a parenthesised expression.
  rowValue = this.RULE("rowValue", () => {
    this.OR(
      (this.alternatives[8] ??= [
        { ALT: () => this.SUBRULE(this.signedNumber) },
        { ALT: () => this.CONSUME(StringLit) },
        { ALT: () => this.CONSUME(KW.true) },
        { ALT: () => this.CONSUME(KW.false) },
        { ALT: () => this.SUBRULE(this.callOrName) },
        { ALT: () => this.SUBRULE(this.minMaxCall) },
        { ALT: () => this.SUBRULE(this.parenExpr) },
      ]),
    );
  });

  incentiveDecl = this.RULE("incentiveDecl", () => {
    this.CONSUME(KW.incentive);
    this.SUBRULE(this.declName);
    this.OPTION(() => {
      this.CONSUME(KW.as);
      this.CONSUME(StringLit);
    });
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.OR(
        (this.alternatives[9] ??= [
          {
            ALT: () => {
              this.CONSUME(KW.when);
              this.SUBRULE(this.expression, { LABEL: "when" });
            },
          },
          {
            ALT: () => {
              this.CONSUME(KW.amount);
              this.SUBRULE2(this.expression, { LABEL: "amount" });
            },
          },
          {
            ALT: () => {
              this.CONSUME(KW.cap);
              this.SUBRULE(this.signedNumber, { LABEL: "cap" });
            },
          },
        ]),
      );
    });
    this.CONSUME(RCurly);
  });

  testDecl = this.RULE("testDecl", () => {
    this.CONSUME(KW.test);
    this.CONSUME(StringLit);
    this.CONSUME(LCurly);
    this.OPTION(() => {
      this.CONSUME(KW.given);
      this.CONSUME2(LCurly);
      this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.givenField) });
      this.CONSUME(RCurly);
    });
    this.MANY(() => {
      this.CONSUME(KW.expect);
      this.SUBRULE(this.expression);
    });
    this.CONSUME2(RCurly);
  });

  givenField = this.RULE("givenField", () => {
    this.SUBRULE(this.declName);
    this.CONSUME(Colon);
    this.SUBRULE(this.expression);
  });

  // ---------------------------------------------------------------- expressions

  expression = this.RULE("expression", () => {
    this.nested(() => {
      this.SUBRULE(this.orExpr);
      this.MANY(() => {
        this.CONSUME(KW.otherwise);
        this.SUBRULE2(this.orExpr);
      });
    });
  });

  orExpr = this.RULE("orExpr", () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(KW.or);
      this.SUBRULE2(this.andExpr);
    });
  });

  andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(KW.and);
      this.SUBRULE2(this.notExpr);
    });
  });

  notExpr = this.RULE("notExpr", () => {
    this.OR(
      (this.alternatives[10] ??= [
        {
          ALT: () => {
            this.CONSUME(KW.not);
            this.nested(() => this.SUBRULE(this.notExpr));
          },
        },
        { ALT: () => this.SUBRULE(this.comparison) },
      ]),
    );
  });

  // Every tail is accepted repeatedly so that `a < b < c` parses and is
  // reported as a chained comparison rather than as a confusing syntax error.
  comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.additive);
    this.MANY(() => this.SUBRULE(this.comparisonTail));
  });

  comparisonTail = this.RULE("comparisonTail", () => {
    this.OR(
      (this.alternatives[11] ??= [
        {
          ALT: () => {
            this.OR2(
              (this.alternatives[17] ??= COMPARISON_TOKENS.map((t) => ({
                ALT: () => this.CONSUME(t, { LABEL: "op" }),
              }))),
            );
            this.SUBRULE(this.additive);
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.between);
            this.SUBRULE2(this.additive, { LABEL: "low" });
            this.CONSUME(KW.and);
            this.SUBRULE3(this.additive, { LABEL: "high" });
          },
        },
        {
          ALT: () => {
            this.OPTION(() => this.CONSUME(KW.not));
            this.CONSUME(KW.in);
            this.SUBRULE4(this.additive, { LABEL: "list" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.is);
            this.OPTION2(() => this.CONSUME2(KW.not));
            this.CONSUME(KW.missing);
          },
        },
      ]),
    );
  });

  additive = this.RULE("additive", () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR(
        (this.alternatives[12] ??= [
          { ALT: () => this.CONSUME(Plus, { LABEL: "op" }) },
          { ALT: () => this.CONSUME(Minus, { LABEL: "op" }) },
        ]),
      );
      this.SUBRULE2(this.multiplicative);
    });
  });

  multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR(
        (this.alternatives[13] ??= [
          { ALT: () => this.CONSUME(Star, { LABEL: "op" }) },
          { ALT: () => this.CONSUME(Slash, { LABEL: "op" }) },
        ]),
      );
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE("unary", () => {
    this.OR(
      (this.alternatives[14] ??= [
        {
          ALT: () => {
            this.CONSUME(Minus);
            this.nested(() => this.SUBRULE(this.unary));
          },
        },
        { ALT: () => this.SUBRULE(this.primary) },
      ]),
    );
  });

  primary = this.RULE("primary", () => {
    this.OR(
      (this.alternatives[15] ??= [
        { ALT: () => this.CONSUME(NumberLit) },
        { ALT: () => this.CONSUME(StringLit) },
        { ALT: () => this.CONSUME(KW.true) },
        { ALT: () => this.CONSUME(KW.false) },
        { ALT: () => this.CONSUME(KW.tier) },
        { ALT: () => this.CONSUME(KW.subtiers) },
        { ALT: () => this.CONSUME(KW.total) },
        { ALT: () => this.SUBRULE(this.callOrName) },
        { ALT: () => this.SUBRULE(this.minMaxCall) },
        { ALT: () => this.SUBRULE(this.parenExpr) },
        { ALT: () => this.SUBRULE(this.listExpr) },
        { ALT: () => this.SUBRULE(this.ifExpr) },
      ]),
    );
  });

  callOrName = this.RULE("callOrName", () => {
    this.CONSUME(Identifier);
    this.OPTION(() => this.SUBRULE(this.callArgs));
  });

  minMaxCall = this.RULE("minMaxCall", () => {
    this.OR((this.alternatives[16] ??= [{ ALT: () => this.CONSUME(KW.min) }, { ALT: () => this.CONSUME(KW.max) }]));
    this.SUBRULE(this.callArgs);
  });

  callArgs = this.RULE("callArgs", () => {
    this.CONSUME(LParen);
    this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(RParen);
  });

  parenExpr = this.RULE("parenExpr", () => {
    this.CONSUME(LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(RParen);
  });

  listExpr = this.RULE("listExpr", () => {
    this.CONSUME(LBracket);
    this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(RBracket);
  });

  ifExpr = this.RULE("ifExpr", () => {
    this.CONSUME(KW.if);
    this.SUBRULE(this.expression, { LABEL: "condition" });
    this.CONSUME(KW.then);
    this.SUBRULE2(this.expression, { LABEL: "then" });
    this.CONSUME(KW.else);
    this.SUBRULE3(this.expression, { LABEL: "else" });
  });
}

/** One parser instance is reused: Chevrotain parsers are stateful but resettable via `input`. */
export const pplParser = new PplParser();

export type { CstNode, IToken };
