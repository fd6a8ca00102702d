// The artifact validators ppl runs are ajv's standalone code, generated ahead
// of time from artifact.schema.json: the committed file must be exactly what
// the generator writes from the schema and the ajv installed now.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GENERATED_URL, artifactValidatorsSource } from "../../src/compile/artifact-validators-source.js";

describe("src/compile/artifact-validators.generated.ts", () => {
  it("is up to date with artifact.schema.json (else run `npm run artifact-validators`)", () => {
    expect(readFileSync(GENERATED_URL, "utf8") === artifactValidatorsSource()).toBe(true);
  });
});
