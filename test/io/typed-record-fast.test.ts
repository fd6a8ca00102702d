// typeRecord decides every record with one decoder, ajv and the exact checks,
// and words the problems of a record they refuse in typeRecordChecked. Both
// must always agree (the same verdict, values, key and errors, on random
// cells and JSON values), and the verdict on a JSON record must be the one
// the published schema gives it.
import { isNum } from "../../src/number/rational.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { inputSchema } from "../../src/compile/input-schema.js";
import { emptyFields, JsonRecord, type RawField, type RawRecord } from "../../src/io/raw-record.js";
import { compileRecordValidator, typeRecord, typeRecordChecked, type TypedRecord } from "../../src/io/typed-record.js";
import { channelPlusInputs, input } from "./program-inputs.js";
import { mulberry32 } from "../../examples/generate-partners.js";

const inputs = [
  ...channelPlusInputs,
  input("share", "percent", { min: "0", max: "1", optional: true }),
  input("rate", "percent", { min: "-1/2" }),
  input("units", "integer", { max: "100", optional: true }),
  input("code", "text", { confidential: true, optional: true }),
];
const validator = compileRecordValidator(inputs, "t");

const CELLS = [
  "",
  " ",
  "0",
  "-0",
  "1",
  "007",
  "10",
  "10.0",
  "10.5",
  "-3",
  "-0.50",
  "0.000000000000000000001",
  "10.0000000000000000001",
  "9.99999999999999999999",
  "123456789012345678",
  "1e3",
  "1,000",
  "25k",
  ".5",
  "5.",
  "85%",
  "-20%",
  "50.5%",
  "100%",
  "120%",
  "%",
  "5 %",
  " 7 ",
  "true",
  "FALSE",
  "yes",
  "No",
  "1",
  "maybe",
  "EMEA",
  "AMS",
  "Mars",
  "emea",
  "DaaS",
  "DaaS;Managed Print",
  "Managed Print; DaaS",
  "DaaS;DaaS",
  "DaaS;",
  ";",
  "Fax",
  "P-1",
  "__proto__",
  "-",
];

function jsonValues(): RawField[] {
  return [
    { kind: "null" },
    { kind: "number", text: "0" },
    { kind: "number", text: "-0" },
    { kind: "number", text: "10" },
    { kind: "number", text: "10.5" },
    { kind: "number", text: "1e2" },
    { kind: "number", text: "1.5e-3" },
    { kind: "number", text: "-2" },
    { kind: "number", text: "1e99999" },
    { kind: "number", text: "0.85" },
    { kind: "string", value: "EMEA" },
    { kind: "string", value: "10" },
    { kind: "string", value: "" },
    { kind: "boolean", value: true },
    { kind: "boolean", value: false },
    { kind: "array", items: [] },
    { kind: "array", items: [{ kind: "string", value: "DaaS" }] },
    {
      kind: "array",
      items: [
        { kind: "string", value: "Managed Print" },
        { kind: "string", value: "DaaS" },
      ],
    },
    {
      kind: "array",
      items: [
        { kind: "string", value: "DaaS" },
        { kind: "string", value: "DaaS" },
      ],
    },
    { kind: "array", items: [{ kind: "number", text: "1" }] },
    { kind: "object" },
  ];
}

const GOOD: Record<string, string> = {
  partner_id: "P-1",
  region: "EMEA",
  revenue: "20000000",
  sales_target: "16000000",
  deals_registered: "100",
  deals_won: "40",
  csat: "9",
  delivery_days: "2",
  services: "DaaS",
  investment: "300000",
  shares_data: "true",
  inventory_units: "10",
  share: "0.5",
  rate: "1%",
  units: "3",
  code: "x",
};

function show(result: TypedRecord): string {
  return JSON.stringify(result, (_name, value: unknown) =>
    // The representation too (Small or Big, parts as built), not only the value.
    isNum(value) ? `${value.constructor.name} ${value.n}/${value.d}` : value,
  );
}

describe("typeRecord's fast path", () => {
  it("agrees with the full check on random records", () => {
    const next = mulberry32(3);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    const json = jsonValues();
    let valid = 0;
    for (let trial = 0; trial < 4000; trial++) {
      const fields = emptyFields();
      const asJson = trial % 3 === 0;
      // Some records all good (the fast path), some with a few odd values, some with many.
      const odd = pick([0, 0.02, 0.1, 0.4]);
      for (const spec of inputs) {
        const roll = next();
        if (roll < odd / 5) continue;
        const good = roll >= odd;
        if (asJson) fields[spec.name] = good ? goodJson(spec.name) : pick(json);
        else fields[spec.name] = { kind: "cell", text: good ? GOOD[spec.name] : pick(CELLS) };
      }
      const record: RawRecord = { row: 1, fields };
      if (next() < 0.02) record.repeated = ["revenue"];
      if (next() < 0.02) record.problem = "row 1 is broken";
      const typed = typeRecord(record, inputs, validator);
      expect(show(typed)).toBe(show(typeRecordChecked(record, inputs, validator)));
      if (typed.ok) valid++;
    }
    // Both verdicts occur often enough for the comparison to mean something.
    expect(valid).toBeGreaterThan(200);
    expect(valid).toBeLessThan(3800);
  });
});

