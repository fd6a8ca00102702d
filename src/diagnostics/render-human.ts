// Human output: `FILE:LINE:COL: error PPL1234: message`, the source line(s)
// with the range underlined, then related locations as notes.
import { codeFrameColumns } from "@babel/code-frame";
import type { SourceRange } from "../ast/nodes.js";
import type { Diagnostic } from "./diagnostic.js";
import { displayLine, printable, sourceLines } from "./printable.js";

export interface HumanRenderOptions {
  /** ANSI colours for the severity and the underline (default false). */
  color?: boolean;
}

const ANSI = { red: "\u001b[31m", yellow: "\u001b[33m", bold: "\u001b[1m", reset: "\u001b[0m" };

/** Ranges longer than this many lines are shown by their first line only. */
const MAX_FRAME_LINES = 3;

function location(file: string, range: SourceRange): string {
  return `${file}:${range.start.line}:${range.start.column}`;
}

// The lines of the last source rendered: a file's diagnostics are rendered one after another.
let lastSource: { source: string; lines: string[] } | undefined;

function linesOf(source: string): string[] {
  if (lastSource?.source !== source) lastSource = { source, lines: sourceLines(source) };
  return lastSource.lines;
}

/**
 * The code frame for `range` in `source`, or "" when the range lies outside
 * it. Lines are split as the lexer counts them, and only the lines shown are
 * handed to Babel's code frame, escaped and cut to a window when long.
 */
export function codeFrame(source: string, range: SourceRange, options: HumanRenderOptions = {}): string {
  const lines = linesOf(source);
  const { start, end } = range;
  if (!Number.isInteger(start?.line) || start.line < 1 || start.line > lines.length) return "";
  let endLine = Number.isInteger(end?.line) && end.line >= start.line ? end.line : start.line;
  let endColumn = endLine === end?.line ? end.column : start.column + 1;
  if (endLine - start.line + 1 > MAX_FRAME_LINES || endLine > lines.length) {
    endLine = start.line;
    endColumn = lines[start.line - 1].length + 1;
  }
  // A range ending at column 1 of the next line ends, for the reader, at the end of this one.
  if (endLine > start.line && endColumn <= 1) {
    endLine -= 1;
    endColumn = lines[endLine - 1].length + 1;
  }
  // An empty range (say, at the end of a line) still gets one caret.
  if (endLine === start.line && endColumn <= start.column) endColumn = start.column + 1;
  const shown = lines.slice(start.line - 1, endLine).map((line, i) => displayLine(line, i === 0 ? start.column : 1));
  const first = shown[0]!;
  const last = shown[shown.length - 1]!;
  const frame = codeFrameColumns(
    shown.map((line) => line.text).join("\n"),
    {
      start: { line: start.line, column: first.column(start.column) },
      end: {
        line: endLine,
        column: Math.max(last.column(endColumn), endLine === start.line ? first.column(start.column) + 1 : 1),
      },
    },
    // Babel's highlighting would colour PPL as JavaScript, so only the underline is coloured.
    // `startLine` (numbering the lines shown from their place in the file) is in Babel's code but not its types.
    { highlightCode: false, linesAbove: 0, linesBelow: 0, startLine: start.line } as Parameters<
      typeof codeFrameColumns
    >[2],
  );
  if (options.color !== true) return frame;
  return frame.replace(/^(\s*\|\s*)(\^+)$/gm, `$1${ANSI.red}${ANSI.bold}$2${ANSI.reset}`);
}

/** One diagnostic: header line, code frame (when the source is known) and notes. */
export function renderHumanDiagnostic(
  diagnostic: Diagnostic,
  source: string | undefined,
  options: HumanRenderOptions = {},
): string {
  const severity = options.color
    ? `${diagnostic.severity === "error" ? ANSI.red : ANSI.yellow}${ANSI.bold}${diagnostic.severity}${ANSI.reset}`
    : diagnostic.severity;
  const parts = [
    `${printable(location(diagnostic.file, diagnostic.range))}: ${severity} ${diagnostic.code}: ${printable(diagnostic.message)}`,
  ];
  const frame = source === undefined ? "" : codeFrame(source, diagnostic.range, options);
  if (frame !== "") parts.push(frame);
  for (const related of diagnostic.related ?? []) {
    parts.push(printable(`${location(related.file, related.range)}: note: ${related.message}`));
  }
  return parts.join("\n");
}

/** Every diagnostic, separated by a blank line; `sources` maps a file to its text. */
export function renderHuman(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  options: HumanRenderOptions = {},
): string {
  return diagnostics.map((d) => renderHumanDiagnostic(d, sources.get(d.file), options)).join("\n\n");
}
