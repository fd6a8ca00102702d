// src/syntax/chevrotain.ts loads Chevrotain's single-file build instead of its
// package entry: it must be the very release the package entry is.
import * as packageEntry from "chevrotain";
import { describe, expect, it } from "vitest";
import { CstParser, Lexer, VERSION } from "../../src/syntax/chevrotain.js";
import { PplParser, pplParser } from "../../src/syntax/parser.js";
import { ALL_TOKENS, LEXER_CONFIG } from "../../src/syntax/tokens.js";

describe("Chevrotain's single-file build", () => {
  it("is the release of the installed package", () => {
    expect(VERSION).toBe(packageEntry.VERSION);
    expect(VERSION).toMatch(/^11\./);
  });

  it("is the copy the parser is built on", () => {
    expect(pplParser).toBeInstanceOf(CstParser);
  });

  it("finds the grammar valid, so the parser of every run may skip the validations", () => {
    // performSelfAnalysis throws on a definition error; the list is the second guard.
    let validating: PplParser | undefined;
    expect(() => (validating = new PplParser({ validate: true }))).not.toThrow();
    expect((validating as unknown as { definitionErrors: unknown[] }).definitionErrors).toEqual([]);
  });

  it("finds the token definitions valid, so the lexer of every run may skip the validations", () => {
    const validating = new Lexer(ALL_TOKENS, { ...LEXER_CONFIG, skipValidations: false });
    expect(validating.lexerDefinitionErrors).toEqual([]);
    // Chevrotain keeps the warnings (unreachable patterns, ...) in a field its types leave out.
    expect((validating as unknown as { lexerDefinitionWarning: unknown[] }).lexerDefinitionWarning).toEqual([]);
  });
});
