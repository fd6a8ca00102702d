// How the commands read a data file on their own thread: cut into batches of
// whole records and each batch read as a worker reads it (parallel/batches.ts),
// so a run gives the same records with and without workers, by one reader.
// For CSV this is faster than csv-parse's stream (readRecords in
// read-records.ts, which stays for streams that are not files and as the
// reference test/fuzz/data-files.test.ts checks this against): 100,000 rows
// of rules/amplify.ppl read, typed and validated, 17 against 29-40 µs a row of
// CPU time (three passes, one run); NDJSON reads alike both ways.
import { readBatches, recordsOf } from "./parallel/batches.js";
import type { RawRecord } from "./raw-record.js";
import { formatOfFile, type DataFormat } from "./read-records.js";

/** Records per batch when one thread reads the file: the batch only bounds memory here. */
const BATCH_ROWS = 2_000;

/** Reads a data file's records in file order, choosing the format from its extension unless one is given. */
export async function* readDataFile(path: string, format?: DataFormat): AsyncGenerator<RawRecord> {
  for await (const batch of readBatches(path, formatOfFile(path, format), BATCH_ROWS)) yield* recordsOf(batch);
}
