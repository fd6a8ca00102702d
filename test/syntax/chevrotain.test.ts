// src/syntax/chevrotain.ts loads Chevrotain's single-file build instead of its
// package entry: it must be the very release the package entry is.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as packageEntry from "chevrotain";
import type { Lexer as LexerType, TokenType } from "chevrotain";
import { describe, expect, it } from "vitest";
import { CstParser, createToken, Lexer, VERSION } from "../../src/syntax/chevrotain.js";
import { PplParser, pplParser } from "../../src/syntax/parser.js";
import { ALL_TOKENS, LEXER_CONFIG } from "../../src/syntax/tokens.js";

const ROOT = new URL("../../", import.meta.url).pathname;

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

describe("the lexer's hints (start_chars_hint, line_breaks)", () => {
  // The same tokens without the hints, so Chevrotain analyses every pattern itself.
  const unhinted = new Map<TokenType, TokenType>();
  const copy = (type: TokenType): TokenType => {
    let made = unhinted.get(type);
    if (made === undefined) {
      const {
        LONGER_ALT: longerAlt,
        CATEGORIES: categories,
        GROUP: group,
      } = type as TokenType & {
        LONGER_ALT?: TokenType;
        CATEGORIES?: TokenType[];
        GROUP?: string;
      };
      made = createToken({
        name: type.name,
        pattern: type.PATTERN as RegExp | string,
        ...(group !== undefined ? { group } : {}),
        ...(longerAlt !== undefined ? { longer_alt: copy(longerAlt) } : {}),
        ...(categories !== undefined && categories.length > 0 ? { categories: categories.map(copy) } : {}),
      });
      unhinted.set(type, made);
    }
    return made;
  };
  const hinted = new Lexer(ALL_TOKENS, LEXER_CONFIG);
  const analysed = new Lexer(ALL_TOKENS.map(copy), LEXER_CONFIG);

  interface PatternConfig {
    tokenType: TokenType;
    canLineTerminator: boolean;
  }
  const internals = (lexer: LexerType) =>
    lexer as unknown as {
      patternIdxToConfig: Record<string, PatternConfig[]>;
      charCodeToPatternIdxToConfig: Record<string, (PatternConfig[] | undefined)[]>;
    };

  it("say which tokens may hold a line break, as Chevrotain finds", () => {
    const lineBreaks = (lexer: LexerType) =>
      internals(lexer).patternIdxToConfig.defaultMode!.map((config) => [
        config.tokenType.name,
        config.canLineTerminator,
      ]);
    expect(lineBreaks(hinted)).toEqual(lineBreaks(analysed));
    expect(lineBreaks(hinted).filter(([, can]) => can)).toEqual([["WhiteSpace", true]]);
  });

  it("say which tokens may start with each character, as Chevrotain finds", () => {
    const startChars = (lexer: LexerType) =>
      internals(lexer).charCodeToPatternIdxToConfig.defaultMode!.map((configs) =>
        (configs ?? []).map((config) => config.tokenType.name),
      );
    expect(startChars(analysed).length).toBeGreaterThan(0);
    expect(startChars(hinted)).toEqual(startChars(analysed));
  });

  it("leave the tokens of every program in the repository as they were", () => {
    const files = ["rules", "examples"].flatMap((dir) =>
      readdirSync(join(ROOT, dir))
        .filter((name) => name.endsWith(".ppl"))
        .map((name) => join(ROOT, dir, name)),
    );
    expect(files.length).toBeGreaterThan(3);
    const tokens = (lexer: LexerType, text: string) => {
      const result = lexer.tokenize(text);
      return [
        ...result.tokens.map((t) => [t.tokenType.name, t.image, t.startOffset, t.startLine, t.endLine, t.endColumn]),
        ...result.errors.map((e) => [e.offset, e.line, e.column, e.length]),
      ];
    };
    for (const file of files) {
      const text = readFileSync(file, "utf8") + '\n"unterminated\r\n1. 5kg\uFEFF ¤ ';
      expect(tokens(hinted, text)).toEqual(tokens(analysed, text));
    }
  });
});
