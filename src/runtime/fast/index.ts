// The one evaluator: a CompiledProgram compiled once into closures over flat
// per-partner state, with exact rationals that stay in JS doubles while they
// can. `ppl run`, `ppl test`, `ppl explain`, ppl/runtime and the
// json-rules-engine back end all evaluate through it; test/oracle holds an
// independent tree-walking evaluator that the differential test compares it with.

import type { CompiledProgram, PartnerEvaluation } from "../partner.js";
import type { Value } from "../values.js";
import { FastEvaluation } from "./evaluation.js";
import { FastProgram, PartnerState } from "./program.js";

export { FastEvaluation, outputFastValue, outputNumber, outputValue, toResultRow } from "./evaluation.js";
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
  // In dependency order, so that the lazy evaluation of a long chain of KPIs stays shallow.
  const slots = fast.valueOrder;
  return (record) => {
    const state = new PartnerState(record, fast);
    // Every KPI, scorecard and table, as evaluatePartner computes them; incentives through the total.
    for (const slot of slots) fast.valueOf(state, slot);
    fast.totalOf(state);
    return new FastEvaluation(fast, state);
  };
}

/**
 * Evaluates one valid, already-typed record: numbers as exact values
 * (Fractions), absent optional inputs left out or MISSING, `list of` values
 * as string arrays.
 */
export function evaluatePartner(program: CompiledProgram, record: Readonly<Record<string, Value>>): PartnerEvaluation {
  return evaluatorOf(program)(record);
}

const evaluators = new WeakMap<CompiledProgram, (record: Record<string, Value>) => PartnerEvaluation>();

function evaluatorOf(program: CompiledProgram): (record: Record<string, Value>) => PartnerEvaluation {
  let evaluator = evaluators.get(program);
  if (evaluator === undefined) {
    evaluator = createFastEvaluator(program);
    evaluators.set(program, evaluator);
  }
  return evaluator;
}
