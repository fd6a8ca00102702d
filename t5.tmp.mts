import { readFileSync, writeFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
const schema = JSON.parse(readFileSync("src/compile/artifact.schema.json", "utf8"));
schema.$id = "ppl-artifact";
for (const kind of ["exprTree", "condition"]) {
  const shallow = JSON.stringify(schema.$defs[kind]).replaceAll('{"$ref":"#/$defs/exprTree"}', '{"type":"object"}').replaceAll('{"$ref":"#/$defs/condition"}', '{"type":"object"}');
  schema.$defs[kind] = JSON.parse(shallow);
}
const ajv = new Ajv2020({ allErrors: true, discriminator: true, code: { source: true, esm: true } });
ajv.compile(schema);
const code = (standaloneCode as any).default ? (standaloneCode as any).default(ajv, { artifact: "ppl-artifact", exprTree: "ppl-artifact#/$defs/exprTree", condition: "ppl-artifact#/$defs/condition" }) : (standaloneCode as any)(ajv, { artifact: "ppl-artifact", exprTree: "ppl-artifact#/$defs/exprTree", condition: "ppl-artifact#/$defs/condition" });
writeFileSync("/tmp/fspeed/gen/v.mjs", code);
