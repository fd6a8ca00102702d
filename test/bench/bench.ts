// `npm run bench [-- --rows N] [-- --sample N]`: evaluation speed and memory of
// every back end for rules/amplify.ppl, side by side in one run on the same
// generated partners. Slow engines run on the first --sample partners. Before
// timing, every back end's tiers and payouts are checked against the
// tree-walking oracle of test/oracle. A script that prints figures, not a timed test.

import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DEFAULT_OPTIONS, writePartners } from "../../examples/generate-partners.js";
import type { Artifact } from "../../src/compile/artifact.js";
import { checkProgram } from "../../src/check/check.js";
import { compileProgram } from "../../src/compile/compile.js";
import { readRecords } from "../../src/io/read-records.js";
import { compileRecordValidator, typeRecord } from "../../src/io/typed-record.js";
import { createEvaluator, toResultRow as fastResultRow } from "../../src/runtime/evaluator/index.js";
import type { PartnerEvaluation } from "../../src/runtime/partner.js";
import { evaluatePartner, toResultRow } from "../oracle/partner.js";
import type { OkRow } from "../../src/runtime/result-types.js";
import type { Value } from "../../src/runtime/values.js";
import { parse } from "../../src/syntax/parse.js";
import { amplifyExact, amplifyFloat, toFloatRecord, type FloatRecord, type Outcome } from "./amplify-by-hand.js";
import { amplifyJdm, handWrittenRulesEngine, zenInput, zenOutcome } from "./amplify-engines.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PROGRAM = "rules/amplify.ppl";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "200000" },
    sample: { type: "string", default: "20000" },
    "e2e-rows": { type: "string", default: "100000" },
  },
});
const ROWS = Number(args.rows);
const E2E_ROWS = Math.min(Number(args["e2e-rows"]), ROWS);
const SAMPLE = Math.min(Number(args.sample), ROWS);

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

interface Measurement {
  name: string;
  partners: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** Peak RSS during the phase minus RSS at its start (after a GC): what the engine itself adds. */
  addedRssMb?: number;
  note?: string;
}

const measurements: Measurement[] = [];
const rssMb = () => process.memoryUsage.rss() / 2 ** 20;

/** Times `run` over `count` items; samples RSS every 1,000 items. */
/** Times `run(i)` for i < count; each call handles `perCall` partners (a concurrent batch). */
async function measure(
  name: string,
  count: number,
  run: (index: number) => unknown,
  note?: string,
  perCall = 1,
): Promise<void> {
  // Warm up the JIT on the first partners so short runs measure steady state, not compilation.
  for (let i = 0; i < Math.min(count, 2000); i++) {
    const result = run(i);
    if (result instanceof Promise) await result;
  }
  collectGarbage();
  const base = rssMb();
  let peak = base;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const result = run(i);
    if (result instanceof Promise) await result;
    if (i % 1000 === 0) peak = Math.max(peak, rssMb());
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  peak = Math.max(peak, rssMb());
  const partners = count * perCall;
  measurements.push({
    name,
    partners,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMb: peak,
    addedRssMb: peak - base,
    note,
  });
  process.stderr.write(`  ${name}: ${(partners / seconds).toFixed(0)} partners/s\n`);
}

function outcomeOf(row: OkRow): Outcome {
  return { tier: row.tier, subtiers: row.subtiers, payouts: [...Object.values(row.incentives), row.total] };
}

const same = (a: Outcome, b: Outcome) => JSON.stringify(a) === JSON.stringify(b);

interface ZenDecision {
  evaluate(input: unknown): Promise<{ result: unknown }>;
}

interface ZenModule {
  ZenEngine: new () => { createDecision(graph: unknown): ZenDecision };
}

