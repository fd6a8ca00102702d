// `ppl run` on worker threads writes the same bytes as on the main thread,
// for every input and output format, and a worker that dies fails the run
// instead of losing rows.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { partnersCsv } from "../../examples/generate-partners.js";
import { pplCommand, ROOT, SPAWN_TIMEOUT, workspace, type CliResult } from "./run-cli.js";

// As run-cli's ppl(), with extra environment: small batches, so many are in flight and reordered, and
// workers for files of any size (the test files are below the 2 MB threshold).
function ppl(args: string[], options: { cwd: string; env?: Record<string, string> }): CliResult {
  const [node, ...rest] = pplCommand(args);
  const result = spawnSync(node, rest, {
    cwd: options.cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      FORCE_COLOR: "0",
      NO_COLOR: "1",
      PPL_TEST_BATCH_ROWS: "97",
      PPL_TEST_PARALLEL_MIN_BYTES: "0",
      ...options.env,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const PROGRAM = readFileSync(join(ROOT, "rules/amplify.ppl"), "utf8");
const CSV = partnersCsv({ rows: 3000, seed: 7, invalid: true });

/** A CSV cell as a JSON value, roughly as a partner system would export it. */
function jsonValue(name: string, cell: string): string {
  if (cell === "") return "null";
  if (name === "services") return JSON.stringify(cell.split(";"));
  if (cell === "true" || cell === "false") return cell;
  if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(cell) && name !== "partner_id") return cell;
  return JSON.stringify(cell);
}

function ndjsonOf(csv: string): string {
  const [header, ...rows] = csv.trimEnd().split("\n");
  const names = header.split(",");
  // Quoted CSV cells do not occur in the generated data, so a split is enough.
  const lines = rows.map((row) => {
    const cells = row.split(",");
    return (
      "{" + names.map((name, index) => `${JSON.stringify(name)}:${jsonValue(name, cells[index] ?? "")}`).join(",") + "}"
    );
  });
  // A blank line, a broken line and a non-record, so numbering and problems are covered too.
  lines.splice(100, 0, "", '{"partner_id": "AMP-X", "revenue": }', "[1, 2]", "   ");
  return lines.join("\n") + "\n";
}

const NDJSON = ndjsonOf(CSV);
const JSON_ARRAY =
  "[\n" +
  NDJSON.split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .join(",\n") +
  "\n]\n";

function runBoth(data: string, file: string, format: string): void {
  const dir = workspace({ "amplify.ppl": PROGRAM, [file]: data });
  const args = (workers: string, out: string) => [
    "run",
    "amplify.ppl",
    "--data",
    file,
    "--format",
    format,
    "--out",
    out,
    "--summary",
    `${out}.summary.json`,
    "--workers",
    workers,
  ];
  const single = ppl(args("0", "single.out"), { cwd: dir });
  const parallel = ppl([...args("2", "parallel.out"), "--no-progress"], { cwd: dir });
  expect(single.stderr).toBe("");
  expect(parallel.stderr).toBe("");
  expect(parallel.status).toBe(single.status);
  expect(single.status).toBe(1);
  const singleOut = readFileSync(join(dir, "single.out"));
  expect(readFileSync(join(dir, "parallel.out")).equals(singleOut)).toBe(true);
  expect(readFileSync(join(dir, "parallel.out.summary.json"), "utf8")).toBe(
    readFileSync(join(dir, "single.out.summary.json"), "utf8"),
  );
  expect(singleOut.length).toBeGreaterThan(100_000);
}

describe("ppl run --workers", { timeout: SPAWN_TIMEOUT }, () => {
  it.each(["ndjson", "json", "csv"])("gives the same bytes from CSV data as %s", (format) => {
    runBoth(CSV, "partners.csv", format);
  });

  it("gives the same bytes from NDJSON data with blank and broken lines", () => {
    runBoth(NDJSON, "partners.ndjson", "ndjson");
  });

  it("gives the same bytes from a JSON array", () => {
    runBoth(JSON_ARRAY, "partners.json", "json");
  });

  it("gives the same bytes from CRLF CSV with a BOM and a blank line", () => {
    runBoth("\uFEFF" + CSV.replace(/\n/g, "\r\n").replace(/\r\n(?=AMP-0000010,)/, "\r\n\r\n"), "partners.csv", "csv");
  });

  it("fails with exit 2 and leaves --out untouched when a worker dies", () => {
    const dir = workspace({ "amplify.ppl": PROGRAM, "partners.csv": CSV, "results.ndjson": "earlier results\n" });
    const result = ppl(["run", "amplify.ppl", "--data", "partners.csv", "--out", "results.ndjson", "--workers", "2"], {
      cwd: dir,
      env: { PPL_TEST_WORKER_EXIT_AFTER: "3" },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("stopped unexpectedly");
    expect(result.stderr).toContain("results.ndjson is unchanged");
    expect(readFileSync(join(dir, "results.ndjson"), "utf8")).toBe("earlier results\n");
  });

  it("rejects a --workers value that is not a whole number", () => {
    const dir = workspace({ "amplify.ppl": PROGRAM, "partners.csv": CSV });
    const result = ppl(["run", "amplify.ppl", "--data", "partners.csv", "--workers", "two"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--workers two");
  });
});
