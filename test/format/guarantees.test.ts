// The formatter's guarantees (idempotent, meaning-preserving, every comment
// kept with its declaration) on every .ppl in the repository and on
// thousands of generated programs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandPplFiles } from "../../src/cli/files.js";
import { formatPpl } from "../../src/format/format-ppl.js";
import { parse } from "../../src/syntax/parse.js";
import { expectGuarantees } from "./format-guarantees.js";
import { ProgramGenerator, randomSource } from "./program-generator.js";

const ROOT = join(import.meta.dirname, "../..");
const repositoryFiles = expandPplFiles(["rules", "examples", "test/fixtures"].map((d) => join(ROOT, d)));

// Formats and re-parses every file twice: seconds on a loaded 2-core machine.
describe("every .ppl in rules/, examples/ and test/fixtures/", { timeout: 60_000 }, () => {
  it("finds files", () => expect(repositoryFiles.length).toBeGreaterThan(5));

  it("formats each one (or leaves it alone when it has syntax errors)", async () => {
    for (const file of repositoryFiles) {
      const text = readFileSync(file, "utf8");
      const hasSyntaxErrors = parse(text, file).diagnostics.some((d) => d.severity === "error");
      if (hasSyntaxErrors) {
        const result = await formatPpl(text, file);
        expect(result.ok, `${file} has syntax errors but was formatted`).toBe(false);
        continue;
      }
      await expectGuarantees(text, file);
      await expectGuarantees(text, file, 40);
    }
  });
});

describe("generated programs", () => {
  // Override with PPL_FORMAT_PROGRAMS for a longer soak.
  const PROGRAMS = Number(process.env.PPL_FORMAT_PROGRAMS ?? 2000);

  it(`holds for ${PROGRAMS} random programs`, async () => {
    let formattedDifferently = 0;
    for (let seed = 1; seed <= PROGRAMS; seed++) {
      const text = new ProgramGenerator(randomSource(seed)).program();
      // Narrow widths exercise line breaking; the default width the usual case.
      const printWidth = seed % 3 === 0 ? 40 : 80;
      const formatted = await expectGuarantees(text, `generated-${seed}.ppl`, printWidth);
      if (formatted !== text) formattedDifferently++;
    }
    // A generator whose programs are already formatted would test nothing.
    expect(formattedDifferently).toBeGreaterThan(PROGRAMS * 0.9);
    // A fuzz run: formats, re-parses and compares 2,000 programs (about 10 s, more on a loaded machine).
  }, 120_000);
});
