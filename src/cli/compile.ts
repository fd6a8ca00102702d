// `ppl compile FILES [-o DIR]`: check, then write one artifact per program.
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Command } from "commander";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "./exit-codes.js";
import { pplFilesOrReport } from "./files.js";
import { compileSource, readText } from "./load-program.js";

export function compileCommand(): Command {
  return new Command("compile")
    .description("check .ppl files, then write one artifact per program (NAME.rules.json)")
    .argument("<files...>", ".ppl files, or folders (every .ppl below them)")
    .option("-o, --out-dir <dir>", "write artifacts to this folder (default: next to each .ppl file)")
    .addHelpText("after", "\nExit codes: 0 all compiled; 1 a program has errors; 2 a file cannot be read or written.")
    .action(async (paths: string[], options: { outDir?: string }) => {
      process.exitCode = await compileFiles(paths, options.outDir);
    });
}

async function compileFiles(paths: string[], outDir: string | undefined): Promise<number> {
  const files = pplFilesOrReport("compile", paths);
  if (!files) return EXIT_USAGE;
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
    const dir = outDir ?? dirname(file);
    const target = join(dir, basename(file, ".ppl") + ".rules.json");
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(target, JSON.stringify(artifact, null, 2) + "\n");
    } catch (error) {
      process.stderr.write(`${target}: cannot write the artifact (${(error as Error).message})\n`);
      status = EXIT_USAGE;
      continue;
    }
    process.stderr.write(`${file} → ${target}\n`);
  }
  return status;
}
