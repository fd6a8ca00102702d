// `ppl explain PROGRAM --data FILE --partner KEY`: one partner's story.
import { Command } from "commander";
import { evaluateRecords } from "../io/evaluate-records.js";
import { dataFormatProblem } from "../io/read-records.js";
import { readRecords } from "../io/data-file.js";
import { explainPartner } from "../runtime/explain.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "./exit-codes.js";
import { loadProgram } from "./load-program.js";
import { DESCRIPTIONS } from "./command-descriptions.js";

export function explainCommand(): Command {
  return new Command("explain")
    .description(DESCRIPTIONS.explain)
    .argument("<program>", "a .ppl file or a compiled .rules.json artifact")
    .requiredOption("--data <file>", "partner data: .csv, .json, .ndjson or .jsonl")
    .requiredOption("--partner <key>", "the partner's key (the value of the program's `key` input)")
    .addHelpText(
      "after",
      "\nExit codes: 0 explained; 1 the partner's record is invalid or not found; 2 the program does not compile or a file cannot be read.",
    )
    .action(async (programPath: string, options: { data: string; partner: string }) => {
      process.exitCode = await explain(programPath, options);
    });
}

async function explain(programPath: string, options: { data: string; partner: string }): Promise<number> {
  const artifact = await loadProgram(programPath);
  if (!artifact) return EXIT_USAGE;
  const formatProblem = dataFormatProblem(options.data);
  if (formatProblem !== undefined) {
    process.stderr.write(`${formatProblem}\n`);
    return EXIT_USAGE;
  }
  const keyInput = artifact.inputs.find((i) => i.key);
  if (keyInput?.confidential) {
    process.stderr.write("the program's key input is confidential, so partners cannot be looked up by key\n");
    return EXIT_USAGE;
  }
  try {
    for await (const { result, evaluation } of evaluateRecords(artifact, readRecords(options.data))) {
      if (result.partner === null || String(result.partner) !== options.partner) continue;
      if (result.status === "invalid" || !evaluation) {
        process.stdout.write(
          `Partner ${options.partner} (row ${result.row}) has an invalid record:\n` +
            (result.status === "invalid" ? result.errors : [])
              .map((e) => `  ${e.field ?? "record"}: ${e.message}\n`)
              .join(""),
        );
        return EXIT_PROBLEMS;
      }
      process.stdout.write(explainPartner(artifact, evaluation, options.partner, result.row));
      return EXIT_OK;
    }
  } catch (error) {
    process.stderr.write(`${options.data}: cannot read the data: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(
    `${options.data}: no partner with ${keyInput?.name ?? "key"} ${JSON.stringify(options.partner)}; check the key\n`,
  );
  return EXIT_PROBLEMS;
}
