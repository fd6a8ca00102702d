// Streaming readers for partner data: CSV, a JSON array, NDJSON. Each yields
// raw records in file order; a record that cannot be used becomes a record
// with a `problem` (so rows in = rows out), and only a file that cannot be
// read at all throws DataFileError.
import { createRequire } from "node:module";
import { extname } from "node:path";
import { Readable, pipeline } from "node:stream";
import type * as CsvParseModule from "csv-parse";
import type * as CsvParseSync from "csv-parse/sync";
import { JsonSyntaxError, parseJsonRecord } from "./lossless-json.js";
import {
  CsvHeader,
  CsvRecord,
  DataFileError,
  JsonRecord,
  emptyFields,
  type RawField,
  type RawRecord,
} from "./raw-record.js";
import { INVALID_UTF8, Utf8Stream } from "./utf8-text.js";

export type DataFormat = "csv" | "json" | "ndjson";

/** Bytes or already-decoded text, chunk by chunk (a Readable or an array of Buffers qualifies). */
export type DataSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

const FORMAT_BY_EXTENSION: Record<string, DataFormat> = {
  ".csv": "csv",
  ".json": "json",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
};

/** The data format a file's extension names (any case), or undefined. */
export function dataFormatOf(path: string): DataFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
}

/** What to tell the user about a data file whose format its name does not give, or undefined when it does. */
export function dataFormatProblem(path: string): string | undefined {
  return dataFormatOf(path) === undefined
    ? `${path}: unknown data format; use a .csv, .json, .ndjson or .jsonl file`
    : undefined;
}

/** The format given, else the one the file's extension names; a DataFileError when it names none. */
export function formatOfFile(path: string, format?: DataFormat): DataFormat {
  const chosen = format ?? dataFormatOf(path);
  if (chosen === undefined) {
    throw new DataFileError("cannot tell the data format from the file name: use .csv, .json, .ndjson or .jsonl", path);
  }
  return chosen;
}

/** Reads records of the given format from a stream of chunks. */
export function readRecordsFrom(source: DataSource, format: DataFormat): AsyncGenerator<RawRecord> {
  switch (format) {
    case "csv":
      return readCsvRecords(source);
    case "json":
      return readJsonRecords(source);
    case "ndjson":
      return readNdjsonRecords(source);
  }
}

const SYSTEM_ERROR_WORDS: Record<string, string> = {
  ENOENT: "the file does not exist",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a folder, not a file",
};

// Messages leave the path to the caller (it is in `file`), which names it once.
export function asDataFileError(error: unknown, path: string): unknown {
  if (error instanceof DataFileError) return new DataFileError(error.message, path);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && error instanceof Error) {
    return new DataFileError(SYSTEM_ERROR_WORDS[code] ?? error.message, path);
  }
  return error;
}

// ------------------------------------------------------------------ text

/**
 * Decodes UTF-8 chunk by chunk (a character may span chunks) and drops a
 * leading BOM. Each invalid byte becomes INVALID_UTF8, which makes the record
 * holding it invalid (see jsonTextToRecord), never a silent U+FFFD.
 */
