// Compiles a program file for tests the way `ppl compile` and `ppl run` see
// it: parse, check (no errors allowed), compile, then a JSON round trip.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkProgram, type CheckResult } from "../../src/check/check.js";
import { parseArtifact } from "../../src/compile/artifact-schema.js";
import type { Artifact } from "../../src/compile/artifact.js";
import { compileProgram } from "../../src/compile/compile.js";
import { parse } from "../../src/syntax/parse.js";
import { parseExact } from "../../src/number/exact-text.js";
import type { Value } from "../../src/runtime/values.js";

export const CHANNEL_PLUS = fileURLToPath(new URL("../../examples/channel-plus.ppl", import.meta.url));
export const OPERATORS = fileURLToPath(new URL("./fixtures/operators.ppl", import.meta.url));

export function readSource(path: string): string {
  return readFileSync(path, "utf8");
}

/**
 * compileProgram, and the compiled artifact checked against the published
 * schema as `ppl compile` checks what it writes (compileProgram itself does
 * not, to keep it off every run's start-up): a test that compiles through
 * here fails on an artifact the runner would refuse to load.
 */
export function compileValidated(checked: CheckResult, source: string): Artifact {
  const artifact = compileProgram(checked, source);
  const validation = parseArtifact(JSON.stringify(artifact));
  if (!validation.ok) throw new Error(`the compiler wrote an invalid artifact:\n${validation.errors.join("\n")}`);
  return artifact;
}

/** The artifact exactly as compiled (not round-tripped), for determinism checks. */
export function compileSource(source: string, file: string): Artifact {
  const { program, diagnostics } = parse(source, file);
  const checked = checkProgram(program);
  const errors = [...diagnostics, ...checked.diagnostics].filter((diagnostic) => diagnostic.severity === "error");
  if (errors.length > 0) throw new Error(`${file} does not check: ${errors.map((error) => error.message).join("; ")}`);
  return compileValidated(checked, source);
}

/** The artifact as a runner loads it from disk. */
export function loadCompiled(path: string, file = "program.ppl"): Artifact {
  return JSON.parse(JSON.stringify(compileSource(readSource(path), file))) as Artifact;
}

const NUMERIC = new Set(["number", "integer", "money", "percent"]);

/** A typed record from plain test data: numeric inputs written as decimal strings or integers. */
export function typedRecord(
  artifact: Artifact,
  plain: Record<string, string | number | boolean | string[]>,
): Record<string, Value> {
  const record: Record<string, Value> = {};
  for (const [name, value] of Object.entries(plain)) {
    const input = artifact.inputs.find((spec) => spec.name === name);
    if (input === undefined) throw new Error(`test record names the undeclared input ${name}`);
    record[name] = NUMERIC.has(input.type) ? parseExact(String(value)) : (value as Value);
  }
  return record;
}
