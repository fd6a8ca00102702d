// `npx tsx test/bench/impact.ts [--rows N]`: `ppl impact` against one `ppl run`
// on the same generated file, both as the built CLI (dist/cli/main.js; run
// `npm run build` first), each in its own process so peak RSS is the
// process's own. Prints both times, the ratio (the target: at most
// 2.2×) and impact's peak RSS (target: under 256 MB). A script that prints
// figures, not a timed test.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_OPTIONS, writePartners } from "../../examples/generate-partners.js";

const ROOT = join(import.meta.dirname, "..", "..");
const MAIN = join(ROOT, "dist", "cli", "main.js");
const { values: args } = parseArgs({ options: { rows: { type: "string", default: "1000000" } } });
const ROWS = Number(args.rows);

interface Timing {
  seconds: number;
  peakRssMb: number;
  status: number | null;
}

/** Wall time of one CLI process, and its peak RSS as the process reports it at exit (through an --import hook). */
async function timed(argv: string[], hook: string): Promise<Timing> {
  const start = performance.now();
  const child = spawn(process.execPath, ["--import", hook, MAIN, ...argv], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [status] = (await once(child, "exit")) as [number | null];
  const seconds = (performance.now() - start) / 1000;
  const match = /PEAK_RSS_KB=(\d+)/.exec(stderr);
  return { seconds, peakRssMb: match ? Number(match[1]) / 1024 : NaN, status };
}

async function main(): Promise<void> {
  if (!existsSync(MAIN)) throw new Error("build the CLI first: npm run build");
  const dir = mkdtempSync(join(tmpdir(), "ppl-impact-bench-"));
  try {
    const data = join(dir, "partners.csv");
    const out = createWriteStream(data);
    await writePartners({ ...DEFAULT_OPTIONS, rows: ROWS }, out);
    out.end();
    await once(out, "close");
    // The new program: a threshold, a rate and a cap moved, as a real change would.
    const next = readFileSync(join(ROOT, "rules", "amplify.ppl"), "utf8")
      .replace(
        'require revenue >= 1M       as "Power sales volume"',
        'require revenue >= 1.2M     as "Power sales volume"',
      )
      .replace("Power:     2%", "Power:     2.5%")
      .replace("  cap 40k", "  cap 45k");
    const newProgram = join(dir, "amplify-new.ppl");
    writeFileSync(newProgram, next);
    const hook = join(dir, "peak-rss.mjs");
    writeFileSync(
      hook,
      'process.on("exit", () => process.stderr.write(`PEAK_RSS_KB=${process.resourceUsage().maxRSS}\\n`));\n',
    );
    const program = join(ROOT, "rules", "amplify.ppl");
    const runArgs = (workers: string[]) => [
      "run",
      program,
      "--data",
      data,
      "--out",
      join(dir, "out.ndjson"),
      ...workers,
    ];
    const impactArgs = [
      "impact",
      program,
      newProgram,
      "--data",
      data,
      "--format",
      "json",
      "--out",
      join(dir, "impact.json"),
    ];

    const run = await timed(runArgs([]), hook);
    const runSingle = await timed(runArgs(["--workers", "0"]), hook);
    const impact = await timed(impactArgs, hook);
    const impactSingle = await timed([...impactArgs, "--workers", "0"], hook);
    const load = loadavg()[0]!.toFixed(2);
    console.log(`ppl impact vs ppl run, rules/amplify.ppl, ${ROWS.toLocaleString("en-US")} generated rows`);
    console.log(`machine: ${cpus().length} cores, load average ${load} (figures on a busy machine vary)`);
    console.log(`ppl run (default workers)   ${run.seconds.toFixed(2)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
    console.log(
      `ppl run --workers 0         ${runSingle.seconds.toFixed(2)} s, peak RSS ${runSingle.peakRssMb.toFixed(0)} MB`,
    );
    console.log(
      `ppl impact                  ${impact.seconds.toFixed(2)} s, peak RSS ${impact.peakRssMb.toFixed(0)} MB`,
    );
    console.log(
      `ppl impact --workers 0      ${impactSingle.seconds.toFixed(2)} s, peak RSS ${impactSingle.peakRssMb.toFixed(0)} MB`,
    );
    console.log(
      `ratio impact / run: ${(impact.seconds / run.seconds).toFixed(2)}× (target ≤ 2.2×); ` +
        `on one thread each: ${(impactSingle.seconds / runSingle.seconds).toFixed(2)}×`,
    );
    console.log(`impact peak RSS ${impact.peakRssMb < 256 ? "under" : "OVER"} 256 MB`);
    if ([run, runSingle, impact, impactSingle].some((t) => t.status !== 0 && t.status !== 1)) {
      console.log("a run failed: exit codes", run.status, runSingle.status, impact.status, impactSingle.status);
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