export async function* decodeUtf8(source: DataSource): AsyncGenerator<string> {
  const decoder = new Utf8Stream();
  let first = true;
  for await (const chunk of source) {
    let text = typeof chunk === "string" ? chunk : decoder.decode(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode(new Uint8Array(0), true);
  if (rest.length > 0) yield first && rest.charCodeAt(0) === 0xfeff ? rest.slice(1) : rest;
}

/** The problem of a record whose bytes are not valid UTF-8. */
export function invalidUtf8Problem(row: number): string {
  return `row ${row} is not valid UTF-8 (a byte that is no character, shown nowhere): save the file as UTF-8`;
}

/** A record's fields without those that hold `mark` (text changed by invalid UTF-8): only the rest can be trusted. */
function withoutMarked(fields: Record<string, RawField>, mark: string): Record<string, RawField> {
  const kept = emptyFields();
  for (const [name, field] of Object.entries(fields)) {
    if (!rawFieldHolds(field, mark)) kept[name] = field;
  }
  return kept;
}

function rawFieldHolds(field: RawField, mark: string): boolean {
  switch (field.kind) {
    case "cell":
      return field.text.includes(mark);
    case "string":
      return field.value.includes(mark);
    case "array":
      return field.items.some((item) => rawFieldHolds(item, mark));
    default:
      return false;
  }
}

// ------------------------------------------------------------------- CSV

/**
 * CSV per RFC 4180: the first row names the fields, LF or CRLF line ends,
 * UTF-8 with or without BOM. A row with more or fewer cells than the header
 * becomes a record with a problem. Quotes inside unquoted cells are kept as
 * text (relax_quotes) so one stray quote costs one value, not the run.
 */
export async function* readCsvRecords(source: DataSource): AsyncGenerator<RawRecord> {
  // csv-parse decodes the bytes itself (invalid UTF-8 as U+FFFD), so the bytes
  // are checked on the way in and each record is placed by where it ends.
  const invalid: number[] = [];
  const parser = csvParserWithEnds();
  pipeline(Readable.from(checkUtf8(source, invalid)), parser, () => {
    // Errors reach the loop below through the destroyed parser.
  });
  const csv = new CsvRows();
  let next = 0;
  try {
    for await (const [cells, end] of parser as AsyncIterable<[string[], number]>) {
      let bad = false;
      while (next < invalid.length && invalid[next] < end) {
        bad = true;
        next++;
      }
      if (bad && csv.header === undefined) throw headerNotUtf8(invalid[0]);
      const record = csv.record(cells, bad);
      if (record !== undefined) yield record;
    }
  } catch (error) {
    throw csvError(error, csv.row);
  } finally {
    parser.destroy();
  }
  if (csv.header === undefined) throw csvEmpty();
  // Every bad byte lies in some record; should one not, the file still does not pass silently.
  if (next < invalid.length) throw new DataFileError(`the file is not valid UTF-8 at byte ${invalid[next] + 1}`);
}

// csv-parse loads only where it is used (streams, UTF-16 files, batches
// holding invalid UTF-8): loading it took 25-30 ms of every run's start-up,
// and files are read with csvRecordsIn. It is CommonJS as well, so it loads
// synchronously.
const require = createRequire(import.meta.url);
let ParserWithEnds: (new (options: CsvParseModule.Options) => CsvParseModule.Parser) | undefined;

/** csv-parse's stream parser, each record paired with the file offset where it ends (csv-parse pushes it just then). */
function csvParserWithEnds(): CsvParseModule.Parser {
  if (ParserWithEnds === undefined) {
    const { Parser } = require("csv-parse") as typeof CsvParseModule;
    ParserWithEnds = class extends Parser {
      override push(record: unknown): boolean {
        return super.push(record === null ? null : [record, this.info.bytes]);
      }
    };
  }
  return new ParserWithEnds(CSV_OPTIONS);
}

/** csv-parse's whole-text parser (`csv-parse/sync`), loaded on first use as csvParserWithEnds is. */
export function parseCsvText(input: Buffer | string, options: CsvParseModule.Options): unknown {
  const { parse } = require("csv-parse/sync") as typeof CsvParseSync;
  return parse(input, options);
}

/** The source's bytes unchanged, with the offsets of invalid UTF-8 added to `invalid`. */
async function* checkUtf8(source: DataSource, invalid: number[]): AsyncGenerator<Uint8Array | string> {
  const utf8 = new Utf8Stream();
  let first = true;
  let check = true;
  for await (const chunk of source) {
    if (typeof chunk === "string") {
      check = false;
    } else if (first && chunk.length > 0) {
      // A UTF-16 file (its BOM) is decoded by csv-parse: UTF-8 rules do not apply.
      check = !((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff));
      first = false;
    }
    if (check && typeof chunk !== "string") invalid.push(...utf8.check(chunk));
    yield chunk;
  }
  if (check) invalid.push(...utf8.check(new Uint8Array(0), true));
}

export function headerNotUtf8(offset: number): DataFileError {
  return new DataFileError(`the header row is not valid UTF-8 (at byte ${offset + 1}): save the file as UTF-8`);
}

/** csv-parse's options for every CSV `ppl run` reads (streamed here, or a batch at a time on a worker). */
// csv-parse reads streams; files are read in batches split by csvRecordsIn
// (csv-text.ts), which test/bench/tokenisers.ts finds right on the same 15
// tricky files and 2.8 times as fast (5.2 against 14.7 µs a row, 100,000
// rows, on another machine than the figures below). Measured on the same 200,000-row CSV of
// rules/amplify.ppl partners (whole text to arrays of strings, CPU time,
// minimum of 3 runs, Node 20 on a busy 2-core machine): csv-parse 7.0.3
// 7.3 µs/row, papaparse 5.7.1 3.8 µs/row, udsv 0.7.3 3.1 µs/row. On a corpus
// of 15 tricky files (quotes, doubled quotes, CRLF, BOM, embedded LF and CRLF,
// no last newline, empty last lines, ragged rows, empty and quoted empty
// fields, mixed line ends, Unicode, spaces) csv-parse read all 15 as RFC 4180
// says; papaparse 14 (a file mixing CRLF and LF keeps CRs inside fields: it
// detects one line end per file); udsv 12 (it joins ragged rows by the
// header's column count, and misreads doubled quotes in a one-column file).
// Ragged rows must stay one row each, reported as that row's error, so speed
// does not buy either of them here.
export const CSV_OPTIONS = {
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  // Both line ends, so a file that mixes them still splits into rows.
  record_delimiter: ["\r\n", "\n"],
};

/** A csv-parse error as a DataFileError that names the row and never quotes a value. */
export function csvError(error: unknown, row: number): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === "CSV_QUOTE_NOT_CLOSED") return quoteNotClosed(row);
  // csv-parse messages quote cell values, which may be confidential: only its code is shown.
  if (typeof code === "string" && code.startsWith("CSV_"))
    return new DataFileError(`not valid CSV after row ${row} (${code})`);
  return error;
}

