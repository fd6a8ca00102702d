// What the evaluation of one partner record holds: derived values, tier,
// subtiers, benefits, incentives, total and unmet requirements, kept rich
// enough to explain. The one evaluator (src/runtime/evaluator) produces it for
// `ppl run`, `ppl test`, `ppl explain`, ppl/runtime and the json-rules-engine
// back end; its values are Values (exact numbers as the number module's Num).

import type { Artifact } from "../compile/artifact.js";
import type { ExprTree, RequirementSpec, ScorecardLineSpec, SubtierSpec, TierSpec } from "../compile/artifact-types.js";
import type { Num, RoundingMode } from "../number/rational.js";
import type { Value } from "./values.js";

/** The pieces of a compiled artifact the runtime needs (tiers lowest rank first, the rest in declaration order). */
export type CompiledProgram = Pick<
  Artifact,
  "program" | "inputs" | "kpis" | "scorecards" | "tables" | "tiers" | "subtiers" | "incentives"
>;

/** What an expression can see besides its literals. */
export interface Scope {
  /** The program's rounding mode, used by `round()`. */
  readonly rounding: RoundingMode;
  /** An input, KPI, scorecard, table or incentive (its rounded amount) by name. */
  ref(name: string): Value;
  /** The partner's tier, or MISSING for a partner with no tier. */
  tier(): Value;
  /** The names of the subtiers the partner holds, in declaration order. */
  subtiers(): Value;
  /** The sum of the partner's rounded incentives. */
  total(): Value;
}

export interface ScorecardLineResult {
  line: ScorecardLineSpec;
  /** The line's value v as seen (MISSING scores 0). */
  value: Value;
  /** The line score s after the cap. */
  score: Num;
  /** weight × s: what the line adds to the scorecard. */
  weighted: Num;
  /** True when the cap lowered the score. */
  capped: boolean;
}

export interface ScorecardResult {
  name: string;
  value: Num;
  lines: ScorecardLineResult[];
}

export interface TableResult {
  name: string;
  key: Value;
  /** Index into the table's rows of the row that matched, or undefined. */
  rowIndex: number | undefined;
  value: Value;
}

export type IncentiveOutcome =
  /** `when` did not hold: pays 0. */
  | "not_eligible"
  /** The amount was missing: pays 0. */
  | "missing_amount"
  | "paid";

export interface IncentiveResult {
  name: string;
  outcome: IncentiveOutcome;
  /** The exact amount before cap, floor and rounding (MISSING when missing; undefined when not eligible). */
  amount: Value | undefined;
  capped: boolean;
  /** True when a negative amount was raised to 0. */
  floored: boolean;
  /** What is paid: rounded to the currency's minor unit. */
  paid: Num;
  /** Why the partner gets what it gets, in words. */
  reason: string;
}

export interface RequirementResult {
  requirement: RequirementSpec;
  holds: boolean;
  /** The value of each name the requirement names directly. */
  values: Map<string, Value>;
}

export interface TierResult {
  tier: TierSpec;
  /** Own and inherited requirements, in the tier's order. */
  requirements: RequirementResult[];
  /** All requirements hold. */
  holds: boolean;
}

export interface SubtierResult {
  subtier: SubtierSpec;
  /** The partner holds the parent tier or one above it. */
  eligible: boolean;
  requirements: RequirementResult[];
  /** All own requirements hold. */
  holds: boolean;
  reached: boolean;
}

export interface UnmetResult {
  /** The tier or subtier the requirement belongs to. */
  tier: string;
  requirement: RequirementSpec;
  values: Map<string, Value>;
}

export interface PartnerEvaluation {
  /** The partner's tier, or undefined when it holds none. */
  tier: TierSpec | undefined;
  tierResults: TierResult[];
  /** Names of the subtiers reached, in declaration order. */
  subtiers: string[];
  subtierResults: SubtierResult[];
  benefits: string[];
  kpis: Map<string, Value>;
  scorecards: Map<string, ScorecardResult>;
  tables: Map<string, TableResult>;
  /** In declaration order. */
  incentives: Map<string, IncentiveResult>;
  total: Num;
  unmet: UnmetResult[];
  /** The partner's scope, for `expect` expressions and explanations. */
  scope: Scope;
  /** The value of an expression in the partner's scope (a test's `expect`). */
  evaluate(tree: ExprTree): Value;
  /** True for confidential inputs and derived values that use them. */
  isConfidential(name: string): boolean;
}
