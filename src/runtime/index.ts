// The public runtime module ("ppl/runtime"): load a compiled artifact in any
// Node program and evaluate partners with the exact evaluator or with
// json-rules-engine, with the same results as `ppl run`.
//
//   import { Engine } from "json-rules-engine";
//   import { parseArtifact, registerArtifact, partnerFacts, readEvaluation } from "ppl/runtime";
//   const loaded = parseArtifact(text);             // { ok: false, errors } on a broken artifact
//   const engine = new Engine();
//   registerArtifact(engine, loaded.artifact);
//   const facts = partnerFacts(loaded.artifact, record);
//   const evaluation = readEvaluation(loaded.artifact, facts, await engine.run(facts));
//
// Records are typed values: numbers as the exact rationals of PPL's number
// module (build them with parseExact("1250.50") or parseExact("1/3"), print
// them with toExactString or formatDecimal), text and one-of values as
// strings, list-of values as string arrays, absent optional inputs left out.

export type { Artifact, RuleSpec, SourceMapEntry } from "../compile/artifact.js";
export { ARTIFACT_FORMAT } from "../compile/artifact.js";
export {
  artifactSchema,
  parseArtifact,
  validateArtifact,
  type ArtifactValidation,
} from "../compile/artifact-schema.js";
export * as factNames from "../compile/fact-names.js";
export { evaluatePartner, outputNumber, outputValue, toResultRow } from "./evaluator/index.js";
export type { CompiledProgram, PartnerEvaluation, UnmetResult } from "./partner.js";
export type { OkRow, ResultRow } from "./result-types.js";
export {
  addPplOperators,
  createRulesEngineEvaluator,
  EngineValue,
  partnerFacts,
  PartnerRun,
  readEvaluation,
  registerArtifact,
  type RulesEngineEvaluator,
} from "./rules-engine.js";
export { formatDecimal, parseExact, toExactString } from "../number/exact-text.js";
export { formatFixed, isNum, toNearestNumber, type Num, type RoundingMode } from "../number/rational.js";
export { MISSING, type Value } from "./values.js";