function quoteNotClosed(row: number): DataFileError {
  return new DataFileError(`a quoted value is never closed after row ${row}: every opening " needs a closing "`);
}

function csvEmpty(): DataFileError {
  return new DataFileError("the CSV file is empty; its first row must name the inputs");
}

/** Turns CSV rows of cells into raw records: the first names the fields. */
export class CsvRows {
  private csvHeader: CsvHeader | undefined;
  /** Records made so far (the header not counted). */
  row = 0;

  constructor(header?: string[], row = 0) {
    if (header !== undefined) this.setHeader(header);
    this.row = row;
  }

  get header(): readonly string[] | undefined {
    return this.csvHeader?.names;
  }

  private setHeader(cells: string[]): void {
    this.csvHeader = new CsvHeader(cells.map((name) => name.trim()));
  }

  /** The record for the next row of cells (`invalidUtf8`: its bytes were not valid UTF-8), or undefined for the header row. */
  record(cells: string[], invalidUtf8 = false): RawRecord | undefined {
    const header = this.csvHeader;
    if (header === undefined) {
      this.setHeader(cells);
      return undefined;
    }
    if (invalidUtf8) {
      const record = this.record(cells);
      if (record === undefined) return undefined;
      // csv-parse made each bad byte a U+FFFD: cells holding one are dropped, the rest (the key) kept.
      return {
        row: record.row,
        fields: withoutMarked(record.fields, "\uFFFD"),
        problem: invalidUtf8Problem(record.row),
      };
    }
    const row = ++this.row;
    if (cells.length !== header.names.length) {
      // Cells cannot be matched to columns (a shifted or unsplit row would put
      // other values, confidential ones too, under the key): none is kept.
      return { row, fields: emptyFields(), problem: cellCountProblem(row, cells, header.names.length) };
    }
    return new CsvRecord(row, cells, header);
  }
}

