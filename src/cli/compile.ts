// `ppl compile FILES [-o DIR]`: check, then write one artifact per program.
import { mkdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Command } from "commander";
import { parseArtifact } from "../compile/artifact-schema.js";
import { OutputWriteError, writeFileAtomically } from "../io/atomic-file.js";
import { outputPathProblem } from "../io/output-paths.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "./exit-codes.js";
import { pplFilesOrReport } from "./files.js";
import { compileSource, readText } from "./load-program.js";
import { DESCRIPTIONS } from "./command-descriptions.js";

export function compileCommand(): Command {
  return new Command("compile")
    .description(DESCRIPTIONS.compile)
    .argument("<files...>", ".ppl files, or folders (every .ppl below them)")
    .option("-o, --out-dir <dir>", "write artifacts to this folder (default: next to each .ppl file)")
    .addHelpText("after", "\nExit codes: 0 all compiled; 1 a program has errors; 2 a file cannot be read or written.")
    .action(async (paths: string[], options: { outDir?: string }) => {
      process.exitCode = await compileFiles(paths, options.outDir);
    });
}

/** Where each program's artifact goes: NAME.rules.json, in --out-dir or next to the program. */
function artifactPath(file: string, outDir: string | undefined): string {
  return join(outDir ?? dirname(file), basename(file, ".ppl") + ".rules.json");
}

async function compileFiles(paths: string[], outDir: string | undefined): Promise<number> {
  const files = pplFilesOrReport("compile", paths);
  if (!files) return EXIT_USAGE;
  if (outDir !== undefined) {
    try {
      mkdirSync(outDir, { recursive: true });
    } catch (error) {
      process.stderr.write(`${outDir}: cannot create the output folder (${(error as Error).message})\n`);
      return EXIT_USAGE;
    }
  }
  // Two programs with one name in one folder would overwrite each other's artifact: refuse before writing any.
  const pathProblem = await outputPathProblem(
    files.map((file) => ({ label: "", path: file })),
    files.map((file) => ({ label: "", path: artifactPath(file, outDir) })),
  );
  if (pathProblem !== undefined) {
    process.stderr.write(`ppl compile: ${pathProblem}\n`);
    return EXIT_USAGE;
  }
  let status = EXIT_OK;
  for (const file of files) {
    const text = readText(file);
    if (text === undefined) {
      status = EXIT_USAGE;
      continue;
    }
    const artifact = await compileSource(file, text);
    if (!artifact) {
      status = Math.max(status, EXIT_PROBLEMS);
      continue;
    }
    const target = artifactPath(file, outDir);
    const artifactText = JSON.stringify(artifact, null, 2) + "\n";
    // What is written must load: a rejection here is a bug in ppl, and nothing is written.
    const written = parseArtifact(artifactText);
    if (!written.ok) {
      process.stderr.write(
        `${file}: internal error: the compiled artifact fails its own schema, so ${target} was not written; ` +
          `please report this with the program:\n${written.errors.map((e) => `  ${e}\n`).join("")}`,
      );
      status = EXIT_USAGE;
      continue;
    }
    try {
      await writeFileAtomically(target, artifactText);
    } catch (error) {
      if (!(error instanceof OutputWriteError)) throw error;
      process.stderr.write(
        `${target}: cannot write the artifact (${error.message}); an earlier artifact there is unchanged\n`,
      );
      status = EXIT_USAGE;
      continue;
    }
    process.stderr.write(`${file} → ${target}\n`);
  }
  return status;
}
