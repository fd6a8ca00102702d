// The checker must never throw, whatever the parser's recovery leaves behind.
import { describe, expect, it } from "vitest";
import type { Program } from "../../src/ast/nodes.js";
import { checkProgram } from "../../src/check/check.js";
import { parse } from "../../src/syntax/parse.js";
import { SPEC_EXAMPLE } from "./spec-example.js";

/** A small deterministic generator, so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Every object in the tree, for holes to be punched in. */
function objectsOf(value: unknown, into: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) value.forEach((item) => objectsOf(item, into));
  else if (typeof value === "object" && value !== null) {
    into.push(value as Record<string, unknown>);
    Object.values(value).forEach((child) => objectsOf(child, into));
  }
  return into;
}

// Hundreds of whole checks per test: seconds on a loaded 2-core machine.
describe("robustness", { timeout: 60_000 }, () => {
  it("checks every prefix of the spec example without throwing", () => {
    for (let end = 0; end <= SPEC_EXAMPLE.length; end += 7) {
      const { program } = parse(SPEC_EXAMPLE.slice(0, end), "prefix.ppl");
      expect(() => checkProgram(program)).not.toThrow();
    }
  });

  it("checks the spec example with random lines removed without throwing", () => {
    const lines = SPEC_EXAMPLE.split("\n");
    const next = random(7);
    for (let round = 0; round < 200; round++) {
      const kept = lines.filter(() => next() > 0.2).join("\n");
      const { program } = parse(kept, "cut.ppl");
      expect(() => checkProgram(program)).not.toThrow();
    }
  });

  it("checks the spec example with random characters changed without throwing", () => {
    const next = random(3);
    const alphabet = ' \n{}()[]:,"=<>+-*/%#abcTkM019_.';
    for (let round = 0; round < 300; round++) {
      const chars = [...SPEC_EXAMPLE];
      for (let edit = 0; edit < 4; edit++) {
        const at = Math.floor(next() * chars.length);
        chars.splice(at, next() < 0.5 ? 1 : 0, alphabet[Math.floor(next() * alphabet.length)]);
      }
      const { program } = parse(chars.join(""), "mutated.ppl");
      expect(() => checkProgram(program)).not.toThrow();
    }
  });

  it("survives fields removed from the AST", () => {
    const next = random(42);
    for (let round = 0; round < 300; round++) {
      const program = parse(SPEC_EXAMPLE, "holes.ppl").program;
      const objects = objectsOf(program);
      for (let hole = 0; hole < 5; hole++) {
        const target = objects[Math.floor(next() * objects.length)];
        const keys = Object.keys(target);
        if (keys.length > 0) delete target[keys[Math.floor(next() * keys.length)]];
      }
      expect(() => checkProgram(program)).not.toThrow();
    }
  });

  it("survives an empty or hollow program", () => {
    expect(() => checkProgram({} as Program)).not.toThrow();
    expect(() =>
      checkProgram({ kind: "file", file: "x.ppl", declarations: [undefined] } as unknown as Program),
    ).not.toThrow();
  });
});
