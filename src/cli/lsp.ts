// `ppl lsp`: the language server on stdin/stdout (see src/lsp/server.ts).
import { Command } from "commander";
import { DESCRIPTIONS } from "./command-descriptions.js";

export function lspCommand(): Command {
  return new Command("lsp")
    .description(DESCRIPTIONS.lsp)
    .option("--stdio", "talk over stdin/stdout (the default and only transport)")
    .allowUnknownOption()
    .addHelpText(
      "after",
      "\nDiagnostics, hover, definition, references, rename, completion, outline, folding, formatting,\nquick fixes and test results as code lenses, for .ppl files. Editors start it; it is not meant to be run by hand.",
    )
    .action(async () => {
      // stdout carries the protocol: anything else written there would corrupt it.
      console.log = console.error;
      console.info = console.error;
      const { createConnection, StreamMessageReader, StreamMessageWriter } = await import("vscode-languageserver/node");
      const { startServer } = await import("../lsp/server.js");
      startServer(createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout)));
    });
}
