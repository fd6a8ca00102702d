// `ppl schema PROGRAM`: print the JSON Schema of the program's partner data.
import { Command } from "commander";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import { loadProgram } from "./load-program.js";
import { DESCRIPTIONS } from "./command-descriptions.js";

export function schemaCommand(): Command {
  return new Command("schema")
    .description(DESCRIPTIONS.schema)
    .argument("<program>", "a .ppl file or a compiled .rules.json artifact")
    .action(async (programPath: string) => {
      const artifact = await loadProgram(programPath);
      if (!artifact) {
        process.exitCode = EXIT_USAGE;
        return;
      }
      process.stdout.write(JSON.stringify(artifact.inputSchema, null, 2) + "\n");
      process.exitCode = EXIT_OK;
    });
}
