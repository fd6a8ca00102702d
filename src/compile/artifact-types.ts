// The compiled artifact: what `ppl compile` writes and `ppl run` loads.
// Plain JSON. Exact numbers are strings holding a reduced fraction "n/d"
// (or an integer "n"), never binary floats.

import type { FunctionName } from "../functions/catalogue.js";

/** A location in a source file, 1-based line and column; end exclusive. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** An exact rational written as "n/d" or "n" (d > 0, reduced). */
export type ExactString = string;

// ------------------------------------------------------------ expression trees

export type ExprTree =
  | { op: "num"; value: ExactString }
  | { op: "str"; value: string }
  | { op: "bool"; value: boolean }
  | { op: "list"; items: ExprTree[] }
  /** An input, KPI, scorecard, table or incentive (its rounded amount) by name. */
  | { op: "ref"; name: string }
  /** A tier name used as a value (compared by rank with `tier`). */
  | { op: "tierName"; name: string; rank: number }
  | { op: "tier" }
  | { op: "subtiers" }
  | { op: "total" }
  | { op: "neg" | "not" | "isMissing" | "isNotMissing"; arg: ExprTree }
  | {
      op:
        | "add"
        | "sub"
        | "mul"
        | "div"
        | "eq"
        | "ne"
        | "lt"
        | "le"
        | "gt"
        | "ge"
        | "and"
        | "or"
        | "otherwise"
        | "in"
        | "notIn";
      args: [ExprTree, ExprTree];
    }
  /**
   * A chain of three or more operands of one precedence level (`a - b + c`),
   * evaluated left to right; ops[i] joins args[i] and args[i + 1]. Long sums
   * stay one flat node instead of a tree as deep as the chain.
   */
  | { op: "arith"; args: ExprTree[]; ops: ArithmeticOp[] }
  | { op: "between" | "if"; args: [ExprTree, ExprTree, ExprTree] }
  | { op: "call"; fn: FunctionName; args: ExprTree[] };

export type ExprOp = ExprTree["op"];

export type ArithmeticOp = "add" | "sub" | "mul" | "div";

// -------------------------------------------------------------------- inputs

export type InputTypeName = "text" | "number" | "integer" | "money" | "percent" | "boolean" | "oneOf" | "listOf";

export interface InputSpec {
  name: string;
  type: InputTypeName;
  /** Allowed values of `oneOf` / `listOf`. */
  values?: string[];
  min?: ExactString;
  max?: ExactString;
  optional: boolean;
  key: boolean;
  confidential: boolean;
}

// ------------------------------------------------------------ derived values

/** The kind of a numeric value, for output and type rules. */
export type ValueType = "number" | "money" | "boolean" | "text" | "list" | "tier";

export interface KpiSpec {
  name: string;
  label: string;
  expr: ExprTree;
  type: ValueType;
  /** Uses a confidential input, directly or through other values. */
  confidential: boolean;
  source: SourceLocation;
}

export interface ScorecardLineSpec {
  /** An input, KPI or table name. */
  value: string;
  weight: ExactString;
  threshold: ExactString;
  target: ExactString;
  /** Cap on the line score; default "1" (100%). */
  max: ExactString;
}

export interface ScorecardSpec {
  name: string;
  lines: ScorecardLineSpec[];
  confidential: boolean;
  source: SourceLocation;
}

export type TableRowSpec =
  | { kind: "below"; bound: ExactString; value: ExprTree }
  | { kind: "range"; from: ExactString; to: ExactString; value: ExprTree }
  | { kind: "above"; bound: ExactString; value: ExprTree }
  /** Tier names match the partner's tier by name; strings match text/one-of values. */
  | { kind: "match"; key: string; value: ExprTree }
  | { kind: "otherwise"; value: ExprTree };

export interface TableSpec {
  name: string;
  key: ExprTree;
  rows: TableRowSpec[];
  type: ValueType;
  confidential: boolean;
  source: SourceLocation;
}

export interface RequirementSpec {
  /** The `as` label, or the expression printed canonically. */
  label: string;
  expr: ExprTree;
  /** Inputs and derived values the requirement names directly (for `unmet.values`). */
  names: string[];
  /** Name of the tier or subtier that declares it (differs from the owner when inherited). */
  declaredIn: string;
  source: SourceLocation;
}

export interface TierSpec {
  name: string;
  /** 1 = lowest. */
  rank: number;
  extends?: string;
  /** Own and inherited requirements, inherited (lowest tier) first. */
  requirements: RequirementSpec[];
  /** Own and inherited benefits, lowest tier first, each once. */
  benefits: string[];
  source: SourceLocation;
}

export interface SubtierSpec {
  name: string;
  parent: string;
  requirements: RequirementSpec[];
  /** Own benefits only. */
  benefits: string[];
  source: SourceLocation;
}

export interface IncentiveSpec {
  name: string;
  label: string;
  when?: ExprTree;
  amount: ExprTree;
  cap?: ExactString;
  source: SourceLocation;
}

export interface TestSpec {
  description: string;
  given: Record<string, unknown>;
  expects: { text: string; expr: ExprTree; names: string[]; source: SourceLocation }[];
  source: SourceLocation;
}

export interface ProgramInfo {
  name: string;
  version?: string;
  currency: string;
  /** Digits after the decimal point for money in this currency (ISO 4217 minor unit). */
  minorUnits: number;
  rounding: "half_up" | "half_even";
}
