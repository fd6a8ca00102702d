// `npm run bench [-- --rows N] [-- --sample N] [-- --e2e-rows N]`: evaluation
// speed and memory of every back end for rules/amplify.ppl, side by side in one
// run on the same generated partners, then a stage table (read + type as
// `ppl run` and as the commands read, evaluate, result row, serialise, the
// floor of a row on one thread and on two, the built CLI end to end on CSV →
// NDJSON, NDJSON → NDJSON and CSV → CSV, start-up) with the targets beside
// each figure. Slow engines run on the first --sample partners. Before
// timing, every back end's tiers and payouts are checked against the
// tree-walking oracle of test/oracle. A script that prints figures, not a
// timed test.
//
// PPL_BENCH_ROWS=N caps every size (rows, sample, end to end) for a quick try:
//   PPL_BENCH_ROWS=20000 npm run bench

import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DEFAULT_OPTIONS, writePartners } from "../../examples/generate-partners.js";
import type { Artifact } from "../../src/compile/artifact.js";
import { checkProgram } from "../../src/check/check.js";
import { compileProgram } from "../../src/compile/compile.js";
import { readRecords } from "../../src/io/data-file.js";
import { DEFAULT_BATCH_SIZE, readBatches, recordsOf } from "../../src/io/parallel/batches.js";
import type { RawRecord } from "../../src/io/raw-record.js";
import { resultJson } from "../../src/io/write-results.js";
import { compileRecordValidator, typeRecord } from "../../src/io/typed-record.js";
import { createEvaluator, toResultRow as fastResultRow } from "../../src/runtime/evaluator/index.js";
import type { PartnerEvaluation } from "../../src/runtime/partner.js";
import { evaluatePartner, toResultRow, withoutShortfalls } from "../oracle/partner.js";
import type { OkRow } from "../../src/runtime/result-types.js";
import type { Value } from "../../src/runtime/values.js";
import { parse } from "../../src/syntax/parse.js";
import { formatDecimal } from "../../src/number/exact-text.js";
import { isNum } from "../../src/number/rational.js";
import { amplifyExact, amplifyFloat, toFloatRecord, type FloatRecord, type Outcome } from "./amplify-by-hand.js";
import { amplifyJdm, handWrittenRulesEngine, zenInput, zenOutcome } from "./amplify-engines.js";
import { floorOnThreads, type FloorRun } from "./floor.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PROGRAM = "rules/amplify.ppl";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "200000" },
    sample: { type: "string", default: "20000" },
    "e2e-rows": { type: "string", default: "1000000" },
  },
});
const CAP = Number(process.env.PPL_BENCH_ROWS ?? Infinity) || Infinity;
const ROWS = Math.min(Number(args.rows), CAP);
const E2E_ROWS = Math.min(Number(args["e2e-rows"]), CAP);
const SAMPLE = Math.min(Number(args.sample), ROWS);
const STARTUP_RUNS = 10;

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

/** What a stage must reach, in words and as a test. */
interface Target {
  text: string;
  met: (stage: Stage) => boolean;
}

interface Stage {
  name: string;
  rows: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb?: number;
  startup?: boolean;
  target?: Target;
}

const rate = (m: { partners: number; seconds: number }) => m.partners / m.seconds;

function rateTarget(rowsPerSecond: number): Target {
  return { text: `≥ ${rowsPerSecond.toLocaleString("en-US")} rows/s`, met: (s) => s.rows / s.seconds >= rowsPerSecond };
}

/** Times `run(i)` for i < count, once (the caller warms up), in wall and CPU time. */
function timeStage(name: string, count: number, run: (index: number) => unknown): Stage {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i++) run(i);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { name, rows: count, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** Runs the built CLI under /usr/bin/time: wall and CPU seconds of the whole process, and its peak RSS. */
function timeCli(cliArgs: string[], rows: number): Stage | undefined {
  const cli = spawnSync(
    "/usr/bin/time",
    ["-f", "%e %M %U %S", process.execPath, join(ROOT, "dist/cli/main.js"), ...cliArgs],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
      maxBuffer: 64 * 2 ** 20,
    },
  );
  const [elapsed, maxKb, user, system] = (cli.stderr?.trim().split("\n").at(-1) ?? "").split(" ").map(Number);
  if (cli.status === 2 || elapsed === undefined || Number.isNaN(elapsed) || maxKb === undefined) {
    process.stderr.write(`  ppl ${cliArgs.join(" ")} failed (exit ${cli.status}): ${cli.stderr?.slice(-500)}\n`);
    return undefined;
  }
  return { name: "", rows, seconds: elapsed, cpuSeconds: (user ?? 0) + (system ?? 0), peakRssMb: maxKb / 1024 };
}

