// The whole front end on one file's text: parse, then check. Never throws for
// bad input; a file with syntax errors is still checked, without warnings.
import type { Program } from "../ast/nodes.js";
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { parse } from "../syntax/parse.js";
import { check } from "./check.js";

export interface SourceCheck {
  program: Program;
  diagnostics: Diagnostic[];
}

export function checkSource(text: string, file: string): SourceCheck {
  const parsed = parse(text, file);
  const syntaxOk = parsed.diagnostics.every((d) => d.severity !== "error");
  const checked = check(parsed.program, { warnings: syntaxOk });
  return { program: parsed.program, diagnostics: sortDiagnostics([...parsed.diagnostics, ...checked]) };
}
