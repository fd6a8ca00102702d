// `ppl check FILES`: parse and check; exit 1 on any error, 0 otherwise.
import { Command, Option } from "commander";
import { checkSource } from "../check/check-source.js";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { summaryLine } from "../diagnostics/summary.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "./exit-codes.js";
import { pplFilesOrReport } from "./files.js";
import { readText } from "./load-program.js";
import { printDiagnostics, type DiagnosticFormat } from "./print-diagnostics.js";
import { DESCRIPTIONS } from "./command-descriptions.js";

export function checkCommand(): Command {
  return new Command("check")
    .description(DESCRIPTIONS.check)
    .argument("<files...>", ".ppl files, or folders (every .ppl below them)")
    .addOption(
      new Option(
        "--format <format>",
        "human (with the source line), json (one object per line) or github (workflow commands)",
      )
        .choices(["human", "json", "github"])
        .default("human"),
    )
    .addHelpText("after", "\nExit codes: 0 no errors (warnings may print); 1 errors found; 2 a file cannot be read.")
    .action((paths: string[], options: { format: DiagnosticFormat }) => {
      process.exitCode = checkFiles(paths, options.format);
    });
}

function checkFiles(paths: string[], format: DiagnosticFormat): number {
  const files = pplFilesOrReport("check", paths);
  if (!files) return EXIT_USAGE;
  const all: Diagnostic[] = [];
  const sources = new Map<string, string>();
  let unreadable = false;
  for (const file of files) {
    const text = readText(file);
    if (text === undefined) {
      unreadable = true;
      continue;
    }
    sources.set(file, text);
    all.push(...checkSource(text, file).diagnostics);
  }
  // One call for every file, so the cap on printed diagnostics is for the whole run.
  printDiagnostics(all, sources, format, process.stdout);
  if (format === "human") process.stderr.write(summaryLine(all, files.length) + "\n");
  if (unreadable) return EXIT_USAGE;
  return hasErrors(all) ? EXIT_PROBLEMS : EXIT_OK;
}
