// `ppl statements PROGRAM --data FILE -o DIR`: one HTML page per partner
// (DIR/KEY.html), the `explain` story laid out for the partner to read.
import { Command } from "commander";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { evaluateRecords } from "../io/evaluate-records.js";
import { dataFormatProblem } from "../io/read-records.js";
import { readRecords } from "../io/data-file.js";
import { OutputWriteError, writeFileAtomically } from "../io/atomic-file.js";
import { DataFileError } from "../io/raw-record.js";
import { StatementNames, statementHtml } from "../report/statement-html.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "./exit-codes.js";
import { loadProgram } from "./load-program.js";
import { DESCRIPTIONS } from "./command-descriptions.js";

interface StatementsOptions {
  data: string;
  out: string;
  date?: string;
}

export function statementsCommand(): Command {
  return new Command("statements")
    .description(DESCRIPTIONS.statements)
    .argument("<program>", "a .ppl file or a compiled .rules.json artifact")
    .requiredOption("--data <file>", "partner data: .csv, .json, .ndjson or .jsonl")
    .requiredOption("-o, --out <dir>", "the folder to write DIR/KEY.html into (created if missing)")
    .option("--date <text>", "a date to print on each statement (the command never reads the clock)")
    .addHelpText(
      "after",
      `
Keys become safe file names (letters, digits, . _ -; others as _), with -2, -3, … where two would clash.
Exit codes: 0 every row valid; 1 some rows invalid (no statement for them; listed on stderr);
2 the program does not compile, a file cannot be read or written, or the command is misused.`,
    )
    .action(async (programPath: string, options: StatementsOptions) => {
      process.exitCode = await statements(programPath, options);
    });
}

async function statements(programPath: string, options: StatementsOptions): Promise<number> {
  const formatProblem = dataFormatProblem(options.data);
  if (formatProblem !== undefined) {
    process.stderr.write(`${formatProblem}\n`);
    return EXIT_USAGE;
  }
  try {
    mkdirSync(options.out, { recursive: true });
    if (!statSync(options.out).isDirectory()) throw new Error("it is not a folder");
  } catch (error) {
    process.stderr.write(
      `${options.out}: cannot write statements there (${(error as Error).message}); give a folder\n`,
    );
    return EXIT_USAGE;
  }
  const artifact = await loadProgram(programPath);
  if (!artifact) return EXIT_USAGE;
  if (artifact.inputs.find((input) => input.key)?.confidential) {
    process.stderr.write("the program's key input is confidential, so statements cannot be named by key\n");
    return EXIT_USAGE;
  }
  const names = new StatementNames();
  let written = 0;
  let invalid = 0;
  try {
    for await (const { result, evaluation } of evaluateRecords(artifact, readRecords(options.data))) {
      if (result.status === "invalid" || evaluation === undefined || result.partner === null) {
        invalid++;
        const fields = result.status === "invalid" ? result.errors.map((e) => e.field ?? "record").join(", ") : "";
        process.stderr.write(`row ${result.row}: invalid record, no statement${fields ? ` (${fields})` : ""}\n`);
        continue;
      }
      const key = String(result.partner);
      const file = join(options.out, names.nameFor(key));
      await writeFileAtomically(file, statementHtml(artifact, evaluation, key, { date: options.date }));
      written++;
    }
  } catch (error) {
    if (error instanceof OutputWriteError) {
      process.stderr.write(`${error.path}: cannot write the statement (${error.message})\n`);
    } else {
      const message = error instanceof DataFileError ? error.message : (error as Error).message;
      process.stderr.write(`${options.data}: cannot read the data: ${message}\n`);
    }
    process.stderr.write(`${written} statements were written before the stop\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`${options.out}: ${written} statements written, ${invalid} invalid rows\n`);
  return invalid > 0 ? EXIT_PROBLEMS : EXIT_OK;
}
