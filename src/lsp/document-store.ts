// The open documents and their analyses. Re-checks are debounced: a change
// is checked at once when the last check started longer ago than it took,
// else when that much time has passed (at most MAX_DEBOUNCE_MS), so the
// changes typed meanwhile are checked together and a large file is not
// re-checked on every keystroke. A request that needs the current version
// checks it on the spot.
// Publishing goes in two steps: the checker's diagnostics as soon as they are
// known, then, when the program has tests and no errors, the same list with
// the failing `expect`s added once the tests have run.
import { fileURLToPath } from "node:url";
import { TextDocuments, type Connection, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, testsOf, type Analysis } from "./analysis.js";
import { checkerDiagnostics, testDiagnostics } from "./diagnostics.js";

const MAX_DEBOUNCE_MS = 250;

/** The file name the checker reports for `uri`: its path for a file: URI. */
export function fileOfUri(uri: string): string {
  if (uri.startsWith("file:")) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri;
}

export interface StoreEvents {
  /** After the tests of a new version ran: code lenses are stale. */
  testsChanged(): void;
}

export class DocumentStore {
  readonly documents = new TextDocuments(TextDocument);
  private readonly analyses = new Map<string, Analysis>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When the last scheduled check of each document started (performance.now()). */
  private readonly checkedAt = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly events: StoreEvents,
  ) {
    this.documents.onDidOpen((event) => this.schedule(event.document.uri, 0));
    this.documents.onDidChangeContent((event) => {
      const uri = event.document.uri;
      const last = this.analyses.get(uri);
      const window = Math.min(MAX_DEBOUNCE_MS, last ? last.checkMs : 0);
      const since = performance.now() - (this.checkedAt.get(uri) ?? -Infinity);
      this.schedule(uri, since >= window ? 0 : Math.ceil(window - since));
    });
    this.documents.onDidClose((event) => {
      const uri = event.document.uri;
      clearTimeout(this.timers.get(uri));
      this.timers.delete(uri);
      this.checkedAt.delete(uri);
      this.analyses.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    });
    this.documents.listen(connection);
  }

  /** The analysis of the document's current version (checked now if it is stale), or undefined if it is not open. */
  current(uri: string): Analysis | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.analyses.get(uri);
    if (cached && cached.version === document.version) return cached;
    const analysis = analyze(document, fileOfUri(uri), cached);
    this.analyses.set(uri, analysis);
    return analysis;
  }

  private schedule(uri: string, delay: number): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri);
      }, delay),
    );
  }

  private publish(uri: string): void {
    let analysis: Analysis | undefined;
    this.checkedAt.set(uri, performance.now());
    try {
      analysis = this.current(uri);
      if (!analysis) return;
      this.send(uri, analysis.version, checkerDiagnostics(analysis));
    } catch (error) {
      this.logError(`checking ${uri}`, error);
      return;
    }
    const checked = analysis;
    // The tests run after the checker's diagnostics are out, and only if no newer version arrived meanwhile.
    setImmediate(() => {
      if (this.documents.get(uri)?.version !== checked.version || this.timers.has(uri)) return;
      try {
        const run = testsOf(checked);
        const found = testDiagnostics(checked, run);
        if (found.length > 0) this.send(uri, checked.version, [...checkerDiagnostics(checked), ...found]);
        if (run.ran && run.outcomes.length > 0) this.events.testsChanged();
      } catch (error) {
        this.logError(`running the tests of ${uri}`, error);
      }
    });
  }

  private send(uri: string, version: number, diagnostics: LspDiagnostic[]): void {
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  logError(what: string, error: unknown): void {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.connection.console.error(`ppl lsp: internal error while ${what}: ${text}`);
  }
}
