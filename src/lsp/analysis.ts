// What the server knows about one version of a document: the checker's result
// (the same `checkSource` as `ppl check`), the symbol index built from it
// when a request first needs it, and, computed only when asked, the outcome
// of its `test` blocks (compiled and run by `runProgramTests`, the one
// evaluator, as `ppl test` does).
import type { IToken } from "chevrotain";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { checkSource, type SourceCheck } from "../check/check-source.js";
import { compileProgram } from "../compile/compile.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { pplLexer } from "../syntax/tokens.js";
import { runProgramTests, type TestOutcome } from "../testing/run-tests.js";
import { buildSymbolIndex, type SymbolIndex } from "./symbol-index.js";

export type TestRun =
  | { ran: true; outcomes: TestOutcome[] }
  /** Why the tests did not run: the program has errors, or running them failed. */
  | { ran: false; reason: string };

export interface Analysis {
  /** The document, which the client's changes update in place: `text` is what was checked. */
  document: TextDocument;
  version: number;
  /** The text of `version`, which was checked. */
  text: string;
  /** The file name given to the checker (a path for file: URIs), as diagnostics carry it. */
  file: string;
  source: SourceCheck;
  /** Built on first use: publishing diagnostics does not need it. */
  readonly index: SymbolIndex;
  /** How long the check took, in milliseconds. */
  checkMs: number;
  tests?: TestRun;
  tokens?: IToken[];
}

/**
 * Checks the document's text, or, when `previous` (an analysis of an older
 * version of the same document) has the very same text and file name, takes
 * its results: the check depends on nothing else (an undo back to a checked
 * text, a change that leaves the text as it was).
 */
export function analyze(document: TextDocument, file: string, previous?: Analysis): Analysis {
  const text = document.getText();
  if (previous && previous.file === file && previous.text === text) {
    return {
      document,
      version: document.version,
      text,
      file,
      source: previous.source,
      get index() {
        return previous.index;
      },
      checkMs: previous.checkMs,
      tests: previous.tests,
      tokens: previous.tokens,
    };
  }
  const started = performance.now();
  const source = checkSource(text, file);
  let index: SymbolIndex | undefined;
  return {
    document,
    version: document.version,
    text,
    file,
    source,
    get index() {
      index ??= buildSymbolIndex(source.checked);
      return index;
    },
    checkMs: performance.now() - started,
  };
}

/** The program's test outcomes, computed once per analysis. */
export function testsOf(analysis: Analysis): TestRun {
  if (analysis.tests) return analysis.tests;
  if (hasErrors(analysis.source.diagnostics)) {
    analysis.tests = { ran: false, reason: "not run: the program has errors" };
  } else if (!analysis.source.program.declarations.some((d) => d?.kind === "test")) {
    analysis.tests = { ran: true, outcomes: [] };
  } else {
    const artifact = compileProgram(analysis.source.checked, analysis.text);
    analysis.tests = { ran: true, outcomes: runProgramTests(artifact) };
  }
  return analysis.tests;
}

/** The document's tokens (comments left out), lexed once per analysis. */
export function tokensOf(analysis: Analysis): IToken[] {
  analysis.tokens ??= pplLexer.tokenize(analysis.text).tokens;
  return analysis.tokens;
}
