// Evaluating one raw record under two programs: each program types the same
// raw record under its own inputs and evaluates it with the one evaluator,
// through the same pipeline as `ppl run` (evaluateRecord).
import type { InputSpec } from "../compile/artifact-types.js";
import {
  evaluateRecord,
  programEvaluator,
  type EvaluatedRecord,
  type PartnerEvaluator,
} from "../io/evaluate-records.js";
import type { RawRecord } from "../io/raw-record.js";
import { compileRecordValidator, type RecordValidator } from "../io/typed-record.js";
import type { CompiledProgram } from "../runtime/partner.js";

export interface ProgramPair {
  old: CompiledProgram;
  new: CompiledProgram;
}

export interface EvaluatedPair {
  old: EvaluatedRecord;
  new: EvaluatedRecord;
}

/**
 * The program with every input that either program declares confidential
 * marked confidential, so a value one side hides is never shown by the other
 * side's error messages.
 */
function withConfidentialUnion(program: CompiledProgram, other: CompiledProgram): CompiledProgram {
  const hidden = new Set(other.inputs.filter((input) => input.confidential).map((input) => input.name));
  if (!program.inputs.some((input) => !input.confidential && hidden.has(input.name))) return program;
  const inputs: InputSpec[] = program.inputs.map((input) =>
    !input.confidential && hidden.has(input.name) ? { ...input, confidential: true } : input,
  );
  return { ...program, inputs };
}

/** Both programs as they are evaluated: an input confidential in either is confidential in both. */
export function pairPrograms(programs: ProgramPair): ProgramPair {
  return {
    old: withConfidentialUnion(programs.old, programs.new),
    new: withConfidentialUnion(programs.new, programs.old),
  };
}

class Side {
  readonly validator: RecordValidator;
  readonly evaluator: PartnerEvaluator;

  constructor(readonly program: CompiledProgram) {
    this.validator = compileRecordValidator(program.inputs, program.program.name, program.program.minorUnits);
    this.evaluator = programEvaluator(program);
  }

  evaluate(raw: RawRecord): EvaluatedRecord {
    const evaluated = evaluateRecord(this.program, raw, this.validator, this.evaluator);
    // The evaluator is synchronous, so evaluateRecord is too.
    if (evaluated instanceof Promise) throw new Error("impact needs the synchronous evaluator");
    return evaluated;
  }
}

/** Evaluates raw records under both programs; build it once per run. */
export class PairEvaluator {
  private readonly old: Side;
  private readonly new: Side;
  readonly programs: ProgramPair;

  constructor(programs: ProgramPair) {
    this.programs = pairPrograms(programs);
    this.old = new Side(this.programs.old);
    this.new = new Side(this.programs.new);
  }

  evaluate(raw: RawRecord): EvaluatedPair {
    return { old: this.old.evaluate(raw), new: this.new.evaluate(raw) };
  }
}
