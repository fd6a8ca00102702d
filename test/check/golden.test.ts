// Golden tests: every diagnostic code has a fixture program under
// test/fixtures/check/<CODE>-<slug>.ppl whose human-rendered diagnostics must
// equal <CODE>-<slug>.expected.txt. Run with UPDATE_GOLDEN=1 to rewrite the
// expected files, then review each one by eye.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CODES, type Code } from "../../src/diagnostics/codes.js";
import { renderHuman } from "../../src/diagnostics/render-human.js";
import { diagnoseSource } from "./diagnose-source.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/check");
const update = process.env.UPDATE_GOLDEN === "1";
const programs = readdirSync(fixtures)
  .filter((name) => name.endsWith(".ppl"))
  .sort();

describe("golden diagnostics", () => {
  it.each(programs)("%s", (name) => {
    const text = readFileSync(join(fixtures, name), "utf8");
    const diagnostics = diagnoseSource(text, name);
    const actual = renderHuman(diagnostics, new Map([[name, text]])) + "\n";
    const expectedPath = join(fixtures, name.replace(/\.ppl$/, ".expected.txt"));
    if (update) writeFileSync(expectedPath, actual);
    expect(existsSync(expectedPath), `${expectedPath} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(expectedPath, "utf8"));
    // The fixture named after a code must produce that code.
    const code = name.slice(0, 7);
    expect(diagnostics.map((d) => d.code)).toContain(code);
  });

  it("has a fixture for every code in the catalogue", () => {
    const covered = new Set(programs.map((name) => name.slice(0, 7)));
    // An internal error is a bug in a checker stage: no program can be written to produce it (test/check/internal-error.test.ts injects one).
    const missing = (Object.keys(CODES) as Code[]).filter((code) => !("internal" in CODES[code]) && !covered.has(code));
    expect(missing).toEqual([]);
  });

  it("names every fixture after a code in the catalogue", () => {
    const unknown = programs.filter((name) => !/^PPL\d{4}-[a-z0-9-]+\.ppl$/.test(name) || !(name.slice(0, 7) in CODES));
    expect(unknown).toEqual([]);
  });
});
