// Writers for `ppl run` results (spec section 7) as NDJSON, one JSON array or
// CSV. Formatting is pure and deterministic; a file is written atomically and
// stdout is streamed.
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { Artifact } from "../compile/artifact.js";
import type { OkRow, OutputValue, ResultRow, UnmetRequirement } from "../runtime/result-types.js";
import { AtomicFile } from "./atomic-file.js";

export type ResultFormat = "ndjson" | "json" | "csv";

/** The program's value columns, in declaration order (CSV needs them up front). */
export interface ResultColumns {
  kpis: string[];
  scores: string[];
  incentives: string[];
}

/** A program's value columns: its KPIs, scorecards and incentives, each in declaration order. */
export function resultColumnsOf(program: Pick<Artifact, "kpis" | "scorecards" | "incentives">): ResultColumns {
  return {
    kpis: program.kpis.map((kpi) => kpi.name),
    scores: program.scorecards.map((scorecard) => scorecard.name),
    incentives: program.incentives.map((incentive) => incentive.name),
  };
}

/** Turns rows into text: `begin()`, then `row()` per result, then `end()`. */
export interface ResultFormatter {
  begin(): string;
  row(result: ResultRow): string;
  end(): string;
  /** Counts rows whose text another formatter made (worker threads), so `end()` fits. */
  skip(rows: number): void;
}

// JSON.stringify writes keys in insertion order, so rows are rebuilt in the
// spec's order whatever order the runtime built them in.
//
// Measured (CPU time per row, rules/amplify.ppl rows of about 1.1 kB, minimum
// of 9 runs of 50,000 rows, Node 20 on a busy 2-core machine): this rebuild
// and JSON.stringify 3.9 µs; JSON.stringify of the row as built 4.0 µs (the
// rebuild costs nothing measurable); the JSON written by hand with the key
// fragments precomputed from the program's columns and recurring names
// quoted once, 6.2 µs; written by hand generically (for-in) 7.0 µs. A quarter
// of the time is the shortest round-trip spelling of the numbers, which both
// pay alike. So the native JSON.stringify stays.
function inSpecOrder(result: ResultRow): object {
  if (result.status === "invalid") {
    return {
      row: result.row,
      partner: result.partner,
      status: result.status,
      errors: result.errors.map((error) => ({ field: error.field, message: error.message })),
    };
  }
  return {
    row: result.row,
    partner: result.partner,
    status: result.status,
    tier: result.tier,
    subtiers: result.subtiers,
    benefits: result.benefits,
    kpis: result.kpis,
    scores: result.scores,
    incentives: result.incentives,
    total: result.total,
    unmet: result.unmet.map(unmetInSpecOrder),
  };
}

// Each entry whole: the spec's three fields first, then any other the entry has, in its own order.
function unmetInSpecOrder(entry: UnmetRequirement): object {
  // An entry already in that order (toResultRow's) is written as it is: JSON.stringify writes a plain
  // object's own keys in order, so a copy would give the same text.
  const keys = Object.keys(entry);
  if (keys[0] === "tier" && keys[1] === "requirement" && keys[2] === "values") {
    if (Object.getPrototypeOf(entry) === Object.prototype) return entry;
  }
  const { tier, requirement, values, ...more } = entry;
  return { tier, requirement, values, ...more };
}

/** One result as one line of compact JSON, keys in the spec's order. */
export function resultJson(result: ResultRow): string {
  return JSON.stringify(inSpecOrder(result));
}

function ndjsonFormatter(): ResultFormatter {
  return { begin: () => "", row: (result) => resultJson(result) + "\n", end: () => "", skip: () => undefined };
}

function jsonArrayFormatter(rowsBefore: number): ResultFormatter {
  let rows = rowsBefore;
  return {
    begin: () => "[",
    row: (result) => (rows++ === 0 ? "\n" : ",\n") + resultJson(result),
    end: () => (rows === 0 ? "]\n" : "\n]\n"),
    skip: (count) => {
      rows += count;
    },
  };
}

// Made once: a regular expression literal is a new object each time it is evaluated.
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** A CSV field quoted per RFC 4180 when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTE, '""')}"` : text;
}

// RFC 4180 ends records with CRLF.
const CSV_LINE_END = "\r\n";

function csvLine(fields: string[]): string {
  let line = csvField(fields[0]!);
  for (let i = 1; i < fields.length; i++) line += "," + csvField(fields[i]!);
  return line + CSV_LINE_END;
}

function valueCell(value: OutputValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.join(";");
  // JSON's spelling of a number, so CSV and NDJSON agree digit for digit.
  return typeof value === "number" ? JSON.stringify(value) : String(value);
}

