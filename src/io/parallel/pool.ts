// `ppl run` on worker threads: the main thread cuts the data file into batches
// of whole records, a pool of workers types, evaluates and formats them, and
// the main thread writes the batches strictly in input order. At most a few
// batches per worker are in flight, so memory stays bounded however large the
// file: reading waits while the writer or the workers are behind.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Artifact } from "../../compile/artifact.js";
import type { DataFormat } from "../read-records.js";
import type { SummaryCounter } from "../run-summary.js";
import type { ResultColumns, ResultFormat, ResultWriter } from "../write-results.js";
import { DEFAULT_BATCH_SIZE, readBatches, transferablesOf, type RecordBatch } from "./batches.js";
import type { BatchRequest, WorkerReply, WorkerSetup } from "./worker.js";

/** Data files above this size are run on workers by default (starting one costs about a second). */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;

// A worker's garbage is short-lived (one record at a time); a small young
// generation keeps each worker's memory low for a few percent more GC time.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 };

/** The most worker threads a run starts: one per core (more only compete for the cores, and each costs memory). */
export function maxWorkers(): number {
  return Math.max(1, availableParallelism());
}

// Tests lower the threshold to run small files on workers.
function parallelMinBytes(): number {
  const forTests = process.env.PPL_TEST_PARALLEL_MIN_BYTES;
  return forTests !== undefined && /^[0-9]+$/.test(forTests) ? Number(forTests) : PARALLEL_MIN_BYTES;
}

/**
 * Worker threads for a data file of `dataBytes`: none for a file at or below
 * the threshold (starting a worker costs more than evaluating it), else as
 * requested (by default one per core, none on one core), never more than
 * maxWorkers().
 */
export function workersForData(requested: number | undefined, dataBytes: number): number {
  if (dataBytes <= parallelMinBytes()) return 0;
  const cores = maxWorkers();
  if (requested === undefined) return cores > 1 ? cores : 0;
  return Math.min(requested, cores);
}

/** A worker thread failed: the run must stop rather than lose rows. */
export class WorkerFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkerFailure";
  }
}

export interface ParallelRun {
  artifact: Artifact;
  data: string;
  dataFormat: DataFormat;
  resultFormat: ResultFormat;
  columns: ResultColumns;
  workers: number;
  writer: ResultWriter;
  counter: SummaryCounter;
  batchSize?: number;
  /** Called after each batch is written, with its row count (for the progress line). */
  onRows?: (rows: number) => void;
}

/**
 * How to start the worker whose module is `worker` (a .js file from dist, a
 * .ts file under tsx). From the TypeScript sources (tests run under tsx),
 * Node 20 does not apply tsx's `--import` loader to a worker's entry file, so
 * a one-line script loads the .ts file through tsx's tsImport instead.
 */
export function workerEntry(worker: URL): { entry: URL | string; evaluate: boolean } {
  if (!worker.href.endsWith(".ts")) return { entry: worker, evaluate: false };
  const here = import.meta.url;
  const tsx = new URL("../../../node_modules/tsx/dist/esm/api/index.mjs", here).href;
  return {
    entry: `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(worker.href)}, ${JSON.stringify(here)}))`,
    evaluate: true,
  };
}

/** A module next to the caller, of its kind: `name`.ts from the sources, .js from dist, .cjs from the command's bundle. */
export function siblingModule(callerUrl: string, name: string): URL {
  const extension = /\.(ts|cjs)$/.exec(callerUrl)?.[0] ?? ".js";
  return new URL(`./${name}${extension}`, callerUrl);
}

/** What every worker of a pool answers a batch with: its result, or why it failed. */
export type PoolReply<Result> = ({ id: number; ok: true } & Result) | { id: number; ok: false; message: string };

interface Pending<Result> {
  resolve(reply: { id: number; ok: true } & Result): void;
  reject(error: Error): void;
}

class PoolWorker<Result> {
  readonly pending = new Map<number, Pending<Result>>();
  private stopping = false;
  private failure: Error | undefined;

