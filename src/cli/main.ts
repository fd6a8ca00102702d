#!/usr/bin/env node
// The `ppl` command line. Each command lives in its own file and calls the
// library; this file only wires them up and maps misuse to exit code 2.
import { Command, CommanderError } from "commander";
import { EXIT_USAGE } from "./exit-codes.js";
import { sendRulesEngineDebugToStderr } from "./library-debug.js";
import { installShutdownHandlers } from "./shutdown.js";

// Commands load on demand: the parser (Chevrotain) alone takes most of a
// second to load, and `ppl run` on a compiled artifact never needs it.
const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import("./check.js")).checkCommand(),
  test: async () => (await import("./test.js")).testCommand(),
  fmt: async () => (await import("./fmt.js")).fmtCommand(),
  compile: async () => (await import("./compile.js")).compileCommand(),
  run: async () => (await import("./run.js")).runCommand(),
  explain: async () => (await import("./explain.js")).explainCommand(),
  report: async () => (await import("./report.js")).reportCommand(),
  statements: async () => (await import("./statements.js")).statementsCommand(),
  schema: async () => (await import("./schema.js")).schemaCommand(),
  impact: async () => (await import("./impact.js")).impactCommand(),
  lsp: async () => (await import("./lsp.js")).lspCommand(),
};

export async function pplProgram(argv: string[]): Promise<Command> {
  const program = new Command("ppl")
    .description("PPL, the Partner Program Language: check, test, format, compile and run partner programs")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)");
  const requested = argv[2];
  const names = requested !== undefined && requested in COMMANDS ? [requested] : Object.keys(COMMANDS);
  for (const name of names) program.addCommand(await COMMANDS[name]());
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await (await pplProgram(argv)).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is misuse.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    process.stderr.write(
      `ppl: internal error: ${(error as Error).message}\nPlease report this with the command you ran.\n`,
    );
    process.exitCode = EXIT_USAGE;
  }
}

installShutdownHandlers();
sendRulesEngineDebugToStderr();
await main(process.argv);