async function main(): Promise<void> {
  process.stderr.write(`bench: ${ROWS} partners (${SAMPLE} for the slow engines), ${PROGRAM}\n`);
  const loadBefore = loadavg();
  const text = readFileSync(join(ROOT, PROGRAM), "utf8");
  const artifact: Artifact = compileProgram(checkProgram(parse(text, PROGRAM).program), text);

  const dir = mkdtempSync(join(tmpdir(), "ppl-bench-"));
  const csv = join(dir, "partners.csv");
  const file = createWriteStream(csv);
  await writePartners({ ...DEFAULT_OPTIONS, rows: ROWS }, file);
  file.end();
  await once(file, "finish");
  // The same seed: the end-to-end file is the first E2E_ROWS rows of the other.
  const e2eCsv = join(dir, "partners-e2e.csv");
  const e2eFile = createWriteStream(e2eCsv);
  await writePartners({ ...DEFAULT_OPTIONS, rows: E2E_ROWS }, e2eFile);
  e2eFile.end();
  await once(e2eFile, "finish");

  // Read and type once; the evaluation phases below all use these records.
  const validator = compileRecordValidator(artifact.inputs, artifact.program.name);
  const records: Record<string, Value>[] = [];
  const keys: (string | number | null)[] = [];
  const typeStart = performance.now();
  for await (const raw of readRecords(csv)) {
    const typed = typeRecord(raw, artifact.inputs, validator);
    if (typed.ok) {
      records.push(typed.values as Record<string, Value>);
      keys.push(typed.key);
    }
  }
  const typeSeconds = (performance.now() - typeStart) / 1000;
  process.stderr.write(`  read + type: ${records.length} valid of ${ROWS} rows in ${typeSeconds.toFixed(1)} s\n`);
  const validCount = records.length;
  const sample = records.slice(0, SAMPLE);
  const floats: FloatRecord[] = records.map(toFloatRecord);

  const fast = createEvaluator(artifact);
  const rulesEngine = await import("../../src/runtime/rules-engine.js").catch(() => undefined);
  const engineEvaluator = rulesEngine?.createRulesEngineEvaluator(artifact);
  const handRules = handWrittenRulesEngine();
  // ZEN is installed by `npm run bench` only (not a project dependency), so it is loaded by a name
  // the type-checker does not resolve, and typed here by the little the bench uses.
  const zenPackage: string = "@gorules/zen-engine";
  const zenModule = (await import(zenPackage).catch(() => undefined)) as ZenModule | undefined;
  const zen = zenModule ? new zenModule.ZenEngine().createDecision(amplifyJdm()) : undefined;

  // ------------------------------------------------------------ agreement
  process.stderr.write("  checking agreement on tiers and payouts...\n");
  const disagreements = new Map<string, number>();
  const examples = new Map<string, string>();
  const count = (name: string, ok: boolean, show?: () => string) => {
    disagreements.set(name, (disagreements.get(name) ?? 0) + (ok ? 0 : 1));
    if (!ok && show && !examples.has(name)) examples.set(name, show());
  };
  const referenceOutcomes: Outcome[] = [];
  for (const [i, record] of sample.entries()) {
    const referenceRow = toResultRow(evaluatePartner(artifact, record), i + 1, keys[i]!, artifact);
    const reference = outcomeOf(referenceRow);
    referenceOutcomes.push(reference);
    const fastRow = fastResultRow(fast(record), i + 1, keys[i]!, artifact);
    count("fast (whole row)", JSON.stringify(fastRow) === JSON.stringify(referenceRow));
    count("hand-written TS, exact", same(amplifyExact(record), reference));
    if (engineEvaluator)
      count(
        "json-rules-engine back end",
        same(outcomeOf(toResultRow(await engineEvaluator.evaluate(record), i + 1, keys[i]!, artifact)), reference),
      );
    const handRulesOutcome = await handRules(floats[i]!);
    count(
      "hand-written json-rules-engine",
      same(handRulesOutcome, reference),
      () => `${JSON.stringify(handRulesOutcome)} vs ${JSON.stringify(reference)}`,
    );
    if (zen) {
      const zenResult = zenOutcome((await zen.evaluate(zenInput(floats[i]!))).result as Record<string, unknown>);
      count(
        "GoRules ZEN",
        same(zenResult, reference),
        () => `${JSON.stringify(zenResult)} vs ${JSON.stringify(reference)}`,
      );
    }
  }
  for (const [i, record] of records.entries()) {
    const reference =
      i < referenceOutcomes.length
        ? referenceOutcomes[i]!
        : outcomeOf(fastResultRow(fast(record), i + 1, keys[i]!, artifact));
    const floatOutcome = amplifyFloat(floats[i]!);
    count(
      "hand-written TS, floats",
      same(floatOutcome, reference),
      () => `${JSON.stringify(floatOutcome)} vs ${JSON.stringify(reference)}`,
    );
  }

  // ------------------------------------------------------------ timing
  process.stderr.write("  timing...\n");
  let sink: unknown;
  await measure("PPL fast back end (evaluate)", records.length, (i) => (sink = fast(records[i]!)));
  await measure("PPL fast back end (evaluate + result row JSON)", records.length, (i) => {
    sink = JSON.stringify(fastResultRow(fast(records[i]!), i + 1, keys[i]!, artifact));
  });
  await measure(
    "PPL tree-walking oracle (test/oracle), evaluatePartner",
    sample.length,
    (i) => (sink = evaluatePartner(artifact, sample[i]!)),
  );
  await measure("PPL tree-walking oracle (evaluate + result row JSON)", sample.length, (i) => {
    sink = JSON.stringify(toResultRow(evaluatePartner(artifact, sample[i]!), i + 1, keys[i]!, artifact));
  });
  if (engineEvaluator) {
    await measure("PPL json-rules-engine back end", sample.length, (i) =>
      engineEvaluator.evaluate(sample[i]!).then((e: PartnerEvaluation) => (sink = e)),
    );
  }
  await measure("hand-written json-rules-engine (floats)", sample.length, (i) =>
    handRules(floats[i]!).then((o) => (sink = o)),
  );
  if (zen) {
    await measure("GoRules ZEN, hand-written JDM (sequential)", sample.length, (i) =>
      zen.evaluate(zenInput(floats[i]!)).then((r) => (sink = r)),
    );
    // ZEN's faster mode: many calls in flight hide the round trip to its worker.
    const inFlight = 256;
    await measure(
      `GoRules ZEN, hand-written JDM (${inFlight} concurrent)`,
      Math.floor(sample.length / inFlight),
      (batch) =>
        Promise.all(
          Array.from({ length: inFlight }, (_, j) => zen.evaluate(zenInput(floats[batch * inFlight + j]!))),
        ).then((r) => (sink = r)),
      undefined,
      inFlight,
    );
  }
  await measure("hand-written TS, exact (the limit)", records.length, (i) => (sink = amplifyExact(records[i]!)));
  await measure("hand-written TS, floats", records.length, (i) => (sink = amplifyFloat(floats[i]!)));
  void sink;

  // ------------------------------------------------------------ end to end
  process.stderr.write("  end to end...\n");
  const cli = spawnSync(
    "/usr/bin/time",
    [
      "-f",
      "%e %M %U %S",
      process.execPath,
      "--import",
      "tsx",
      join(ROOT, "src/cli/main.ts"),
      "run",
      join(ROOT, PROGRAM),
      "--data",
      e2eCsv,
      "--no-progress",
      "--summary",
      join(dir, "summary.json"),
    ],
    { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", maxBuffer: 64 * 2 ** 20 },
  );
  const timeLine = cli.stderr?.trim().split("\n").at(-1) ?? "";
  const [elapsed, maxKb, user, system] = timeLine.split(" ").map(Number);
  if (elapsed !== undefined && !Number.isNaN(elapsed) && maxKb !== undefined) {
    measurements.push({
      name: "end to end: ppl run CSV → NDJSON >/dev/null (CLI as wired today)",
      partners: E2E_ROWS,
      seconds: elapsed,
      cpuSeconds: (user ?? 0) + (system ?? 0),
      peakRssMb: maxKb / 1024,
      note: `exit ${cli.status}`,
    });
  } else {
    process.stderr.write(`  ppl run failed: ${cli.stderr?.slice(-500)}\n`);
  }
  // The pipeline of evaluateRecords in process, with the fast evaluator and its row writer.
  records.length = 0;
  floats.length = 0;
  sample.length = 0;
  collectGarbage();
  for (const [name, rowOf] of [
    ["end to end in process: read + type + fast + fastResultRow + NDJSON", fastResultRow],
    ["end to end in process: read + type + fast + oracle toResultRow + NDJSON", toResultRow],
  ] as const) {
    const out = createWriteStream("/dev/null");
    const cpu = process.cpuUsage();
    const start = performance.now();
    const base = rssMb();
    let peak = base;
    let n = 0;
    for await (const raw of readRecords(e2eCsv)) {
      const typed = typeRecord(raw, artifact.inputs, validator);
      const row = typed.ok
        ? rowOf(fast(typed.values as Record<string, Value>), raw.row, typed.key, artifact)
        : { row: raw.row, partner: typed.key, status: "invalid", errors: typed.errors };
      if (!out.write(JSON.stringify(row) + "\n")) await once(out, "drain");
      if (++n % 1000 === 0) peak = Math.max(peak, rssMb());
    }
    out.end();
    const used = process.cpuUsage(cpu);
    measurements.push({
      name,
      partners: n,
      seconds: (performance.now() - start) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMb: peak,
      addedRssMb: peak - base,
    });
  }
  rmSync(dir, { recursive: true, force: true });

  // ------------------------------------------------------------ report
  const rate = (m: Measurement) => m.partners / m.seconds;
  // Ratios are to ZEN's faster mode (the higher of its sequential and concurrent rates).
  const zenRate = measurements.filter((m) => m.name.startsWith("GoRules ZEN")).sort((a, b) => rate(b) - rate(a))[0];
  const limit = measurements.find((m) => m.name.startsWith("hand-written TS, exact"))!;
  const pad = (s: string, n: number) => s.padEnd(n);
  const lines = [
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}; load average ${loadBefore.map((x) => x.toFixed(1)).join(" ")} before, ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} after`,
    `command: npm run bench -- --rows ${ROWS} --sample ${SAMPLE} --e2e-rows ${E2E_ROWS}`,
    "",
    `| ${pad("back end", 72)} | partners | partners/s | per CPU-s | peak RSS MB | +RSS MB | × ZEN | × exact limit |`,
    `| ${"-".repeat(72)} | -------: | ---------: | --------: | ----------: | ------: | ----: | ------------: |`,
    ...measurements.map((m) => {
      const vsZen = zenRate ? (rate(m) / rate(zenRate)).toFixed(2) : "n/a";
      const vsLimit = (rate(m) / rate(limit)).toFixed(3);
      const added = m.addedRssMb === undefined ? "-" : m.addedRssMb.toFixed(0);
      return `| ${pad(m.name + (m.note ? ` (${m.note})` : ""), 72)} | ${String(m.partners).padStart(8)} | ${rate(m).toFixed(0).padStart(10)} | ${(m.partners / m.cpuSeconds).toFixed(0).padStart(9)} | ${m.peakRssMb.toFixed(0).padStart(11)} | ${added.padStart(7)} | ${vsZen.padStart(5)} | ${vsLimit.padStart(13)} |`;
    }),
    "",
    "peak RSS of in-process rows includes the typed records held for every phase; +RSS is what the phase itself added; the CLI row is its own process (/usr/bin/time).",
    `read + type of ${ROWS} CSV rows (shared by all evaluation rows above): ${typeSeconds.toFixed(1)} s, ${(ROWS / typeSeconds).toFixed(0)} rows/s`,
    `json-rules-engine back end: ${engineEvaluator ? "src/runtime/rules-engine.ts" : "not found, skipped"}; GoRules ZEN: ${zen ? "@gorules/zen-engine installed" : "not installed"}`,
    "",
    "disagreements with the reference runtime on tier, subtiers, payouts and total (fast: on the whole row):",
    ...[...disagreements].map(
      ([name, n]) => `  ${name}: ${n} of ${name === "hand-written TS, floats" ? validCount : SAMPLE}`,
    ),
    "first disagreement of each (got vs reference; payouts in declaration order, then the total):",
    ...[...examples].map(([name, text]) => `  ${name}: ${text}`),
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

await main();
