// The PPL abstract syntax tree: plain data, no behaviour. Every node carries
// the source range it was built from, so later stages can point back at it.

import type { FunctionName } from "../functions/catalogue.js";

/** A position in the source: 1-based line and column, 0-based offset. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A source range; `end` is exclusive (the position just after the last character). */
export interface SourceRange {
  start: Position;
  end: Position;
}

export interface Node {
  range: SourceRange;
}

/** An identifier or a quoted name, as written, with its own range. */
export interface Name extends Node {
  /** The name itself (quotes removed, escapes resolved for string names). */
  value: string;
  /** True when the name was written as a string: `"Premier Services"`. */
  quoted: boolean;
}

// ---------------------------------------------------------------- expressions

export interface NumberLiteral extends Node {
  kind: "number";
  /** The literal exactly as written, e.g. `1_000`, `25k`, `80%`, `-5%`. */
  text: string;
  /** The exact value as a reduced fraction "n/d" (d > 0), e.g. "4/5" for `80%`. */
  value: string;
  /** Which suffix the literal carries, if any. */
  suffix: "" | "k" | "M" | "%";
}

export interface StringLiteral extends Node {
  kind: "string";
  value: string;
  /** The literal as written, quotes and escapes included. */
  text: string;
}

export interface BooleanLiteral extends Node {
  kind: "boolean";
  value: boolean;
}

/** A reference to an input, KPI, scorecard, table, incentive or tier name. */
export interface NameRef extends Node {
  kind: "name";
  name: string;
}

/** The keywords `tier`, `subtiers`, `total` used as values. */
export interface KeywordValue extends Node {
  kind: "tier" | "subtiers" | "total";
}

export interface ListExpr extends Node {
  kind: "list";
  items: Expr[];
}

export interface UnaryExpr extends Node {
  kind: "unary";
  op: "-" | "not";
  operand: Expr;
}

export type ArithmeticOp = "+" | "-" | "*" | "/";
export type ComparisonOp = "=" | "!=" | "<" | "<=" | ">" | ">=";
export type LogicalOp = "and" | "or";

export interface BinaryExpr extends Node {
  kind: "binary";
  op: ArithmeticOp | ComparisonOp | LogicalOp | "otherwise";
  left: Expr;
  right: Expr;
}

/** `x in list` / `x not in list`. */
export interface InExpr extends Node {
  kind: "in";
  negated: boolean;
  item: Expr;
  list: Expr;
}

/** `x between low and high` (inclusive). */
export interface BetweenExpr extends Node {
  kind: "between";
  value: Expr;
  low: Expr;
  high: Expr;
}

/** `x is missing` / `x is not missing`. */
export interface IsMissingExpr extends Node {
  kind: "isMissing";
  negated: boolean;
  operand: Expr;
}

export interface IfExpr extends Node {
  kind: "if";
  condition: Expr;
  then: Expr;
  else: Expr;
}

export type { FunctionName };

export interface CallExpr extends Node {
  kind: "call";
  callee: FunctionName;
  /** Range of the function name alone. */
  calleeRange: SourceRange;
  args: Expr[];
}

/** `( expr )`: kept so labels and the formatter can print parentheses as written. */
export interface ParenExpr extends Node {
  kind: "paren";
  inner: Expr;
}

export type Literal = NumberLiteral | StringLiteral | BooleanLiteral;

export type Expr =
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | NameRef
  | KeywordValue
  | ListExpr
  | UnaryExpr
  | BinaryExpr
  | InExpr
  | BetweenExpr
  | IsMissingExpr
  | IfExpr
  | CallExpr
  | ParenExpr;

// --------------------------------------------------------------- declarations

export interface ProgramHeader extends Node {
  kind: "program";
  name: StringLiteral;
  version?: StringLiteral;
  /** Three-letter ISO 4217 code as written; default USD is applied by the checker. */
  currency?: Name;
  rounding?: Name;
}

