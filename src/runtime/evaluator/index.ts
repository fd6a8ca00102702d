// The one evaluator: a CompiledProgram compiled once into closures over flat
// per-partner state, with exact rationals that stay in JS doubles while they
// can. `ppl run`, `ppl test`, `ppl explain`, ppl/runtime and the
// json-rules-engine back end all evaluate through it; test/oracle holds an
// independent tree-walking evaluator that the differential test compares it with.

import type { CompiledProgram, PartnerEvaluation } from "../partner.js";
import type { Value } from "../values.js";
import { Evaluation } from "./evaluation.js";
import type { BranchTrace } from "./expression.js";
import { ProgramPlan, PartnerState } from "./program.js";

export { Evaluation, outputNumber, outputValue, toResultRow } from "./evaluation.js";
export { ProgramPlan, PartnerState } from "./program.js";
export type { BranchTrace } from "./expression.js";

const programs = new WeakMap<CompiledProgram, ProgramPlan>();

/** The program compiled for the evaluator, once per program object. */
export function programPlanOf(program: CompiledProgram): ProgramPlan {
  let plan = programs.get(program);
  if (plan === undefined) {
    plan = new ProgramPlan(program);
    programs.set(program, plan);
  }
  return plan;
}

/**
 * Compiles the program once; the returned function evaluates one typed
 * record (as evaluatePartner takes it) synchronously.
 */
export function createEvaluator(
  program: CompiledProgram,
  options: { branchTrace?: BranchTrace } = {},
): (record: Record<string, Value>) => PartnerEvaluation {
  // An instrumented plan is its own, so the shared plan keeps its plain closures.
  const plan = options.branchTrace === undefined ? programPlanOf(program) : new ProgramPlan(program, options);
  // In dependency order, so that the lazy evaluation of a long chain of KPIs stays shallow.
  const slots = plan.valueOrder;
  return (record) => {
    const state = new PartnerState(record, plan);
    // Every KPI, scorecard and table, as evaluatePartner computes them; incentives through the total.
    for (const slot of slots) plan.valueOf(state, slot);
    plan.totalOf(state);
    return new Evaluation(plan, state);
  };
}

/**
 * Evaluates one valid, already-typed record: numbers as exact values
 * (Num), absent optional inputs left out or MISSING, `list of` values
 * as string arrays.
 */
export function evaluatePartner(program: CompiledProgram, record: Readonly<Record<string, Value>>): PartnerEvaluation {
  return evaluatorOf(program)(record);
}

const evaluators = new WeakMap<CompiledProgram, (record: Record<string, Value>) => PartnerEvaluation>();

function evaluatorOf(program: CompiledProgram): (record: Record<string, Value>) => PartnerEvaluation {
  let evaluator = evaluators.get(program);
  if (evaluator === undefined) {
    evaluator = createEvaluator(program);
    evaluators.set(program, evaluator);
  }
  return evaluator;
}
