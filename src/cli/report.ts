// `ppl report PROGRAM --data FILE -o report.html`: one self-contained HTML
// page about the whole period (tiers, money, scorecards, KPIs, near misses),
// from one pass over the data in bounded memory.
import { Command, InvalidArgumentError } from "commander";
import { basename } from "node:path";
import { evaluateRecords } from "../io/evaluate-records.js";
import { dataFormatProblem } from "../io/read-records.js";
import { readRecords } from "../io/data-file.js";
import { OutputWriteError, writeFileAtomically } from "../io/atomic-file.js";
import { outputPathProblem } from "../io/output-paths.js";
import { DataFileError } from "../io/raw-record.js";
import { ReportAccumulator } from "../report/accumulate.js";
import { reportHtml } from "../report/report-html.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "./exit-codes.js";
import { loadProgram } from "./load-program.js";
import { DESCRIPTIONS } from "./command-descriptions.js";

interface ReportOptions {
  data: string;
  out: string;
  top: number;
  near: number;
  title?: string;
  date?: string;
}

export function wholeNumber(text: string): number {
  if (!/^[0-9]{1,6}$/.test(text)) throw new InvalidArgumentError("expected a whole number such as 20");
  return Number(text);
}

export function reportCommand(): Command {
  return new Command("report")
    .description(DESCRIPTIONS.report)
    .argument("<program>", "a .ppl file or a compiled .rules.json artifact")
    .requiredOption("--data <file>", "partner data: .csv, .json, .ndjson or .jsonl")
    .requiredOption("-o, --out <file>", "the HTML file to write (atomically)")
    .option("--top <n>", "partners listed by total", wholeNumber, 20)
    .option("--near <n>", "near misses listed per tier and subtier", wholeNumber, 10)
    .option("--title <text>", "the page title (default: the program's name)")
    .option("--date <text>", "a date to print in the header (the report never reads the clock)")
    .addHelpText(
      "after",
      `
Exit codes: 0 every row valid; 1 some rows invalid (the report is written and lists them);
2 the program does not compile, a file cannot be read or written, or the command is misused.

Example:
  ppl report rules/amplify.ppl --data examples/partners.csv -o report.html --top 50`,
    )
    .action(async (programPath: string, options: ReportOptions) => {
      process.exitCode = await report(programPath, options);
    });
}

async function report(programPath: string, options: ReportOptions): Promise<number> {
  const formatProblem = dataFormatProblem(options.data);
  if (formatProblem !== undefined) {
    process.stderr.write(`${formatProblem}\n`);
    return EXIT_USAGE;
  }
  const problem = await outputPathProblem(
    [
      { label: "--data", path: options.data },
      { label: "PROGRAM", path: programPath },
    ],
    [{ label: "--out", path: options.out }],
  );
  if (problem !== undefined) {
    process.stderr.write(problem + "\n");
    return EXIT_USAGE;
  }
  const artifact = await loadProgram(programPath);
  if (!artifact) return EXIT_USAGE;
  const accumulator = new ReportAccumulator(artifact, { top: options.top, near: options.near, errors: 50 });
  try {
    for await (const { result } of evaluateRecords(artifact, readRecords(options.data))) accumulator.add(result);
  } catch (error) {
    const message = error instanceof DataFileError ? error.message : (error as Error).message;
    process.stderr.write(`${options.data}: cannot read the data: ${message}\n${options.out} is unchanged\n`);
    return EXIT_USAGE;
  }
  const html = await reportHtml(accumulator, {
    dataFile: basename(options.data),
    title: options.title,
    date: options.date,
  });
  try {
    await writeFileAtomically(options.out, html);
  } catch (error) {
    if (!(error instanceof OutputWriteError)) throw error;
    process.stderr.write(`${error.path}: cannot write the report (${error.message}); the earlier file is unchanged\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(
    `${options.out}: report on ${accumulator.rows} rows (${accumulator.invalid} invalid), ${Buffer.byteLength(html)} bytes\n`,
  );
  return accumulator.invalid > 0 ? EXIT_PROBLEMS : EXIT_OK;
}
