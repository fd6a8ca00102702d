// The checker's symbol table: every declared name with its declaration.
import type {
  IncentiveDecl,
  InputDecl,
  KpiDecl,
  ScorecardDecl,
  SubtierDecl,
  TableDecl,
  TierDecl,
} from "../ast/nodes.js";

/** A name in the value namespace (inputs, KPIs, scorecards, tables, incentives). */
export type ValueSymbol =
  | { kind: "input"; name: string; decl: InputDecl }
  | { kind: "kpi"; name: string; decl: KpiDecl }
  | { kind: "scorecard"; name: string; decl: ScorecardDecl }
  | { kind: "table"; name: string; decl: TableDecl }
  | { kind: "incentive"; name: string; decl: IncentiveDecl };

export type ValueSymbolKind = ValueSymbol["kind"];

export interface TierSymbol {
  kind: "tier";
  name: string;
  decl: TierDecl;
  /** 1 = lowest, in the order the tiers are written. */
  rank: number;
}

export interface SubtierSymbol {
  kind: "subtier";
  name: string;
  decl: SubtierDecl;
}

/** Names that share the tier namespace. */
export type RankSymbol = TierSymbol | SubtierSymbol;

export interface SymbolTable {
  /** Inputs, KPIs, scorecards, tables and incentives, by name (first declaration wins). */
  values: Map<string, ValueSymbol>;
  /** Tiers by name (first declaration wins). */
  tiers: Map<string, TierSymbol>;
  /** Subtiers by name (first declaration wins). */
  subtiers: Map<string, SubtierSymbol>;
  /** Tiers lowest first. */
  tierOrder: TierSymbol[];
  /** Subtiers in declaration order. */
  subtierOrder: SubtierSymbol[];
}

/** What a name used in an expression refers to. */
export type Resolution = ValueSymbol | TierSymbol | SubtierSymbol;

export function emptySymbolTable(): SymbolTable {
  return { values: new Map(), tiers: new Map(), subtiers: new Map(), tierOrder: [], subtierOrder: [] };
}

/** "input", "KPI", ... for messages. */
export function describeSymbolKind(kind: ValueSymbolKind | "tier" | "subtier"): string {
  return kind === "kpi" ? "KPI" : kind;
}
