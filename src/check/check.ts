// The checker: an ordered list of named stages over one parsed program. Each
// stage reads what earlier stages found (symbols, resolutions, types) from
// the shared context and adds diagnostics. A stage that throws is a bug in the
// checker: checkProgram turns it into one internal-error diagnostic (PPL8001)
// naming the stage, here, so no stage needs defensive try/catch of its own.
import type { Expr, NameRef, Program } from "../ast/nodes.js";
import { INTERNAL_ERROR } from "../diagnostics/codes.js";
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { createContext, type CheckContext, type DependencyGraph, type ProgramSettings } from "./check-context.js";
import { checkCycles } from "./cycles.js";
import { checkDeclarations } from "./declarations.js";
import { resolveNames } from "./resolve.js";
import { checkScorecards } from "./scorecards.js";
import type { Resolution, SymbolTable } from "./symbols.js";
import { checkRanges } from "./ranges.js";
import { checkTables } from "./tables.js";
import { checkTests } from "./tests.js";
import { inferTypes } from "./types.js";
import type { ValueType } from "./value-types.js";
import { checkWarnings } from "./warnings.js";

export interface CheckStage {
  name: string;
  run(ctx: CheckContext): void;
}

/** The stages, in the order they run: later stages rely on earlier ones. */
export const CHECK_STAGES: readonly CheckStage[] = [
  { name: "declarations", run: checkDeclarations },
  { name: "resolve", run: resolveNames },
  { name: "types", run: inferTypes },
  { name: "cycles", run: checkCycles },
  { name: "scorecards", run: checkScorecards },
  { name: "tables", run: checkTables },
  { name: "tests", run: checkTests },
  { name: "warnings", run: checkWarnings },
  { name: "ranges", run: checkRanges },
];

export interface CheckResult {
  /** The program checked. */
  program: Program;
  /** Errors and warnings, sorted by position. */
  diagnostics: Diagnostic[];
  /** Every declared name with its declaration and kind. */
  symbols: SymbolTable;
  /** The program header with defaults applied (currency, minor units, rounding). */
  settings: ProgramSettings;
  /** What each name used in an expression or scorecard line refers to. */
  references: Map<NameRef, Resolution>;
  /** The inferred type of every expression node. */
  types: Map<Expr, ValueType>;
  /** The type of every input, KPI, scorecard, table and incentive. */
  valueTypes: Map<string, ValueType>;
  /** Which derived values use which, which use `tier`/`subtiers`, which are confidential. */
  dependencies: DependencyGraph;
}

export interface CheckOptions {
  /**
   * Run the warnings and ranges stages (default true). Pass false when the file has syntax
   * errors: the recovered AST has holes, and "never used" would be noise.
   */
  warnings?: boolean;
  /** The stages to run, in order (default CHECK_STAGES); tests inject a failing one. */
  stages?: readonly CheckStage[];
}

/** What a thrown value says, in one line. */
function describeThrown(thrown: unknown): string {
  const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  return text.split(/\r?\n/)[0]!.slice(0, 200);
}

export function checkProgram(program: Program, options: CheckOptions = {}): CheckResult {
  const ctx = createContext(program);
  for (const stage of options.stages ?? CHECK_STAGES) {
    if ((stage.name === "warnings" || stage.name === "ranges") && options.warnings === false) continue;
    try {
      stage.run(ctx);
    } catch (thrown) {
      // Later stages rely on what this one should have found, so they would only add noise.
      ctx.report(INTERNAL_ERROR, undefined, { stage: stage.name, error: describeThrown(thrown) });
      break;
    }
  }
  return {
    program,
    diagnostics: sortDiagnostics(ctx.diagnostics),
    symbols: ctx.symbols,
    settings: ctx.settings,
    references: ctx.references,
    types: ctx.types,
    valueTypes: ctx.valueTypes,
    dependencies: ctx.dependencies,
  };
}

/** Checks a parsed program; returns its diagnostics sorted by position. */
export function check(program: Program, options: CheckOptions = {}): Diagnostic[] {
  return checkProgram(program, options).diagnostics;
}
