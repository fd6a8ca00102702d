// `npm run bench-lsp [-- --runs N]`: how long the language server takes from a
// `didChange` to its `publishDiagnostics` for that version, on
// rules/amplify.ppl and on a generated 5,000-line program, driving the built
// server (`node dist/cli/main.js lsp`, run `npm run build` first) with a real
// LSP client over stdio. Also times the change → code lenses answer (the
// tests run by the one evaluator). A script that prints figures, not a timed test.
// `--baseline DIR` also times another build (a copy of an older dist/, with
// node_modules reachable from it) in the same run, for a side-by-side figure.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { LspClient, ROOT } from "../lsp/lsp-client.js";
import { generatedProgram } from "./lsp-program.js";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "100" }, baseline: { type: "string" } },
});
const RUNS = Number(values.runs);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(client: LspClient, name: string, text: string, variant: (i: number) => string, runs: number) {
  const uri = `untitled:${name}`;
  await client.open(uri, text);
  await client.versionDiagnostics(uri, 1);
  const toDiagnostics: number[] = [];
  const toLenses: number[] = [];
  const warmup = Math.min(10, Math.ceil(runs / 5));
  for (let i = 0; i < warmup + runs; i++) {
    const started = performance.now();
    const version = await client.change(uri, variant(i));
    await client.versionDiagnostics(uri, version);
    const published = performance.now();
    await client.request("textDocument/codeLens", { textDocument: { uri } });
    const lensed = performance.now();
    if (i >= warmup) {
      toDiagnostics.push(published - started);
      toLenses.push(lensed - started);
    }
  }
  await client.close(uri);
  const show = (label: string, times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `  ${label}: median ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms (${times.length} changes)`,
    );
  };
  console.log(`${name} (${text.split("\n").length - 1} lines):`);
  show("didChange → publishDiagnostics", toDiagnostics);
  show("didChange → code lenses (tests run)", toLenses);
}

execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
const [load1] = loadavg();
console.log(
  `Node ${process.version}, ${availableParallelism()} cores, load average ${load1!.toFixed(2)}` +
    (load1! > availableParallelism() / 2 ? " — a busy machine: figures are slower than on a quiet one" : ""),
);
// A fixed amount of plain work, to compare figures taken on machines of different speed or load.
let sum = 0;
const loopStarted = performance.now();
for (let i = 0; i < 1e8; i++) sum += i;
console.log(
  `a loop of 1e8 additions takes ${(performance.now() - loopStarted).toFixed(0)} ms here (${sum > 0 ? "done" : ""})`,
);
const amplify = readFileSync(join(ROOT, "rules/amplify.ppl"), "utf8");
const large = generatedProgram(5000);
const builds: [string, string | undefined][] = [["this build", undefined]];
if (values.baseline) builds.unshift([`baseline ${values.baseline}`, join(values.baseline, "cli/main.js")]);
for (const [label, main] of builds) {
  console.log(`— ${label}`);
  const { client } = await LspClient.start({ main });
  // Each change edits one requirement, so every version differs and checks clean.
  await measure(
    client,
    "rules/amplify.ppl",
    amplify,
    (i) => amplify.replace("revenue >= 50k", `revenue >= ${50 + (i % 9)}k`),
    RUNS,
  );
  await measure(
    client,
    "generated.ppl",
    large,
    (i) => large.replace("cap 10k", `cap ${10 + (i % 9)}k`),
    Math.max(10, Math.round(RUNS / 5)),
  );
  await client.stop();
}
const [loadAfter] = loadavg();
console.log(`load average after: ${loadAfter!.toFixed(2)}`);
