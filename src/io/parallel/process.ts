// What a worker does with one batch: type, evaluate and format every record,
// and count the batch's share of the run summary. The same code as the
// single-threaded run (evaluateRecord, resultFormatter, SummaryCounter), so
// both give the same bytes.
import type { CompiledProgram } from "../../runtime/partner.js";
import { evaluateRecord, type PartnerEvaluator } from "../evaluate-records.js";
import { SummaryCounter, type SummaryPart } from "../run-summary.js";
import { compileRecordValidator, type RecordValidator } from "../typed-record.js";
import { resultFormatter, type ResultColumns, type ResultFormat } from "../write-results.js";
import { recordsOf, type RecordBatch } from "./batches.js";

export interface BatchResult {
  /** The formatted rows as UTF-8, in input order. */
  bytes: Uint8Array;
  rows: number;
  summary: SummaryPart;
}

/** Row text encoded straight into one growing buffer, so no batch-sized string is built. */
class Utf8Builder {
  private buffer: Uint8Array;
  length = 0;
  private readonly encoder = new TextEncoder();

  /** Into `spare` when it is large enough (its bytes are overwritten), else into a new buffer. */
  constructor(capacity: number, spare: ArrayBuffer | undefined) {
    const size = Math.max(capacity, 1024);
    this.buffer = spare !== undefined && spare.byteLength >= size ? new Uint8Array(spare) : new Uint8Array(size);
  }

  append(text: string): void {
    for (;;) {
      const { read, written } = this.encoder.encodeInto(text, this.buffer.subarray(this.length));
      this.length += written;
      if (read === text.length) return;
      text = text.slice(read);
      const larger = new Uint8Array(Math.max(this.buffer.length * 2, this.length + text.length * 3));
      larger.set(this.buffer.subarray(0, this.length));
      this.buffer = larger;
    }
  }

  /** The bytes written: a view of the whole buffer, which is transferred (and comes back as a spare). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

// About a kilobyte per result row to start with; then each batch's buffer is
// sized from the rows before it (plus a tenth), so it seldom grows (a copy).
const BYTES_PER_ROW = 1024;
const SLACK = 1.1;

export class BatchProcessor {
  private readonly validator: RecordValidator;
  private bytesPerRow = BYTES_PER_ROW;

  constructor(
    private readonly program: CompiledProgram,
    private readonly evaluator: PartnerEvaluator,
    private readonly format: ResultFormat,
    private readonly columns: ResultColumns,
  ) {
    this.validator = compileRecordValidator(program.inputs, program.program.name, program.program.minorUnits);
  }

  async process(batch: RecordBatch, spare?: ArrayBuffer): Promise<BatchResult> {
    const formatter = resultFormatter(this.format, this.columns, batch.rowsBefore);
    const counter = new SummaryCounter(this.program);
    const output = new Utf8Builder(Math.ceil(batch.rows * this.bytesPerRow), spare);
    let rows = 0;
    for (const raw of recordsOf(batch)) {
      rows++;
      const evaluated = evaluateRecord(this.program, raw, this.validator, this.evaluator);
      const { result } = evaluated instanceof Promise ? await evaluated : evaluated;
      output.append(formatter.row(result));
      counter.add(result);
    }
    if (rows > 0) this.bytesPerRow = (output.length / rows) * SLACK;
    return { bytes: output.bytes(), rows, summary: counter.part() };
  }
}
