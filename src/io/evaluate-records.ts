// The record pipeline of `ppl run`: raw records in, one result per record out,
// in input order. A record that fails the input schema becomes an invalid row
// and the run goes on: rows in = rows out.
import { ExactSizeError } from "../number/exact-size.js";
import { createEvaluator, toResultRow } from "../runtime/evaluator/index.js";
import type { CompiledProgram, PartnerEvaluation } from "../runtime/partner.js";
import type { ResultRow } from "../runtime/result-types.js";
import type { Value } from "../runtime/values.js";
import type { RawRecord } from "./raw-record.js";
import { compileRecordValidator, typeRecord, type PartnerKey, type RecordValidator } from "./typed-record.js";

/** Evaluates one typed record; the fast back end is synchronous, json-rules-engine is not. */
export type PartnerEvaluator = (record: Record<string, Value>) => PartnerEvaluation | Promise<PartnerEvaluation>;

export interface EvaluatedRecord {
  result: ResultRow;
  /** Present for valid records (for `explain` and tests). */
  evaluation?: PartnerEvaluation;
  /** Why a valid record could not be evaluated (its row is then invalid). */
  failure?: unknown;
}

/** The default back end: the artifact compiled once into exact, synchronous closures. */
export function programEvaluator(program: CompiledProgram): PartnerEvaluator {
  return createEvaluator(program);
}

export async function* evaluateRecords(
  program: CompiledProgram,
  records: AsyncIterable<RawRecord>,
  evaluator: PartnerEvaluator = programEvaluator(program),
): AsyncGenerator<EvaluatedRecord> {
  const validator = compileRecordValidator(program.inputs, program.program.name, program.program.minorUnits);
  for await (const raw of records) {
    const evaluated = evaluateRecord(program, raw, validator, evaluator);
    yield evaluated instanceof Promise ? await evaluated : evaluated;
  }
}

/**
 * Types and evaluates one raw record. Synchronous when the evaluator is, so
 * batches of records (worker threads) pay no promise per record.
 */
export function evaluateRecord(
  program: CompiledProgram,
  raw: RawRecord,
  validator: RecordValidator,
  evaluator: PartnerEvaluator,
): EvaluatedRecord | Promise<EvaluatedRecord> {
  const typed = typeRecord(raw, program.inputs, validator);
  if (!typed.ok) return { result: { row: raw.row, partner: typed.key, status: "invalid", errors: typed.errors } };
  const key = typed.key;
  let evaluation: PartnerEvaluation | Promise<PartnerEvaluation>;
  try {
    evaluation = evaluator(typed.values as Record<string, Value>);
  } catch (error) {
    return notEvaluated(raw, key, error);
  }
  if (evaluation instanceof Promise) {
    return evaluation.then(
      (done) => evaluated(program, raw, key, done),
      (error: unknown) => notEvaluated(raw, key, error),
    );
  }
  return evaluated(program, raw, key, evaluation);
}

function evaluated(
  program: CompiledProgram,
  raw: RawRecord,
  key: PartnerKey,
  evaluation: PartnerEvaluation,
): EvaluatedRecord {
  // Values are computed lazily, so writing the row is where one can grow too large.
  try {
    return { result: toResultRow(evaluation, raw.row, key, program), evaluation };
  } catch (error) {
    return notEvaluated(raw, key, error);
  }
}

// An internal fault on one record must not stop the others; its message
// names no input value, so nothing confidential can leak through it (a value
// too large to compute is named, never shown).
function notEvaluated(raw: RawRecord, key: PartnerKey, error: unknown): EvaluatedRecord {
  const message =
    error instanceof ExactSizeError
      ? error.message
      : `this record could not be evaluated (${(error as Error).name}); please report it with the program`;
  return {
    result: { row: raw.row, partner: key, status: "invalid", errors: [{ field: null, message }] },
    failure: error,
  };
}
