import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataFileError, plainRecord, type RawRecord } from "../../src/io/raw-record.js";
import { readRecords } from "../../src/io/data-file.js";
import {
  dataFormatOf,
  readCsvRecords,
  readJsonRecords,
  readNdjsonRecords,
  type DataSource,
} from "../../src/io/read-records.js";

/** The records as plain data, so they compare by what they hold (not by which fields were made lazily). */
async function collect(records: AsyncIterable<RawRecord>): Promise<RawRecord[]> {
  const all: RawRecord[] = [];
  for await (const record of records) all.push(plainRecord(record));
  return all;
}

/** The text as bytes, cut into chunks of `size` bytes (splitting characters too). */
function bytes(text: string, size = 1 << 20): DataSource {
  const buffer = Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  for (let start = 0; start < buffer.length; start += size) chunks.push(buffer.subarray(start, start + size));
  return (async function* () {
    yield* chunks;
  })();
}

/** Fields with CSV cells shown as their text, JSON values as their raw form. */
function cells(record: RawRecord): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record.fields).map(([name, field]) => [name, field.kind === "cell" ? field.text : field]),
  );
}

describe("dataFormatOf", () => {
  it("follows the extension, in any case", () => {
    expect(dataFormatOf("a/partners.csv")).toBe("csv");
    expect(dataFormatOf("partners.JSON")).toBe("json");
    expect(dataFormatOf("partners.ndjson")).toBe("ndjson");
    expect(dataFormatOf("partners.jsonl")).toBe("ndjson");
    expect(dataFormatOf("partners.txt")).toBeUndefined();
  });
});

describe("readCsvRecords", () => {
  it("reads a header, a BOM, CRLF line ends and quoted fields with commas, quotes and newlines", async () => {
    const text =
      '\uFEFFpartner_id,notes,revenue\r\nP-1,"Smith, ""Jr"" & Co\r\nsecond line",100\r\nP-2,plain,200.50\r\n';
    const records = await collect(readCsvRecords(bytes(text)));
    expect(records.map((record) => record.row)).toEqual([1, 2]);
    expect(cells(records[0])).toEqual({
      partner_id: "P-1",
      notes: 'Smith, "Jr" & Co\r\nsecond line',
      revenue: "100",
    });
    expect(cells(records[1])).toEqual({ partner_id: "P-2", notes: "plain", revenue: "200.50" });
    expect(records.every((record) => record.problem === undefined)).toBe(true);
  });

  it("gives the same records whatever the chunk size, even splitting a UTF-8 character", async () => {
    const text = '\uFEFFname,city\nAnnë,Zürich\n"Çé, ü",東京\n';
    const whole = await collect(readCsvRecords(bytes(text)));
    const byteByByte = await collect(readCsvRecords(bytes(text, 1)));
    expect(byteByByte).toEqual(whole);
    expect(cells(whole[1])).toEqual({ name: "Çé, ü", city: "東京" });
    expect(Object.keys(whole[0].fields)).toEqual(["name", "city"]);
  });

  it("reads LF files, keeps empty cells as empty text and skips blank lines", async () => {
    const records = await collect(readCsvRecords(bytes("a,b,c\n1,,3\n\n4,5,\n")));
    expect(records.map(cells)).toEqual([
      { a: "1", b: "", c: "3" },
      { a: "4", b: "5", c: "" },
    ]);
    expect(records.map((record) => record.row)).toEqual([1, 2]);
  });

  it("turns a short or long row into a record with a problem and goes on", async () => {
    const records = await collect(readCsvRecords(bytes("a,b,c\n1,2\n1,2,3,4\n7,8,9\n")));
    expect(records).toHaveLength(3);
    expect(records[0].problem).toBe(
      "row 1 has 2 values but the header names 3 columns (check for a missing or extra comma)",
    );
    // Cells of a row with the wrong count cannot be matched to columns, so none is kept.
    expect(cells(records[0])).toEqual({});
    expect(records[1].problem).toContain("row 2 has 4 values");
    expect(records[2].problem).toBeUndefined();
    expect(cells(records[2])).toEqual({ a: "7", b: "8", c: "9" });
  });

  it("never makes a row separated by semicolons the partner key, nor echoes it", async () => {
    const records = await collect(readCsvRecords(bytes("id,secret\nP-1;31337\nP-2,5\n")));
    expect(records[0].problem).toBe(
      'row 1 has 1 value but the header names 2 columns (the row seems to be separated by ";": separate values with commas)',
    );
    expect(cells(records[0])).toEqual({});
    expect(cells(records[1])).toEqual({ id: "P-2", secret: "5" });
  });

  it("trims header names and reports names given twice", async () => {
    const [record] = await collect(readCsvRecords(bytes(" a ,b,a\n1,2,3\n")));
    expect(cells(record)).toEqual({ a: "1", b: "2" });
    expect(record.repeated).toEqual(["a"]);
  });

  it("keeps a stray quote inside an unquoted cell as text", async () => {
    const records = await collect(readCsvRecords(bytes('a,b\n5"x,2\n3,4\n')));
    expect(records.map(cells)).toEqual([
      { a: '5"x', b: "2" },
      { a: "3", b: "4" },
    ]);
  });

  it("fails the file when a quote is never closed", async () => {
    await expect(collect(readCsvRecords(bytes('a,b\n1,"oops\n2,3\n')))).rejects.toThrow(DataFileError);
  });

  it("fails an empty file but reads a header-only file as no records", async () => {
    await expect(collect(readCsvRecords(bytes("")))).rejects.toThrow(/empty/);
    expect(await collect(readCsvRecords(bytes("a,b\r\n")))).toEqual([]);
  });
});

