// Thousands of generated data files (CSV, JSON, NDJSON) with confidential
// columns holding unique marker values and broken rows of every kind: the
// reader and typer must never leak a marker, never lose a row, never fail
// inside. Most files run in-process (reader + typer + evaluator + formatter);
// a handful run through the real CLI.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../examples/generate-partners.js";
import { checkProgram } from "../../src/check/check.js";
import { compileProgram } from "../../src/compile/compile.js";
import { evaluateRecord, programEvaluator } from "../../src/io/evaluate-records.js";
import { readBatches, recordsOf } from "../../src/io/parallel/batches.js";
import { DataFileError, type RawRecord } from "../../src/io/raw-record.js";
import { readRecordsFrom, type DataFormat } from "../../src/io/read-records.js";
import { compileRecordValidator } from "../../src/io/typed-record.js";
import { resultColumnsOf, resultFormatter } from "../../src/io/write-results.js";
import { parse } from "../../src/syntax/parse.js";
import { ppl, workspace } from "../cli/run-cli.js";
import {
  CONFIDENTIAL_INPUTS,
  CONFIDENTIAL_PROGRAM,
  CSV_COLUMNS,
  NUMERIC_INPUTS,
  validCells,
} from "../io/confidential-program.js";

const artifact = compileProgram(checkProgram(parse(CONFIDENTIAL_PROGRAM, "leak.ppl").program), CONFIDENTIAL_PROGRAM);
// Built once: compiling the input schema per file would be most of the test's time.
const validator = compileRecordValidator(artifact.inputs, artifact.program.name, artifact.program.minorUnits);
const evaluator = programEvaluator(artifact);
const columns = resultColumnsOf(artifact);

/** One generated file: its bytes, how many rows it holds, and the markers it must never show. */
interface DataFile {
  format: DataFormat;
  bytes: Buffer;
  rows: number;
  markers: string[];
}

class Generator {
  readonly markers: string[] = [];
  constructor(readonly random: () => number) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  /** A unique marker: 11 digits for numbers (no output holds such a run of digits), else letters. */
  marker(numeric: boolean): string {
    const id = String(this.markers.length).padStart(4, "0");
    const marker = numeric ? `86420${id}13` : `QZM${id}W`;
    this.markers.push(marker);
    return marker;
  }

  /** A confidential value in CSV: valid or not, always holding a marker. */
  confidentialCell(input: string): string {
    const m = this.marker(NUMERIC_INPUTS.includes(input as never));
    switch (input) {
      case "s_boolean":
      case "s_one":
      case "s_text":
        return this.pick([m, `${m} `, `"${m}"`, `"${m},${m}"`, `"${m}""x"`]);
      case "s_list":
        return this.pick([m, `A;${m}`, `${m};${m}`, `"A;${m}"`]);
      default:
        return this.pick([
          m,
          `-${m}`,
          `0.${m}`,
          `${m}%`,
          `${m}e3`,
          `1,${m}`,
          `"1,${m}"`,
          `0.${m}${"7".repeat(10_001)}`,
          `${m}.5`,
        ]);
    }
  }

  /** A confidential value in JSON: valid or not, always holding a marker. */
  confidentialJson(input: string): string {
    const numeric = NUMERIC_INPUTS.includes(input as never);
    const m = this.marker(numeric);
    const forms = numeric
      ? [m, `-${m}`, `0.${m}`, `${m}e99999`, `"${m}"`, `[${m}]`, `0.${m}${"7".repeat(10_001)}`, `{"a": ${m}}`]
      : [`"${m}"`, `["${m}"]`, `["A", "${m}"]`, `["${m}", "${m}"]`, `{"a": "${m}"}`, `"${m}\\u0000"`, `"${m}\\ud800"`];
    return this.pick(forms);
  }
}

const NON_ASCII_BYTES = [0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xf5, 0xfe, 0xff];

/** Puts a non-ASCII byte (maybe invalid UTF-8) somewhere in the text: never a byte that changes CSV or JSON structure. */
function withStrayByte(g: Generator, line: Buffer): Buffer {
  const at = Math.floor(g.pick([0, 0.3, 0.6, 0.99]) * line.length);
  return Buffer.concat([line.subarray(0, at), Buffer.from([g.pick(NON_ASCII_BYTES)]), line.subarray(at)]);
}

