// A worker writes a batch's result into a spare buffer from an earlier batch
// (pool.ts hands written buffers back): the bytes must be exactly those of a
// fresh buffer, whatever the spare held before.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { partnersCsv } from "../../../examples/generate-partners.js";
import { BatchProcessor } from "../../../src/io/parallel/process.js";
import type { RecordBatch } from "../../../src/io/parallel/batches.js";
import { programEvaluator } from "../../../src/io/evaluate-records.js";
import { resultColumnsOf } from "../../../src/io/write-results.js";
import { loadCompiled } from "../../compile/compiled-program.js";

const ROOT = new URL("../../../", import.meta.url).pathname;
const program = loadCompiled(join(ROOT, "rules/amplify.ppl"));
const columns = resultColumnsOf(program);

function csvBatch(rows: number, seed: number): RecordBatch {
  const [header, ...lines] = partnersCsv({ rows, seed, invalid: true }).trimEnd().split("\n");
  return {
    format: "csv",
    header: header!.split(","),
    bytes: new TextEncoder().encode(lines.join("\n") + "\n"),
    rowsBefore: 0,
    rows,
  };
}

describe("BatchProcessor", () => {
  it("writes the same bytes into a used spare buffer as into a new one", async () => {
    const processor = new BatchProcessor(program, programEvaluator(program), "ndjson", columns);
    const fresh = await processor.process(csvBatch(300, 5));
    expect(fresh.rows).toBe(300);
    // A spare as a written batch leaves it: full of other text, and larger than needed.
    const spare = new Uint8Array(fresh.bytes.length * 3).fill(0x7b).buffer;
    const reused = await processor.process(csvBatch(300, 5), spare);
    expect(reused.bytes.buffer).toBe(spare);
    expect(Buffer.from(reused.bytes).equals(Buffer.from(fresh.bytes))).toBe(true);
  });

  it("leaves a spare too small for the batch and writes into a new buffer", async () => {
    const processor = new BatchProcessor(program, programEvaluator(program), "csv", columns);
    const expected = await processor.process(csvBatch(200, 9));
    const small = new ArrayBuffer(16);
    const result = await processor.process(csvBatch(200, 9), small);
    expect(result.bytes.buffer).not.toBe(small);
    expect(Buffer.from(result.bytes).equals(Buffer.from(expected.bytes))).toBe(true);
  });
});