export type ScalarTypeName = "text" | "number" | "integer" | "money" | "percent" | "boolean";

export type InputType =
  | { kind: ScalarTypeName; range: SourceRange }
  | { kind: "oneOf" | "listOf"; values: StringLiteral[]; range: SourceRange };

export interface InputDecl extends Node {
  kind: "input";
  name: Name;
  type: InputType;
  min?: NumberLiteral;
  max?: NumberLiteral;
  optional: boolean;
  key: boolean;
  confidential: boolean;
  /** Constraints and modifiers in the order written (for the formatter). */
  options: { word: "min" | "max" | "optional" | "key" | "confidential"; range: SourceRange }[];
}

export interface KpiDecl extends Node {
  kind: "kpi";
  name: Name;
  expr: Expr;
  label?: StringLiteral;
}

export interface Requirement extends Node {
  kind: "require";
  expr: Expr;
  label?: StringLiteral;
}

export interface Benefit extends Node {
  kind: "benefit";
  text: StringLiteral;
}

export interface TierDecl extends Node {
  kind: "tier";
  name: Name;
  extends?: Name;
  /** Requirements and benefits in the order written. */
  items: (Requirement | Benefit)[];
}

export interface SubtierDecl extends Node {
  kind: "subtier";
  name: Name;
  parent: Name;
  items: (Requirement | Benefit)[];
}

export interface ScorecardLine extends Node {
  value: NameRef;
  weight: NumberLiteral;
  threshold: NumberLiteral;
  target: NumberLiteral;
  max?: NumberLiteral;
}

export interface ScorecardDecl extends Node {
  kind: "scorecard";
  name: Name;
  lines: ScorecardLine[];
}

/** `below X: V` */
export interface BelowRow extends Node {
  kind: "below";
  bound: NumberLiteral;
  value: Expr;
}

/** `X to Y: V` (X ≤ key < Y) */
export interface RangeRow extends Node {
  kind: "range";
  from: NumberLiteral;
  to: NumberLiteral;
  value: Expr;
}

/** `X and above: V` */
export interface AboveRow extends Node {
  kind: "above";
  bound: NumberLiteral;
  value: Expr;
}

/** `KEY: V` where KEY is a tier name (identifier) or a string. */
export interface MatchRow extends Node {
  kind: "match";
  key: Name;
  value: Expr;
}

/** `otherwise: V` */
export interface OtherwiseRow extends Node {
  kind: "otherwise";
  value: Expr;
}

export type TableRow = BelowRow | RangeRow | AboveRow | MatchRow | OtherwiseRow;

export interface TableDecl extends Node {
  kind: "table";
  name: Name;
  key: Expr;
  rows: TableRow[];
}

export interface IncentiveDecl extends Node {
  kind: "incentive";
  name: Name;
  label?: StringLiteral;
  when?: Expr;
  amount: Expr;
  cap?: NumberLiteral;
}

export interface GivenField extends Node {
  field: Name;
  /** A literal, a negative number (unary minus over a number) or a list of strings. */
  value: Expr;
}

export interface Expectation extends Node {
  kind: "expect";
  expr: Expr;
}

export interface TestDecl extends Node {
  kind: "test";
  description: StringLiteral;
  given: GivenField[];
  /** Range of the `given { ... }` block. */
  givenRange: SourceRange;
  expects: Expectation[];
}

export type Declaration =
  InputDecl | KpiDecl | TierDecl | SubtierDecl | ScorecardDecl | TableDecl | IncentiveDecl | TestDecl;

export interface Comment extends Node {
  /** The comment text including the leading `#`. */
  text: string;
}

/** One parsed `.ppl` file. */
export interface Program extends Node {
  kind: "file";
  /** Path of the file, as given by the caller (used in diagnostics). */
  file: string;
  header?: ProgramHeader;
  declarations: Declaration[];
  comments: Comment[];
}