function csvFile(g: Generator): DataFile {
  const start = g.markers.length;
  const lines: Buffer[] = [Buffer.from(CSV_COLUMNS.join(","))];
  let rows = 0;
  const count = 1 + Math.floor(g.random() * 12);
  for (let index = 0; index < count; index++) {
    const cells = validCells(`P-${index}`);
    for (const input of CONFIDENTIAL_INPUTS) if (g.chance(0.4)) cells[input] = g.confidentialCell(input);
    cells.note = g.marker(false);
    let values = CSV_COLUMNS.map((name) => cells[name]);
    const broken = g.random();
    let separator = ",";
    if (broken < 0.05) separator = ";";
    else if (broken < 0.1) values.push(g.marker(false));
    else if (broken < 0.15) values = values.slice(0, 1 + Math.floor(g.random() * (values.length - 1)));
    let line: Buffer = Buffer.from(values.join(separator));
    if (g.chance(0.08)) line = withStrayByte(g, line);
    lines.push(line);
    rows++;
    if (g.chance(0.05)) lines.push(Buffer.from(""));
  }
  const newline = g.chance(0.3) ? "\r\n" : "\n";
  let bytes = Buffer.concat(lines.flatMap((line) => [line, Buffer.from(newline)]));
  if (g.chance(0.1)) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  // An unclosed quote makes the file unreadable: rows before it may still be written.
  if (g.chance(0.03)) bytes = Buffer.concat([bytes, Buffer.from(`P-x,"${g.marker(false)},1\n`)]);
  return { format: "csv", bytes, rows, markers: g.markers.slice(start) };
}

function jsonRecord(g: Generator, index: number): Buffer {
  const fields: [string, string][] = [
    ["partner_id", `"P-${index}"`],
    ["revenue", "100"],
    ["s_number", "5"],
    ["s_integer", "7"],
    ["s_money", "3"],
    ["s_percent", "0.5"],
    ["s_boolean", "true"],
    ["s_one", '"A"'],
    ["s_list", '["A"]'],
    ["s_text", '"plain"'],
  ];
  for (const field of fields) if (field[0].startsWith("s_") && g.chance(0.4)) field[1] = g.confidentialJson(field[0]);
  fields.push([g.marker(false), `"${g.marker(false)}"`]);
  if (g.chance(0.05)) fields.push([g.pick(CONFIDENTIAL_INPUTS), `"${g.marker(false)}"`]);
  let text = `{${fields.map(([name, value]) => `"${name}": ${value}`).join(", ")}}`;
  const broken = g.random();
  if (broken < 0.04) text = text.slice(0, Math.floor(text.length * g.random()));
  else if (broken < 0.07) text = text.replace(", ", ` ${g.marker(false)} `);
  else if (broken < 0.09) text = `["${g.marker(false)}", ${g.marker(true)}]`;
  else if (broken < 0.1) text = `"${g.marker(false)}"`;
  let line: Buffer = Buffer.from(text);
  if (g.chance(0.06)) line = withStrayByte(g, line);
  return line;
}

function jsonFile(g: Generator, format: "json" | "ndjson"): DataFile {
  const start = g.markers.length;
  const count = 1 + Math.floor(g.random() * 12);
  const records: Buffer[] = [];
  for (let index = 0; index < count; index++) records.push(jsonRecord(g, index));
  let bytes: Buffer;
  if (format === "ndjson") {
    // A truncated record in NDJSON is one bad line; in a JSON array it may swallow the rest.
    bytes = Buffer.concat(records.flatMap((record) => [record, Buffer.from(g.chance(0.05) ? "\n\n" : "\n")]));
  } else {
    bytes = Buffer.concat([
      Buffer.from("[\n"),
      ...records.flatMap((r, i) => (i === 0 ? [r] : [Buffer.from(",\n"), r])),
      Buffer.from("\n]"),
    ]);
    if (g.chance(0.03)) bytes = Buffer.concat([bytes, Buffer.from(` ${g.marker(false)}`)]);
  }
  return { format, bytes, rows: count, markers: g.markers.slice(start) };
}

function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return chunks;
}

/** What `ppl run` would write and its exit code, in-process. */
async function runInProcess(file: DataFile, chunkSize: number): Promise<{ text: string; rows: number; exit: number }> {
  const formatter = resultFormatter("ndjson", columns);
  let text = formatter.begin();
  let rows = 0;
  let invalid = 0;
  try {
    for await (const raw of readRecordsFrom(chunked(file.bytes, chunkSize), file.format)) {
      const { result } = await evaluateRecord(artifact, raw, validator, evaluator);
      text += formatter.row(result);
      rows++;
      if (result.status === "invalid") invalid++;
    }
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error;
    return { text: text + error.message, rows, exit: 2 };
  }
  return { text: text + formatter.end(), rows, exit: invalid > 0 ? 1 : 0 };
}

function leaked(text: string, markers: string[]): string[] {
  return markers.filter((marker) => text.includes(marker));
}

