// `ppl test FILES`: run every `test` block and every sign-off case (a
// `NAME.cases.csv` beside `NAME.ppl`, or `--cases FILE`); print each failure
// with its values; with `--coverage`, report what they exercised.
import { existsSync } from "node:fs";
import { Command, Option } from "commander";
import { dataFormatOf } from "../io/read-records.js";
import { readRecords } from "../io/data-file.js";
import { DataFileError, type RawRecord } from "../io/raw-record.js";
import { OutputWriteError, writeFileAtomically } from "../io/atomic-file.js";
import { outputPathProblem } from "../io/output-paths.js";
import { belowThreshold, CoverageCollector, type ProgramCoverage } from "../testing/coverage.js";
import { COVERAGE_FORMATS, coverageReport, type CoverageFormat } from "../testing/coverage-report.js";
import type { TestOutcome } from "../testing/run-tests.js";
import { runProgramTests } from "../testing/run-tests.js";
import { describeCaseFailure, runSignOffCases, type CaseOutcome } from "../testing/sign-off-cases.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "./exit-codes.js";
import { pplFilesOrReport } from "./files.js";
import { compileSourceWithTree, readText } from "./load-program.js";
import { DESCRIPTIONS } from "./command-descriptions.js";

interface TestOptions {
  cases?: string;
  coverage?: boolean;
  coverageThreshold?: string;
  coverageFormat?: CoverageFormat;
  coverageOut?: string;
}

/** The extensions of a cases file found beside its program, in the order they are run. */
const CASES_EXTENSIONS = [".cases.csv", ".cases.json", ".cases.ndjson", ".cases.jsonl"];

export function testCommand(): Command {
  return new Command("test")
    .description(DESCRIPTIONS.test)
    .argument("<files...>", ".ppl files, or folders (every .ppl below them)")
    .option("--cases <file>", "run this cases file (.csv, .json, .ndjson or .jsonl) for the one program given")
    .option("--coverage", "report which requirements, tiers, rows, lines, incentives and branches the tests exercised")
    .option(
      "--coverage-threshold <percent>",
      "exit 1 when a program's coverage is below this percentage (implies --coverage)",
    )
    .addOption(
      new Option("--coverage-format <format>", "coverage report format (implies --coverage)")
        .choices([...COVERAGE_FORMATS])
        .default("text"),
    )
    .option("--coverage-out <file>", "write the coverage report to this file (atomically) instead of stdout")
    .addHelpText(
      "after",
      "\nA cases file has one partner a row: input columns as in `ppl run` data, an optional `case` column," +
        "\nand expect.tier, expect.subtiers (;-joined), expect.total or expect.NAME for a KPI, scorecard," +
        "\ntable or incentive. An empty cell is not checked; `missing` expects a missing value." +
        "\n\nExit codes: 0 every test and case passed (and coverage met the threshold); 1 a test or case" +
        "\nfailed, or coverage is below the threshold; 2 a program does not compile, a file cannot be read," +
        "\na cases file has an unknown column, or the command is misused.",
    )
    .action(async (paths: string[], options: TestOptions, command: Command) => {
      const formatGiven = command.getOptionValueSource("coverageFormat") === "cli";
      process.exitCode = await testFiles(paths, options, formatGiven);
    });
}

function describeOutcome(file: string, outcome: TestOutcome): string {
  const at = `${file}:${outcome.source.line}`;
  if (outcome.passed) return `  ✓ ${outcome.description}\n`;
  const lines = [`  ✗ ${outcome.description} (${at})`];
  for (const error of outcome.schemaErrors ?? []) {
    lines.push(`      given does not satisfy the input schema: ${error.field ?? "record"}: ${error.message}`);
  }
  if (outcome.evaluationError !== undefined) lines.push(`      could not be evaluated: ${outcome.evaluationError}`);
  for (const failure of outcome.failures) {
    lines.push(`      ${file}:${failure.source.line}:${failure.source.column}: expect ${failure.text}`);
    for (const [name, value] of failure.values) lines.push(`        ${name} = ${value}`);
    for (const words of failure.shortfall ?? []) lines.push(`        → ${words}`);
  }
  return lines.join("\n") + "\n";
}

function describeCase(file: string, outcome: CaseOutcome): string {
  if (outcome.passed) return `  ✓ ${outcome.name}\n`;
  return [`  ✗ ${outcome.name} (${file} row ${outcome.row})`, ...describeCaseFailure(outcome)].join("\n") + "\n";
}

function casesFilesBeside(program: string): string[] {
  const stem = program.endsWith(".ppl") ? program.slice(0, -".ppl".length) : program;
  return CASES_EXTENSIONS.map((extension) => stem + extension).filter((path) => existsSync(path));
}

