// The fast back end: a CompiledProgram compiled once into closures over flat
// per-partner state, with exact rationals that stay in JS doubles while they
// can. Same results as evaluatePartner, checked by test/runtime-fast.

import { programIndex, type CompiledProgram, type PartnerEvaluation } from "../partner.js";
import type { Value } from "../values.js";
import { FastEvaluation } from "./evaluation.js";
import { FastProgram, PartnerState } from "./program.js";

export { FastEvaluation, fastResultRow } from "./evaluation.js";

/**
 * Compiles the program once; the returned function evaluates one typed
 * record (as evaluatePartner takes it) synchronously.
 */
export function createFastEvaluator(program: CompiledProgram): (record: Record<string, Value>) => PartnerEvaluation {
  const fast = new FastProgram(program);
  // In dependency order, so that the lazy evaluation of a long chain of KPIs stays shallow.
  const slots = programIndex(program).valueOrder.map((name) => fast.slots.get(name)!);
  return (record) => {
    const state = new PartnerState(record, fast);
    // Every KPI, scorecard and table, as evaluatePartner computes them; incentives through the total.
    for (const slot of slots) fast.valueOf(state, slot);
    fast.totalOf(state);
    return new FastEvaluation(fast, state);
  };
}
