// The tokens of PPL (spec section 2). Keywords are matched as identifiers
// first and then re-typed (`longer_alt`), so `tiers` stays an identifier.
import type { TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";

// Every token whose pattern is a regular expression says which characters it
// may start with (`start_chars_hint`) and whether it may hold a line break
// (`line_breaks`). Chevrotain otherwise works both out by parsing each
// regular expression when the lexer is built: 28 ms of every `ppl check`
// start-up, against 15 ms with the hints (Node 20, 2-core machine).
// test/syntax/chevrotain.test.ts requires the hints to be what Chevrotain
// itself would find.
const DIGITS = [..."0123456789"];
const LETTERS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"];

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  // A UTF-8 byte order mark at the start of a file is whitespace too.
  pattern: /[ \t\r\n\uFEFF]+/,
  group: Lexer.SKIPPED,
  start_chars_hint: [" ", "\t", "\r", "\n", "\uFEFF"],
  line_breaks: true,
});

// Comments are kept in their own group for the formatter.
export const Comment = createToken({
  name: "Comment",
  pattern: /#[^\r\n]*/,
  group: "comments",
  start_chars_hint: ["#"],
  line_breaks: false,
});

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  start_chars_hint: [...LETTERS, "_"],
  line_breaks: false,
});

/** Every reserved word of spec section 2, in the order written there. */
export const RESERVED_WORDS = [
  "program",
  "version",
  "currency",
  "rounding",
  "input",
  "text",
  "number",
  "integer",
  "money",
  "percent",
  "boolean",
  "one",
  "list",
  "of",
  "min",
  "max",
  "optional",
  "key",
  "confidential",
  "kpi",
  "as",
  "tier",
  "extends",
  "subtier",
  "require",
  "scorecard",
  "weight",
  "threshold",
  "target",
  "table",
  "by",
  "below",
  "to",
  "and",
  "above",
  "incentive",
  "when",
  "amount",
  "cap",
  "test",
  "given",
  "expect",
  "or",
  "not",
  "in",
  "between",
  "is",
  "missing",
  "otherwise",
  "if",
  "then",
  "else",
  "true",
  "false",
  "subtiers",
  "total",
  "benefit",
] as const;

export type ReservedWord = (typeof RESERVED_WORDS)[number];

/** Names of built-in functions that are not reserved words but cannot be declared. */
export { FUNCTION_NAMES } from "../functions/catalogue.js";

/** Category shared by every keyword, so a name position can accept one and report it. */
export const Keyword = createToken({ name: "Keyword", pattern: Lexer.NA });

function keywordToken(word: string): TokenType {
  const name = "Kw_" + word;
  return createToken({
    name,
    pattern: new RegExp(word + "(?![A-Za-z0-9_])"),
    longer_alt: Identifier,
    categories: [Keyword],
    start_chars_hint: [word[0]!],
    line_breaks: false,
  });
}

export const KW: Record<ReservedWord, TokenType> = Object.fromEntries(
  RESERVED_WORDS.map((w) => [w, keywordToken(w)]),
) as Record<ReservedWord, TokenType>;

// A number is digits with `_` separators, an optional fraction and suffix.
export const NumberLit = createToken({
  name: "NumberLit",
  pattern: /\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?(?:[kM%](?![A-Za-z0-9_])|(?![A-Za-z0-9_]))/,
  start_chars_hint: DIGITS,
  line_breaks: false,
});
// `5kg`, `1_`: a number running into letters. Reported, then parsed as a number.
export const BadNumber = createToken({
  name: "BadNumber",
  pattern: /\d[\d_]*(?:\.[\d_]*)?[A-Za-z_%][A-Za-z0-9_%]*/,
  start_chars_hint: DIGITS,
  line_breaks: false,
});

// `1.`: a decimal point without digits after it. Reported, then parsed as a number.
export const DanglingPointNumber = createToken({
  name: "DanglingPointNumber",
  pattern: /\d[\d_]*\.(?!\d)/,
  start_chars_hint: DIGITS,
  line_breaks: false,
});

export const StringLit = createToken({
  name: "StringLit",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  start_chars_hint: ['"'],
  line_breaks: false,
});
// A string that reaches the end of its line. Reported, then parsed as a string.
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  start_chars_hint: ['"'],
  line_breaks: false,
});

export const GreaterEq = createToken({ name: "GreaterEq", pattern: ">=" });
export const LessEq = createToken({ name: "LessEq", pattern: "<=" });
export const NotEq = createToken({ name: "NotEq", pattern: "!=" });
export const Greater = createToken({ name: "Greater", pattern: ">" });
export const Less = createToken({ name: "Less", pattern: "<" });
export const Equals = createToken({ name: "Equals", pattern: "=" });
export const Plus = createToken({ name: "Plus", pattern: "+" });
export const Minus = createToken({ name: "Minus", pattern: "-" });
export const Star = createToken({ name: "Star", pattern: "*" });
export const Slash = createToken({ name: "Slash", pattern: "/" });
export const LParen = createToken({ name: "LParen", pattern: "(" });
export const RParen = createToken({ name: "RParen", pattern: ")" });
export const LBracket = createToken({ name: "LBracket", pattern: "[" });
export const RBracket = createToken({ name: "RBracket", pattern: "]" });
export const LCurly = createToken({ name: "LCurly", pattern: "{" });
export const RCurly = createToken({ name: "RCurly", pattern: "}" });
export const Colon = createToken({ name: "Colon", pattern: ":" });
export const Comma = createToken({ name: "Comma", pattern: "," });

export const ALL_TOKENS: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLit,
  UnterminatedString,
  DanglingPointNumber,
  NumberLit,
  BadNumber,
  GreaterEq,
  LessEq,
  NotEq,
  Greater,
  Less,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
  Colon,
  Comma,
  Keyword,
  ...Object.values(KW),
  Identifier,
];

/**
 * The lexer's options. `skipValidations` skips Chevrotain's checks of the
 * token definitions (unreachable or duplicate patterns, missing line-break
 * flags, ...): they cost every start-up some 15 ms and can only fail when
 * this file changes; test/syntax/chevrotain.test.ts builds a validating
 * lexer and requires it to find nothing.
 */
export const LEXER_CONFIG = { positionTracking: "full", ensureOptimizations: false } as const;

export const pplLexer = new Lexer(ALL_TOKENS, { ...LEXER_CONFIG, skipValidations: true });

/** How a token is shown to a user in an error message. */
export function describeTokenType(type: TokenType): string {
  const punctuation: Record<string, string> = {
    GreaterEq: ">=",
    LessEq: "<=",
    NotEq: "!=",
    Greater: ">",
    Less: "<",
    Equals: "=",
    Plus: "+",
    Minus: "-",
    Star: "*",
    Slash: "/",
    LParen: "(",
    RParen: ")",
    LBracket: "[",
    RBracket: "]",
    LCurly: "{",
    RCurly: "}",
    Colon: ":",
    Comma: ",",
  };
  if (type.name in punctuation) return "`" + punctuation[type.name] + "`";
  if (type.name.startsWith("Kw_")) return "`" + type.name.slice(3) + "`";
  switch (type.name) {
    case "Identifier":
      return "a name";
    case "NumberLit":
      return "a number";
    case "StringLit":
      return "a string";
    case "Keyword":
      return "a keyword";
    case "EOF":
      return "the end of the file";
    default:
      return type.name;
  }
}
