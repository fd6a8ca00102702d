// `ppl run PROGRAM --data FILE`: evaluate partner records (spec section 7).
import { Command, Option } from "commander";
import { dataFormatOf, dataFormatProblem } from "../io/read-records.js";
import { readRecords } from "../io/data-file.js";
import { WorkerFailure, runParallel } from "../io/parallel/pool.js";
import { OutputWriteError, writeFileAtomically, writeTarget } from "../io/atomic-file.js";
import { outputPathProblem } from "../io/output-paths.js";
import { DataFileError } from "../io/raw-record.js";
import {
  evaluateRecords,
  programEvaluator,
  type EvaluatedRecord,
  type PartnerEvaluator,
} from "../io/evaluate-records.js";
import { openResultWriter, resultColumnsOf, type ResultFormat } from "../io/write-results.js";
import { SummaryCounter, summaryText } from "../io/run-summary.js";
import type { Artifact } from "../compile/artifact.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "./exit-codes.js";
import { loadProgram } from "./load-program.js";
import { Progress } from "./progress.js";
import { DESCRIPTIONS } from "./command-descriptions.js";
import { workerCount, workersOption, workersOptionProblem } from "./worker-option.js";

export type EngineName = "fast" | "json-rules-engine";

export async function evaluatorFor(artifact: Artifact, engine: EngineName): Promise<PartnerEvaluator> {
  if (engine === "fast") return programEvaluator(artifact);
  // json-rules-engine is loaded only when asked for: a default run never pays its start-up.
  const { createRulesEngineEvaluator } = await import("../runtime/rules-engine.js");
  const rules = createRulesEngineEvaluator(artifact);
  return (record) => rules.evaluate(record);
}

interface RunOptions {
  data: string;
  out?: string;
  format: ResultFormat;
  summary?: string;
  engine: EngineName;
  progress?: boolean;
  workers?: string;
}

export function runCommand(): Command {
  return new Command("run")
    .description(DESCRIPTIONS.run)
    .argument("<program>", "a .ppl file or a compiled .rules.json artifact")
    .requiredOption("--data <file>", "partner data: .csv, .json (an array of records), .ndjson or .jsonl")
    .option("--out <file>", "write results to this file (atomically) instead of stdout")
    .addOption(new Option("--format <format>", "result format").choices(["ndjson", "json", "csv"]).default("ndjson"))
    .option("--summary <file>", "write the run summary as JSON to this file instead of stderr")
    .addOption(
      new Option("--engine <engine>", "evaluator: the fast compiled one, or the json-rules-engine reference")
        .choices(["fast", "json-rules-engine"])
        .default("fast"),
    )
    .option("--no-progress", "never show the progress line on stderr")
    .addOption(workersOption())
    .addHelpText(
      "after",
      `
Exit codes: 0 every row valid; 1 some rows invalid (all rows are still written);
2 the program does not compile, a file cannot be read, or the command is misused.

Example:
  ppl run rules/amplify.ppl --data examples/partners.csv --format csv --out results.csv`,
    )
    .action(async (programPath: string, options: RunOptions) => {
      process.exitCode = await run(programPath, options);
    });
}

async function run(programPath: string, options: RunOptions): Promise<number> {
  const formatProblem = dataFormatProblem(options.data);
  if (formatProblem !== undefined) {
    process.stderr.write(`${formatProblem}\n`);
    return EXIT_USAGE;
  }
  const workersProblem = workersOptionProblem(options.workers);
  if (workersProblem !== undefined) {
    process.stderr.write(`${workersProblem}\n`);
    return EXIT_USAGE;
  }
  const outputs = [
    ...(options.out ? [{ label: "--out", path: options.out }] : []),
    ...(options.summary ? [{ label: "--summary", path: options.summary }] : []),
  ];
  const inputs = [
    { label: "--data", path: options.data },
    { label: "PROGRAM", path: programPath },
  ];
  // Before reading anything: a run must not fail at its end for want of a writable output.
  const pathProblem = await outputPathProblem(inputs, outputs);
  if (pathProblem !== undefined) {
    process.stderr.write(pathProblem + "\n");
    return EXIT_USAGE;
  }
  const artifact = await loadProgram(programPath);
  if (!artifact) return EXIT_USAGE;
  // json-rules-engine always runs on the main thread.
  const workers = options.engine === "fast" ? workerCount(options.workers, options.data) : 0;
  const counter = new SummaryCounter(artifact);
  const columns = resultColumnsOf(artifact);
  const progress = new Progress(process.stderr, options.progress !== false);
  // Only a file replaced on commit can be said to be unchanged; a device or FIFO got what was written.
  const replaced = options.out !== undefined && !(await writeTarget(options.out)).direct;
  const unchanged = replaced ? `no results were written; ${options.out} is unchanged\n` : "";
  let writer;
  try {
    writer = await openResultWriter(
      options.out ? { file: options.out } : { stream: process.stdout },
      options.format,
      columns,
    );
  } catch (error) {
    if (!(error instanceof OutputWriteError)) throw error;
    process.stderr.write(
      `${error.path}: cannot write the results (${error.message}); check the folder exists and is writable\n`,
    );
    return EXIT_USAGE;
  }
  try {
    if (workers > 0) {
      await runParallel({
        artifact,
        data: options.data,
        dataFormat: dataFormatOf(options.data) ?? "csv",
        resultFormat: options.format,
        columns,
        workers,
        writer,
        counter,
        onRows: (rows) => progress.tick(rows),
      });
    } else {
      const results: AsyncIterable<EvaluatedRecord> = evaluateRecords(
        artifact,
        readRecords(options.data),
        await evaluatorFor(artifact, options.engine),
      );
      for await (const { result } of results) {
        await writer.write(result);
        counter.add(result);
        progress.tick();
      }
    }
    progress.done();
    await writer.close();
  } catch (error) {
    progress.done();
    await writer.abort();
    if (error instanceof OutputWriteError) {
      process.stderr.write(`${error.path}: cannot write the results (${error.message})\n`);
    } else if (error instanceof WorkerFailure) {
      process.stderr.write(
        `${options.data}: the run stopped because ${error.message}; please report it with the program\n`,
      );
    } else {
      const message = error instanceof DataFileError ? error.message : (error as Error).message;
      process.stderr.write(`${options.data}: cannot read the data: ${message}\n`);
    }
    process.stderr.write(unchanged);
    return EXIT_USAGE;
  }
  const summary = counter.summary();
  if (options.summary) {
    try {
      await writeFileAtomically(options.summary, JSON.stringify(summary, null, 2) + "\n");
    } catch (error) {
      if (!(error instanceof OutputWriteError)) throw error;
      process.stderr.write(`${error.path}: cannot write the summary (${error.message}); the results were written\n`);
      return EXIT_USAGE;
    }
  } else {
    process.stderr.write(summaryText(summary));
  }
  return counter.invalidRows > 0 ? EXIT_PROBLEMS : EXIT_OK;
}
