import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  csvField,
  openResultWriter,
  resultFormatter,
  writeResults,
  type ResultColumns,
  type ResultFormat,
} from "../../src/io/write-results.js";
import type { InvalidRow, OkRow, ResultRow } from "../../src/runtime/result-types.js";

const columns: ResultColumns = {
  kpis: ["attainment", "conversion", "secret_ratio"],
  scores: ["performance"],
  incentives: ["rebate", "services_bonus"],
};

// Keys deliberately out of the spec's order: the writer must put them in order.
const okRow = {
  unmet: [
    {
      values: { attainment: 1.25, "Premier, Plus": "x" },
      requirement: "csat >= 8",
      tier: "Premier Services",
    },
    { tier: "Premier Services", requirement: 'Sells "Managed Print"', values: {} },
  ],
  total: "350000.00",
  status: "ok",
  row: 1,
  partner: "P-1",
  tier: "Premier",
  subtiers: ["Premier Services"],
  benefits: ["Standard program benefits", "Marketing support, global"],
  kpis: { attainment: 1.25, conversion: null, secret_ratio: "[redacted]" },
  scores: { performance: 1.1 },
  incentives: { rebate: "250000.00", services_bonus: "100000.00" },
} as OkRow;

const invalidRow: InvalidRow = {
  row: 2,
  partner: null,
  status: "invalid",
  errors: [
    {
      message: 'expected a plain decimal number such as 1250.50, got "1,000"',
      field: "revenue",
    } as never,
    { field: null, message: "row 2 has 3 values" },
  ],
};

const rows: ResultRow[] = [okRow, invalidRow];

function format(kind: ResultFormat, results: ResultRow[]): string {
  const formatter = resultFormatter(kind, columns);
  return formatter.begin() + results.map((result) => formatter.row(result)).join("") + formatter.end();
}

const ndjsonOk =
  '{"row":1,"partner":"P-1","status":"ok","tier":"Premier","subtiers":["Premier Services"],' +
  '"benefits":["Standard program benefits","Marketing support, global"],' +
  '"kpis":{"attainment":1.25,"conversion":null,"secret_ratio":"[redacted]"},"scores":{"performance":1.1},' +
  '"incentives":{"rebate":"250000.00","services_bonus":"100000.00"},"total":"350000.00",' +
  '"unmet":[{"tier":"Premier Services","requirement":"csat >= 8","values":{"attainment":1.25,"Premier, Plus":"x"}},' +
  '{"tier":"Premier Services","requirement":"Sells \\"Managed Print\\"","values":{}}]}';
const ndjsonInvalid =
  '{"row":2,"partner":null,"status":"invalid","errors":[' +
  '{"field":"revenue","message":"expected a plain decimal number such as 1250.50, got \\"1,000\\""},' +
  '{"field":null,"message":"row 2 has 3 values"}]}';

describe("resultFormatter", () => {
  it("writes NDJSON byte for byte, keys in the spec's order", () => {
    expect(format("ndjson", rows)).toBe(`${ndjsonOk}\n${ndjsonInvalid}\n`);
  });

  it("writes one JSON array, valid with zero rows too", () => {
    expect(format("json", rows)).toBe(`[\n${ndjsonOk},\n${ndjsonInvalid}\n]\n`);
    expect(format("json", [])).toBe("[]\n");
    expect(JSON.parse(format("json", rows))).toHaveLength(2);
  });

  it("writes CSV byte for byte, with RFC 4180 quoting", () => {
    expect(format("csv", rows)).toBe(
      "row,partner,status,tier,subtiers,benefits,attainment,conversion,secret_ratio,performance,rebate,services_bonus,total,unmet,errors\r\n" +
        '1,P-1,ok,Premier,Premier Services,"Standard program benefits;Marketing support, global",1.25,,[redacted],1.1,250000.00,100000.00,350000.00,"csat >= 8;Sells ""Managed Print""",\r\n' +
        '2,,invalid,,,,,,,,,,,,"revenue: expected a plain decimal number such as 1250.50, got ""1,000"";row 2 has 3 values"\r\n',
    );
    expect(format("csv", [])).toBe(
      "row,partner,status,tier,subtiers,benefits,attainment,conversion,secret_ratio,performance,rebate,services_bonus,total,unmet,errors\r\n",
    );
  });

  it("quotes CSV fields holding commas, quotes or line breaks, and only those", () => {
    expect(csvField("plain text")).toBe("plain text");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
  });

  it("writes a numeric partner key as a number", () => {
    const row: ResultRow = { ...invalidRow, partner: 42 };
    expect(format("ndjson", [row])).toMatch(/^\{"row":2,"partner":42,/);
    expect(format("csv", [row]).split("\r\n")[1]).toMatch(/^2,42,invalid,/);
  });
});

describe("writing to files and streams", () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "ppl-write-"));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("writes a file atomically and leaves no temporary file", async () => {
    const path = join(folder, "results.ndjson");
    const many = Array.from({ length: 2000 }, (_, index) => ({ ...invalidRow, row: index + 1 }));
    expect(await writeResults(many, { file: path }, "ndjson", columns)).toBe(2000);
    const text = await readFile(path, "utf8");
    expect(text).toBe(format("ndjson", many));
    expect(await readdir(folder)).toEqual(["results.ndjson"]);
  });

  it("leaves the previous file untouched and no partial file when the run fails", async () => {
    const path = join(folder, "results.csv");
    await writeFile(path, "previous results\n");
    async function* failing(): AsyncGenerator<ResultRow> {
      for (let index = 1; index <= 5000; index++) yield { ...invalidRow, row: index };
      throw new Error("evaluation failed");
    }
    await expect(writeResults(failing(), { file: path }, "csv", columns)).rejects.toThrow("evaluation failed");
    expect(await readFile(path, "utf8")).toBe("previous results\n");
    expect(await readdir(folder)).toEqual(["results.csv"]);
  });

  it("creates no file when the run fails before any existed", async () => {
    const path = join(folder, "new.json");
    const writer = await openResultWriter({ file: path }, "json", columns);
    await writer.write(okRow);
    await writer.abort();
    expect(await readdir(folder)).toEqual([]);
  });

  it("fails clearly when the folder does not exist", async () => {
    await expect(writeResults(rows, { file: join(folder, "no", "such.csv") }, "csv", columns)).rejects.toThrow(
      /ENOENT/,
    );
  });

  it("streams to a writable without closing it, respecting backpressure", async () => {
    const chunks: string[] = [];
    const slow = new Writable({
      highWaterMark: 64,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString("utf8"));
        setImmediate(done);
      },
    });
    const many = Array.from({ length: 500 }, (_, index) => ({ ...okRow, row: index + 1 }));
    await writeResults(many, { stream: slow }, "json", columns);
    expect(chunks.join("")).toBe(format("json", many));
    expect(slow.writableEnded).toBe(false);
  });

  it("writes a valid empty JSON array to a stream", async () => {
    const sink = new PassThrough();
    let text = "";
    sink.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    await writeResults([], { stream: sink }, "json", columns);
    expect(text).toBe("[]\n");
  });
});
