// A worker thread of `ppl run`: loads the artifact once, then turns each batch
// of raw record text it is sent into formatted result text and a summary part.
import { parentPort, workerData } from "node:worker_threads";
import type { Artifact } from "../../compile/artifact.js";
import { programEvaluator } from "../evaluate-records.js";
import type { SummaryPart } from "../run-summary.js";
import type { ResultColumns, ResultFormat } from "../write-results.js";
import type { RecordBatch } from "./batches.js";
import { BatchProcessor } from "./process.js";

export interface WorkerSetup {
  /** The artifact as JSON text: plain data crosses threads, functions do not. */
  artifact: string;
  format: ResultFormat;
  columns: ResultColumns;
}

export interface BatchRequest {
  id: number;
  batch: RecordBatch;
  /** A buffer of an earlier reply, already written, for this batch's result to be encoded into. */
  spare?: ArrayBuffer;
}

export type WorkerReply =
  | { id: number; ok: true; bytes: Uint8Array; rows: number; summary: SummaryPart }
  | { id: number; ok: false; message: string };

const setup = workerData as WorkerSetup;
const program = JSON.parse(setup.artifact) as Artifact;
const processor = new BatchProcessor(program, programEvaluator(program), setup.format, setup.columns);
const port = parentPort;
if (port === null) throw new Error("the run worker must be started as a worker thread");

// Tests make a worker die mid-run to check that no row is lost silently.
const failAfter = Number(process.env.PPL_TEST_WORKER_EXIT_AFTER ?? "0");
let batches = 0;

port.on("message", (request: BatchRequest) => {
  if (failAfter > 0 && ++batches > failAfter) process.exit(3);
  processor.process(request.batch, request.spare).then(
    (result) =>
      port.postMessage({ id: request.id, ok: true, ...result } satisfies WorkerReply, [
        result.bytes.buffer as ArrayBuffer,
      ]),
    (error: unknown) =>
      port.postMessage({ id: request.id, ok: false, message: (error as Error).message } satisfies WorkerReply),
  );
});
