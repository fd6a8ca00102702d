// The formatter's soundness check, shared by `ppl fmt` and the Prettier plugin
// (which `prettier --write` and editors use): the printed text is re-parsed and
// must have the meaning and the comments of the input before it is returned.
import type { Program } from "../ast/nodes.js";
import { parse } from "../syntax/parse.js";
import { meaningDifference } from "./meaning.js";

/** Thrown when the formatter's output would change a program's meaning: a bug, never the user's fault. */
export class FormatterBugError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FormatterBugError";
  }
}

/** Throws FormatterBugError, naming `file`, unless `formatted` parses to the same program as `before`. */
export function assertSameMeaning(before: Program, formatted: string, file: string): void {
  const after = parse(formatted, file);
  const error = after.diagnostics.find((d) => d.severity === "error");
  if (error) {
    throw new FormatterBugError(
      `formatting ${file} produced text that does not parse: ${error.code}: ${error.message}`,
    );
  }
  const difference = meaningDifference(before, after.program);
  if (difference) throw new FormatterBugError(`formatting ${file} would change it: ${difference}`);
}
