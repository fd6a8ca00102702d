// Every error path of reading and typing partner data, driven with confidential
// values: no marker value may appear in stdout, stderr, --out or --summary, and
// rows in = rows out on every file that can be read.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CONFIDENTIAL_INPUTS,
  CONFIDENTIAL_PROGRAM,
  CSV_COLUMNS,
  NUMERIC_INPUTS,
  validCells,
  type ConfidentialInput,
} from "../io/confidential-program.js";
import { ppl, SPAWN_TIMEOUT, workspace } from "./run-cli.js";

const markers: string[] = [];
/** A fresh numeric marker (digits only, so it can stand in any number). */
function digits(): string {
  const marker = `9137${String(markers.length).padStart(3, "0")}`;
  markers.push(marker);
  return marker;
}
/** A fresh text marker. */
function word(): string {
  const marker = `ZQX${String(markers.length).padStart(3, "0")}K`;
  markers.push(marker);
  return marker;
}

const INVALID_BYTE = "\u0000INVALID\u0000";
/** UTF-8 bytes of the text, each INVALID_BYTE written as the byte 0xFF. */
function bytesOf(text: string): Buffer {
  return Buffer.concat(
    text
      .split(INVALID_BYTE)
      .flatMap((part, i) => (i === 0 ? [Buffer.from(part)] : [Buffer.from([0xff]), Buffer.from(part)])),
  );
}

/** Bad CSV cells for one confidential input, each holding a marker. */
function badCells(input: ConfidentialInput): string[] {
  const cells = [`${word()}${INVALID_BYTE}`];
  if (NUMERIC_INPUTS.includes(input)) {
    cells.push(
      `${digits()}x`,
      `"1,${digits()}"`,
      digits(),
      `-${digits()}`,
      `${digits()}e2`,
      `${digits()}%`,
      `$${digits()}`,
    );
    cells.push(`0.${digits()}${"1".repeat(10_001)}`, `${digits()}.5`, `${digits()} %`);
  } else if (input === "s_boolean") {
    cells.push(word(), digits());
  } else if (input === "s_one") {
    cells.push(word(), word().toLowerCase());
  } else if (input === "s_list") {
    const repeated = word();
    cells.push(`${repeated};${repeated}`, `A;${word()}`, `A;A;${word()}`);
  }
  return cells;
}

function csvLine(cells: Record<string, string>): string {
  return CSV_COLUMNS.map((name) => cells[name]).join(",");
}

function csvFile(): { text: string; rows: number } {
  const lines = [CSV_COLUMNS.join(",")];
  let partner = 0;
  const next = (): Record<string, string> => ({ ...validCells(`P-${++partner}`), note: word() });
  lines.push(csvLine(next()));
  for (const input of CONFIDENTIAL_INPUTS) {
    for (const cell of badCells(input)) lines.push(csvLine({ ...next(), [input]: cell }));
  }
  const all = (): Record<string, string> => {
    const cells = next();
    for (const input of CONFIDENTIAL_INPUTS) cells[input] = NUMERIC_INPUTS.includes(input) ? digits() : word();
    return cells;
  };
  lines.push(CSV_COLUMNS.map((name) => all()[name]).join(";"));
  lines.push(`${csvLine(all())},${word()}`);
  lines.push(csvLine(all()).split(",").slice(0, 5).join(","));
  lines.push(`${word()},${csvLine(all())}`);
  return { text: lines.join("\n") + "\n", rows: lines.length - 1 };
}

/** Bad JSON values for one confidential input, each holding a marker. */
function badJsonValues(input: ConfidentialInput): string[] {
  const values = [`"${word()}${INVALID_BYTE}"`, `{"x": ${digits()}}`, `[${digits()}]`];
  if (NUMERIC_INPUTS.includes(input)) {
    values.push(`"${digits()}"`, digits(), `-${digits()}`, `${digits()}e99999`, `0.${digits()}${"3".repeat(10_001)}`);
    values.push(`${digits()}.25`, `true`);
  } else if (input === "s_list") {
    const repeated = word();
    values.push(`["${repeated}", "${repeated}"]`, `["A", ${digits()}]`, `"${word()}"`, digits());
  } else {
    values.push(digits(), `"${word()}"`, `${digits()}.5`);
  }
  return values;
}

function jsonRecord(overrides: Record<string, string>, partner: number): string {
  const valid: Record<string, string> = {
    partner_id: `"P-${partner}"`,
    revenue: "100",
    s_number: "5",
    s_integer: "7",
    s_money: "3",
    s_percent: "0.5",
    s_boolean: "true",
    s_one: '"A"',
    s_list: '["A"]',
    s_text: '"plain"',
    note: `"${word()}"`,
  };
  return `{${Object.entries({ ...valid, ...overrides })
    .map(([name, value]) => `"${name}": ${value}`)
    .join(", ")}}`;
}