async function readCases(path: string): Promise<RawRecord[] | undefined> {
  const records: RawRecord[] = [];
  try {
    for await (const record of readRecords(path)) records.push(record);
  } catch (error) {
    const message = error instanceof DataFileError ? error.message : (error as Error).message;
    process.stderr.write(`${path}: cannot read the cases: ${message}\n`);
    return undefined;
  }
  return records;
}

const THRESHOLD = /^[0-9]+(\.[0-9]+)?$/;

/** Misuse of the options, as a message, or undefined. */
function optionProblem(options: TestOptions, programs: string[]): string | undefined {
  if (options.cases !== undefined) {
    if (programs.length !== 1) {
      return `--cases ${options.cases}: give exactly one program with --cases (found ${programs.length})`;
    }
    if (dataFormatOf(options.cases) === undefined) {
      return `--cases ${options.cases}: unknown format; use a .csv, .json, .ndjson or .jsonl file`;
    }
  }
  const threshold = options.coverageThreshold;
  if (threshold !== undefined && (!THRESHOLD.test(threshold) || Number(threshold) > 100)) {
    return `--coverage-threshold ${threshold}: expected a percentage from 0 to 100, such as 90 or 99.5`;
  }
  return undefined;
}

async function testFiles(paths: string[], options: TestOptions, formatGiven: boolean): Promise<number> {
  const files = pplFilesOrReport("test", paths);
  if (!files) return EXIT_USAGE;
  const problem = optionProblem(options, files);
  if (problem !== undefined) {
    process.stderr.write(`ppl test: ${problem}\n`);
    return EXIT_USAGE;
  }
  const coverage =
    options.coverage === true ||
    options.coverageThreshold !== undefined ||
    options.coverageOut !== undefined ||
    formatGiven;
  if (options.coverageOut !== undefined) {
    const inputs = [...files, ...(options.cases === undefined ? [] : [options.cases])].map((path) => ({
      label: "",
      path,
    }));
    const outputProblem = await outputPathProblem(inputs, [{ label: "--coverage-out", path: options.coverageOut }]);
    if (outputProblem !== undefined) {
      process.stderr.write(`ppl test: ${outputProblem}\n`);
      return EXIT_USAGE;
    }
  }
  let passed = 0;
  let failed = 0;
  let broken = false;
  const covered: ProgramCoverage[] = [];
  for (const file of files) {
    const text = readText(file);
    const compiled = text === undefined ? undefined : await compileSourceWithTree(file, text);
    if (!compiled) {
      broken = true;
      continue;
    }
    const { artifact, program } = compiled;
    const collector = coverage ? new CoverageCollector(artifact, program) : undefined;
    const outcomes = collector ? runProgramTests(artifact, collector.evaluator) : runProgramTests(artifact);
    process.stdout.write(`${file}: ${outcomes.length} test${outcomes.length === 1 ? "" : "s"}\n`);
    for (const outcome of outcomes) {
      process.stdout.write(describeOutcome(file, outcome));
      if (outcome.passed) passed++;
      else failed++;
    }
    for (const casesFile of options.cases !== undefined ? [options.cases] : casesFilesBeside(file)) {
      const records = await readCases(casesFile);
      if (records === undefined) {
        broken = true;
        continue;
      }
      const result = collector
        ? runSignOffCases(artifact, records, collector.evaluator)
        : runSignOffCases(artifact, records);
      if (result.columnErrors.length > 0) {
        for (const error of result.columnErrors) process.stderr.write(`${casesFile}: ${error}\n`);
        process.stderr.write(`${casesFile}: the cases were not run; fix the columns above\n`);
        broken = true;
        continue;
      }
      const count = result.outcomes.length;
      process.stdout.write(`${casesFile}: ${count} case${count === 1 ? "" : "s"}\n`);
      for (const outcome of result.outcomes) {
        process.stdout.write(describeCase(casesFile, outcome));
        if (outcome.passed) passed++;
        else failed++;
      }
    }
    if (collector) covered.push(collector.report(file));
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  let belowIt = false;
  if (coverage) {
    const report = coverageReport(covered, options.coverageFormat ?? "text");
    if (options.coverageOut !== undefined) {
      try {
        await writeFileAtomically(options.coverageOut, report);
      } catch (error) {
        if (!(error instanceof OutputWriteError)) throw error;
        process.stderr.write(`${error.path}: cannot write the coverage report (${error.message})\n`);
        return EXIT_USAGE;
      }
    } else {
      process.stdout.write(report);
    }
    const threshold = options.coverageThreshold;
    if (threshold !== undefined) {
      for (const program of covered) {
        if (!belowThreshold(program, threshold)) continue;
        belowIt = true;
        process.stderr.write(
          `${program.file}: coverage ${program.covered}/${program.total} (${program.percent}%) is below the threshold of ${threshold}%\n`,
        );
      }
    }
  }
  if (broken) return EXIT_USAGE;
  return failed > 0 || belowIt ? EXIT_PROBLEMS : EXIT_OK;
}
