// Cutting a data file into batches of whole records on the main thread, and
// reading a batch back into raw records on a worker. The main thread only
// finds where records end and counts them (so every batch knows its first row
// number); the parsing itself is the workers' share. A batch read by
// parseBatch gives exactly the records the single-threaded reader gives.
import { createReadStream } from "node:fs";
import { isUtf8 } from "node:buffer";
import { CsvByteCounter, CsvStep, csvRecordsIn } from "../csv-text.js";
import { DataFileError, plainRecord, type RawRecord } from "../raw-record.js";
import { Utf8Stream, decodeWhole } from "../utf8-text.js";
import {
  CsvRows,
  NdjsonLines,
  asDataFileError,
  headerNotUtf8,
  jsonPieceToRecord,
  parseCsvText,
  CSV_OPTIONS,
  readCsvRecords,
  scanJsonArray,
  type DataFormat,
  type DataSource,
  type JsonPiece,
} from "../read-records.js";

/**
 * Records ready to send to a worker (structured-clone friendly; `bytes` own
 * their ArrayBuffer, so they can be transferred instead of copied).
 */
export type RecordBatch =
  /** Whole CSV records as UTF-8, the header's cells, and the number of rows before the first. */
  | { format: "csv"; header: string[]; bytes: Uint8Array; rowsBefore: number; rows: number }
  /** Whole NDJSON lines as UTF-8 (each with its LF, but maybe the last). */
  | { format: "ndjson"; bytes: Uint8Array; rowsBefore: number; linesBefore: number; rows: number }
  /** JSON array elements, as found. */
  | { format: "json"; pieces: JsonPiece[]; rowsBefore: number; rows: number }
  /** Records already read (the UTF-16 CSV fallback). */
  | { format: "records"; records: RawRecord[]; rowsBefore: number; rows: number };

const LF = 10;

/** Records per batch: large enough to amortise messages, small enough to keep memory low. */
export const DEFAULT_BATCH_SIZE = 2_000;

/** The buffers a batch can hand over to a worker instead of copying. */
export function transferablesOf(batch: RecordBatch): ArrayBuffer[] {
  return batch.format === "csv" || batch.format === "ndjson" ? [batch.bytes.buffer as ArrayBuffer] : [];
}

// Batches are cut at record ends, so no character is split; a byte order mark
// inside the file is a character of a value, so it must not be dropped.
// Invalid UTF-8 is marked (see utf8-text.ts), as the streaming reader marks it.
function decodeBatch(bytes: Uint8Array): string {
  return decodeWhole(bytes);
}

/** The CSV records of a batch holding invalid UTF-8, and for each whether its bytes do. */
function csvCellsOfBadUtf8(bytes: Uint8Array): { records: string[][]; bad: boolean[] } {
  // Rare: csv-parse places each record by its end, as the streaming reader does.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const invalid = new Utf8Stream().check(bytes, true);
  let next = 0;
  const bad: boolean[] = [];
  const records = parseCsvText(buffer, {
    ...CSV_OPTIONS,
    bom: false,
    on_record: (cells: string[], info) => {
      let holds = false;
      while (next < invalid.length && invalid[next] < info.bytes) {
        holds = true;
        next++;
      }
      bad.push(holds);
      return cells;
    },
  }) as string[][];
  return { records, bad };
}

const QUOTE = 0x22;

// A batch's text is read in pieces of whole lines about this long (or line by
// line, for NDJSON): the text of a piece is garbage a few records later,
// where a whole batch's text (a quarter of a megabyte of CSV, a megabyte of
// NDJSON) outlives young-generation collections and is kept until a full one.
// Measured on 200,000 NDJSON records of rules/amplify.ppl with two workers:
// peak RSS 216-223 MB with the batch's text, 201-206 MB line by line.
const CSV_PIECE_BYTES = 8 * 1024;

/** The text of valid UTF-8 CSV bytes without quotes, in pieces of whole lines. */
function* csvPieces(bytes: Uint8Array, pieceBytes: number): Generator<string> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let start = 0;
  while (start < buffer.length) {
    const lineFeed = start + pieceBytes < buffer.length ? buffer.indexOf(LF, start + pieceBytes) : -1;
    const end = lineFeed === -1 ? buffer.length : lineFeed + 1;
    yield buffer.toString("utf8", start, end);
    start = end;
  }
}

/**
 * The raw records of a batch, as the single-threaded reader would give them,
 * one at a time so each can be dropped as soon as it is evaluated.
 */
