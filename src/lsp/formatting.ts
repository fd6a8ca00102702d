// Formatting through the Prettier plugin with the printWidth `ppl fmt` would
// use for the same file, so the editor and `ppl fmt` agree byte for byte.
// A document with syntax errors is left as it is (no edits).
import type { TextEdit } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { formatPpl } from "../format/format-ppl.js";
import { configuredPrintWidth } from "../format/prettier-config.js";

export async function formatDocument(document: TextDocument, file: string): Promise<TextEdit[]> {
  const text = document.getText();
  const printWidth =
    file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(file) ? await configuredPrintWidth(file) : undefined;
  const result = await formatPpl(text, file, { printWidth });
  if (!result.ok || !result.changed) return [];
  return [
    { range: { start: { line: 0, character: 0 }, end: document.positionAt(text.length) }, newText: result.formatted },
  ];
}
