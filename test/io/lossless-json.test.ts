// The JSON parser that keeps numbers as their text, against JSON.parse: on
// random texts, both accept the same ones, and what it keeps of a record
// (numbers as text, strings, booleans, null, lists) is what JSON.parse reads.
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../examples/generate-partners.js";
import { JsonSyntaxError, parseJsonRecord, parseLosslessJson } from "../../src/io/lossless-json.js";
import { JsonRecord, type RawField } from "../../src/io/raw-record.js";

const PIECES = [
  '"a"',
  '"b\\n"',
  '"\\u00e9"',
  '"\\"',
  "0",
  "-1.5",
  "2e3",
  "1E-2",
  "01",
  "1.",
  "-",
  "true",
  "null",
  "fals",
];
const PUNCTUATION = ["{", "}", "[", "]", ",", ":", " ", "\n", '"', "\\", "e", "+", ".", "7"];

/** A random JSON value, sometimes with a random character added, dropped or changed. */
function randomText(next: () => number): string {
  const value = (depth: number): string => {
    const pick = next();
    if (depth < 3 && pick < 0.2) {
      const fields = Array.from({ length: Math.floor(next() * 4) }, (_, i) => `"k${i}":${value(depth + 1)}`);
      return `{${fields.join(",")}}`;
    }
    if (depth < 3 && pick < 0.35)
      return `[${Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1)).join(",")}]`;
    return PIECES[Math.floor(next() * PIECES.length)]!;
  };
  let text = next() < 0.7 ? `{${["x", "y", "z"].map((name) => `"${name}" : ${value(1)}`).join(",")}}` : value(0);
  const edits = Math.floor(next() * 3);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (text.length + 1));
    const choice = next();
    const char = PUNCTUATION[Math.floor(next() * PUNCTUATION.length)]!;
    text =
      choice < 0.4
        ? text.slice(0, at) + char + text.slice(at)
        : choice < 0.7
          ? text.slice(0, at) + text.slice(at + 1)
          : text.slice(0, at) + char + text.slice(at + 1);
  }
  return text;
}

/** What JSON.parse would give for a kept field; nested objects stand as "{object}". */
function plain(field: RawField): unknown {
  switch (field.kind) {
    case "number":
      return Number(field.text);
    case "string":
    case "boolean":
      return field.value;
    case "null":
      return null;
    case "array":
      return field.items.map(plain);
    case "object":
      return "{object}";
    case "cell":
      return field.text;
  }
}

function nestedObjectsMarked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nestedObjectsMarked);
  return value !== null && typeof value === "object" ? "{object}" : value;
}

describe("the lossless JSON parser", () => {
  it("accepts what JSON.parse accepts and reads records as JSON.parse does", () => {
    const next = mulberry32(5);
    const seen = { accepted: 0, refused: 0, records: 0 };
    for (let trial = 0; trial < 20000; trial++) {
      const text = randomText(next);
      let expected: unknown;
      try {
        expected = JSON.parse(text);
      } catch {
        expected = "refused";
      }
      let got: unknown;
      try {
        parseLosslessJson(text);
        got = "accepted";
      } catch (error) {
        expect(error).toBeInstanceOf(JsonSyntaxError);
        got = "refused";
      }
      expect({ text, got }).toEqual({ text, got: expected === "refused" ? "refused" : "accepted" });
      if (expected === "refused") {
        seen.refused++;
        continue;
      }
      seen.accepted++;
      const parsed = parseJsonRecord(text);
      if (parsed.kind !== "record") continue;
      const record = new JsonRecord(1, parsed.names, parsed.values);
      // Repeated names: JSON.parse keeps the last, the parser the first and reports the name.
      if (record.repeated !== undefined) continue;
      seen.records++;
      const fields = Object.fromEntries(Object.entries(record.fields).map(([name, field]) => [name, plain(field)]));
      const byJsonParse = Object.fromEntries(
        Object.entries(expected as Record<string, unknown>).map(([name, value]) => [name, nestedObjectsMarked(value)]),
      );
      expect({ text, fields }).toEqual({ text, fields: byJsonParse });
    }
    // The trials reach both verdicts and many records.
    expect(seen.refused).toBeGreaterThan(2000);
    expect(seen.records).toBeGreaterThan(1000);
    // 20,000 texts take 1-3 s on a busy 2-core machine.
  }, 60_000);

  it("keeps each number's text as written", () => {
    const parsed = parseJsonRecord('{"a": 99999.99, "b": -0.10, "c": 1E+2, "d": [0.1000], "a": 1}');
    expect(parsed).toEqual({
      kind: "record",
      names: ["a", "b", "c", "d", "a"],
      values: [
        { kind: "number", text: "99999.99" },
        { kind: "number", text: "-0.10" },
        { kind: "number", text: "1E+2" },
        { kind: "array", items: [{ kind: "number", text: "0.1000" }] },
        { kind: "number", text: "1" },
      ],
    });
    const record = new JsonRecord(
      1,
      parsed.kind === "record" ? parsed.names : [],
      parsed.kind === "record" ? parsed.values : [],
    );
    // The first value of a repeated name is kept, and the name reported once.
    expect({ ...record.fields }).toEqual({
      a: { kind: "number", text: "99999.99" },
      b: { kind: "number", text: "-0.10" },
      c: { kind: "number", text: "1E+2" },
      d: { kind: "array", items: [{ kind: "number", text: "0.1000" }] },
    });
    expect(record.repeated).toEqual(["a"]);
  });
});