export function* recordsOf(batch: RecordBatch, pieceBytes = CSV_PIECE_BYTES): Generator<RawRecord> {
  switch (batch.format) {
    case "csv": {
      // A batch holds whole records; they are read as the streaming reader reads them.
      const rows = new CsvRows(batch.header, batch.rowsBefore);
      const { bytes } = batch;
      if (isUtf8(bytes)) {
        // Without quotes every line feed ends a record, so the text can be cut at any of them.
        const texts = bytes.includes(QUOTE) ? [decodeBatch(bytes)] : csvPieces(bytes, pieceBytes);
        for (const text of texts) {
          for (const cells of csvRecordsIn(text)) {
            const record = rows.record(cells);
            if (record !== undefined) yield record;
          }
        }
        return;
      }
      const { records, bad } = csvCellsOfBadUtf8(batch.bytes);
      for (let index = 0; index < records.length; index++) {
        const record = rows.record(records[index], bad[index]);
        if (record !== undefined) yield record;
      }
      return;
    }
    case "ndjson": {
      const lines = new NdjsonLines(batch.linesBefore, batch.rowsBefore);
      const { bytes } = batch;
      // Line by line (see CSV_PIECE_BYTES). A line feed is never part of another
      // character, so a line decodes, invalid bytes marked, as within the whole batch.
      const valid = isUtf8(bytes);
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
      let start = 0;
      while (start < buffer.length) {
        let end = buffer.indexOf(LF, start);
        if (end === -1) end = buffer.length;
        const text = valid ? buffer.toString("utf8", start, end) : decodeBatch(bytes.subarray(start, end));
        const record = lines.record(text);
        if (record !== undefined) yield record;
        start = end + 1;
      }
      return;
    }
    case "json":
      for (const piece of batch.pieces) yield jsonPieceToRecord(piece);
      return;
    case "records":
      yield* batch.records;
      return;
  }
}

/**
 * Reads a data file as batches of about `size` records (and at most about
 * `maxBytes` of text), in file order. Fatal problems of the file are thrown
 * after every batch before them is yielded, as DataFileError naming the file.
 */
export async function* readBatches(
  path: string,
  format: DataFormat,
  size: number,
  maxBytes = 1024 * 1024,
): AsyncGenerator<RecordBatch> {
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    switch (format) {
      case "csv":
        yield* csvBatches(source as AsyncIterable<Buffer>, size, maxBytes);
        break;
      case "ndjson":
        yield* ndjsonBatches(source as AsyncIterable<Buffer>, size, maxBytes);
        break;
      case "json":
        yield* jsonBatches(source, size);
        break;
    }
  } catch (error) {
    throw asDataFileError(error, path);
  } finally {
    source.destroy();
  }
}

const EMPTY = new Uint8Array(0);

/** The bytes in one buffer; only the unread tail of `pending` is copied. */
function append(pending: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (pending.length === 0) return chunk;
  const joined = new Uint8Array(pending.length + chunk.length);
  joined.set(pending, 0);
  joined.set(chunk, pending.length);
  return joined;
}

/** A copy that owns its ArrayBuffer, so it can be transferred. */
function own(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

async function* csvBatches(source: AsyncIterable<Buffer>, size: number, maxBytes: number): AsyncGenerator<RecordBatch> {
  const chunks = source[Symbol.asyncIterator]();
  const head = await chunks.next();
  const first = head.done === true ? undefined : head.value;
  const rest = restOf(first, chunks);
  // A UTF-16 file is read by csv-parse on this thread (see readCsvRecords).
  if (first !== undefined && first.length >= 3 && first[0] === 0xff && first[1] === 0xfe) {
    let records: RawRecord[] = [];
    let rowsBefore = 0;
    for await (const record of readCsvRecords(rest)) {
      // Posted to a worker: a CsvRecord's fields getter would not survive the copy.
      records.push(plainRecord(record));
      if (records.length >= size) {
        yield { format: "records", records, rowsBefore, rows: records.length };
        rowsBefore += records.length;
        records = [];
      }
    }
    if (records.length > 0) yield { format: "records", records, rowsBefore, rows: records.length };
    return;
  }
  const counter = new CsvByteCounter();
  let header: string[] | undefined;
  let bomChecked = false;
  let startsWithBomBytes = false;
  // `pending` starts at the first record not yet sent; records before `scanned` are counted.
  let pending: Uint8Array = EMPTY;
  let scanned = 0;
  let rows = 0;
  let rowsBefore = 0;
  let retryAt = 0;
  function* cut(atEnd: boolean): Generator<RecordBatch> {
    if (!bomChecked) {
      if (pending.length < 3 && !atEnd) return;
      startsWithBomBytes = startsWithBom(pending);
      if (startsWithBomBytes) pending = pending.subarray(3);
      bomChecked = true;
    }
    while (header === undefined) {
      const step = counter.step(pending, scanned, atEnd);
      if (step === CsvStep.QuoteNotClosed) throw quoteNotClosed(0);
      if (step !== CsvStep.Record && step !== CsvStep.Empty) return;
      if (step === CsvStep.Record) {
        const headerBytes = pending.subarray(0, counter.next);
        const invalid = new Utf8Stream().check(headerBytes, true);
        if (invalid.length > 0) throw headerNotUtf8(invalid[0] + (startsWithBomBytes ? 3 : 0));
        header = csvRecordsIn(decodeBatch(headerBytes)).next().value ?? [];
      }
      pending = pending.subarray(counter.next);
      scanned = 0;
    }
    for (;;) {
      const step = counter.step(pending, scanned, atEnd);
      if (step === CsvStep.Record) {
        rows++;
      } else if (step === CsvStep.QuoteNotClosed) {
        if (rows > 0) yield { format: "csv", header, bytes: own(pending.subarray(0, scanned)), rowsBefore, rows };
        throw quoteNotClosed(rowsBefore + rows);
      } else if (step !== CsvStep.Empty) {
        break;
      }
      scanned = counter.next;
      if (rows >= size || (rows > 0 && scanned >= maxBytes)) {
        yield { format: "csv", header, bytes: own(pending.subarray(0, scanned)), rowsBefore, rows };
        pending = pending.subarray(scanned);
        scanned = 0;
        rowsBefore += rows;
        rows = 0;
      }
    }
    if (atEnd && rows > 0) {
      yield { format: "csv", header, bytes: own(pending.subarray(0, scanned)), rowsBefore, rows };
      rowsBefore += rows;
      rows = 0;
    }
  }
  for await (const chunk of rest) {
    pending = append(pending, chunk);
    // Records are counted once enough bytes have gathered, not on every small chunk.
    if (pending.length - scanned < retryAt) continue;
    yield* cut(false);
    retryAt = Math.max((pending.length - scanned) * 2, 64 * 1024);
  }
  yield* cut(true);
  if (header === undefined) throw new DataFileError("the CSV file is empty; its first row must name the inputs");
}

function quoteNotClosed(row: number): DataFileError {
  return new DataFileError(`a quoted value is never closed after row ${row}: every opening " needs a closing "`);
}

/** Whether an NDJSON line is blank (only whitespace), as NdjsonLines decides it. */
function blankLine(bytes: Uint8Array, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const byte = bytes[index];
    if (byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)) continue;
    if (byte < 0x80) return false;
    // Other characters may be Unicode white space: decide on the text.
    return decodeBatch(bytes.subarray(start, end)).trim() === "";
  }
  return true;
}

