// `ppl report` against `ppl run` on the same generated data file, both from
// the built CLI (npm run build first): wall time, peak RSS of the whole
// process (worker threads included) and the report's size. Prints figures,
// asserts nothing. Usage: tsx test/bench/report.ts [--rows N] (default 200,000).
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_OPTIONS, writePartners } from "../../examples/generate-partners.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PROGRAM = join(ROOT, "rules", "amplify.ppl");
const MAIN = join(ROOT, "dist", "cli", "main.js");
const rowsFlag = process.argv.indexOf("--rows");
const ROWS = rowsFlag >= 0 ? Number(process.argv[rowsFlag + 1]) : 200_000;
// Prints the process's peak RSS on exit, so one figure covers the main thread and its workers.
const RSS_HOOK =
  'data:text/javascript,process.on("exit",()=>process.stderr.write("MAXRSS "+process.resourceUsage().maxRSS+"\\n"))';

function timed(label: string, args: string[]): { seconds: number; rssMiB: number } {
  const start = performance.now();
  const result = spawnSync(process.execPath, ["--import", RSS_HOOK, MAIN, ...args], { encoding: "utf8" });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${label} failed: ${result.stderr}`);
  const rss = /MAXRSS (\d+)/.exec(result.stderr);
  const rssMiB = rss ? Number(rss[1]) / 1024 : NaN;
  process.stdout.write(
    `${label.padEnd(34)} ${seconds.toFixed(2).padStart(8)} s  ${rssMiB.toFixed(0).padStart(5)} MiB peak RSS\n`,
  );
  return { seconds, rssMiB };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ppl-bench-report-"));
  try {
    const csv = join(dir, "partners.csv");
    const file = createWriteStream(csv);
    await writePartners({ ...DEFAULT_OPTIONS, rows: ROWS }, file);
    file.end();
    await once(file, "finish");
    process.stdout.write(
      `report vs run: ${ROWS} rows of rules/amplify.ppl (${(statSync(csv).size / 2 ** 20).toFixed(1)} MiB CSV), load ${loadavg()[0]!.toFixed(2)}\n`,
    );
    const run = timed("ppl run (default workers)", [
      "run",
      PROGRAM,
      "--data",
      csv,
      "--out",
      join(dir, "r.ndjson"),
      "--no-progress",
    ]);
    const runSingle = timed("ppl run --workers 0", [
      "run",
      PROGRAM,
      "--data",
      csv,
      "--out",
      join(dir, "r.ndjson"),
      "--workers",
      "0",
      "--no-progress",
    ]);
    const html = join(dir, "report.html");
    const report = timed("ppl report", ["report", PROGRAM, "--data", csv, "-o", html]);
    process.stdout.write(
      `report / run: ${(report.seconds / run.seconds).toFixed(2)}× (target ≤ 1.5×); ` +
        `report / run --workers 0: ${(report.seconds / runSingle.seconds).toFixed(2)}×; ` +
        `report peak RSS ${report.rssMiB.toFixed(0)} MiB (target < 256); report ${(statSync(html).size / 1024).toFixed(0)} KiB (target < 5 MB)\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
