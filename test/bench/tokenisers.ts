// `npx tsx test/bench/tokenisers.ts [CSV] [NDJSON]`: the measurements behind
// the choice of csv-parse (src/io/read-records.ts) and of our own lossless
// JSON parser (src/io/lossless-json.ts): speed on the same file, CPU time,
// minimum of 3 runs, and correctness on a corpus of tricky CSV files. The
// other parsers are not dependencies; install them for this script only:
//   npm install --no-save udsv@0.7.3 papaparse@5.7.1 lossless-json@4.3.3
// A script that prints figures, not a timed test.
import { readFileSync } from "node:fs";
import { parse as csvParse } from "csv-parse/sync";
import { CSV_OPTIONS } from "../../src/io/read-records.js";
import { csvRecordsIn } from "../../src/io/csv-text.js";
import { parseJsonRecord } from "../../src/io/lossless-json.js";

type CsvParser = (text: string) => unknown[];
/* eslint-disable @typescript-eslint/no-explicit-any */
// Loaded by names the type-checker does not resolve: they are not installed by default.
const optional = async (name: string): Promise<any> => import(name).catch(() => undefined);
const udsv = await optional("udsv");
const papa = (await optional("papaparse"))?.default;
const losslessJson = await optional("lossless-json");

const parsers: Record<string, CsvParser> = {
  "csv-parse (streams)": (text) => csvParse(text, CSV_OPTIONS),
  // Batches never start with a BOM (the cutter drops it), so it is dropped here as the cutter does.
  "csvRecordsIn (batches)": (text) => [...csvRecordsIn(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)],
};
if (udsv) {
  parsers["udsv"] = (text) => {
    const schema = udsv.inferSchema(text, { col: ",", row: text.includes("\r\n") ? "\r\n" : "\n" });
    for (const col of schema.cols) col.type = "s";
    return [schema.cols.map((col: { name: string }) => col.name), ...udsv.initParser(schema).stringArrs(text)];
  };
}
if (papa) parsers["papaparse"] = (text) => papa.parse(text, { skipEmptyLines: true }).data;

const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

function best(runs: number, run: () => number): { ms: number; count: number } {
  let ms = Infinity;
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const start = cpuMs();
    count = run();
    ms = Math.min(ms, cpuMs() - start);
  }
  return { ms, count };
}

const csvFile = process.argv[2];
if (csvFile) {
  const text = readFileSync(csvFile, "utf8");
  for (const [name, parse] of Object.entries(parsers)) {
    const { ms, count } = best(3, () => parse(text).length);
    console.log(`${name.padEnd(20)} ${count} rows ${((ms * 1000) / count).toFixed(2)} µs/row CPU`);
  }
}

// RFC 4180, with csv-parse's options in `ppl run`: BOM dropped, CRLF and LF, empty lines skipped.
const CORPUS: [string, string, string[][]][] = [
  [
    "plain",
    "a,b\n1,2\n",
    [
      ["a", "b"],
      ["1", "2"],
    ],
  ],
  [
    "quotes",
    'a,b\n"x,y","z"\n',
    [
      ["a", "b"],
      ["x,y", "z"],
    ],
  ],
  ["doubled quotes", 'a\n"he said ""hi"""\n', [["a"], ['he said "hi"']]],
  [
    "CRLF",
    "a,b\r\n1,2\r\n",
    [
      ["a", "b"],
      ["1", "2"],
    ],
  ],
  [
    "BOM",
    "\ufeffa,b\n1,2\n",
    [
      ["a", "b"],
      ["1", "2"],
    ],
  ],
  [
    "embedded LF",
    'a,b\n"line1\nline2",x\n',
    [
      ["a", "b"],
      ["line1\nline2", "x"],
    ],
  ],
  [
    "embedded CRLF",
    'a,b\r\n"l1\r\nl2",x\r\n',
    [
      ["a", "b"],
      ["l1\r\nl2", "x"],
    ],
  ],
  [
    "no last newline",
    "a,b\n1,2",
    [
      ["a", "b"],
      ["1", "2"],
    ],
  ],
  [
    "empty last lines",
    "a,b\n1,2\n\n",
    [
      ["a", "b"],
      ["1", "2"],
    ],
  ],
  ["ragged rows", "a,b,c\n1\n1,2,3,4\n", [["a", "b", "c"], ["1"], ["1", "2", "3", "4"]]],
  [
    "empty fields",
    "a,b,c\n,,\n",
    [
      ["a", "b", "c"],
      ["", "", ""],
    ],
  ],
  [
    "quoted empty",
    'a,b\n"",x\n',
    [
      ["a", "b"],
      ["", "x"],
    ],
  ],
  [
    "mixed line ends",
    "a,b\r\n1,2\n3,4\r\n",
    [
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ],
  ],
  ["unicode", "a\nünï😀\n", [["a"], ["ünï😀"]]],
  [
    "spaces kept",
    "a,b\n 1 , 2 \n",
    [
      ["a", "b"],
      [" 1 ", " 2 "],
    ],
  ],
];
for (const [name, parse] of Object.entries(parsers)) {
  const failures = CORPUS.filter(([, text, expected]) => {
    try {
      return JSON.stringify(parse(text)) !== JSON.stringify(expected);
    } catch {
      return true;
    }
  }).map(([label]) => label);
  console.log(
    `${name}: ${CORPUS.length - failures.length}/${CORPUS.length} read as RFC 4180 says; wrong: ${failures.join(", ") || "none"}`,
  );
}

const ndjsonFile = process.argv[3];
if (ndjsonFile) {
  const lines = readFileSync(ndjsonFile, "utf8").trim().split("\n");
  const perLine = (run: (line: string) => unknown) => {
    const { ms } = best(3, () => {
      for (const line of lines) run(line);
      return lines.length;
    });
    return `${((ms * 1000) / lines.length).toFixed(2)} µs/line CPU`;
  };
  console.log(`src/io/lossless-json.ts: ${perLine(parseJsonRecord)}`);
  if (losslessJson) console.log(`lossless-json: ${perLine((line) => losslessJson.parse(line))}`);
  console.log(`JSON.parse (floats, not exact): ${perLine((line) => JSON.parse(line))}`);
}
