// The floor of a row of `ppl run`: the least a row of rules/amplify.ppl can
// cost in Node with exact numbers, whatever the design. The partner's CSV line
// split on commas and each cell read by Number (no quotes, no exact decimals,
// no checks), the hand-written exact function (no interpreter), JSON.stringify
// of a row made beforehand (no row to build) and its UTF-8. bench.ts times it
// on one worker thread and on two at once, each thread with its own heap as
// `ppl run`'s workers have, so that the second figure is what two cores give
// rather than twice what one does.
import { readFileSync } from "node:fs";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Artifact } from "../../src/compile/artifact.js";
import { readRecords } from "../../src/io/data-file.js";
import { workerEntry } from "../../src/io/parallel/pool.js";
import { compileRecordValidator, typeRecord } from "../../src/io/typed-record.js";
import { createEvaluator, toResultRow } from "../../src/runtime/evaluator/index.js";
import type { Value } from "../../src/runtime/values.js";
import { amplifyExact } from "./amplify-by-hand.js";

/** Result rows the floor's JSON.stringify cycles through: making them is not timed, nor is keeping them. */
const KEPT_ROWS = 5_000;

interface FloorSetup {
  csv: string;
  /** The compiled program as JSON text, as `ppl run` hands it to its workers. */
  artifact: string;
}

/** What the floor's threads have done: their rows, and the wall and (process) CPU seconds taken. */
export interface FloorRun {
  rows: number;
  seconds: number;
  cpuSeconds: number;
}

/** One thread's rows (a worker cannot tell its own CPU time from the process's in Node 20). */
interface ThreadRun {
  rows: number;
}

type FloorMessage = { kind: "ready" } | { kind: "done"; run: ThreadRun } | { kind: "failed"; message: string };

/** Types the partners and warms the loop up, then waits for `started()` and times the loop. */
async function timeFloor(setup: FloorSetup, started: () => Promise<void>): Promise<ThreadRun> {
  const { csv } = setup;
  const artifact = JSON.parse(setup.artifact) as Artifact;
  const validator = compileRecordValidator(artifact.inputs, artifact.program.name);
  const evaluate = createEvaluator(artifact);
  const records: Record<string, Value>[] = [];
  const rows: object[] = [];
  for await (const raw of readRecords(csv)) {
    const typed = typeRecord(raw, artifact.inputs, validator);
    if (!typed.ok) continue;
    const values = typed.values as Record<string, Value>;
    if (rows.length < KEPT_ROWS) rows.push(toResultRow(evaluate(values), records.length + 1, typed.key, artifact));
    records.push(values);
  }
  // Any line of the file costs about the same to split: the first lines, one a record.
  const lines = readFileSync(csv, "utf8")
    .split("\n")
    .slice(1, records.length + 1);
  const utf8 = new TextEncoder();
  const encoded = new Uint8Array(64 * 1024);
  let sink: unknown;
  const row = (i: number): void => {
    const cells = lines[i]!.split(",");
    let cellSum = 0;
    for (let c = 0; c < cells.length; c++) cellSum += Number(cells[c]);
    sink = amplifyExact(records[i]!);
    utf8.encodeInto(JSON.stringify(rows[i % rows.length]), encoded);
    sink = cellSum;
  };
  for (let i = 0; i < Math.min(records.length, 20_000); i++) row(i);
  await started();
  for (let i = 0; i < records.length; i++) row(i);
  void sink;
  return { rows: records.length };
}

/**
 * The floor on `threads` worker threads at once, over every valid partner of
 * `csv` each: the rows of all threads, the wall time from the common start to
 * the last thread's end, and the CPU time of all.
 */
export async function floorOnThreads(csv: string, artifact: Artifact, threads: number): Promise<FloorRun> {
  // This file, started as ppl run starts its workers from the TypeScript sources.
  const { entry, evaluate } = workerEntry(new URL(import.meta.url));
  const setup: FloorSetup = { csv, artifact: JSON.stringify(artifact) };
  const workers = Array.from({ length: threads }, () => new Worker(entry, { eval: evaluate, workerData: setup }));
  const next = (worker: Worker) =>
    new Promise<FloorMessage>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  try {
    const ready = await Promise.all(workers.map(next));
    const failed = ready.find((message) => message.kind === "failed");
    if (failed?.kind === "failed") throw new Error(`a floor thread failed: ${failed.message}`);
    const replies = workers.map(next);
    const cpu = process.cpuUsage();
    const begun = performance.now();
    for (const worker of workers) worker.postMessage("start");
    const runs = (await Promise.all(replies)).map((message) => {
      if (message.kind !== "done") throw new Error(`a floor thread failed: ${JSON.stringify(message)}`);
      return message.run;
    });
    const seconds = (performance.now() - begun) / 1000;
    const used = process.cpuUsage(cpu);
    return { rows: runs.reduce((sum, run) => sum + run.rows, 0), seconds, cpuSeconds: (used.user + used.system) / 1e6 };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  // "ready" once the partners are typed and the loop warmed up; the timing starts on the reply.
  const started = () =>
    new Promise<void>((resolve) => {
      port.once("message", () => resolve());
      port.postMessage({ kind: "ready" } satisfies FloorMessage);
    });
  timeFloor(workerData as FloorSetup, started).then(
    (run) => port.postMessage({ kind: "done", run } satisfies FloorMessage),
    (error: unknown) => port.postMessage({ kind: "failed", message: String(error) } satisfies FloorMessage),
  );
}
