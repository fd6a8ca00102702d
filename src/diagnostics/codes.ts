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
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
