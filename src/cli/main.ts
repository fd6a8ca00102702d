#!/usr/bin/env node
// The `ppl` command line. Each command lives in its own file and calls the
// library; this file only wires them up and maps misuse to exit code 2.
import { Command, CommanderError } from "commander";
import { EXIT_USAGE } from "./exit-codes.js";
import { sendRulesEngineDebugToStderr } from "./library-debug.js";
import { installShutdownHandlers } from "./shutdown.js";

// Commands load on demand: the parser, ajv and Prettier each cost tens to
// hundreds of milliseconds to load, and `ppl run` on a compiled artifact needs
// none of the front end. `ppl --help` lists every command from this table
// alone; a command's module loads only when it runs or its own --help is
// asked (test/cli/main-help.test.ts checks each description against its module).
// Add a command as one line.
// prettier-ignore
export const COMMANDS: Record<string, { description: string; load: () => Promise<Command> }> = {
  check: { description: "parse and check .ppl files; report every error and warning", load: async () => (await import("./check.js")).checkCommand() },
  test: { description: "run the test blocks and sign-off cases of .ppl files and report each failure with its values; NAME.cases.csv (or .json, .ndjson) beside NAME.ppl is run too", load: async () => (await import("./test.js")).testCommand() },
  fmt: { description: "format .ppl files in place in the canonical layout (the same Prettier plugin `prettier --write` uses)", load: async () => (await import("./fmt.js")).fmtCommand() },
  compile: { description: "check .ppl files, then write one artifact per program (NAME.rules.json)", load: async () => (await import("./compile.js")).compileCommand() },
  run: { description: "evaluate partner records (CSV, JSON or NDJSON) and write one result per record, in input order", load: async () => (await import("./run.js")).runCommand() },
  explain: { description: "explain one partner in words: its tier and why, what the next tier and subtiers need, each scorecard line, each incentive's formula with numbers", load: async () => (await import("./explain.js")).explainCommand() },
  impact: { description: "compare two versions of a program on partner data: tier moves, subtiers, money, top movers", load: async () => (await import("./impact.js")).impactCommand() },
  report: { description: "write one self-contained HTML report of a data file: tiers, money, scorecards, KPIs and near misses", load: async () => (await import("./report.js")).reportCommand() },
  statements: { description: "write one HTML statement per partner: tier and benefits, what the next tier needs, scorecards, incentives, total", load: async () => (await import("./statements.js")).statementsCommand() },
  schema: { description: "print the JSON Schema (draft 2020-12) of the program's partner data", load: async () => (await import("./schema.js")).schemaCommand() },
  lsp: { description: "run the PPL language server on stdin/stdout (for editors: the VS Code extension starts it)", load: async () => (await import("./lsp.js")).lspCommand() },
};

/** The command named on the command line (`ppl NAME ...` or `ppl help NAME`), if it is one of COMMANDS. */
function requestedCommand(argv: string[]): string | undefined {
  const first = argv[2] === "help" ? argv[3] : argv[2];
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? first : undefined;
}

export async function pplProgram(argv: string[]): Promise<Command> {
  const program = new Command("ppl")
    .description("PPL, the Partner Program Language: check, test, format, compile and run partner programs")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)");
  const requested = requestedCommand(argv);
  for (const [name, { description, load }] of Object.entries(COMMANDS)) {
    // The others are listed by name and description only: enough for the overview and for "did you mean".
    program.addCommand(name === requested ? await load() : new Command(name).description(description));
  }
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
