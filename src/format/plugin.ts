// The Prettier 3 plugin for `.ppl` files. Prettier users name it in their
// config (`"plugins": ["ppl/prettier-plugin"]`); `ppl fmt` passes it to
// Prettier's `format` API, so both produce the same layout, and both get the
// soundness check: the printer re-parses what it printed before returning it.
import type { IToken } from "chevrotain";
import { doc, type Parser, type Plugin, type Printer, type SupportLanguage } from "prettier";
import type { Program } from "../ast/nodes.js";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { parse } from "../syntax/parse.js";
import { printDocument } from "./print-document.js";
import { assertSameMeaning } from "./soundness.js";

export const AST_FORMAT = "ppl-ast";

/** The node Prettier holds: the parsed file with the text and tokens the printer needs. */
export interface PplFile {
  type: "ppl-file";
  text: string;
  program: Program;
  tokens: IToken[];
}

export const languages: SupportLanguage[] = [
  {
    name: "PPL",
    aliases: ["ppl"],
    parsers: ["ppl"],
    extensions: [".ppl"],
    vscodeLanguageIds: ["ppl"],
  },
];

/** A syntax error the way Prettier reports parser errors: with `loc`, so it prints a code frame. */
export class PplSyntaxError extends SyntaxError {
  readonly loc: { start: { line: number; column: number }; end: { line: number; column: number } };

  constructor(readonly diagnostics: Diagnostic[]) {
    const first = diagnostics[0];
    const more =
      diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more; run \`ppl check\` to see them all)` : "";
    super(`${first.code}: ${first.message}${more} (${first.range.start.line}:${first.range.start.column})`);
    this.name = "SyntaxError";
    this.loc = {
      start: { line: first.range.start.line, column: first.range.start.column },
      end: { line: first.range.end.line, column: first.range.end.column },
    };
  }
}

export const parsers: Record<"ppl", Parser<PplFile>> = {
  ppl: {
    astFormat: AST_FORMAT,
    parse(text, options) {
      const { program, diagnostics, tokens } = parse(text, options.filepath ?? "<input>");
      const errors = diagnostics.filter((d) => d.severity === "error");
      if (hasErrors(errors)) throw new PplSyntaxError(errors);
      // PPL has one canonical indentation, whatever the project's settings for other languages.
      options.tabWidth = 2;
      options.useTabs = false;
      return { type: "ppl-file", text, program, tokens };
    },
    // Prettier only ever sees the whole file: the printer places comments itself.
    locStart: () => 0,
    locEnd: (node) => node.text.length,
  },
};

export const printers: Record<typeof AST_FORMAT, Printer<PplFile>> = {
  [AST_FORMAT]: {
    print(path, options) {
      const file = path.node;
      const layout = printDocument(file.text, file.program, file.tokens, options.printWidth);
      // Printed here with Prettier's own printer and options, so the text checked is the text Prettier
      // returns; in LF, since Prettier turns each "\n" of a printer's result into the chosen line end.
      const lf: typeof options = { ...options, endOfLine: "lf" };
      const { formatted } = doc.printer.printDocToString(layout, lf);
      assertSameMeaning(file.program, formatted, options.filepath ?? "<input>");
      return formatted;
    },
    // The printer walks the AST itself; Prettier has nothing to visit.
    getVisitorKeys: () => [],
  },
};

const plugin: Plugin<PplFile> = { languages, parsers, printers };
export default plugin;
