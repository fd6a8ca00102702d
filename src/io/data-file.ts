// How a data file is read on one thread (the commands, `ppl/runtime` users):
// cut into batches of whole records and each batch read as a worker reads it
// (parallel/batches.ts), so a run gives the same records with and without
// workers, by one reader. For CSV this is faster than csv-parse's stream
// (readRecordsFrom in read-records.ts, which stays for streams that are not
// files and as the reference test/fuzz/data-files.test.ts checks this
// against): 100,000 rows of rules/amplify.ppl read, typed and validated, 17
// against 29-40 µs a row of CPU time (three passes, one run); NDJSON reads
// alike both ways.
import { DEFAULT_BATCH_SIZE, readBatches, recordsOf } from "./parallel/batches.js";
import type { RawRecord } from "./raw-record.js";
import { formatOfFile, type DataFormat } from "./read-records.js";

/** Reads a data file's records in file order, choosing the format from its extension unless one is given. */
export async function* readRecords(path: string, format?: DataFormat): AsyncGenerator<RawRecord> {
  for await (const batch of readBatches(path, formatOfFile(path, format), DEFAULT_BATCH_SIZE)) yield* recordsOf(batch);
}
