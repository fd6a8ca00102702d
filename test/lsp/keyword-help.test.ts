import { describe, expect, it } from "vitest";
import { FUNCTION_NAMES } from "../../src/functions/catalogue.js";
import { FUNCTION_HELP, KEYWORD_HELP } from "../../src/lsp/keyword-help.js";
import { RESERVED_WORDS } from "../../src/syntax/tokens.js";

describe("hover help for words", () => {
  it("has one line for every reserved word and every function, and nothing else", () => {
    expect(Object.keys(KEYWORD_HELP).sort()).toEqual([...RESERVED_WORDS].sort());
    expect(Object.keys(FUNCTION_HELP).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const line of [...Object.values(KEYWORD_HELP), ...Object.values(FUNCTION_HELP)]) {
      expect(line).not.toContain("\n");
      expect(line.length).toBeGreaterThan(10);
    }
  });
});
