// Column alignment for labels, scorecard lines and table rows. Widths are
// display widths, so names in other scripts line up too.
import { util } from "prettier";

export function textWidth(text: string): number {
  return util.getStringWidth(text);
}

export function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - textWidth(text)));
}

/** Pads every cell but a row's last to its column's width plus `gap` spaces. */
export function alignColumns(rows: string[][], gap: number): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i < row.length - 1) widths[i] = Math.max(widths[i] ?? 0, textWidth(cell));
    });
  }
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? padEnd(cell, widths[i] + gap) : cell)).join(""));
}

/** Space between the longest labelled line and its `as "..."`. */
export const LABEL_GAP = 2;

/** A line that may end in `as "Label"`: a KPI or a requirement. */
export interface LabelledLine {
  /** The line without its label, printed on one line. */
  head: string;
  /** The label as written, quotes included. */
  label?: string;
  /** Printed on one line (it fits and holds no comment), so it takes part in alignment. */
  flat: boolean;
}

/** The column where the labels of a block's one-line labelled lines start. */
export function labelColumn(lines: (LabelledLine | undefined)[]): number {
  let widest = 0;
  for (const l of lines) if (l?.flat && l.label !== undefined) widest = Math.max(widest, textWidth(l.head));
  return widest + LABEL_GAP;
}

export function alignedLabelLine(line: LabelledLine, column: number): string {
  return line.label === undefined ? line.head : padEnd(line.head, column) + "as " + line.label;
}
