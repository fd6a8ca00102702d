// The fast CSV reader against csv-parse, the reference it replaces: random
// texts made of the characters that matter to CSV, cut into random chunks.
import { describe, expect, it } from "vitest";
import { CsvByteCounter, CsvRecordReader, CsvStep } from "../../src/io/csv-text.js";
import { readCsvRecords, readCsvRecordsWithCsvParse, type DataSource, type RawRecord } from "../../src/io/read-records.js";

const ALPHABET = ["a", "b", " ", ",", ",", '"', '"', "\r", "\n", "\n", "\r\n", "é", "\uFEFF", "x"];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Outcome {
  records: RawRecord[];
  error?: string;
}

async function outcome(records: AsyncGenerator<RawRecord>): Promise<Outcome> {
  const out: RawRecord[] = [];
  try {
    for await (const record of records) out.push(record);
  } catch (error) {
    return { records: out, error: (error as Error).message };
  }
  return { records: out };
}

function chunks(text: string, next: () => number, asBytes: boolean): DataSource {
  const bytes = Buffer.from(text, "utf8");
  const parts: (Buffer | string)[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = 1 + Math.floor(next() * 12);
    parts.push(bytes.subarray(at, at + size));
    at += size;
  }
  return asBytes ? parts : [text];
}

describe("the fast CSV reader", () => {
  it("reads random texts exactly as csv-parse does, whatever the chunks", async () => {
    const next = random(7);
    for (let trial = 0; trial < 1500; trial++) {
      const length = Math.floor(next() * 40);
      let text = "h1,h2\n";
      for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
      const asBytes = trial % 2 === 0;
      const expected = await outcome(readCsvRecordsWithCsvParse(chunks(text, next, asBytes)));
      const actual = await outcome(readCsvRecords(chunks(text, next, asBytes)));
      if (expected.error === undefined) {
        expect({ text, ...actual }).toEqual({ text, ...expected });
      } else {
        // csv-parse drops records it has buffered when it fails, depending on
        // the chunks; the fast reader yields every record before the error.
        const withoutRow = (message?: string) => message?.replace(/after row [0-9]+/, "after row N");
        expect({ text, error: withoutRow(actual.error) }).toEqual({ text, error: withoutRow(expected.error) });
        expect(actual.records.slice(0, expected.records.length)).toEqual(expected.records);
      }
    }
  });

  it("finds the same record ends when it only counts them", () => {
    const next = random(11);
    for (let trial = 0; trial < 500; trial++) {
      let text = "";
      for (let i = 0; i < 60; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
      const ends = (reader: CsvRecordReader): number[] => {
        const found: number[] = [];
        let position = 0;
        for (;;) {
          const step = reader.step(text, position, true);
          if (step !== CsvStep.Record && step !== CsvStep.Empty) break;
          if (step === CsvStep.Record) found.push(reader.next);
          position = reader.next;
        }
        return found;
      };
      const expected = ends(new CsvRecordReader(true));
      expect(ends(new CsvRecordReader(false))).toEqual(expected);
      // The byte counter, in bytes: the same ends once offsets are converted.
      const bytes = Buffer.from(text, "utf8");
      const counter = new CsvByteCounter();
      const byteEnds: number[] = [];
      let position = 0;
      for (;;) {
        const step = counter.step(bytes, position, true);
        if (step !== CsvStep.Record && step !== CsvStep.Empty) break;
        if (step === CsvStep.Record) byteEnds.push(counter.next);
        position = counter.next;
      }
      expect(byteEnds).toEqual(expected.map((end) => Buffer.byteLength(text.slice(0, end))));
      // Cut short, both ask for more text at the same places.
      for (let cut = 0; cut <= text.length; cut += 7) {
        const part = text.slice(0, cut);
        const reader = new CsvRecordReader(true);
        const byteCounter = new CsvByteCounter();
        let at = 0;
        let byteAt = 0;
        for (;;) {
          const step = reader.step(part, at, false);
          const byteStep = byteCounter.step(Buffer.from(part, "utf8"), byteAt, false);
          expect(byteStep).toBe(step);
          if (step !== CsvStep.Record && step !== CsvStep.Empty) break;
          at = reader.next;
          byteAt = byteCounter.next;
        }
      }
    }
  });
});
