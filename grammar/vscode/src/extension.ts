// The VS Code client: starts `ppl lsp` over stdio for .ppl files. The server
// is the project's own CLI: the `ppl.server.path` setting, else the
// workspace's node_modules/ppl (or the PPL repository's own dist/), run with
// VS Code's Node, else `ppl` on the PATH.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { commands, window, workspace, type ExtensionContext } from "vscode";
import { LanguageClient, TransportKind, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function isPplRepository(folder: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { name?: string }).name === "ppl";
  } catch {
    return false;
  }
}

function serverOptions(): ServerOptions {
  const configured = workspace.getConfiguration("ppl").get<string>("server.path")?.trim();
  if (configured) {
    return configured.endsWith(".js")
      ? { module: configured, args: ["lsp"], transport: TransportKind.stdio }
      : { command: configured, args: ["lsp"], transport: TransportKind.stdio };
  }
  for (const folder of workspace.workspaceFolders ?? []) {
    const root = folder.uri.fsPath;
    const candidates = [join(root, "node_modules", "ppl", "dist", "cli", "main.js")];
    if (isPplRepository(root)) candidates.push(join(root, "dist", "cli", "main.js"));
    const found = candidates.find((candidate) => existsSync(candidate));
    if (found) return { module: found, args: ["lsp"], transport: TransportKind.stdio };
  }
  return {
    command: "ppl",
    args: ["lsp"],
    transport: TransportKind.stdio,
    options: { shell: process.platform === "win32" },
  };
}

async function start(): Promise<void> {
  client = new LanguageClient("ppl", "PPL language server", serverOptions(), {
    documentSelector: [{ language: "ppl" }],
  });
  try {
    await client.start();
  } catch (error) {
    void window.showErrorMessage(
      `PPL: could not start \`ppl lsp\` (${(error as Error).message}). Install the ppl package in the workspace (npm install) or set "ppl.server.path".`,
    );
  }
}

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    commands.registerCommand("ppl.restartServer", async () => {
      await client?.stop();
      await start();
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
