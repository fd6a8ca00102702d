// The function catalogue is the one list of built-in functions: the data
// files that must spell the names out (the artifact's JSON Schema, the
// TextMate grammar) are checked against it here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FUNCTION_NAMES, FUNCTIONS } from "../../src/functions/catalogue.js";
import * as q from "../../src/number/rational.js";

const ROOT = new URL("../../", import.meta.url);

function schemaEnums(node: unknown, found: string[][] = []): string[][] {
  if (Array.isArray(node)) for (const item of node) schemaEnums(item, found);
  else if (node !== null && typeof node === "object") {
    const object = node as Record<string, unknown>;
    const fn = (object.properties as Record<string, { enum?: string[] }> | undefined)?.fn;
    if (fn?.enum) found.push(fn.enum);
    for (const value of Object.values(object)) schemaEnums(value, found);
  }
  return found;
}

describe("the function catalogue", () => {
  it("lists the spec's functions", () => {
    expect(FUNCTION_NAMES).toEqual(["min", "max", "round", "abs", "clamp", "count"]);
  });

  it("is what the artifact schema allows as `fn`", () => {
    const schema = JSON.parse(readFileSync(new URL("src/compile/artifact.schema.json", ROOT), "utf8"));
    expect(schemaEnums(schema)).toEqual([[...FUNCTION_NAMES]]);
  });

  it("is what the TextMate grammar highlights as functions", () => {
    const grammar = readFileSync(new URL("grammar/ppl.tmLanguage.json", ROOT), "utf8");
    expect(grammar).toContain(`\\\\b(${FUNCTION_NAMES.join("|")})(?=\\\\s*\\\\()`);
  });

  it("evaluates exactly, missing on a fractional round digit", () => {
    const n = (a: number, b = 1) => new q.Small(a, b);
    const text = (x: q.Num | undefined) => (x === undefined ? "missing" : q.formatFixed(x, 4, "half_up"));
    expect(text(FUNCTIONS.min.evaluate([n(3), n(1, 3), n(2)]))).toBe("0.3333");
    expect(text(FUNCTIONS.max.evaluate([n(3), n(7, 2)]))).toBe("3.5000");
    expect(text(FUNCTIONS.abs.evaluate([n(-5, 2)]))).toBe("2.5000");
    expect(text(FUNCTIONS.clamp.evaluate([n(13, 10), n(4, 5), n(6, 5)]))).toBe("1.2000");
    expect(text(FUNCTIONS.round.evaluate([n(25, 1000), n(2)], "half_even"))).toBe("0.0200");
    expect(text(FUNCTIONS.round.evaluate([n(25, 1000), n(1, 2)], "half_up"))).toBe("missing");
    expect(text(FUNCTIONS.count.evaluate(["a", "b"]))).toBe("2.0000");
  });
});