function csvFormatter(columns: ResultColumns): ResultFormatter {
  const header = [
    "row",
    "partner",
    "status",
    "tier",
    "subtiers",
    "benefits",
    ...columns.kpis,
    ...columns.scores,
    ...columns.incentives,
    "total",
    "unmet",
    "errors",
  ];
  const valueCount = 3 + columns.kpis.length + columns.scores.length + columns.incentives.length + 2;
  // The row's cells pushed in header order: no spread or intermediate arrays per row.
  const pushOkValues = (fields: string[], result: OkRow): void => {
    fields.push(result.tier ?? "", result.subtiers.join(";"), result.benefits.join(";"));
    for (const name of columns.kpis) fields.push(valueCell(result.kpis[name]));
    for (const name of columns.scores) fields.push(valueCell(result.scores[name]));
    for (const name of columns.incentives) fields.push(result.incentives[name] ?? "");
    let unmet = "";
    for (let i = 0; i < result.unmet.length; i++) unmet += (i === 0 ? "" : ";") + result.unmet[i]!.requirement;
    fields.push(result.total, unmet);
  };
  return {
    begin: () => csvLine(header),
    row: (result) => {
      const fields = [String(result.row), result.partner === null ? "" : String(result.partner), result.status];
      if (result.status === "ok") {
        pushOkValues(fields, result);
        fields.push("");
      } else {
        for (let i = 0; i < valueCount; i++) fields.push("");
        // One column holds every error, so each names its field (JSON keeps it in `field`).
        fields.push(
          result.errors
            .map((error) => (error.field === null ? error.message : `${error.field}: ${error.message}`))
            .join(";"),
        );
      }
      return csvLine(fields);
    },
    end: () => "",
    skip: () => undefined,
  };
}

/** A formatter; `rowsBefore` rows are taken as already written (a batch in the middle of a run). */
export function resultFormatter(format: ResultFormat, columns: ResultColumns, rowsBefore = 0): ResultFormatter {
  switch (format) {
    case "ndjson":
      return ndjsonFormatter();
    case "json":
      return jsonArrayFormatter(rowsBefore);
    case "csv":
      return csvFormatter(columns);
  }
}

// ------------------------------------------------------------------ writers

/** Writes results one by one; `close()` finishes the output, `abort()` abandons it. */
export interface ResultWriter {
  write(result: ResultRow): Promise<void>;
  /**
   * Writes `rows` rows formatted elsewhere (by resultFormatter with the rows
   * before them), as text or UTF-8. Resolves once they are written, so bytes
   * passed in may then be reused.
   */
  writeRows(text: string | Uint8Array, rows: number): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

export type ResultTarget = { file: string } | { stream: Writable };

// Rows are gathered into chunks of about this size before a stream write.
const STREAM_CHUNK_CHARS = 16 * 1024;

class StreamText {
  private pending = "";

  constructor(private readonly stream: Writable) {}

  async write(text: string | Uint8Array): Promise<void> {
    if (typeof text !== "string") {
      // Bytes go out as they are, after the text gathered before them, and
      // only once they are written does this resolve: the caller may reuse them.
      await this.flush();
      await new Promise<void>((resolve, reject) =>
        this.stream.write(text, (error) => (error ? reject(error) : resolve())),
      );
      return;
    }
    this.pending += text;
    if (this.pending.length >= STREAM_CHUNK_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === "") return;
    const text = this.pending;
    this.pending = "";
    if (!this.stream.write(text)) await once(this.stream, "drain");
  }
}

/**
 * Opens a result writer. A file target is written to a temporary file and
 * renamed into place by `close()`; a stream target (stdout) is written as
 * rows come and is left open.
 */
export async function openResultWriter(
  target: ResultTarget,
  format: ResultFormat,
  columns: ResultColumns,
): Promise<ResultWriter> {
  const formatter = resultFormatter(format, columns);
  if ("file" in target) {
    const file = await AtomicFile.create(target.file);
    try {
      await file.write(formatter.begin());
    } catch (error) {
      await file.abort();
      throw error;
    }
    return {
      write: (result) => file.write(formatter.row(result)),
      writeRows: (text, rows) => {
        formatter.skip(rows);
        return file.write(text);
      },
      close: async () => {
        await file.write(formatter.end());
        await file.commit();
      },
      abort: () => file.abort(),
    };
  }
  const stream = new StreamText(target.stream);
  await stream.write(formatter.begin());
  return {
    write: (result) => stream.write(formatter.row(result)),
    writeRows: (text, rows) => {
      formatter.skip(rows);
      return stream.write(text);
    },
    close: async () => {
      await stream.write(formatter.end());
      await stream.flush();
    },
    // Bytes already on a stream cannot be taken back; what is buffered is still sent.
    abort: () => stream.flush(),
  };
}

/**
 * Writes every result to the target and returns how many were written. If
 * reading the results fails, a file target is left as it was before.
 */
export async function writeResults(
  results: AsyncIterable<ResultRow> | Iterable<ResultRow>,
  target: ResultTarget,
  format: ResultFormat,
  columns: ResultColumns,
): Promise<number> {
  const writer = await openResultWriter(target, format, columns);
  let count = 0;
  try {
    for await (const result of results) {
      await writer.write(result);
      count++;
    }
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.close();
  return count;
}