describe("typeRecord's records", () => {
  it("keep their fields in declaration order whichever optional fields are left out, past the builders it keeps", () => {
    // Eight optional inputs: 256 sets of absent fields, more than typeRecord keeps a builder for.
    const optional = Array.from({ length: 8 }, (_, i) => input(`extra_${i}`, "integer", { optional: true }));
    const many = [...channelPlusInputs.slice(0, 2), ...optional, ...channelPlusInputs.slice(2)];
    const manyValidator = compileRecordValidator(many, "t");
    for (let absent = 0; absent < 256; absent++) {
      const fields = emptyFields();
      for (const spec of channelPlusInputs) fields[spec.name] = { kind: "cell", text: GOOD[spec.name]! };
      optional.forEach((spec, i) => {
        if ((absent & (1 << i)) === 0) fields[spec.name] = { kind: "cell", text: String(i) };
      });
      const record: RawRecord = { row: 1, fields };
      const typed = typeRecord(record, many, manyValidator);
      expect(typed.ok).toBe(true);
      expect(show(typed)).toBe(show(typeRecordChecked(record, many, manyValidator)));
      const names = many.map((spec) => spec.name).filter((name) => fields[name] !== undefined);
      expect(typed.ok && Object.keys(typed.values)).toEqual(names);
    }
  });
});

describe("typeRecord on JSON records one after another", () => {
  it("reads each record's fields by its own names, whatever the record before it gave", () => {
    const names = inputs.map((spec) => spec.name);
    const shapes = [
      names,
      [...names].reverse(),
      names.filter((name) => name !== "share"),
      [...names, "note"],
      ["note", ...names, "note"],
      [...names, "revenue"],
      [...names.slice(1), names[0]!],
    ];
    const next = mulberry32(21);
    for (let trial = 0; trial < 600; trial++) {
      // Runs of the same shape, so the columns kept from the record before are used and left.
      const shape = shapes[Math.floor(trial / 3 + next() * 2) % shapes.length]!;
      const values = shape.map((name) => (name === "note" ? { kind: "string" as const, value: "x" } : goodJson(name)));
      const record = new JsonRecord(trial + 1, [...shape], values);
      const typed = typeRecord(record, inputs, validator);
      expect(show(typed)).toBe(show(typeRecordChecked(record, inputs, validator)));
      expect(typed.ok).toBe(!shape.includes("revenue", shape.indexOf("revenue") + 1));
    }
  });
});

/** The JSON text a raw JSON field was read from. */
function jsonText(field: RawField): string {
  switch (field.kind) {
    case "number":
      return field.text;
    case "string":
      return JSON.stringify(field.value);
    case "boolean":
      return String(field.value);
    case "null":
      return "null";
    case "array":
      return `[${field.items.map(jsonText).join(",")}]`;
    case "object":
      return "{}";
    case "cell":
      return JSON.stringify(field.text);
  }
}

describe("typeRecord and the published schema", () => {
  it("accept the same JSON records", () => {
    // The schema as a user would run it, compiled apart from the runner's validator.
    const published = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(inputSchema(inputs, "t"));
    const next = mulberry32(8);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    // 1e99999 is beyond floats: JSON.parse makes it Infinity, which no exact reader can take.
    const json = jsonValues().filter((field) => !(field.kind === "number" && field.text === "1e99999"));
    let valid = 0;
    for (let trial = 0; trial < 4000; trial++) {
      const fields = emptyFields();
      const odd = pick([0, 0.02, 0.1, 0.4]);
      for (const spec of inputs) {
        const roll = next();
        if (roll < odd / 5) continue;
        fields[spec.name] = roll >= odd ? goodJson(spec.name) : pick(json);
      }
      const text = `{${Object.entries(fields)
        .map(([name, field]) => `${JSON.stringify(name)}:${jsonText(field)}`)
        .join(",")}}`;
      const verdict = typeRecord({ row: 1, fields }, inputs, validator).ok;
      expect(verdict, text).toBe(published(JSON.parse(text)));
      if (verdict) valid++;
    }
    expect(valid).toBeGreaterThan(200);
    expect(valid).toBeLessThan(3800);
  });
});

function goodJson(name: string): RawField {
  const text = GOOD[name];
  if (name === "services") return { kind: "array", items: [{ kind: "string", value: text }] };
  if (name === "shares_data") return { kind: "boolean", value: true };
  if (name === "rate") return { kind: "number", text: "0.01" };
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(text) && !["partner_id", "code"].includes(name)) return { kind: "number", text };
  return { kind: "string", value: text };
}