/**
 * The same partners as NDJSON, each value as a JSON file would hold it for the
 * program's inputs (lists as arrays, booleans, percents as fractions, numbers
 * exactly as decimals); a row the program refuses keeps its cells as strings,
 * so the file has the CSV's invalid rows too.
 */
async function csvToNdjson(csvPath: string, ndjsonPath: string, artifact: Artifact): Promise<void> {
  const out = createWriteStream(ndjsonPath);
  const validator = compileRecordValidator(artifact.inputs, artifact.program.name);
  for await (const raw of readRecords(csvPath)) {
    const typed = typeRecord(raw, artifact.inputs, validator);
    const fields: string[] = [];
    if (typed.ok) {
      for (const [name, value] of Object.entries(typed.values)) {
        const json = isNum(value) ? formatDecimal(value, 40).text : JSON.stringify(value);
        fields.push(`${JSON.stringify(name)}:${json}`);
      }
    } else {
      for (const [name, field] of Object.entries(raw.fields)) {
        if (field.kind === "cell" && field.text !== "")
          fields.push(`${JSON.stringify(name)}:${JSON.stringify(field.text)}`);
      }
    }
    if (!out.write(`{${fields.join(",")}}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
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

  // The stage is timed as `ppl run` reads, each typed record dropped once used, and warm, as the
  // other stages are warmed up by the phases before them: after one untimed pass (a cold pass took
  // 6.0-8.2 µs of CPU a row, a warm one 4.0). The records the evaluation phases need are kept by a
  // last pass, after the timed ones: with 200,000 records kept, typing costs twice as much (the
  // collector's work), both before (11.2 against 5.9 µs a row) and after (11.3 against 4.0).
  const validator = compileRecordValidator(artifact.inputs, artifact.program.name);
  // Two readers: ppl run's (the main thread cuts batches, a worker reads each batch's records and
  // types them in a plain loop) and the commands' (readRecords: the same batches, a record at a
  // time through an async generator).
  const readers: Record<"run" | "commands", (type: (raw: RawRecord) => unknown) => Promise<void>> = {
    run: async (type) => {
      for await (const batch of readBatches(csv, "csv", DEFAULT_BATCH_SIZE))
        for (const raw of recordsOf(batch)) type(raw);
    },
    commands: async (type) => {
      for await (const raw of readRecords(csv)) type(raw);
    },
  };
  const typeAll = async (reader: keyof typeof readers): Promise<{ seconds: number; cpuSeconds: number }> => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    let typed: unknown;
    await readers[reader]((raw) => (typed = typeRecord(raw, artifact.inputs, validator)));
    void typed;
    const used = process.cpuUsage(cpu);
    return { seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  };
  await typeAll("run");
  const typeTime = await typeAll("run");
  await typeAll("commands");
  const commandsTypeTime = await typeAll("commands");
  const typeSeconds = typeTime.seconds;
  const records: Record<string, Value>[] = [];
  const keys: (string | number | null)[] = [];
  for await (const raw of readRecords(csv)) {
    const typed = typeRecord(raw, artifact.inputs, validator);
    if (typed.ok) {
      records.push(typed.values as Record<string, Value>);
      keys.push(typed.key);
    }
  }
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
    // The oracle writes no shortfalls (test/runtime/shortfall.test.ts checks them by hand).
    count("fast (whole row)", JSON.stringify(withoutShortfalls(fastRow)) === JSON.stringify(referenceRow));
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

  // ------------------------------------------------------------ stages
  // Each stage on one core, in process, on the same records; CPU time is shown beside wall time
  // because on a shared machine wall time includes the time other processes held the core.
  process.stderr.write("  stages...\n");
  const stages: Stage[] = [];
  stages.push(
    {
      name: "read + type + validate (CSV file → typed records, as ppl run)",
      rows: ROWS,
      ...typeTime,
      target: rateTarget(300_000),
    },
    { name: "read + type + validate (as the commands: a record at a time)", rows: ROWS, ...commandsTypeTime },
  );
  const evaluateStage = timeStage("evaluate (fast evaluator)", records.length, (i) => (sink = fast(records[i]!)));
  const floatRate = rate(measurements.find((m) => m.name === "hand-written TS, floats")!);
  stages.push({
    ...evaluateStage,
    target: {
      text: `≥ 50% of plain floats (${(floatRate / 2).toFixed(0)}/s)`,
      met: (s) => s.rows / s.seconds >= floatRate / 2,
    },
  });
  // The row and its JSON are timed the way `ppl run` makes them: each partner evaluated, its row
  // made, written and dropped, in one loop; each stage's figure is what it adds to the loop without
  // it. Rows made from evaluations kept for the purpose (a chunk of 10,000 at a time, as this bench
  // did before) cost 10.2 µs of CPU a row for toResultRow against 3.4 this way: the collector
  // copied and promoted what was kept, and memoizing into old objects costs write barriers.
  const rowOf = (i: number) => fastResultRow(fast(records[i]!), i + 1, keys[i]!, artifact);
  const withRow = timeStage("", records.length, (i) => (sink = rowOf(i)));
  const withJson = timeStage("", records.length, (i) => (sink = resultJson(rowOf(i))));
  const difference = (name: string, whole: Stage, part: Stage): Stage => ({
    name,
    rows: whole.rows,
    seconds: Math.max(0, whole.seconds - part.seconds),
    cpuSeconds: Math.max(0, whole.cpuSeconds - part.cpuSeconds),
  });
  stages.push(
    difference("result row (toResultRow, values computed lazily included)", withRow, evaluateStage),
    difference("serialise (resultJson: NDJSON text)", withJson, withRow),
    { ...difference("result row + serialise", withJson, evaluateStage), target: rateTarget(300_000) },
  );
  // The floor (floor.ts): the least a row can cost in Node with exact numbers, whatever the design,
  // on one worker thread and on two at once (two threads do not run twice as fast as one).
  const floorStage = (name: string, run: FloorRun): Stage => ({ name, ...run });
  stages.push(
    floorStage(
      "floor, 1 worker thread (floor.ts: split + Number, exact by hand, JSON)",
      await floorOnThreads(csv, artifact, 1),
    ),
    {
      ...floorStage("floor, 2 worker threads at once (the same partners each)", await floorOnThreads(csv, artifact, 2)),
      target: rateTarget(150_000),
    },
  );
  void sink;

  // ------------------------------------------------------------ end to end
  process.stderr.write("  end to end with the built CLI...\n");
  records.length = 0;
  floats.length = 0;
  sample.length = 0;
  collectGarbage();
  const built = spawnSync("npm", ["run", "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stderr}`);
  const e2eNdjson = join(dir, "partners-e2e.ndjson");
  await csvToNdjson(e2eCsv, e2eNdjson, artifact);
  const artifactFile = join(dir, "amplify.rules.json");
  writeFileSync(artifactFile, JSON.stringify(artifact));
  const e2eTarget: Target = {
    text: "≥ 150,000/s, peak RSS < 200 MB",
    met: (s) => s.rows / s.seconds >= 150_000 && (s.peakRssMb ?? Infinity) < 200,
  };
  for (const [label, data, format] of [
    ["CSV → NDJSON", e2eCsv, "ndjson"],
    ["NDJSON → NDJSON", e2eNdjson, "ndjson"],
    ["CSV → CSV", e2eCsv, "csv"],
  ] as const) {
    const run = timeCli(
      [
        "run",
        join(ROOT, PROGRAM),
        "--data",
        data,
        "--format",
        format,
        "--no-progress",
        "--summary",
        join(dir, "summary.json"),
      ],
      E2E_ROWS,
    );
    if (run)
      stages.push({ ...run, name: `end to end: ppl run ${label} (built CLI, default workers)`, target: e2eTarget });
  }

  // ------------------------------------------------------------ start-up
  process.stderr.write(`  start-up (minimum of ${STARTUP_RUNS} runs)...\n`);
  const oneRow = join(dir, "one-row.csv");
  writeFileSync(oneRow, readFileSync(e2eCsv, "utf8").split("\n").slice(0, 2).join("\n") + "\n");
  const startups: [string, string[], number][] = [
    ["ppl --help", ["--help"], 150],
    [`ppl check ${PROGRAM}`, ["check", join(ROOT, PROGRAM)], 250],
    ["ppl run ARTIFACT on one row", ["run", artifactFile, "--data", oneRow, "--no-progress"], 200],
    [`ppl run ${PROGRAM} on one row`, ["run", join(ROOT, PROGRAM), "--data", oneRow, "--no-progress"], 300],
  ];
  for (const [label, cliArgs, targetMs] of startups) {
    let best: Stage | undefined;
    for (let i = 0; i < STARTUP_RUNS; i++) {
      const run = timeCli(cliArgs, 1);
      if (run && (best === undefined || run.seconds < best.seconds)) best = run;
    }
    if (best) {
      stages.push({
        ...best,
        name: `start-up: ${label}`,
        startup: true,
        target: { text: `≤ ${targetMs} ms`, met: (s) => s.seconds * 1000 <= targetMs },
      });
    }
  }
  rmSync(dir, { recursive: true, force: true });

  // ------------------------------------------------------------ report
  // Ratios are to ZEN's faster mode (the higher of its sequential and concurrent rates).
  const zenRate = measurements.filter((m) => m.name.startsWith("GoRules ZEN")).sort((a, b) => rate(b) - rate(a))[0];
  const limit = measurements.find((m) => m.name.startsWith("hand-written TS, exact"))!;
  const pad = (s: string, n: number) => s.padEnd(n);
  const lines = [
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}; load average (1, 5, 15 min) ${loadBefore.map((x) => x.toFixed(1)).join(" ")} before, ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} after`,
    `command: npm run bench -- --rows ${ROWS} --sample ${SAMPLE} --e2e-rows ${E2E_ROWS}${CAP < Infinity ? ` (PPL_BENCH_ROWS=${CAP})` : ""}`,
    loadBefore[0]! > cpus().length / 2 || loadavg()[0]! > cpus().length / 2
      ? "NOTE: the machine was busy (load average above half the cores): wall-clock figures are low; CPU figures less so."
      : "",
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
    "stages (in process on one core, except end to end and start-up: the whole built CLI; CPU µs/row is user + system time):",
    "",
    `| ${pad("stage", 66)} | rows | rows/s | µs/row | CPU µs/row | peak RSS MB | target | met |`,
    `| ${"-".repeat(66)} | ---: | -----: | -----: | ---------: | ----------: | ------ | --- |`,
    ...stages.map((st) => {
      const perRow = st.startup ? `${(st.seconds * 1000).toFixed(0)} ms` : ((st.seconds * 1e6) / st.rows).toFixed(2);
      const cpuPerRow = st.startup
        ? `${(st.cpuSeconds * 1000).toFixed(0)} ms`
        : ((st.cpuSeconds * 1e6) / st.rows).toFixed(2);
      const perSecond = st.startup ? "-" : (st.rows / st.seconds).toFixed(0);
      const met = st.target === undefined ? "" : st.target.met(st) ? "met" : "missed";
      return `| ${pad(st.name, 66)} | ${st.rows} | ${perSecond} | ${perRow} | ${cpuPerRow} | ${st.peakRssMb?.toFixed(0) ?? "-"} | ${st.target?.text ?? ""} | ${met} |`;
    }),
    "",
    "peak RSS of in-process rows includes the typed records held for every phase; +RSS is what the phase itself added; the CLI row is its own process (/usr/bin/time).",
    `read + type of ${ROWS} CSV rows as ppl run reads them, each record dropped once typed: ${typeSeconds.toFixed(1)} s, ${(ROWS / typeSeconds).toFixed(0)} rows/s (warm: the second of two passes; the rows above use the same records, typed again in an untimed pass and kept)`,
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
