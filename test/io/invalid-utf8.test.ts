// Invalid UTF-8 in a data file makes the record holding it invalid (or, outside
// any record, stops the run), and never changes a value silently: two keys that
// differ only in a bad byte must not both read as "P-\uFFFD".
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBatches, recordsOf } from "../../src/io/parallel/batches.js";
import { DataFileError, type RawRecord } from "../../src/io/raw-record.js";
import { readRecordsFrom, type DataFormat } from "../../src/io/read-records.js";
import { INVALID_UTF8, Utf8Stream } from "../../src/io/utf8-text.js";

/** The bytes of `parts` (text as UTF-8, numbers as raw bytes), cut into chunks of `size`. */
function bytesOf(parts: (string | number[])[]): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(part))));
}

function chunks(bytes: Buffer, size: number): Buffer[] {
  const all: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) all.push(bytes.subarray(start, start + size));
  return all;
}

async function read(format: DataFormat, bytes: Buffer, size = 1 << 20): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  for await (const record of readRecordsFrom(chunks(bytes, size), format)) records.push(record);
  return records;
}

/** What matters of a record: row, problem, and the text of its fields. */
function summary(record: RawRecord): unknown {
  const fields: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(record.fields)) {
    fields[name] = field.kind === "cell" ? field.text : field.kind === "string" ? field.value : field.kind;
  }
  return { row: record.row, problem: record.problem, fields };
}

async function viaBatches(format: DataFormat, bytes: Buffer): Promise<RawRecord[]> {
  const dir = await mkdtemp(join(tmpdir(), "ppl-utf8-"));
  const path = join(dir, `d.${format}`);
  await writeFile(path, bytes);
  const records: RawRecord[] = [];
  for await (const batch of readBatches(path, format, 2)) records.push(...recordsOf(batch));
  return records;
}

const BAD = invalidUtf8Row();
function invalidUtf8Row(): string {
  return "row 2 is not valid UTF-8 (a byte that is no character, shown nowhere): save the file as UTF-8";
}

describe("Utf8Stream", () => {
  it("decodes characters split between chunks, and marks each invalid byte", () => {
    const bytes = bytesOf(["a€b", [0xff], "c", [0xe2, 0x82], "d", [0xed, 0xa0, 0x80], "é"]);
    for (const size of [1, 2, 3, 100]) {
      const stream = new Utf8Stream();
      let text = "";
      for (const chunk of chunks(bytes, size)) text += stream.decode(chunk);
      text += stream.decode(new Uint8Array(0), true);
      const M = INVALID_UTF8;
      expect(text).toBe(`a€b${M}c${M}${M}d${M}${M}${M}é`);
    }
  });

  it("finds the file offsets of invalid bytes without decoding, and of a character cut off at the end", () => {
    const stream = new Utf8Stream();
    const bytes = bytesOf(["ab", [0xc3], "x€", [0xe2, 0x82]]);
    const found = chunks(bytes, 3).flatMap((chunk) => stream.check(chunk));
    found.push(...stream.check(new Uint8Array(0), true));
    expect(found).toEqual([2, 7, 8]);
  });
});

describe("invalid UTF-8 in data files", () => {
  const csv = bytesOf([
    "id,name,secret\nP-1,Acme,1\n",
    "P-",
    [0xff],
    ",Beta,2\n",
    "P-",
    [0xfe],
    ",Gamma,3\n",
    "P-4,Del",
    [0xc0],
    "ta,4\nP-5,Echo é,5\n",
  ]);

  it.each([1, 7, 1 << 20])(
    "makes each CSV row that holds it invalid, keeping only untouched cells (chunks of %i)",
    async (size) => {
      const records = await read("csv", csv, size);
      expect(records.map(summary)).toEqual([
        { row: 1, problem: undefined, fields: { id: "P-1", name: "Acme", secret: "1" } },
        { row: 2, problem: BAD, fields: { name: "Beta", secret: "2" } },
        { row: 3, problem: BAD.replace("row 2", "row 3"), fields: { name: "Gamma", secret: "3" } },
        { row: 4, problem: BAD.replace("row 2", "row 4"), fields: { id: "P-4", secret: "4" } },
        { row: 5, problem: undefined, fields: { id: "P-5", name: "Echo é", secret: "5" } },
      ]);
    },
  );

  it("finds it in a last CSV row with no line end, quoted or not", async () => {
    for (const last of [bytesOf(["P-2,b", [0xff]]), bytesOf(['P-2,"b', [0xff], '"'])]) {
      const records = await read("csv", Buffer.concat([Buffer.from("id,x\nP-1,a\n"), last]));
      expect(records.map((record) => record.problem)).toEqual([undefined, BAD]);
    }
  });

  it("gives the same CSV records when read in batches for worker threads", async () => {
    expect((await viaBatches("csv", csv)).map(summary)).toEqual((await read("csv", csv)).map(summary));
  });

  it("stops a CSV file whose header is not UTF-8, naming the byte", async () => {
    const header = bytesOf(["id,na", [0xff], "me\nP-1,x\n"]);
    await expect(read("csv", header)).rejects.toThrow(
      new DataFileError("the header row is not valid UTF-8 (at byte 6): save the file as UTF-8"),
    );
    await expect(viaBatches("csv", header)).rejects.toThrow("the header row is not valid UTF-8 (at byte 6)");
  });

  const ndjson = bytesOf([
    '{"id":"P-1"}\n{"id":"P-',
    [0xff],
    '","name":"x"}\n{"id":"P-3","name":"',
    [0x80],
    '"}\n{"id":"P-4"}\n',
  ]);

  it.each([1, 1 << 20])("makes each NDJSON line that holds it invalid (chunks of %i)", async (size) => {
    const records = await read("ndjson", ndjson, size);
    expect(records.map(summary)).toEqual([
      { row: 1, problem: undefined, fields: { id: "P-1" } },
      { row: 2, problem: BAD, fields: { name: "x" } },
      { row: 3, problem: BAD.replace("row 2", "row 3"), fields: { id: "P-3" } },
      { row: 4, problem: undefined, fields: { id: "P-4" } },
    ]);
    expect((await viaBatches("ndjson", ndjson)).map(summary)).toEqual(records.map(summary));
  });

  it("makes a JSON array element that holds it invalid, and stops a file where it is outside any element", async () => {
    const json = bytesOf(['[{"id":"P-1"},{"id":"P-', [0xff], '"},\n{"id":"P-3"}]']);
    const records = await read("json", json, 3);
    expect(records.map(summary)).toEqual([
      { row: 1, problem: undefined, fields: { id: "P-1" } },
      { row: 2, problem: BAD, fields: {} },
      { row: 3, problem: undefined, fields: { id: "P-3" } },
    ]);
    const outside = bytesOf(['[{"id":"P-1"},', [0xff], '{"id":"P-3"}]']);
    await expect(read("json", outside)).rejects.toThrow(
      "the file is not valid UTF-8 at line 1, column 15: save the file as UTF-8",
    );
  });

  it("still reads a JSON escape of a lone surrogate as a value, not as invalid UTF-8", async () => {
    const records = await read("ndjson", Buffer.from('{"id":"P-\\udfff"}\n'));
    expect(records[0].problem).toBeUndefined();
  });
});
