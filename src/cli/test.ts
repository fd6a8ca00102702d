// `ppl test FILES`: run every `test` block; print each failure with its values.
import { Command } from "commander";
import type { TestOutcome } from "../testing/run-tests.js";
import { runProgramTests } from "../testing/run-tests.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "./exit-codes.js";
import { pplFilesOrReport } from "./files.js";
import { compileSource, readText } from "./load-program.js";

export function testCommand(): Command {
  return new Command("test")
    .description("run the test blocks of .ppl files and report each failing expectation with its values")
    .argument("<files...>", ".ppl files, or folders (every .ppl below them)")
    .addHelpText(
      "after",
      "\nExit codes: 0 every test passed; 1 a test failed; 2 a program does not compile or a file cannot be read.",
    )
    .action(async (paths: string[]) => {
      process.exitCode = await testFiles(paths);
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

async function testFiles(paths: string[]): Promise<number> {
  const files = pplFilesOrReport("test", paths);
  if (!files) return EXIT_USAGE;
  let passed = 0;
  let failed = 0;
  let broken = false;
  for (const file of files) {
    const text = readText(file);
    const artifact = text === undefined ? undefined : await compileSource(file, text);
    if (!artifact) {
      broken = true;
      continue;
    }
    const outcomes = runProgramTests(artifact);
    process.stdout.write(`${file}: ${outcomes.length} test${outcomes.length === 1 ? "" : "s"}\n`);
    for (const outcome of outcomes) {
      process.stdout.write(describeOutcome(file, outcome));
      if (outcome.passed) passed++;
      else failed++;
    }
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  if (broken) return EXIT_USAGE;
  return failed > 0 ? EXIT_PROBLEMS : EXIT_OK;
}
