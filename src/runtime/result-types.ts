// The shape of one output row of `ppl run` (spec section 7). Numbers for
// KPIs and scores are already converted to the nearest JSON number; money is
// a string with exactly the currency's minor digits.

import type { ShortfallOutput } from "./shortfall.js";

export const REDACTED = "[redacted]";

/**
 * A KPI or score as written out: nearest JSON number, null when missing, or
 * redacted; a string of decimal digits beyond the double range (output-number.ts).
 */
export type OutputNumber = number | string | null;

/** A value shown in `unmet[].values`: written like KPIs (numbers as JSON numbers). */
export type OutputValue = number | string | boolean | string[] | null;

export interface UnmetRequirement {
  /** The tier or subtier the requirement belongs to. */
  tier: string;
  requirement: string;
  values: Record<string, OutputValue>;
  /** How far the partner is from meeting it, when it compares a number with a bound (runtime/shortfall.ts). */
  shortfall?: ShortfallOutput;
}

export interface OkRow {
  row: number;
  partner: string | number | null;
  status: "ok";
  tier: string | null;
  subtiers: string[];
  benefits: string[];
  /** Numeric KPIs as JSON numbers; a boolean, text or tier KPI as its value. */
  kpis: Record<string, OutputValue | typeof REDACTED>;
  scores: Record<string, OutputNumber>;
  incentives: Record<string, string>;
  total: string;
  unmet: UnmetRequirement[];
}

export interface FieldError {
  /** Input name, or null for the record as a whole. */
  field: string | null;
  message: string;
}

export interface InvalidRow {
  row: number;
  partner: string | number | null;
  status: "invalid";
  errors: FieldError[];
}

export type ResultRow = OkRow | InvalidRow;
