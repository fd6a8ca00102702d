// The language server: capabilities and the wiring of each request to the
// file that answers it. Every handler runs guarded: an internal error is
// logged on the connection's console and the request answered with nothing,
// so a broken or half-typed document never stops the server.
import { TextDocumentSyncKind, ResponseError, type Connection, type InitializeResult } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import { codeActions } from "./code-actions.js";
import { codeLenses } from "./code-lens.js";
import { completion } from "./completion.js";
import { DocumentStore, fileOfUri } from "./document-store.js";
import { documentSymbols } from "./document-symbols.js";
import { foldingRanges } from "./folding.js";
import { formatDocument } from "./formatting.js";
import { hover } from "./hover.js";
import { definition, highlights, references } from "./navigation.js";
import { prepareRename, rename } from "./rename.js";

export function startServer(connection: Connection): void {
  let refreshLenses = false;
  const store = new DocumentStore(connection, {
    testsChanged: () => {
      if (refreshLenses) void connection.sendRequest("workspace/codeLens/refresh").catch(() => undefined);
    },
  });

  /** Runs `answer` on the current analysis of `uri`; null/empty when the document is unknown or the answer throws. */
  function guarded<T, F>(what: string, uri: string, fallback: F, answer: (analysis: Analysis) => T): T | F {
    try {
      const analysis = store.current(uri);
      return analysis ? answer(analysis) : fallback;
    } catch (error) {
      store.logError(`answering ${what} for ${uri}`, error);
      return fallback;
    }
  }

  connection.onInitialize((params): InitializeResult => {
    refreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: ['"', " ", "."] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ["quickfix"] },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: "ppl", version: "0.1.0" },
    };
  });

  connection.onHover((p) => guarded("hover", p.textDocument.uri, null, (a) => hover(a, p.position)));
  connection.onDefinition((p) => guarded("definition", p.textDocument.uri, null, (a) => definition(a, p.position)));
  connection.onReferences((p) =>
    guarded("references", p.textDocument.uri, [], (a) => references(a, p.position, p.context.includeDeclaration)),
  );
  connection.onDocumentHighlight((p) => guarded("highlight", p.textDocument.uri, [], (a) => highlights(a, p.position)));
  // A refused rename is an answer (its message tells the user why), not an internal error.
  connection.onPrepareRename((p) =>
    guarded("prepare rename", p.textDocument.uri, null, (a) => prepareRename(a, p.position)),
  );
  connection.onRenameRequest((p) =>
    guarded("rename", p.textDocument.uri, null, (a) => rename(a, p.position, p.newName)),
  );
  connection.onCompletion((p) => guarded("completion", p.textDocument.uri, [], (a) => completion(a, p.position)));
  connection.onDocumentSymbol((p) => guarded("document symbols", p.textDocument.uri, [], documentSymbols));
  connection.onFoldingRanges((p) => guarded("folding ranges", p.textDocument.uri, [], foldingRanges));
  connection.onCodeAction((p) => guarded("code actions", p.textDocument.uri, [], (a) => codeActions(a, p.range)));
  connection.onCodeLens((p) => guarded("code lenses", p.textDocument.uri, [], codeLenses));
  connection.onDocumentFormatting(async (p) => {
    const document = store.documents.get(p.textDocument.uri);
    if (!document) return [];
    try {
      return await formatDocument(document, fileOfUri(document.uri));
    } catch (error) {
      store.logError(`formatting ${document.uri}`, error);
      return [];
    }
  });
  connection.listen();
}

export { ResponseError };