/** A record's content, to compare the streaming reader with the worker batches. */
function recordText(record: RawRecord): string {
  return JSON.stringify([record.row, record.problem, record.repeated, Object.entries(record.fields)]);
}

async function* records(bytes: Buffer, format: DataFormat): AsyncGenerator<RawRecord> {
  yield* readRecordsFrom([bytes], format);
}

async function allRecords(source: AsyncIterable<RawRecord>): Promise<string[] | string> {
  const texts: string[] = [];
  try {
    for await (const record of source) texts.push(recordText(record));
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error;
    return [...texts, `fatal`].join("\n");
  }
  return texts;
}

describe("fuzz: generated data files with confidential columns", () => {
  it("leaks no marker, loses no row and never fails inside, over 3,000 files", async () => {
    const g = new Generator(mulberry32(20_240_917));
    const dir = mkdtempSync(join(tmpdir(), "ppl-fuzz-data-"));
    const exits = new Set<number>();
    for (let index = 0; index < 3000; index++) {
      const file = index % 3 === 0 ? csvFile(g) : jsonFile(g, index % 3 === 1 ? "json" : "ndjson");
      // Tiny chunks test characters and records split between chunks; large files get larger ones, for speed.
      const chunkSize = file.bytes.length > 4096 ? g.pick([4096, 1 << 20]) : g.pick([1, 7, 64, 1 << 20]);
      const run = await runInProcess(file, chunkSize);
      const context = `file ${index} (${file.format}, chunks of ${chunkSize}):\n${file.bytes.toString("latin1").slice(0, 2000)}`;
      expect(leaked(run.text, file.markers), context).toEqual([]);
      expect(run.text, context).not.toContain("could not be evaluated");
      if (run.exit === 2) expect(run.rows, context).toBeLessThanOrEqual(file.rows);
      else expect(run.rows, context).toBe(file.rows);
      exits.add(run.exit);
      // Worker threads read the same file in batches: the records must be the same,
      // whether a CSV batch's text is read whole or cut into pieces at every line feed.
      if (index % 20 === 0) {
        const path = join(dir, `f${index}.${file.format}`);
        writeFileSync(path, file.bytes);
        const pieceBytes = index % 40 === 0 ? 1 : undefined;
        const batched = (async function* () {
          for await (const batch of readBatches(path, file.format, 3, 64)) yield* recordsOf(batch, pieceBytes);
        })();
        expect(await allRecords(batched), context).toEqual(await allRecords(records(file.bytes, file.format)));
      }
    }
    // The generator reaches every outcome.
    expect([...exits].sort()).toEqual([0, 1, 2]);
  }, 120_000);

  it("holds through the real CLI for a few files of each format", () => {
    const g = new Generator(mulberry32(7));
    const dir = workspace({ "p.ppl": CONFIDENTIAL_PROGRAM });
    for (const format of ["csv", "json", "ndjson"] as const) {
      const file = format === "csv" ? csvFile(g) : jsonFile(g, format);
      writeFileSync(join(dir, `d.${format}`), file.bytes);
      const r = ppl(
        ["run", "p.ppl", "--data", `d.${format}`, "--out", `out-${format}`, "--summary", `s-${format}.json`],
        { cwd: dir },
      );
      expect([0, 1, 2]).toContain(r.status);
      expect(r.stderr).not.toMatch(/internal error/);
      const out = r.status === 2 ? "" : readFileSync(join(dir, `out-${format}`), "utf8");
      const summary = r.status === 2 ? "" : readFileSync(join(dir, `s-${format}.json`), "utf8");
      expect(leaked([r.stdout, r.stderr, out, summary].join("\n"), file.markers)).toEqual([]);
      if (r.status !== 2) expect(out.split("\n").filter(Boolean)).toHaveLength(file.rows);
      // The report and the statements exit as run does and leak nothing either.
      const report = ppl(["report", "p.ppl", "--data", `d.${format}`, "-o", `report-${format}.html`], { cwd: dir });
      expect(report.status).toBe(r.status);
      const html = report.status === 2 ? "" : readFileSync(join(dir, `report-${format}.html`), "utf8");
      const statements = ppl(["statements", "p.ppl", "--data", `d.${format}`, "-o", `st-${format}`], { cwd: dir });
      expect([0, 1, 2]).toContain(statements.status);
      const pages = readdirSync(join(dir, `st-${format}`)).map((name) =>
        readFileSync(join(dir, `st-${format}`, name), "utf8"),
      );
      const written = [report.stderr, html, statements.stderr, ...pages].join("\n");
      expect(leaked(written, file.markers)).toEqual([]);
    }
  }, 120_000);
});