async function* ndjsonBatches(
  source: AsyncIterable<Buffer>,
  size: number,
  maxBytes: number,
): AsyncGenerator<RecordBatch> {
  let line = 0;
  let row = 0;
  let bomChecked = false;
  // `pending` starts at the first line not yet sent; lines before `scanned` are counted.
  let pending: Uint8Array = EMPTY;
  let scanned = 0;
  let rowsBefore = 0;
  let linesBefore = 0;
  let rows = 0;
  const send = (end: number): RecordBatch => {
    const batch: RecordBatch = {
      format: "ndjson",
      bytes: own(pending.subarray(0, end)),
      rowsBefore,
      linesBefore,
      rows,
    };
    pending = pending.subarray(end);
    scanned -= end;
    rowsBefore = row;
    linesBefore = line;
    rows = 0;
    return batch;
  };
  for await (const chunk of source) {
    pending = append(pending, chunk);
    if (!bomChecked) {
      if (pending.length < 3) continue;
      if (startsWithBom(pending)) pending = pending.subarray(3);
      bomChecked = true;
    }
    let newline = pending.indexOf(LF, scanned);
    while (newline !== -1) {
      line++;
      if (!blankLine(pending, scanned, newline)) {
        row++;
        rows++;
      }
      scanned = newline + 1;
      if (rows >= size || (rows > 0 && scanned >= maxBytes)) yield send(scanned);
      newline = pending.indexOf(LF, scanned);
    }
    if (rows === 0) {
      // Only blank lines counted so far: they need not be kept.
      pending = pending.subarray(scanned);
      scanned = 0;
      linesBefore = line;
    }
  }
  if (!bomChecked && startsWithBom(pending)) pending = pending.subarray(3);
  line++;
  if (!blankLine(pending, scanned, pending.length)) {
    row++;
    rows++;
  }
  if (rows > 0) yield send(pending.length);
}

async function* jsonBatches(source: DataSource, size: number): AsyncGenerator<RecordBatch> {
  let pieces: JsonPiece[] = [];
  let rowsBefore = 0;
  try {
    for await (const found of scanJsonArray(source)) {
      for (const piece of found) {
        pieces.push(piece);
        if (pieces.length >= size) {
          yield { format: "json", pieces, rowsBefore, rows: pieces.length };
          rowsBefore += pieces.length;
          pieces = [];
        }
      }
    }
  } catch (error) {
    // Elements found before a broken array are still evaluated and written.
    if (pieces.length > 0) yield { format: "json", pieces, rowsBefore, rows: pieces.length };
    throw error;
  }
  if (pieces.length > 0) yield { format: "json", pieces, rowsBefore, rows: pieces.length };
}

async function* restOf(first: Buffer | undefined, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (first === undefined) return;
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done === true) return;
    yield next.value;
  }
}