  constructor(
    private readonly worker: Worker,
    private readonly label: string,
  ) {
    worker.on("message", (reply: PoolReply<Result>) => {
      const waiting = this.pending.get(reply.id);
      if (waiting === undefined) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(new WorkerFailure(`${this.label} could not process rows: ${reply.message}`));
    });
    worker.on("error", (error) => this.fail(new WorkerFailure(`${this.label} crashed: ${error.message}`)));
    worker.on("messageerror", (error) =>
      this.fail(new WorkerFailure(`${this.label} sent an unreadable message: ${error.message}`)),
    );
    worker.on("exit", (code) => {
      if (!this.stopping) this.fail(new WorkerFailure(`${this.label} stopped unexpectedly (exit code ${code})`));
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }

  send(request: BatchRequest): Promise<{ id: number; ok: true } & Result> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      const transfer = transferablesOf(request.batch);
      if (request.spare !== undefined) transfer.push(request.spare);
      this.worker.postMessage(request, transfer);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }
}

export interface BatchRun<Result> {
  /** The worker module (see workerEntry) and what it is started with. */
  worker: URL;
  setup: unknown;
  data: string;
  dataFormat: DataFormat;
  workers: number;
  batchSize?: number;
  /**
   * Called with each batch's result, strictly in input order. It may return
   * a buffer it is done with (written out, referenced nowhere), which a later
   * batch's worker then writes its result into.
   */
  onResult: (result: { id: number; ok: true } & Result) => Promise<ArrayBuffer | void> | ArrayBuffer | void;
}

// Why buffers go back to the workers: a batch's result is a few megabytes,
// allocated by a worker's thread and freed by the main thread's. glibc then
// keeps the freed blocks rather than returning them, and on 1,000,000 rows
// the peak RSS grew by some 30-40 MB (MALLOC_MMAP_THRESHOLD_=131072, which
// makes glibc return them, showed the same difference).

/**
 * Sends every batch of records of the data file to a pool of workers and
 * hands their results to `onResult` in input order, with at most two batches
 * per worker in flight. Throws the reader's DataFileError (after handing over
 * every batch before the problem) or a WorkerFailure.
 */
export async function runBatches<Result>(run: BatchRun<Result>): Promise<void> {
  const { entry, evaluate } = workerEntry(run.worker);
  const workers: PoolWorker<Result>[] = [];
  for (let index = 0; index < run.workers; index++) {
    workers.push(
      new PoolWorker<Result>(
        new Worker(entry, { eval: evaluate, workerData: run.setup, resourceLimits: WORKER_LIMITS }),
        `worker thread ${index + 1}`,
      ),
    );
  }
  // Two batches per worker keep each busy while the main thread reads and writes.
  const maxInFlight = workers.length * 2;
  const inFlight = new Map<number, Promise<{ id: number; ok: true } & Result>>();
  const spares: ArrayBuffer[] = [];
  let nextId = 0;
  let nextToWrite = 0;

  const writeNext = async (): Promise<void> => {
    const waiting = inFlight.get(nextToWrite);
    if (waiting === undefined) throw new Error(`batch ${nextToWrite} was never sent`);
    const reply = await waiting;
    inFlight.delete(nextToWrite);
    nextToWrite++;
    const spare = await run.onResult(reply);
    if (spare !== undefined && spares.length < maxInFlight) spares.push(spare);
  };

  const dispatch = (batch: RecordBatch): void => {
    let chosen = workers[0]!;
    for (const worker of workers) if (worker.pending.size < chosen.pending.size) chosen = worker;
    const id = nextId++;
    const spare = spares.pop();
    const reply = chosen.send(spare === undefined ? { id, batch } : { id, batch, spare });
    // Failures surface when the batch's turn to be written comes; never unhandled before.
    reply.catch(() => undefined);
    inFlight.set(id, reply);
  };

  try {
    let readFailure: unknown;
    try {
      // Tests use small batches, so many are in flight and come back out of order.
      const batchSize = run.batchSize ?? (Number(process.env.PPL_TEST_BATCH_ROWS ?? "0") || DEFAULT_BATCH_SIZE);
      for await (const batch of readBatches(run.data, run.dataFormat, batchSize)) {
        while (nextId - nextToWrite >= maxInFlight) await writeNext();
        dispatch(batch);
      }
    } catch (error) {
      if (error instanceof WorkerFailure) throw error;
      readFailure = error;
    }
    while (nextToWrite < nextId) await writeNext();
    if (readFailure !== undefined) throw readFailure;
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/**
 * Runs every record of the data file through the workers and writes the
 * results with `writer`, adding each batch's summary to `counter`. Throws the
 * reader's DataFileError (after writing every batch before the problem, as the
 * single-threaded run does) or a WorkerFailure.
 */
export async function runParallel(run: ParallelRun): Promise<void> {
  const setup: WorkerSetup = { artifact: JSON.stringify(run.artifact), format: run.resultFormat, columns: run.columns };
  await runBatches<Omit<Extract<WorkerReply, { ok: true }>, "id" | "ok">>({
    worker: siblingModule(import.meta.url, "worker"),
    setup,
    data: run.data,
    dataFormat: run.dataFormat,
    workers: run.workers,
    ...(run.batchSize !== undefined ? { batchSize: run.batchSize } : {}),
    onResult: async (reply) => {
      await run.writer.writeRows(reply.bytes, reply.rows);
      run.counter.merge(reply.summary);
      run.onRows?.(reply.rows);
      // writeRows resolves once the bytes are written, so their buffer may be reused.
      return reply.bytes.buffer as ArrayBuffer;
    },
  });
}
