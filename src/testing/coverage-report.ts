// Coverage reports: text for people, JSON for tools, lcov for editors and CI
// services. Each is a pure function of the programs' coverage, so the same
// tests give the same bytes.
import type { ProgramCoverage } from "./coverage.js";

export type CoverageFormat = "text" | "json" | "lcov";

export const COVERAGE_FORMATS: readonly CoverageFormat[] = ["text", "json", "lcov"];

function outcomeWords(outcome: string): string {
  return outcome.replace(/_/g, " ");
}

export function coverageText(programs: readonly ProgramCoverage[]): string {
  const lines: string[] = [];
  for (const program of programs) {
    lines.push(`coverage of ${program.file}: ${program.covered}/${program.total} outcomes (${program.percent}%)`);
    const uncovered = program.items.filter((item) => !item.covered);
    for (const item of uncovered) {
      const missed = Object.entries(item.outcomes)
        .filter(([, count]) => count === 0)
        .map(([outcome]) => outcomeWords(outcome));
      lines.push(
        `  ${program.file}:${item.line}:${item.column}: ${item.kind} ${item.name}: never ${missed.join(", ")}`,
      );
    }
  }
  return lines.map((line) => line + "\n").join("");
}

export function coverageJson(programs: readonly ProgramCoverage[]): string {
  return JSON.stringify({ programs }) + "\n";
}

/**
 * lcov tracefile: one record per program; each item is a line (DA, hit when
 * any of its outcomes was seen) and each outcome a branch (BRDA), so
 * BRF/BRH carry the counts of the text report.
 */
export function coverageLcov(programs: readonly ProgramCoverage[]): string {
  const out: string[] = [];
  for (const program of programs) {
    out.push("TN:", `SF:${program.file}`);
    const lineHits = new Map<number, number>();
    program.items.forEach((item, block) => {
      Object.values(item.outcomes).forEach((count, branch) => {
        out.push(`BRDA:${item.line},${block},${branch},${count}`);
      });
      const hits = Object.values(item.outcomes).reduce((sum, count) => sum + count, 0);
      lineHits.set(item.line, (lineHits.get(item.line) ?? 0) + hits);
    });
    out.push(`BRF:${program.total}`, `BRH:${program.covered}`);
    const lines = [...lineHits].sort(([a], [b]) => a - b);
    for (const [line, hits] of lines) out.push(`DA:${line},${hits}`);
    out.push(`LF:${lines.length}`, `LH:${lines.filter(([, hits]) => hits > 0).length}`, "end_of_record");
  }
  return out.map((line) => line + "\n").join("");
}

export function coverageReport(programs: readonly ProgramCoverage[], format: CoverageFormat): string {
  switch (format) {
    case "text":
      return coverageText(programs);
    case "json":
      return coverageJson(programs);
    case "lcov":
      return coverageLcov(programs);
  }
}
