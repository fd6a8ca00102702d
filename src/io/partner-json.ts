// Types one partner record given as JSON text, exactly as `ppl run` would
// (numbers read from their text, checked against the input schema).
import type { CompiledProgram } from "../runtime/partner.js";
import { JsonSyntaxError, parseJsonRecord } from "./lossless-json.js";
import { JsonRecord } from "./raw-record.js";
import { compileRecordValidator, typeRecord, type TypedRecord } from "./typed-record.js";

export function typePartnerJson(program: CompiledProgram, json: string): TypedRecord {
  let parsed;
  try {
    parsed = parseJsonRecord(json);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { ok: false, key: null, errors: [{ field: null, message: error.message }] };
  }
  if (parsed.kind !== "record") {
    return {
      ok: false,
      key: null,
      errors: [{ field: null, message: `expected a JSON object, found ${parsed.found}` }],
    };
  }
  const validator = compileRecordValidator(program.inputs, program.program.name, program.program.minorUnits);
  return typeRecord(new JsonRecord(1, parsed.names, parsed.values), program.inputs, validator);
}
