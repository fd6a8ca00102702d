// Text → AST with every lexical and syntax error as a diagnostic. Never throws
// for bad input.
import type { IRecognitionException, IToken, TokenType } from "chevrotain";
import type { Comment, Position, Program, SourceRange } from "../ast/nodes.js";
import type { Code, MessageArgs } from "../diagnostics/codes.js";
import { makeDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { AstBuilder, tokenRange } from "./build-ast.js";
import { tooDeepNode, MAX_EXPRESSION_DEPTH } from "./expression-depth.js";
import { MAX_NESTING, pplParser } from "./parser.js";
import {
  ALL_TOKENS,
  BadNumber,
  DanglingPointNumber,
  describeTokenType,
  NumberLit,
  pplLexer,
  StringLit,
  UnterminatedString,
} from "./tokens.js";

export interface ParseResult {
  program: Program;
  diagnostics: Diagnostic[];
  /** The tokens (without comments), for tools such as the formatter. */
  tokens: IToken[];
}

// Lines end at \n, \r\n or \r, as Chevrotain counts them for token positions.
function endOfText(text: string): Position {
  const lines = text.split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1].length + 1, offset: text.length };
}

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}

const DECLARATION_RULES: Record<string, string> = {
  programHeader: "the program header",
  inputDecl: "input",
  kpiDecl: "kpi",
  tierDecl: "tier",
  subtierDecl: "subtier",
  scorecardDecl: "scorecard",
  tableDecl: "table",
  incentiveDecl: "incentive",
  testDecl: "test",
};

/** What a rule expects, in words, for "no viable alternative" errors. */
const RULE_EXPECTATIONS: Record<string, string> = {
  file: "a declaration (`program`, `input`, `kpi`, `tier`, `subtier`, `scorecard`, `table`, `incentive` or `test`)",
  declName: "a name",
  tierName: "a tier name (a name or a string)",
  inputType:
    'an input type (`text`, `number`, `integer`, `money`, `percent`, `boolean`, `one of "A", "B"` or `list of "A", "B"`)',
  tableRow: 'a table row (`below X:`, `X to Y:`, `X and above:`, `NAME:`, `"text":` or `otherwise:`)',
  rowValue: "a row value (a number, a string, a name, a call or an expression in parentheses)",
  tierBody: "`require`, `benefit` or `}`",
  programHeader: "`version`, `currency`, `rounding` or `}`",
  comparisonTail: "a comparison",
  signedNumber: "a number",
};

function describeFound(token: IToken): string {
  if (token.tokenType.name === "EOF") return "the end of the file";
  return "`" + token.image + "`";
}

export function parse(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const report = <C extends Code>(code: C, range: SourceRange, args: MessageArgs<C>) =>
    diagnostics.push(makeDiagnostic(file, code, range, args));

  const lexed = pplLexer.tokenize(text);
  for (const error of lexed.errors) {
    const start = positionAt(text, error.offset);
    const end = positionAt(text, error.offset + Math.max(1, error.length));
    const chars = text.slice(error.offset, error.offset + error.length);
    report("PPL1001", { start, end }, { chars, count: error.length });
  }

  // Bad numbers and unterminated strings are reported here, then parsed as
  // what they were meant to be so one mistake does not cascade.
  const tokens = lexed.tokens.map((t) => {
    if (t.tokenType === DanglingPointNumber || (t.tokenType === BadNumber && /^[\d_.]+$/.test(t.image))) {
      report("PPL1009", tokenRange(t), { text: t.image });
      return { ...t, tokenType: NumberLit, tokenTypeIdx: NumberLit.tokenTypeIdx! };
    }
    if (t.tokenType === BadNumber) {
      report("PPL1003", tokenRange(t), { text: t.image });
      return { ...t, tokenType: NumberLit, tokenTypeIdx: NumberLit.tokenTypeIdx! };
    }
    if (t.tokenType === UnterminatedString) {
      report("PPL1002", tokenRange(t), {});
      return { ...t, image: t.image + '"', tokenType: StringLit, tokenTypeIdx: StringLit.tokenTypeIdx! };
    }
    return t;
  });

  pplParser.startParse(tokens);
  const cst = pplParser.file();
  const tooDeep = pplParser.tooDeep;
  for (const deep of tooDeep) {
    const atEnd = deep.token.tokenType.name === "EOF" || !Number.isFinite(deep.token.startOffset);
    const end = endOfText(text);
    report("PPL1015", atEnd ? { start: end, end } : tokenRange(deep.token), { shape: "nested", limit: MAX_NESTING });
  }
  // The rest of a declaration after an over-deep expression is skipped, so what the parser says about it is noise.
  const skipped = (offset: number) => tooDeep.some((d) => offset >= d.token.startOffset && offset <= d.resumeOffset);
  for (const error of pplParser.errors) {
    if (skipped(Number.isFinite(error.token.startOffset) ? error.token.startOffset : Infinity)) continue;
    report("PPL1005", errorRange(error, text), { problem: syntaxMessage(error, tokens) });
  }

  const builder = new AstBuilder(file, endOfText(text));
  const program = builder.buildProgram(cst, file);
  diagnostics.push(...builder.diagnostics);
  // An over-long declaration is reported and left out, as one with a syntax error would be.
  program.declarations = program.declarations.filter((declaration) => {
    const deep = tooDeepNode(declaration);
    if (deep) {
      report("PPL1015", deep, { shape: "long", limit: MAX_EXPRESSION_DEPTH });
    }
    return deep === undefined;
  });
  program.comments = (lexed.groups.comments ?? []).map((t): Comment => ({
    text: t.image.replace(/\r$/, ""),
    range: tokenRange(t),
  }));
  return { program, diagnostics: dedupe(diagnostics), tokens };
}

