// `ppl fmt FILES [--check]`: formats .ppl files in place with the Prettier
// plugin (spec section 8). Files with syntax errors are left untouched.
import { readFile } from "node:fs/promises";
import { Command } from "commander";
import { OutputWriteError, writeFileAtomically } from "../io/atomic-file.js";
import { sortDiagnostics } from "../diagnostics/diagnostic.js";
import { formatPpl, FormatterBugError } from "../format/format-ppl.js";
import { configuredPrintWidth } from "../format/prettier-config.js";
import { pplFilesOrReport } from "./files.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "./exit-codes.js";
import { printDiagnostics } from "./print-diagnostics.js";
import { DESCRIPTIONS } from "./command-descriptions.js";

export interface FmtOptions {
  check?: boolean;
}

const HELP_AFTER = `
Formats every file in the canonical layout (grammar/formatting.md), writing only
the files that change. Comments are kept; a "# prettier-ignore" line leaves the
next declaration as written. Files with syntax errors are reported, not changed.
The line width is Prettier's printWidth from your Prettier config (default 80).

Exit codes: 0 done (or, with --check, all formatted); 1 syntax errors, or
with --check some files are not formatted; 2 a file cannot be read or written.

Examples:
  ppl fmt rules                  format every .ppl below rules/
  ppl fmt --check rules/*.ppl    list unformatted files (for CI)`;

export function fmtCommand(): Command {
  return new Command("fmt")
    .description(DESCRIPTIONS.fmt)
    .argument("<FILES...>", "files or folders (a folder means every .ppl below it)")
    .option("--check", "change nothing: list the files that are not formatted and exit 1 if there are any")
    .addHelpText("after", HELP_AFTER)
    .action(async (files: string[], options: FmtOptions) => {
      process.exitCode = await runFmt(files, options);
    });
}

/** Formats (or checks) the files and returns the exit code. */
export async function runFmt(paths: string[], options: FmtOptions): Promise<number> {
  const files = pplFilesOrReport("fmt", paths);
  if (!files) return EXIT_USAGE;
  let exitCode = EXIT_OK;
  const worsen = (code: number) => (exitCode = Math.max(exitCode, code));
  const unformatted: string[] = [];

  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      process.stderr.write(
        `${file}: cannot read this file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path and its permissions\n`,
      );
      worsen(EXIT_USAGE);
      continue;
    }
    let result;
    try {
      result = await formatPpl(text, file, { printWidth: await configuredPrintWidth(file) });
    } catch (error) {
      if (!(error instanceof FormatterBugError)) throw error;
      process.stderr.write(
        `${file}: left unchanged: ${error.message}. This is a bug in ppl fmt; please report it with the file\n`,
      );
      worsen(EXIT_USAGE);
      continue;
    }
    if (!result.ok) {
      // On stderr: stdout lists files (with --check) for scripts to read.
      printDiagnostics(sortDiagnostics(result.diagnostics), new Map([[file, text]]), "human", process.stderr);
      process.stderr.write(
        `${file}: not formatted because of the syntax errors above; fix them and run ppl fmt again\n`,
      );
      worsen(EXIT_PROBLEMS);
      continue;
    }
    if (!result.changed) continue;
    if (options.check) {
      unformatted.push(file);
      process.stdout.write(file + "\n");
      worsen(EXIT_PROBLEMS);
      continue;
    }
    try {
      await writeFileAtomically(file, result.formatted);
      process.stdout.write(`formatted ${file}\n`);
    } catch (error) {
      if (!(error instanceof OutputWriteError)) throw error;
      process.stderr.write(`${file}: cannot write this file (${error.message}); it is unchanged\n`);
      worsen(EXIT_USAGE);
    }
  }
  if (options.check && unformatted.length > 0) {
    const count = unformatted.length === 1 ? "1 file is" : `${unformatted.length} files are`;
    process.stderr.write(`${count} not formatted; run \`ppl fmt\` on ${unformatted.length === 1 ? "it" : "them"}\n`);
  }
  return exitCode;
}
