// The whole front end on one file's text: parse, then check. Never throws for
// bad input; a file with syntax errors is still checked, without warnings.
import type { Program } from "../ast/nodes.js";
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { parse } from "../syntax/parse.js";
import { checkProgram, type CheckResult } from "./check.js";

export interface SourceCheck {
  program: Program;
  /** Syntax and checker diagnostics together, sorted by position. */
  diagnostics: Diagnostic[];
  /** What the checker found, for `compileProgram` once `diagnostics` has no errors. */
  checked: CheckResult;
}

export function checkSource(text: string, file: string): SourceCheck {
  const parsed = parse(text, file);
  const syntaxOk = parsed.diagnostics.every((d) => d.severity !== "error");
  const checked = checkProgram(parsed.program, { warnings: syntaxOk });
  return {
    program: parsed.program,
    diagnostics: sortDiagnostics([...parsed.diagnostics, ...checked.diagnostics]),
    checked,
  };
}
