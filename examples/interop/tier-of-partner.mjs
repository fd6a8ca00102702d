// Loads a compiled PPL artifact into a plain json-rules-engine Engine with
// the ppl runtime module, evaluates one partner and prints its tier.
//
//   npx ppl compile rules/amplify.ppl -o build
//   node examples/interop/tier-of-partner.mjs build/amplify.rules.json examples/interop/partner.json
import { readFileSync } from "node:fs";
import { Engine } from "json-rules-engine";
import { typePartnerJson } from "ppl";
import { parseArtifact, partnerFacts, readEvaluation, registerArtifact } from "ppl/runtime";

const [artifactPath, partnerPath] = process.argv.slice(2);
if (!artifactPath || !partnerPath) {
  console.error("usage: node tier-of-partner.mjs ARTIFACT.rules.json PARTNER.json");
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

const engine = new Engine();
registerArtifact(engine, artifact);
const facts = partnerFacts(artifact, record.values);
const evaluation = readEvaluation(artifact, facts, await engine.run(facts));
console.log(`${record.key}: ${evaluation.tier?.name ?? "no tier"}`);
