// The fast back end: a CompiledProgram compiled once into closures over flat
// per-partner state, with exact rationals that stay in JS doubles while they
// can. Same results as evaluatePartner, checked by test/runtime-fast.

import type { CompiledProgram, PartnerEvaluation } from "../partner.js";
import type { Value } from "../values.js";
import { FastEvaluation } from "./evaluation.js";
import { FastProgram, PartnerState } from "./program.js";

export { FastEvaluation, fastResultRow, outputFastValue } from "./evaluation.js";
export { FastProgram, PartnerState } from "./program.js";

const programs = new WeakMap<CompiledProgram, FastProgram>();

/** The program compiled for the evaluator, once per program object. */
export function fastProgramOf(program: CompiledProgram): FastProgram {
  let fast = programs.get(program);
  if (fast === undefined) {
    fast = new FastProgram(program);
    programs.set(program, fast);
  }
  return fast;
}

/**
 * Compiles the program once; the returned function evaluates one typed
 * record (as evaluatePartner takes it) synchronously.
 */
export function createFastEvaluator(program: CompiledProgram): (record: Record<string, Value>) => PartnerEvaluation {
  const fast = fastProgramOf(program);
  const slots = [...fast.slots.values()].filter(
    (slot) => fast.slotKinds[slot] !== "input" && fast.slotKinds[slot] !== "incentive",
  );
  return (record) => {
    const state = new PartnerState(record, fast);
    // Every KPI, scorecard and table, as evaluatePartner computes them; incentives through the total.
    for (const slot of slots) fast.valueOf(state, slot);
    fast.totalOf(state);
    return new FastEvaluation(fast, state);
  };
}
