// Aligned plain-text tables for the terminal report.

/** Columns padded to their widest cell; columns after the first are right-aligned (numbers). */
export function alignedTable(header: string[], rows: string[][], indent = "  "): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => [...(row[column] ?? "")].length)));
  const line = (row: string[]) =>
    indent +
    row
      .map((cell, column) => {
        const pad = " ".repeat(widths[column]! - [...cell].length);
        return column === 0 ? cell + pad : pad + cell;
      })
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}
