// Golden files: each test/fixtures/format/NAME.input.ppl formats to
// NAME.output.ppl. Run with UPDATE_GOLDEN=1 to rewrite the expected files
// (then read the diff before committing it).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatPpl } from "../../src/format/format-ppl.js";
import { expectGuarantees } from "./format-guarantees.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/format");
const inputs = readdirSync(FIXTURES).filter((f) => f.endsWith(".input.ppl"));

describe("golden files", () => {
  it("has fixtures", () => expect(inputs.length).toBeGreaterThan(5));

  for (const input of inputs) {
    it(input, async () => {
      const text = readFileSync(join(FIXTURES, input), "utf8");
      const expectedPath = join(FIXTURES, input.replace(".input.ppl", ".output.ppl"));
      const formatted = await expectGuarantees(text, input);
      if (process.env.UPDATE_GOLDEN) writeFileSync(expectedPath, formatted);
      expect(existsSync(expectedPath), `missing ${expectedPath}; run with UPDATE_GOLDEN=1`).toBe(true);
      expect(formatted).toBe(readFileSync(expectedPath, "utf8"));
      // The expected output is itself formatted.
      const again = await formatPpl(formatted, input);
      expect(again.ok && again.changed).toBe(false);
    });
  }
});
