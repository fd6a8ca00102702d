// The whole compiled artifact (spec section 6): what `ppl compile` writes,
// `ppl run` loads and src/compile/artifact.schema.json describes.
import type {
  ExprTree,
  IncentiveSpec,
  InputSpec,
  KpiSpec,
  ProgramInfo,
  ScorecardSpec,
  SourceLocation,
  SubtierSpec,
  TableSpec,
  TestSpec,
  TierSpec,
} from "./artifact-types.js";

/** Bumped whenever a reader of the previous format would misread the new one. */
export const ARTIFACT_FORMAT = "ppl-artifact/1";

/** A json-rules-engine leaf condition as the compiler writes it. */
export interface LeafConditionSpec {
  /** A fact name from the "ppl:" namespace (see src/compile/rules.ts). */
  fact: string;
  /** One of the custom "ppl:" operators registered by the runtime. */
  operator: string;
  /** A number as an exact string, a string, a boolean, or a list of those. */
  value: string | boolean | (string | boolean)[];
  /** Only for the "ppl:expr" fact: the expression it evaluates. */
  params?: { expr: ExprTree };
  name?: string;
}

export type ConditionSpec =
  | LeafConditionSpec
  | { all: ConditionSpec[]; name?: string }
  | { any: ConditionSpec[]; name?: string }
  | { not: ConditionSpec; name?: string };

export type TopConditionSpec =
  | { all: ConditionSpec[]; name?: string }
  | { any: ConditionSpec[]; name?: string }
  | { not: ConditionSpec; name?: string };

export type RuleEventSpec =
  | { type: "tier"; params: { name: string; rank: number } }
  | { type: "subtier"; params: { name: string; parent: string } }
  | { type: "incentive"; params: { name: string; label: string } };

/** A json-rules-engine rule object, ready for `engine.addRule`. */
export interface RuleSpec {
  name: string;
  priority: number;
  conditions: TopConditionSpec;
  event: RuleEventSpec;
}

/** Where a rule or condition name comes from, and what it stands for. */
export interface SourceMapEntry extends SourceLocation {
  kind: "tier" | "subtier" | "incentive" | "requirement" | "condition" | "parent" | "when" | "always";
  /** The tier, subtier or incentive label, the requirement's label, or the sub-expression printed canonically. */
  label: string;
  /** For a requirement: the tier or subtier that declares it (differs from the rule's when inherited). */
  declaredIn?: string;
}

export interface Artifact {
  format: typeof ARTIFACT_FORMAT;
  program: ProgramInfo;
  /** The program file as given to the compiler. */
  sourceFile: string;
  /** "sha256:" and the hex SHA-256 of the source text (UTF-8). */
  sourceHash: string;
  /** "sha256:" and the hex SHA-256 of this artifact's canonical JSON without this field (artifact-integrity.ts). */
  digest: string;
  /** The JSON Schema (draft 2020-12) of one partner record. */
  inputSchema: Record<string, unknown>;
  inputs: InputSpec[];
  kpis: KpiSpec[];
  scorecards: ScorecardSpec[];
  tables: TableSpec[];
  /** Lowest rank first. */
  tiers: TierSpec[];
  /** In declaration order. */
  subtiers: SubtierSpec[];
  incentives: IncentiveSpec[];
  tests: TestSpec[];
  rules: RuleSpec[];
  /** Every rule name and condition name → its place in the source. */
  sourceMap: Record<string, SourceMapEntry>;
}
