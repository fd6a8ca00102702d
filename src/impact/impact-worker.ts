// A worker thread of `ppl impact`: loads both artifacts once, then evaluates
// each batch of raw records it is sent under both programs and answers with
// the batch's counts (an ImpactPart) and its --changes lines, which the main
// thread merges and writes in input order.
import { parentPort, workerData } from "node:worker_threads";
import type { Artifact } from "../compile/artifact.js";
import { recordsOf } from "../io/parallel/batches.js";
import type { PoolReply } from "../io/parallel/pool.js";
import type { BatchRequest } from "../io/parallel/worker.js";
import { changeFormatter, type ChangesFormat } from "./changes-file.js";
import { ImpactCounter, type ImpactPart, type PartnerChange } from "./impact-counter.js";
import { PairEvaluator } from "./pair.js";

export interface ImpactWorkerSetup {
  /** Both artifacts as JSON text: plain data crosses threads, functions do not. */
  old: string;
  new: string;
  top: number;
  /** The --changes format, when changes are written. */
  changes?: ChangesFormat;
}

export interface ImpactBatchResult {
  rows: number;
  part: ImpactPart;
  /** The batch's --changes lines ("" when none are written). */
  changes: string;
}

const setup = workerData as ImpactWorkerSetup;
const pair = new PairEvaluator({ old: JSON.parse(setup.old) as Artifact, new: JSON.parse(setup.new) as Artifact });
const port = parentPort;
if (port === null) throw new Error("the impact worker must be started as a worker thread");
// One counter only to learn the incentive list and digits --changes lines are written with.
const layout = new ImpactCounter(pair.programs);
const formatter =
  setup.changes === undefined ? undefined : changeFormatter(setup.changes, layout.incentiveNames, layout.digits);

port.on("message", (request: BatchRequest) => {
  try {
    const lines: string[] = [];
    const onChange =
      formatter === undefined ? undefined : (change: PartnerChange) => void lines.push(formatter.line(change));
    const counter = new ImpactCounter(pair.programs, { top: setup.top, ...(onChange ? { onChange } : {}) });
    for (const raw of recordsOf(request.batch)) counter.add(pair.evaluate(raw));
    const reply: PoolReply<ImpactBatchResult> = {
      id: request.id,
      ok: true,
      rows: counter.rows,
      part: counter.part(),
      changes: lines.join(""),
    };
    port.postMessage(reply);
  } catch (error) {
    const reply: PoolReply<ImpactBatchResult> = { id: request.id, ok: false, message: (error as Error).message };
    port.postMessage(reply);
  }
});
