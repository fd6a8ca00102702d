// State shared by the checker's stages: the program, what earlier stages
// found (symbols, resolutions, types) and the diagnostics reported so far.
import type { Expr, NameRef, Program, SourceRange } from "../ast/nodes.js";
import type { Code, MessageArgs } from "../diagnostics/codes.js";
import {
  makeDiagnostic,
  type Diagnostic,
  type DiagnosticExtras,
  type RelatedLocation,
} from "../diagnostics/diagnostic.js";
import { DEFAULT_CURRENCY } from "./currencies.js";
import { emptySymbolTable, type Resolution, type SymbolTable } from "./symbols.js";
import type { ValueType } from "./value-types.js";

export type RoundingMode = "half_up" | "half_even";

/** The program header with defaults applied. */
export interface ProgramSettings {
  name: string;
  version?: string;
  currency: string;
  /** Digits after the decimal point of the currency (ISO 4217). */
  minorUnits: number;
  rounding: RoundingMode;
}

export interface DependencyGraph {
  /** Each KPI, scorecard, table and incentive → the value names it uses directly (inputs included). */
  uses: Map<string, Set<string>>;
  /** Derived values whose own formula uses `tier`. */
  usesTier: Set<string>;
  /** Derived values whose own formula uses `subtiers`. */
  usesSubtiers: Set<string>;
  /** Derived values that use a confidential input, directly or through other values. */
  confidential: Set<string>;
  /** Derived values ordered so that each comes after every value it uses (values in a cycle are left out). */
  evaluationOrder: string[];
}

export interface CheckContext {
  readonly program: Program;
  readonly file: string;
  readonly diagnostics: Diagnostic[];
  readonly symbols: SymbolTable;
  settings: ProgramSettings;
  /** What each name used in an expression or scorecard line refers to (unresolved names are absent). */
  readonly references: Map<NameRef, Resolution>;
  /** The inferred type of every expression node. */
  readonly types: Map<Expr, ValueType>;
  /** The type of every named value (inputs, KPIs, scorecards, tables, incentives). */
  readonly valueTypes: Map<string, ValueType>;
  dependencies: DependencyGraph;
  /** Reports `code` at `range` with the arguments its message template takes. */
  report<C extends Code>(
    code: C,
    range: SourceRange | undefined,
    args: MessageArgs<C>,
    extras?: DiagnosticExtras,
  ): void;
  related(range: SourceRange | undefined, message: string): RelatedLocation;
}

const START_OF_FILE: SourceRange = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

/** A usable range even where recovery left none. */
export function rangeOrStart(range: SourceRange | undefined): SourceRange {
  return range && range.start && range.end ? range : START_OF_FILE;
}

export function createContext(program: Program): CheckContext {
  const file = typeof program?.file === "string" ? program.file : "<input>";
  const diagnostics: Diagnostic[] = [];
  return {
    program,
    file,
    diagnostics,
    symbols: emptySymbolTable(),
    settings: { name: "", currency: DEFAULT_CURRENCY, minorUnits: 2, rounding: "half_up" },
    references: new Map(),
    types: new Map(),
    valueTypes: new Map(),
    dependencies: {
      uses: new Map(),
      usesTier: new Set(),
      usesSubtiers: new Set(),
      confidential: new Set(),
      evaluationOrder: [],
    },
    report(code, range, args, extras) {
      diagnostics.push(makeDiagnostic(file, code, rangeOrStart(range), args, extras));
    },
    related(range, message) {
      return { file, range: rangeOrStart(range), message };
    },
  };
}