describe("readJsonRecords", () => {
  it("keeps numbers as their exact text", async () => {
    const [record] = await collect(
      readJsonRecords(bytes('[{"revenue": 99999.99, "big": 1e400, "tiny": 10.0000000000000000001, "n": -0}]')),
    );
    expect(record.fields.revenue).toEqual({ kind: "number", text: "99999.99" });
    expect(record.fields.big).toEqual({ kind: "number", text: "1e400" });
    expect(record.fields.tiny).toEqual({ kind: "number", text: "10.0000000000000000001" });
    expect(record.fields.n).toEqual({ kind: "number", text: "-0" });
  });

  it("reads strings with escapes, booleans, null, lists and nested objects", async () => {
    const [record] = await collect(
      readJsonRecords(
        bytes(
          '[{"s": "a\\"b\\\\c\\u00e9\\n", "t": true, "f": false, "z": null, "l": ["x", 1], "o": {"k": [1, {"m": "]"}]}}]',
        ),
      ),
    );
    expect(record.fields.s).toEqual({ kind: "string", value: 'a"b\\cé\n' });
    expect(record.fields.t).toEqual({ kind: "boolean", value: true });
    expect(record.fields.f).toEqual({ kind: "boolean", value: false });
    expect(record.fields.z).toEqual({ kind: "null" });
    expect(record.fields.l).toEqual({
      kind: "array",
      items: [
        { kind: "string", value: "x" },
        { kind: "number", text: "1" },
      ],
    });
    expect(record.fields.o).toEqual({ kind: "object" });
  });

  it("streams records in order whatever the chunk size, brackets inside strings included", async () => {
    const text = '\uFEFF [\n {"id": "a]}", "v": [1,2]},\n {"id": "b,\\"c"} ,{"id":"d"}\n]\n';
    const whole = await collect(readJsonRecords(bytes(text)));
    expect(whole.map((record) => record.row)).toEqual([1, 2, 3]);
    expect(whole.map((record) => record.fields.id)).toEqual([
      { kind: "string", value: "a]}" },
      { kind: "string", value: 'b,"c' },
      { kind: "string", value: "d" },
    ]);
    for (const size of [1, 2, 3, 7]) {
      expect(await collect(readJsonRecords(bytes(text, size)))).toEqual(whole);
    }
  });

  it("reads an empty array as no records", async () => {
    expect(await collect(readJsonRecords(bytes(" [ ] ")))).toEqual([]);
  });

  it("turns an element that is not an object, or not JSON, into a record with a problem", async () => {
    const records = await collect(readJsonRecords(bytes('[{"id": "a"}, 42, ["x"], {"id": tru}, {"id": "e"}]')));
    expect(records.map((record) => record.row)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0].problem).toBeUndefined();
    expect(records[1].problem).toBe(
      'row 2 is not a record: expected a JSON object such as {"name": value}, got a number',
    );
    expect(records[2].problem).toContain("got a list");
    expect(records[3].problem).toMatch(/^row 4 is not valid JSON/);
    expect(records[4].fields.id).toEqual({ kind: "string", value: "e" });
  });

  it("notes a field name given twice and keeps the first value", async () => {
    const [record] = await collect(readJsonRecords(bytes('[{"a": 1, "a": 2}]')));
    expect(record.fields.a).toEqual({ kind: "number", text: "1" });
    expect(record.repeated).toEqual(["a"]);
  });

  it("keeps a field named __proto__ as a plain field", async () => {
    const [record] = await collect(readJsonRecords(bytes('[{"__proto__": 5}]')));
    expect(Object.hasOwn(record.fields, "__proto__")).toBe(true);
    expect(record.fields["__proto__"]).toEqual({ kind: "number", text: "5" });
  });

  it.each([
    ['{"id": "a"}', /single object/],
    ["42", /expected a JSON array/],
    ["", /empty/],
    ['[{"id": "a"}', /not closed|missing/],
    ['[{"id": "a}]', /inside a string/],
    ['[{"id": "a"},]', /extra comma/],
    ['[{"id": "a"}] x', /after the closing/],
  ])("fails a file that is not a JSON array: %s", async (text, message) => {
    await expect(collect(readJsonRecords(bytes(text)))).rejects.toThrow(message);
  });

  it("yields the records before a fatal error whatever the chunk size", async () => {
    for (const size of [1, 1000]) {
      const seen: number[] = [];
      await expect(
        (async () => {
          for await (const record of readJsonRecords(bytes('[{"a":1},{"a":2}] x', size))) seen.push(record.row);
        })(),
      ).rejects.toThrow(DataFileError);
      expect(seen).toEqual([1, 2]);
    }
  });
});

