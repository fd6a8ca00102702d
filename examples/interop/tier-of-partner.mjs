// Loads a compiled PPL artifact into a plain json-rules-engine Engine with
// the ppl runtime module, evaluates one partner and prints its tier and the
// total paid. Optional NAME=NUMBER arguments replace a number of the record
// before it is evaluated, to try "what if".
//
//   npx ppl compile rules/amplify.ppl -o build
//   node examples/interop/tier-of-partner.mjs build/amplify.rules.json examples/interop/partner.json [investment=5000]
import { readFileSync } from "node:fs";
import { Engine } from "json-rules-engine";
import { typePartnerJson } from "ppl";
import {
  formatFixed,
  parseArtifact,
  parseExact,
  partnerFacts,
  readEvaluation,
  registerArtifact,
  toExactString,
} from "ppl/runtime";

const [artifactPath, partnerPath, ...changes] = process.argv.slice(2);
if (!artifactPath || !partnerPath) {
  console.error("usage: node tier-of-partner.mjs ARTIFACT.rules.json PARTNER.json [NAME=NUMBER ...]");
  process.exit(2);
}

const loaded = parseArtifact(readFileSync(artifactPath, "utf8"));
if (!loaded.ok) {
  console.error(`${artifactPath}: not a valid PPL artifact:\n  ${loaded.errors.join("\n  ")}`);
  process.exit(2);
}
const { artifact } = loaded;

// Numbers are read from their JSON text, so values stay exact.
const record = typePartnerJson(artifact, readFileSync(partnerPath, "utf8"));
if (!record.ok) {
  console.error(record.errors.map((e) => `${e.field ?? "record"}: ${e.message}`).join("\n"));
  process.exit(1);
}

// A record's numbers are exact rationals: parseExact builds one from its decimal
// (or "n/d") text, toExactString and formatFixed print one.
const values = { ...record.values };
for (const change of changes) {
  const [name, text] = change.split("=");
  values[name] = parseExact(text);
  console.error(`${name} = ${toExactString(values[name])}`);
}

const engine = new Engine();
registerArtifact(engine, artifact);
const facts = partnerFacts(artifact, values);
const evaluation = readEvaluation(artifact, facts, await engine.run(facts));
const total = formatFixed(evaluation.total, artifact.program.minorUnits, artifact.program.rounding);
console.log(`${record.key}: ${evaluation.tier?.name ?? "no tier"}, total ${total}`);
