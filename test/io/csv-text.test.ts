// The record-boundary finder that cuts CSV into batches for worker threads,
// and the splitter that reads each batch, against csv-parse itself: random texts made of the characters that matter
// to CSV, cut where the finder says records end, must parse (piece by piece,
// with csv-parse) into exactly the rows csv-parse finds in the whole text.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CsvByteCounter, CsvStep, csvRecordsIn } from "../../src/io/csv-text.js";
import { CSV_OPTIONS } from "../../src/io/read-records.js";
import { mulberry32 } from "../../examples/generate-partners.js";

const ALPHABET = ["a", "b", " ", ",", ",", '"', '"', "\r", "\n", "\n", "\r\n", "é", "x"];

/** csv-parse's rows, or its error code. */
function rowsOf(text: string): string[][] | string {
  try {
    return parse(text, { ...CSV_OPTIONS, bom: false }) as string[][];
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
}

/** The record ends the finder reports in all of `bytes`, or "unclosed". */
function recordEnds(bytes: Uint8Array): number[] | "unclosed" {
  const counter = new CsvByteCounter();
  const ends: number[] = [];
  let position = 0;
  for (;;) {
    const step = counter.step(bytes, position, true);
    if (step === CsvStep.QuoteNotClosed) return "unclosed";
    if (step !== CsvStep.Record && step !== CsvStep.Empty) return ends;
    if (step === CsvStep.Record) ends.push(counter.next);
    position = counter.next;
  }
}

describe("the CSV record-boundary finder", () => {
  it("cuts random texts where csv-parse's records end", () => {
    const next = mulberry32(7);
    let compared = 0;
    for (let trial = 0; trial < 3000; trial++) {
      let text = "";
      const length = Math.floor(next() * 50);
      for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
      const whole = rowsOf(text);
      const bytes = Buffer.from(text, "utf8");
      const ends = recordEnds(bytes);
      if (typeof whole === "string" || ends === "unclosed") {
        // An unclosed quote: both must see it.
        expect({ text, unclosed: ends === "unclosed" }).toEqual({ text, unclosed: whole === "CSV_QUOTE_NOT_CLOSED" });
        continue;
      }
      const pieces: string[][] = [];
      let start = 0;
      for (const end of ends) {
        const rows = rowsOf(bytes.subarray(start, end).toString("utf8"));
        expect(typeof rows).not.toBe("string");
        pieces.push(...(rows as string[][]));
        start = end;
      }
      expect({ text, rows: pieces }).toEqual({ text, rows: whole });
      compared++;
    }
    // Most random texts must be real comparisons, not unclosed quotes.
    expect(compared).toBeGreaterThan(1000);
  });

  it("finds the same ends when one counter is fed chunks and moved on, as batches are cut", () => {
    // Quote-free lines are found by their line feed and the next quote is remembered per buffer:
    // a new buffer (a chunk appended, or the text after a batch) must not reuse a stale quote.
    const next = mulberry32(13);
    const alphabet = [...ALPHABET, "a", "b", "c", "1", "2", ",", "\n"];
    for (let trial = 0; trial < 1500; trial++) {
      let text = "";
      const length = Math.floor(next() * 120);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      const bytes = Buffer.from(text, "utf8");
      const whole = recordEnds(bytes);
      if (whole === "unclosed") continue;
      const counter = new CsvByteCounter();
      const ends: number[] = [];
      let pending = new Uint8Array(0);
      let base = 0;
      let fed = 0;
      let scanned = 0;
      for (;;) {
        const atEnd = fed >= bytes.length;
        const step = counter.step(pending, scanned, atEnd);
        if (step === CsvStep.NeedMore && !atEnd) {
          const chunk = bytes.subarray(fed, fed + 1 + Math.floor(next() * 12));
          const joined = new Uint8Array(pending.length + chunk.length);
          joined.set(pending);
          joined.set(chunk, pending.length);
          pending = joined;
          fed += chunk.length;
          continue;
        }
        if (step !== CsvStep.Record && step !== CsvStep.Empty) break;
        if (step === CsvStep.Record) ends.push(base + counter.next);
        scanned = counter.next;
        if (next() < 0.3) {
          pending = pending.subarray(scanned);
          base += scanned;
          scanned = 0;
        }
      }
      expect({ text, ends }).toEqual({ text, ends: whole });
    }
  });

  it("asks for more bytes rather than cutting a record short", () => {
    const next = mulberry32(11);
    for (let trial = 0; trial < 500; trial++) {
      let text = "";
      for (let i = 0; i < 40; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
      const bytes = Buffer.from(text, "utf8");
      const complete = recordEnds(bytes);
      if (complete === "unclosed") continue;
      for (let cut = 0; cut <= bytes.length; cut += 5) {
        const part = bytes.subarray(0, cut);
        const counter = new CsvByteCounter();
        let position = 0;
        for (;;) {
          const step = counter.step(part, position, false);
          if (step !== CsvStep.Record && step !== CsvStep.Empty) break;
          // A record end found in a prefix is a record end of the whole text.
          if (step === CsvStep.Record) expect(complete).toContain(counter.next);
          position = counter.next;
        }
      }
    }
  });
});

describe("the CSV batch splitter", () => {
  /** The splitter's records, or the error code it throws. */
  function splitOf(text: string): string[][] | string {
    try {
      return [...csvRecordsIn(text)];
    } catch (error) {
      return String((error as { code?: unknown }).code);
    }
  }

  it("reads random texts as csv-parse reads them, quotes, line ends and errors included", () => {
    const next = mulberry32(11);
    const outcomes = new Set<string>();
    for (let trial = 0; trial < 20000; trial++) {
      let text = "";
      const length = Math.floor(next() * 30);
      for (let i = 0; i < length; i++) text += [...ALPHABET, "\uFEFF"][Math.floor(next() * (ALPHABET.length + 1))];
      const expected = rowsOf(text);
      expect({ text, rows: splitOf(text) }).toEqual({ text, rows: expected });
      outcomes.add(
        typeof expected === "string"
          ? expected
          : expected.some((row) => row.some((cell) => cell.includes('"')))
            ? "quote kept"
            : "rows",
      );
    }
    // The trials reach every kind of outcome: plain rows, a stray quote kept as text, an unclosed quote.
    expect([...outcomes].sort()).toEqual(["CSV_QUOTE_NOT_CLOSED", "quote kept", "rows"]);
    // 20,000 texts through csv-parse take 2-7 s on a busy 2-core machine.
  }, 60_000);

  it("reads a generated partner file as csv-parse does", () => {
    const lines = ["partner_id,name,note", 'p1,"Acme, Inc.",plain', 'p2,"say ""hi""",x', "p3,,\r", "", 'p4,é,"a"b'];
    const text = lines.join("\r\n") + "\n";
    expect([...csvRecordsIn(text)]).toEqual(rowsOf(text));
  });
});
