// Loads PROGRAM for run/explain/schema/test: a .ppl file is checked and
// compiled; a .json file is read as a compiled artifact and validated.
// Problems are printed to stderr with the file named; the caller exits 2.
import { readFileSync } from "node:fs";
import { hasErrors } from "../diagnostics/diagnostic.js";
import type { Program } from "../ast/nodes.js";
import type { Artifact } from "../compile/artifact.js";
import { printDiagnostics } from "./print-diagnostics.js";

export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (error as Error).message;
    process.stderr.write(`${path}: cannot read the file (${why}); check the path\n`);
    return undefined;
  }
}

/** Checks and compiles a .ppl source; prints diagnostics (warnings too) to stderr. */
export async function compileSource(path: string, text: string): Promise<Artifact | undefined> {
  return (await compileSourceWithTree(path, text))?.artifact;
}

/** As compileSource, with the syntax tree the artifact was compiled from (for source positions). */
export async function compileSourceWithTree(
  path: string,
  text: string,
): Promise<{ artifact: Artifact; program: Program } | undefined> {
  // The front end loads only for .ppl files: a compiled artifact does not need the parser.
  const { checkSource } = await import("../check/check-source.js");
  const { compileProgram } = await import("../compile/compile.js");
  const { diagnostics, checked } = checkSource(text, path);
  printDiagnostics(diagnostics, new Map([[path, text]]), "human", process.stderr);
  if (hasErrors(diagnostics)) {
    process.stderr.write(`${path}: the program does not compile; fix the errors above (ppl check ${path})\n`);
    return undefined;
  }
  return { artifact: compileProgram(checked, text), program: checked.program };
}

export async function loadProgram(path: string): Promise<Artifact | undefined> {
  const text = readText(path);
  if (text === undefined) return undefined;
  if (path.endsWith(".json")) {
    // The artifact's validators (half a megabyte of generated code) load only for an artifact: `ppl check` needs none.
    const { parseArtifact } = await import("../compile/artifact-schema.js");
    const loaded = parseArtifact(text);
    if (!loaded.ok) {
      process.stderr.write(
        `${path}: not a valid PPL artifact; recompile it with \`ppl compile\`:\n` +
          loaded.errors.map((e) => `  ${e}\n`).join(""),
      );
      return undefined;
    }
    return loaded.artifact;
  }
  return compileSource(path, text);
}
