#!/usr/bin/env node
// The `ppl` command line. Each command lives in its own file and calls the
// library; this file only wires them up and maps misuse to exit code 2.
import { Command, CommanderError } from "commander";
import { checkCommand } from "./check.js";
import { compileCommand } from "./compile.js";
import { explainCommand } from "./explain.js";
import { fmtCommand } from "./fmt.js";
import { runCommand } from "./run.js";
import { schemaCommand } from "./schema.js";
import { testCommand } from "./test.js";
import { EXIT_USAGE } from "./exit-codes.js";

export function pplProgram(): Command {
  const program = new Command("ppl")
    .description("PPL, the Partner Program Language: check, test, format, compile and run partner programs")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)");
  for (const command of [
    checkCommand(),
    testCommand(),
    fmtCommand(),
    compileCommand(),
    runCommand(),
    explainCommand(),
    schemaCommand(),
  ]) {
    program.addCommand(command);
  }
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await pplProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is misuse.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    process.stderr.write(`ppl: internal error: ${(error as Error).message}\nPlease report this with the command you ran.\n`);
    process.exitCode = EXIT_USAGE;
  }
}

await main(process.argv);