function errorRange(error: IRecognitionException, text: string): SourceRange {
  const t = error.token;
  if (t.tokenType.name !== "EOF" && Number.isFinite(t.startOffset) && Number.isFinite(t.startLine ?? NaN)) {
    return tokenRange(t);
  }
  const previous = (error as { previousToken?: IToken }).previousToken;
  if (previous && Number.isFinite(previous.endOffset ?? NaN)) {
    const end = tokenRange(previous).end;
    return { start: end, end };
  }
  const end = endOfText(text);
  return { start: end, end };
}

/** The nearest declaration before a token, as "tier Silver", for error context. */
function enclosingDeclaration(error: IRecognitionException, tokens: IToken[]): string | undefined {
  const rule = [...error.context.ruleStack].reverse().find((r) => r in DECLARATION_RULES);
  if (!rule) return undefined;
  const word = DECLARATION_RULES[rule];
  if (rule === "programHeader") return word;
  const at = Number.isFinite(error.token.startOffset) ? error.token.startOffset : Infinity;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i];
    if (t.startOffset >= at) continue;
    if (t.tokenType.name === "Kw_" + word) {
      const name = tokens[i + 1];
      return name && name.startOffset < at ? `${word} ${name.image}` : word;
    }
  }
  return word;
}

function syntaxMessage(error: IRecognitionException, tokens: IToken[]): string {
  const found = describeFound(error.token);
  const where = enclosingDeclaration(error, tokens);
  const ruleStack = error.context.ruleStack;
  const rule = ruleStack[ruleStack.length - 1] ?? "file";
  let expected: string;
  if (error.name === "MismatchedTokenException") {
    const type = expectedTokenType(error);
    expected = type ? describeTokenType(type) : "something else";
    if (type?.name === "RCurly" && where) return `expected \`}\` to close ${where}, found ${found}`;
  } else if (error.name === "NotAllInputParsedException") {
    return `expected a declaration (\`input\`, \`kpi\`, \`tier\`, ...), found ${found}; check for a stray \`}\` or a missing \`{\``;
  } else if (
    [
      "expression",
      "orExpr",
      "andExpr",
      "notExpr",
      "comparison",
      "additive",
      "multiplicative",
      "unary",
      "primary",
    ].includes(rule)
  ) {
    expected = "an expression (a number, a name, a string, `(`, `[`, `if`, ...)";
  } else {
    expected = RULE_EXPECTATIONS[rule] ?? "something else";
  }
  return `expected ${expected}${where ? ` in ${where}` : ""}, found ${found}`;
}

// Chevrotain's message names the expected token; recover its type by name.
function expectedTokenType(error: IRecognitionException): TokenType | undefined {
  const m = /-->\s*(\w+)\s*<--/.exec(error.message);
  if (!m) return undefined;
  return ALL_TOKENS.find((t) => t.name === m[1]);
}

/** Recovery can report the same problem twice at one spot; keep the first. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}:${d.range.start.offset}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
