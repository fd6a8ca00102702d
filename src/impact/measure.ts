// One streamed pass over the data: each raw record evaluated under both
// programs and counted. Memory stays bounded (see impact-counter.ts).
import { siblingModule } from "../io/parallel/pool.js";
import type { RawRecord } from "../io/raw-record.js";
import { ImpactCounter, type ImpactOptions } from "./impact-counter.js";
import { PairEvaluator, type ProgramPair } from "./pair.js";

export async function measureImpact(
  programs: ProgramPair,
  records: AsyncIterable<RawRecord> | Iterable<RawRecord>,
  options: ImpactOptions & { onRow?: () => void } = {},
): Promise<ImpactCounter> {
  const pair = new PairEvaluator(programs);
  const counter = new ImpactCounter(pair.programs, options);
  for await (const raw of records) {
    counter.add(pair.evaluate(raw));
    options.onRow?.();
  }
  return counter;
}

/** The worker thread module of `ppl impact` (impact-worker.ts), for runBatches. */
export const IMPACT_WORKER = siblingModule(import.meta.url, "impact-worker");
