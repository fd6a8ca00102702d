// The catalogue of diagnostic codes. Codes are stable: never renumber or reuse
// one. PPL1xxx: lexical and syntax; PPL2xxx: names and declarations;
// PPL3xxx: types and expressions; PPL4xxx: program structure (weights, bands,
// cycles, tiers); PPL5xxx: tests; PPL9xxx: warnings.
import type { Severity } from "./diagnostic.js";

export interface CodeInfo {
  severity: Severity;
  /** One line saying what the code is about (for docs). */
  title: string;
}

export const CODES = {
  // --- lexical and syntax (src/syntax)
  PPL1001: { severity: "error", title: "Unexpected character" },
  PPL1002: { severity: "error", title: "Unterminated string" },
  PPL1003: { severity: "error", title: "Number followed by letters" },
  PPL1004: { severity: "error", title: "Invalid escape in string" },
  PPL1005: { severity: "error", title: "Syntax error" },
  PPL1006: { severity: "error", title: "Reserved word used as a name" },
  PPL1007: { severity: "error", title: "Chained comparison" },
  PPL1008: { severity: "error", title: "Missing or repeated program header" },
  PPL1009: { severity: "error", title: "Invalid number literal" },
  PPL1010: { severity: "error", title: "Percentage expected" },
  PPL1011: { severity: "error", title: "Unknown function" },
  PPL1012: { severity: "error", title: "Incentive clause missing or repeated" },
  PPL1013: { severity: "error", title: "Test without given or expect" },
  PPL1014: { severity: "error", title: "Test value is not a literal" },
  PPL1015: { severity: "error", title: "Expression nested too deeply or too long" },
  // --- names and declarations (src/check: declarations.ts, resolve.ts)
  PPL2001: { severity: "error", title: "Name declared twice" },
  PPL2002: { severity: "error", title: "Tier or subtier name declared twice" },
  PPL2003: { severity: "error", title: "Unknown name" },
  PPL2004: { severity: "error", title: "Unknown currency code" },
  PPL2005: { severity: "error", title: "Unknown rounding mode" },
  PPL2006: { severity: "error", title: "No key input" },
  PPL2007: { severity: "error", title: "More than one key input" },
  PPL2008: { severity: "error", title: "Key input that is not text or integer" },
  PPL2009: { severity: "error", title: "min or max on an input that is not numeric" },
  PPL2010: { severity: "error", title: "min greater than max" },
  PPL2011: { severity: "error", title: "Value repeated in one of / list of" },
  PPL2012: { severity: "error", title: "extends does not name an earlier tier" },
  PPL2013: { severity: "error", title: "Subtier of something that is not a tier" },
  PPL2014: { severity: "error", title: "total used outside a test" },
  PPL2015: { severity: "error", title: "Unknown tier name" },
  PPL2016: { severity: "error", title: "Scorecard line that names no input, KPI or table" },
  PPL2017: { severity: "error", title: "Key input marked optional or confidential" },
  // --- types and expressions (src/check/types.ts)
  PPL3001: { severity: "error", title: "Arithmetic on a value that is not numeric" },
  PPL3002: { severity: "error", title: "Money multiplied by money" },
  PPL3003: { severity: "error", title: "Comparison of values of different kinds" },
  PPL3004: { severity: "error", title: "Condition that is not true/false" },
  PPL3005: { severity: "error", title: "Incentive amount that is not numeric" },
  PPL3006: { severity: "error", title: "in/not in without a list on the right" },
  PPL3007: { severity: "error", title: "String that is not one of the allowed values" },
  PPL3008: { severity: "error", title: "Wrong number of arguments" },
  PPL3009: { severity: "error", title: "Argument of the wrong type" },
  PPL3010: { severity: "error", title: "Band table keyed by a value that is not numeric" },
  PPL3011: { severity: "error", title: "Match table keyed by a value that is not a tier, one of or text" },
  PPL3012: { severity: "error", title: "Match row key that does not fit the table key" },
  PPL3013: { severity: "error", title: "Scorecard value that is not numeric" },
  PPL3014: { severity: "error", title: "Alternatives of different types" },
  PPL3015: { severity: "error", title: "in/not in with an item unlike the list's items" },
  // --- program structure (src/check: cycles.ts, scorecards.ts, tables.ts)
  PPL4001: { severity: "error", title: "Cycle between values" },
  PPL4002: { severity: "error", title: "Tier requirement that depends on tier or subtiers" },
  PPL4003: { severity: "error", title: "Scorecard weights do not add up to 100%" },
  PPL4004: { severity: "error", title: "Overlapping bands" },
  PPL4005: { severity: "error", title: "Gap between bands" },
  PPL4006: { severity: "error", title: "Bands mixed with match rows" },
  PPL4007: { severity: "error", title: "More than one otherwise row" },
  PPL4008: { severity: "error", title: "Match key repeated" },
  PPL4009: { severity: "error", title: "Empty band" },
  // --- tests (src/check/tests.ts)
  PPL5001: { severity: "error", title: "Given field that is not an input" },
  PPL5002: { severity: "error", title: "Given value of the wrong type" },
  PPL5003: { severity: "error", title: "Given field repeated" },
  PPL5004: { severity: "error", title: "Given value that is not allowed" },
  // --- warnings (src/check/warnings.ts)
  PPL9001: { severity: "warning", title: "Input never used" },
  PPL9002: { severity: "warning", title: "Table never used" },
  PPL9003: { severity: "warning", title: "Tier that can never be reached" },
  PPL9004: { severity: "warning", title: "Subtier that adds no requirement" },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