function jsonRecords(): string[] {
  const records: string[] = [];
  let partner = 0;
  records.push(jsonRecord({}, ++partner));
  for (const input of CONFIDENTIAL_INPUTS) {
    for (const value of badJsonValues(input)) records.push(jsonRecord({ [input]: value }, ++partner));
    // The same field twice.
    records.push(jsonRecord({}, ++partner).replace("{", `{"${input}": "${word()}", `));
  }
  records.push(`{"partner_id": "P-${++partner}", "s_text": "${word()}", oops ${digits()}}`);
  records.push(`"${word()}"`, `[${digits()}, "${word()}"]`, digits());
  records.push(`{"partner_id": "P-${partner + 1}", "s_text": "${word()}\u0001"}`);
  return records;
}

interface Run {
  status: number | null;
  outputs: string[];
}

function run(dir: string, data: string, format: string): Run {
  const out = `out-${format}-${data}`;
  const summary = `summary-${format}-${data}.json`;
  const r = ppl(["run", "p.ppl", "--data", data, "--format", format, "--out", out, "--summary", summary], { cwd: dir });
  const outputs = [r.stdout, r.stderr];
  for (const file of [out, summary])
    if (existsSync(join(dir, file))) outputs.push(readFileSync(join(dir, file), "utf8"));
  return { status: r.status, outputs };
}

function expectNoMarker(outputs: string[]): void {
  const all = outputs.join("\n");
  const found = markers.filter((marker) => all.includes(marker) || all.includes(marker.toLowerCase()));
  expect(found).toEqual([]);
}

function rowsOut(text: string): number {
  return text.split("\n").filter((line) => line.trim() !== "").length;
}

describe(
  "no confidential or undeclared value in any output, on every error path of reading and typing",
  { timeout: SPAWN_TIMEOUT },
  () => {
    const csv = csvFile();
    const json = jsonRecords();
    const duplicateHeader = `${CSV_COLUMNS.join(",")},s_text\n${csvLine({ ...validCells("P-1"), s_text: word() })},${word()}\n`;
    const files: Record<string, Buffer> = {
      "d.csv": bytesOf(csv.text),
      "dup.csv": bytesOf(duplicateHeader),
      "d.json": bytesOf(`[\n${json.join(",\n")}\n]`),
      "d.ndjson": bytesOf(json.join("\n") + "\n"),
      "unclosed.csv": bytesOf(`${csv.text}P-x,"${word()},${digits()}\n`),
      "truncated.json": bytesOf(`[${json[0]}, {"s_text": "${word()}"`),
      "after.json": bytesOf(`[${json[0]}] ${word()}`),
      "bad-header.csv": bytesOf(`partner_id,${word()}${INVALID_BYTE}\nP-1,${word()}\n`),
    };
    const dir = workspace({ "p.ppl": CONFIDENTIAL_PROGRAM });
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);

    it.each([
      ["d.csv", "ndjson", csv.rows],
      ["d.csv", "csv", csv.rows],
      ["dup.csv", "json", 1],
      ["d.json", "ndjson", json.length],
      ["d.json", "csv", json.length],
      ["d.ndjson", "ndjson", json.length],
    ])("%s as %s: every row written, invalid ones without their values, exit 1", (data, format, rows) => {
      const result = run(dir, data, format);
      expect(result.status).toBe(1);
      const out = result.outputs[2];
      expect(format === "ndjson" ? rowsOut(out) : format === "csv" ? rowsOut(out) - 1 : JSON.parse(out).length).toBe(
        rows,
      );
      expect(result.outputs.join("\n")).not.toMatch(/internal error|at .*\.ts:\d+/);
      expectNoMarker(result.outputs);
    });

    it.each(["unclosed.csv", "truncated.json", "after.json", "bad-header.csv"])(
      "%s cannot be read: exit 2, and still no value in any output",
      (data) => {
        const result = run(dir, data, "ndjson");
        expect(result.status).toBe(2);
        expectNoMarker(result.outputs);
      },
    );

    it("explain lists an invalid partner's errors without its values", () => {
      const r = ppl(["explain", "p.ppl", "--data", "d.csv", "--partner", "P-5"], { cwd: dir });
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).toContain("s_number");
      expectNoMarker([r.stdout, r.stderr]);
    });
  },
);
