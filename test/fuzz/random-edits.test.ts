// Thousands of random edits of the example programs: the front end must never
// throw, only report, and every diagnostic must point inside the file.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { check } from "../../src/check/check.js";
import { mulberry32 } from "../../examples/generate-partners.js";

const root = new URL("../../", import.meta.url).pathname;

function pplFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pplFiles(join(dir, e.name)) : e.name.endsWith(".ppl") ? [join(dir, e.name)] : [],
  );
}

const FRAGMENTS = [
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ":",
  ",",
  '"',
  "#",
  "%",
  "k",
  "5kg",
  "-",
  ">=",
  " and ",
  " or ",
  " not ",
  "tier ",
  "require ",
  "otherwise",
  "\n",
  "\\",
  "1_",
  "é",
  "\u0000",
  "if ",
  " then ",
  "in",
  "is missing",
  "table ",
  "below ",
  " to ",
];

function mutate(text: string, next: () => number): string {
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (text.length + 1));
    const choice = next();
    if (choice < 0.35) {
      const length = 1 + Math.floor(next() * 12);
      text = text.slice(0, at) + text.slice(at + length);
    } else if (choice < 0.8) {
      text = text.slice(0, at) + FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] + text.slice(at);
    } else {
      const from = Math.floor(next() * text.length);
      text = text.slice(0, at) + text.slice(from, from + 20) + text.slice(at);
    }
  }
  return text;
}

describe("random edits of the example programs", () => {
  const files = [...pplFiles("examples"), ...pplFiles("rules")].sort();

  it("has programs to edit", () => {
    // Written out, so a program that moves or goes does not silently leave the fuzzing.
    expect(files).toEqual([
      join("examples", "channel-plus.ppl"),
      join("examples", "distributor-rebates.ppl"),
      join("examples", "jpy-referral.ppl"),
      join("rules", "amplify.ppl"),
    ]);
  });

  it("never throw: the front end only reports", () => {
    const next = mulberry32(20261130);
    let withErrors = 0;
    const runs = 3000;
    for (let i = 0; i < runs; i++) {
      const file = files[i % files.length];
      const text = mutate(readFileSync(join(root, file), "utf8"), next);
      let diagnostics;
      try {
        const parsed = parse(text, file);
        diagnostics = [...parsed.diagnostics, ...check(parsed.program)];
      } catch (error) {
        throw new Error(`edit ${i} of ${file} threw: ${(error as Error).stack}\n--- text ---\n${text}`, {
          cause: error,
        });
      }
      if (diagnostics.length > 0) withErrors++;
      for (const d of diagnostics) {
        expect(d.range.start.line).toBeGreaterThanOrEqual(1);
        expect(d.range.start.offset).toBeLessThanOrEqual(text.length);
        expect(d.message.length).toBeGreaterThan(0);
      }
    }
    // Most random edits break something; if none did, the edits are not reaching the parser.
    expect(withErrors).toBeGreaterThan(runs / 4);
    // A fuzz run: parses and checks 3,000 edited programs (about 20 s, more on a loaded machine).
  }, 120_000);
});
