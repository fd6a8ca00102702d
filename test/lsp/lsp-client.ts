// A real LSP client over stdio for the tests and the benchmark: it spawns the
// built `node dist/cli/main.js lsp` and talks JSON-RPC to it with
// vscode-jsonrpc, recording every diagnostics notification it publishes.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node";
import type {
  InitializeResult,
  LogMessageParams,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const PPL_MAIN = join(ROOT, "dist/cli/main.js");

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  private readonly listeners = new Set<() => void>();
  private versions = new Map<string, number>();
  exitCode: number | null | undefined;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const listener of this.listeners) listener();
    });
    connection.onNotification("window/logMessage", (params: LogMessageParams) => {
      this.logs.push(params);
    });
    connection.onRequest("workspace/codeLens/refresh", () => null);
    process.on("exit", (code) => (this.exitCode = code));
  }

  static async start(
    options: { codeLensRefresh?: boolean; /** The CLI to run (default: this worktree's build). */ main?: string } = {},
  ): Promise<{ client: LspClient; initialized: InitializeResult }> {
    const main = options.main ?? PPL_MAIN;
    const child = spawn(process.execPath, [main, "lsp", "--stdio"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    child.stderr!.resume();
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    connection.listen();
    const client = new LspClient(child, connection);
    const initialized = (await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { codeLens: { refreshSupport: options.codeLensRefresh ?? false } },
        textDocument: { rename: { prepareSupport: true }, publishDiagnostics: { relatedInformation: true } },
      },
    })) as InitializeResult;
    await connection.sendNotification("initialized", {});
    return { client, initialized };
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async open(uri: string, text: string): Promise<number> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "ppl", version: 1, text },
    });
    return 1;
  }

  /** Replaces the whole text (or applies `changes`); returns the new version. */
  async change(uri: string, change: string | TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const contentChanges = typeof change === "string" ? [{ text: change }] : change;
    await this.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges,
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  }

  /** The first published diagnostics (already received or to come) for `uri` that satisfy `accept`. */
  diagnostics(
    uri: string,
    accept: (params: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 20_000,
    from = 0,
  ): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const look = () => {
        for (let i = from; i < this.published.length; i++) {
          const params = this.published[i]!;
          if (params.uri === uri && accept(params)) {
            this.listeners.delete(look);
            clearTimeout(timer);
            resolve(params);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.listeners.delete(look);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!look()) this.listeners.add(look);
    });
  }

  /** The checker's diagnostics for version `version` of `uri`. */
  versionDiagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.diagnostics(uri, (p) => p.version === version);
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest("shutdown");
    await this.connection.sendNotification("exit");
    if (this.exitCode === undefined) await new Promise((resolve) => this.process.once("exit", resolve));
    this.connection.dispose();
  }
}
