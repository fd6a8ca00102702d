// The `ppl` command line. Each command lives in its own file and calls the
// library; this file only wires them up and maps misuse to exit code 2.
import { Command, CommanderError } from "commander";
import { DESCRIPTIONS, requestedCommand, type CommandName } from "./command-descriptions.js";
import { EXIT_USAGE } from "./exit-codes.js";
import { sendRulesEngineDebugToStderr } from "./library-debug.js";
import { installShutdownHandlers } from "./shutdown.js";

// Commands load on demand: the parser, ajv and Prettier each cost tens to
// hundreds of milliseconds to load, and `ppl run` on a compiled artifact needs
// none of the front end. `ppl --help` lists every command from its name and
// DESCRIPTIONS alone; a command's module loads only when it runs or its own
// --help is asked. A command is one line here and one in command-descriptions.ts.
export const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  check: async () => (await import("./check.js")).checkCommand(),
  test: async () => (await import("./test.js")).testCommand(),
  fmt: async () => (await import("./fmt.js")).fmtCommand(),
  compile: async () => (await import("./compile.js")).compileCommand(),
  run: async () => (await import("./run.js")).runCommand(),
  explain: async () => (await import("./explain.js")).explainCommand(),
  impact: async () => (await import("./impact.js")).impactCommand(),
  report: async () => (await import("./report.js")).reportCommand(),
  statements: async () => (await import("./statements.js")).statementsCommand(),
  schema: async () => (await import("./schema.js")).schemaCommand(),
  lsp: async () => (await import("./lsp.js")).lspCommand(),
};

export async function pplProgram(argv: string[]): Promise<Command> {
  const program = new Command("ppl")
    .description("PPL, the Partner Program Language: check, test, format, compile and run partner programs")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)");
  const requested = requestedCommand(argv);
  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    // The others are listed by name and description only: enough for the overview and for "did you mean".
    program.addCommand(name === requested ? await COMMANDS[name]() : new Command(name).description(DESCRIPTIONS[name]));
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
// Not awaited at the top level: the command line is bundled as CommonJS (see build.mjs). main catches every error itself.
void main(process.argv);