describe("readNdjsonRecords", () => {
  it("reads one record a line, skips blank lines and keeps going after a bad line", async () => {
    const text = '{"id": "a", "v": 99999.99}\r\n\n   \n{"id": bad}\n[1]\n{"id": "d"}';
    const records = await collect(readNdjsonRecords(bytes(text)));
    expect(records.map((record) => record.row)).toEqual([1, 2, 3, 4]);
    expect(records[0].fields.v).toEqual({ kind: "number", text: "99999.99" });
    expect(records[1].problem).toBe("row 2 is not valid JSON (line 4, column 8): expected a value, found other text");
    expect(records[2].problem).toContain("got a list");
    expect(records[3].fields.id).toEqual({ kind: "string", value: "d" });
    expect(await collect(readNdjsonRecords(bytes(text, 3)))).toEqual(records);
  });

  it("never quotes the text of a malformed line, which may hold confidential values", async () => {
    const lines = [
      '{"inventory_units": 31337.}',
      '{"inventory_units": 31337x}',
      '{"inventory_units": "31337}',
      '{"inventory_units": "31337" "n": 1}',
      '{"inventory_units": "\\q31337"}',
      '{"31337"}',
    ];
    const records = await collect(readNdjsonRecords(bytes(lines.join("\n"))));
    expect(records).toHaveLength(lines.length);
    for (const record of records) {
      expect(record.problem).toMatch(/^row \d is not valid JSON/);
      expect(record.problem).not.toContain("31337");
      expect(record.problem).not.toContain("q");
    }
  });

  it("reads an empty file as no records", async () => {
    expect(await collect(readNdjsonRecords(bytes("")))).toEqual([]);
  });
});

describe("readRecords", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "ppl-read-"));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("chooses the reader from the extension", async () => {
    await writeFile(join(folder, "p.csv"), "id\nx\n");
    await writeFile(join(folder, "p.json"), '[{"id": "x"}]');
    await writeFile(join(folder, "p.jsonl"), '{"id": "x"}\n');
    expect(cells((await collect(readRecords(join(folder, "p.csv"))))[0])).toEqual({ id: "x" });
    for (const name of ["p.json", "p.jsonl"]) {
      expect((await collect(readRecords(join(folder, name))))[0].fields.id).toEqual({
        kind: "string",
        value: "x",
      });
    }
  });

  it("says which file cannot be read and why", async () => {
    const failure = (path: string) =>
      collect(readRecords(path)).then(
        () => undefined,
        (error: unknown) => error,
      );
    const missing = await failure(join(folder, "missing.csv"));
    expect(missing).toBeInstanceOf(DataFileError);
    expect(missing).toMatchObject({
      message: "the file does not exist",
      file: join(folder, "missing.csv"),
    });
    await mkdir(join(folder, "folder.csv"));
    expect(await failure(join(folder, "folder.csv"))).toMatchObject({
      message: "it is a folder, not a file",
    });
    expect(await failure(join(folder, "p.txt"))).toMatchObject({
      message: expect.stringMatching(/\.csv, \.json, \.ndjson or \.jsonl/),
    });
    await writeFile(join(folder, "obj.json"), '{"id": "x"}');
    expect(await failure(join(folder, "obj.json"))).toMatchObject({
      message: expect.stringMatching(/^expected a JSON array/),
      file: join(folder, "obj.json"),
    });
  });
});
