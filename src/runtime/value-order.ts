// The order in which a program's derived values are computed, shared by the
// evaluator and the test oracle: an evaluation strategy, not a rule of the
// language, so the oracle need not restate it.
import { dependencyOrder } from "../check/dependency-order.js";
import { namesUsed } from "../compile/expression-tree.js";
import type { CompiledProgram } from "./partner.js";

/**
 * KPIs, scorecards and tables, each after the values it uses: computing them
 * in this order keeps the lazy, memoized evaluation one level deep, however
 * long a chain of KPIs written in reverse is.
 */
export function valueOrder(program: CompiledProgram): string[] {
  const uses = new Map<string, string[]>();
  for (const kpi of program.kpis) uses.set(kpi.name, namesUsed(kpi.expr));
  for (const scorecard of program.scorecards)
    uses.set(
      scorecard.name,
      scorecard.lines.map((line) => line.value),
    );
  for (const table of program.tables) {
    uses.set(table.name, [...new Set([table.key, ...table.rows.map((row) => row.value)].flatMap(namesUsed))]);
  }
  return dependencyOrder(uses.keys(), (name) => uses.get(name) ?? []);
}