const OTHER_SEPARATORS = [";", "\t", "|"];

function cellCountProblem(row: number, cells: string[], columns: number): string {
  const counted = `row ${row} has ${cells.length} ${cells.length === 1 ? "value" : "values"} but the header names ${columns} columns`;
  const separator = cells.length === 1 && columns > 1 ? OTHER_SEPARATORS.find((s) => cells[0].includes(s)) : undefined;
  if (separator !== undefined) {
    return `${counted} (the row seems to be separated by ${JSON.stringify(separator)}: separate values with commas)`;
  }
  return `${counted} (check for a missing or extra comma)`;
}

// ------------------------------------------------------------ JSON values

/** A record from one JSON value's text, or a record with a problem. */
function jsonTextToRecord(text: string, row: number, where: (offset: number) => string): RawRecord {
  const invalidUtf8 = text.includes(INVALID_UTF8);
  let parsed;
  try {
    parsed = parseJsonRecord(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    if (invalidUtf8) return { row, fields: emptyFields(), problem: invalidUtf8Problem(row) };
    return {
      row,
      fields: emptyFields(),
      problem: `row ${row} is not valid JSON (${where(error.offset)}): ${error.message}`,
    };
  }
  if (parsed.kind === "notRecord") {
    return {
      row,
      fields: emptyFields(),
      problem: `row ${row} is not a record: expected a JSON object such as {"name": value}, got ${parsed.found}`,
    };
  }
  const record = new JsonRecord(row, parsed.names, parsed.values);
  if (invalidUtf8) return { row, fields: withoutMarked(record.fields, INVALID_UTF8), problem: invalidUtf8Problem(row) };
  return record;
}

// ----------------------------------------------------------------- NDJSON

/**
 * Numbers NDJSON lines and turns each into a record: blank lines are skipped
 * and not counted as rows, but count as lines in messages.
 */
export class NdjsonLines {
  constructor(
    /** Lines seen so far. */
    public line = 0,
    /** Records made so far. */
    public row = 0,
  ) {}

  /** The record of the next line (without its LF), or undefined for a blank line. */
  record(text: string): RawRecord | undefined {
    if (!this.count(text)) return undefined;
    const line = this.line;
    const content = text.endsWith("\r") ? text.slice(0, -1) : text;
    return jsonTextToRecord(content, this.row, (offset) => `line ${line}, column ${offset + 1}`);
  }

  /** Counts the next line; true when it holds a record. */
  count(text: string): boolean {
    this.line++;
    const content = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (content.trim() === "") return false;
    this.row++;
    return true;
  }
}

/** NDJSON / JSON Lines: one record a line; blank lines are skipped and not counted. */
export async function* readNdjsonRecords(source: DataSource): AsyncGenerator<RawRecord> {
  let pending = "";
  const lines = new NdjsonLines();
  for await (const chunk of decodeUtf8(source)) {
    pending += chunk;
    let start = 0;
    let newline = pending.indexOf("\n", start);
    while (newline !== -1) {
      const record = lines.record(pending.slice(start, newline));
      if (record !== undefined) yield record;
      start = newline + 1;
      newline = pending.indexOf("\n", start);
    }
    pending = pending.slice(start);
  }
  const last = lines.record(pending);
  if (last !== undefined) yield last;
}

// ------------------------------------------------------------- JSON array

type ArrayPhase = "before" | "inArray" | "after";

/**
 * A JSON file holding one array of records, read element by element: a
 * scanner finds where each element ends (tracking strings and brackets), and
 * each element is parsed on its own, so memory holds one record at a time.
 * An element that is not valid JSON becomes a record with a problem; a file
 * whose array itself is broken (no `[`, truncated, text after `]`) throws.
 */
export async function* readJsonRecords(source: DataSource): AsyncGenerator<RawRecord> {
  for await (const pieces of scanJsonArray(source)) {
    for (const piece of pieces) yield jsonPieceToRecord(piece);
  }
}

/** One element of a JSON array file, found but not parsed yet. */
export interface JsonPiece {
  text: string;
  row: number;
  /** The line the element starts on. */
  line: number;
}

export function jsonPieceToRecord(piece: JsonPiece): RawRecord {
  return jsonTextToRecord(
    piece.text,
    piece.row,
    (offset) => `the record starting on line ${piece.line}, at its character ${offset + 1}`,
  );
}

/** The elements of a JSON array file, chunk by chunk; throws when the array itself is broken. */
export async function* scanJsonArray(source: DataSource): AsyncGenerator<JsonPiece[]> {
  let phase: ArrayPhase = "before";
  let element = "";
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** A comma has been read and an element must follow. */
  let afterComma = false;
  let row = 0;
  let line = 1;
  let column = 0;
  let elementLine = 1;
  const here = (): string => `line ${line}, column ${column}`;
  // Records read before a fatal error are still yielded, whatever the chunk size.
  let failure: DataFileError | undefined;

  for await (const chunk of decodeUtf8(source)) {
    const finished: JsonPiece[] = [];
    // Element text is copied per chunk in one slice, not char by char.
    let elementStart = phase === "inArray" ? 0 : -1;
    for (let index = 0; index < chunk.length && failure === undefined; index++) {
      const char = chunk[index];
      if (char === "\n") {
        line++;
        column = 0;
      } else {
        column++;
      }
      if (char === INVALID_UTF8 && (phase !== "inArray" || depth === 0)) {
        // Outside a record (inside one, the record is invalid): the file cannot be read.
        failure = new DataFileError(`the file is not valid UTF-8 at ${here()}: save the file as UTF-8`);
        continue;
      }
      if (phase === "before") {
        if (char === "[") {
          phase = "inArray";
          elementStart = index + 1;
          elementLine = line;
        } else if (!isJsonWhitespace(char)) {
          failure = new DataFileError(
            char === "{"
              ? "expected a JSON array of records, but the file holds a single object; put the records inside [ ]"
              : `expected a JSON array of records starting with "[", found ${JSON.stringify(char)} at ${here()}`,
          );
        }
        continue;
      }
      if (phase === "after") {
        if (!isJsonWhitespace(char)) {
          failure = new DataFileError(`unexpected ${JSON.stringify(char)} after the closing "]" at ${here()}`);
        }
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (char === "\\") escaped = true;
        else if (char === '"') inString = false;
        continue;
      }
      if (char === '"') {
        inString = true;
      } else if (char === "{" || char === "[") {
        depth++;
      } else if (depth > 0 && (char === "}" || char === "]")) {
        depth--;
      } else if (depth === 0 && (char === "," || char === "]")) {
        element += chunk.slice(elementStart, index);
        const text = element.trim();
        element = "";
        elementStart = index + 1;
        if (text === "") {
          if (char === "," || afterComma) {
            failure = new DataFileError(
              `expected a record before ${JSON.stringify(char)} at ${here()}: remove the extra comma`,
            );
          }
        } else {
          row++;
          finished.push({ text, row, line: elementLine });
        }
        afterComma = char === ",";
        if (char === "]") phase = "after";
        elementLine = line;
      } else if (depth === 0 && char === "}") {
        failure = new DataFileError(`unexpected "}" at ${here()}`);
      } else if (element === "" && elementStart === index && isJsonWhitespace(char)) {
        // Whitespace before an element does not start it.
        elementStart = index + 1;
        elementLine = line;
      }
    }
    if (phase === "inArray") element += chunk.slice(elementStart);
    if (finished.length > 0) yield finished;
    if (failure !== undefined) throw failure;
  }
  if (phase === "before") throw new DataFileError("the file is empty; expected a JSON array of records");
  if (phase === "inArray") {
    throw new DataFileError(
      inString
        ? "the file ends inside a string; a closing quote is missing"
        : 'the file ends before the array is closed; a "]" (or "}") is missing',
    );
  }
}

function isJsonWhitespace(char: string): boolean {
  return char === " " || char === "\t" || char === "\n" || char === "\r";
}

export type { RawField, RawRecord };
