import { toExactString } from "../../src/number/exact-text.js";
import { isNum } from "../../src/number/rational.js";
import { describe, expect, it } from "vitest";
import { emptyFields, type RawField, type RawRecord } from "../../src/io/raw-record.js";
import { readCsvRecords, readJsonRecords, readNdjsonRecords } from "../../src/io/read-records.js";
import { compileRecordValidator, typeRecord, type TypedRecord, type TypedValue } from "../../src/io/typed-record.js";
import { channelPlusHeader, channelPlusInputs, input } from "./program-inputs.js";

const validator = compileRecordValidator(channelPlusInputs, "Channel Plus partner record");

const goodCells: Record<string, string> = {
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
};

function csvRecord(overrides: Record<string, string> = {}, extra: Record<string, string> = {}): RawRecord {
  const fields = emptyFields();
  for (const [name, text] of Object.entries({ ...goodCells, ...overrides, ...extra })) {
    fields[name] = { kind: "cell", text };
  }
  return { row: 1, fields };
}

function typeCsv(overrides: Record<string, string> = {}, inputs = channelPlusInputs, check = validator) {
  return typeRecord(csvRecord(overrides), inputs, check);
}

function valuesOf(result: TypedRecord): Record<string, TypedValue> {
  if (!result.ok) throw new Error(`expected a valid record, got ${JSON.stringify(result.errors)}`);
  return result.values;
}

function errorsOf(result: TypedRecord): { field: string | null; message: string }[] {
  if (result.ok) throw new Error("expected an invalid record");
  return result.errors;
}

function exact(value: TypedValue | undefined): string {
  if (value === undefined || !isNum(value)) throw new Error(`not a number: ${String(value)}`);
  return toExactString(value);
}

/** The whole result as text, exact values as "n/d", to search for leaks. */
function show(result: TypedRecord): string {
  return JSON.stringify(result, (_name, value: unknown) => (isNum(value) ? toExactString(value) : value));
}

async function first(records: AsyncIterable<RawRecord>): Promise<RawRecord> {
  for await (const record of records) return record;
  throw new Error("no record");
}

async function collectCsv(text: string): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  for await (const record of readCsvRecords([Buffer.from(text)])) records.push(record);
  return records;
}

function json(text: string): Promise<RawRecord> {
  return first(readJsonRecords([Buffer.from(text)]));
}

describe("typeRecord: CSV cells", () => {
  it("types a good record exactly, with the key", () => {
    const result = typeCsv({ revenue: " 1250.50 ", csat: "9.5" });
    const values = valuesOf(result);
    expect(result.key).toBe("P-1");
    expect(exact(values.revenue)).toBe("2501/2");
    expect(exact(values.csat)).toBe("19/2");
    expect(values.region).toBe("EMEA");
    expect(values.shares_data).toBe(true);
    expect(values.services).toEqual(["DaaS"]);
    expect(Object.keys(values)).toEqual(channelPlusInputs.map((spec) => spec.name));
  });

  it.each(["1,000", "1e3", "25k", "$5", "1.", ".5", "+5", "1 000", "12abc", "0x10", "--1", "Infinity", "NaN"])(
    "rejects %j as a number, saying what is expected",
    (text) => {
      const errors = errorsOf(typeCsv({ csat: text }));
      expect(errors).toEqual([
        {
          field: "csat",
          message: `expected a plain decimal number such as 1250.50, got ${JSON.stringify(text)}`,
        },
      ]);
    },
  );

  it("reads a cell without the white space String#trim drops, and keeps what it keeps", () => {
    const plain = show(typeCsv({ revenue: "20000000", region: "EMEA", shares_data: "true" }));
    // ASCII and Unicode white space and line terminators, as JavaScript's trim knows them.
    for (const space of [
      " ",
      "\t",
      "\u000b",
      "\f",
      "\r",
      "\n",
      "\u00a0",
      "\ufeff",
      "\u1680",
      "\u2003",
      "\u2028",
      "\u3000",
    ]) {
      const padded = { revenue: `${space}20000000${space}`, region: `${space}EMEA`, shares_data: `true${space}` };
      expect({ space, typed: show(typeCsv(padded)) }).toEqual({ space, typed: plain });
    }
    // A zero-width space is not white space: the cell is not a number.
    expect(typeCsv({ revenue: "20000000\u200b" }).ok).toBe(false);
    expect(typeCsv({ revenue: "~20000000" }).ok).toBe(false);
  });

  it("rejects money with a currency symbol or thousands separator", () => {
    const errors = errorsOf(typeCsv({ revenue: "1,000" }));
    expect(errors).toEqual([
      {
        field: "revenue",
        message:
          'expected an amount as a plain decimal number such as 1250.50, without currency symbol or thousands separators, got "1,000"',
      },
    ]);
  });

  it("accepts negative and zero-padded decimals where no bound forbids them", () => {
    const inputs = [input("id", "text", { key: true }), input("delta", "number")];
    const check = compileRecordValidator(inputs, "t");
    const record = (text: string) => ({
      row: 1,
      fields: { id: { kind: "cell", text: "x" }, delta: { kind: "cell", text } } as Record<string, RawField>,
    });
    expect(exact(valuesOf(typeRecord(record("-0.50"), inputs, check)).delta)).toBe("-1/2");
    expect(exact(valuesOf(typeRecord(record("007"), inputs, check)).delta)).toBe("7");
  });

  it("reads percent as a fraction or with %", () => {
    const inputs = [input("id", "text", { key: true }), input("share", "percent", { min: "0", max: "1" })];
    const check = compileRecordValidator(inputs, "t");
    const share = (text: string) =>
      typeRecord({ row: 1, fields: { id: { kind: "cell", text: "x" }, share: { kind: "cell", text } } }, inputs, check);
    expect(exact(valuesOf(share("85%")).share)).toBe("17/20");
    expect(exact(valuesOf(share("0.85")).share)).toBe("17/20");
    expect(exact(valuesOf(share("12.5%")).share)).toBe("1/8");
    expect(errorsOf(share("85 %"))[0].message).toBe(
      'expected a fraction such as 0.85 or a percentage such as 85%, got "85 %"',
    );
    expect(errorsOf(share("101%"))[0].message).toBe("must be at most 1 (100%), got 101%");
    expect(errorsOf(share("85"))[0].message).toBe("must be at most 1 (100%), got 85; write 85% or 0.85");
  });

  it("hints how to write a percent given as a bare number in JSON, and says nothing of a confidential one", async () => {
    const inputs = [
      input("id", "text", { key: true }),
      input("share", "percent", { max: "1" }),
      input("secret_share", "percent", { max: "1", confidential: true }),
    ];
    const check = compileRecordValidator(inputs, "t");
    const record = await json('[{"id": "x", "share": 85, "secret_share": 31.5}]');
    expect(errorsOf(typeRecord(record, inputs, check))).toEqual([
      { field: "share", message: "must be at most 1 (100%), got 85; write 0.85" },
      {
        field: "secret_share",
        message: "must be at most 1 (100%), got [redacted]; a percent is a fraction (0.85 means 85%)",
      },
    ]);
  });

  it("gives a money example with the currency's minor digits", () => {
    const inputs = [input("id", "text", { key: true }), input("amount", "money")];
    const messageFor = (minorUnits: number) => {
      const check = compileRecordValidator(inputs, "t", minorUnits);
      const fields = { id: { kind: "cell", text: "x" }, amount: { kind: "cell", text: "$5" } } as const;
      return errorsOf(typeRecord({ row: 1, fields }, inputs, check))[0].message;
    };
    expect(messageFor(0)).toContain("such as 1250,");
    expect(messageFor(2)).toContain("such as 1250.50,");
    expect(messageFor(3)).toContain("such as 1250.500,");
  });

  it("never starts a message with the field's name: the name is in `field`", () => {
    for (const error of errorsOf(typeCsv({ inventory_units: "x", region: "Mars", revenue: "", services: "Fax" }))) {
      expect(error.message.startsWith(`${error.field}:`)).toBe(false);
    }
  });

  it.each([
    ["true", true],
    ["TRUE", true],
    ["Yes", true],
    ["1", true],
    ["false", false],
    ["no", false],
    ["NO", false],
    [" 0 ", false],
  ])("reads the boolean %j", (text, value) => {
    expect(valuesOf(typeCsv({ shares_data: text })).shares_data).toBe(value);
  });

  it("rejects a boolean it cannot read", () => {
    expect(errorsOf(typeCsv({ shares_data: "maybe" }))).toEqual([
      {
        field: "shares_data",
        message: 'expected true/false, yes/no or 1/0, got "maybe"',
      },
    ]);
  });

  it("reads integers without a fractional part, 2.0 included", () => {
    expect(exact(valuesOf(typeCsv({ deals_won: "2.0" })).deals_won)).toBe("2");
    expect(errorsOf(typeCsv({ deals_won: "2.5" }))).toEqual([
      { field: "deals_won", message: "expected a whole number such as 42, got 2.5" },
    ]);
    expect(errorsOf(typeCsv({ deals_won: "2.0000000000000000001" }))[0].field).toBe("deals_won");
  });

  it("treats an empty cell as absent: fine when optional, an error when required", () => {
    const values = valuesOf(typeCsv({ csat: "", delivery_days: "   " }));
    expect("csat" in values).toBe(false);
    expect("delivery_days" in values).toBe(false);
    expect(errorsOf(typeCsv({ revenue: "" }))).toEqual([
      {
        field: "revenue",
        message:
          "a value is required but the record has none (expected an amount as a plain decimal number such as 1250.50, without currency symbol or thousands separators)",
      },
    ]);
  });

  it("reads a list cell as items joined by ';', an empty cell as the empty list", () => {
    expect(valuesOf(typeCsv({ services: " Managed Print ; DaaS;" })).services).toEqual(["DaaS", "Managed Print"]);
    expect(valuesOf(typeCsv({ services: "" })).services).toEqual([]);
  });

  it("rejects list items that are repeated or not allowed", () => {
    expect(errorsOf(typeCsv({ services: "DaaS;DaaS" }))).toEqual([
      {
        field: "services",
        message: '"DaaS" is listed more than once, list each item at most once',
      },
    ]);
    expect(errorsOf(typeCsv({ services: "DaaS;Cloud;daas" }))).toEqual([
      {
        field: "services",
        message: '"Cloud", "daas" are not among the allowed values "DaaS", "Managed Print"',
      },
    ]);
  });

  it("rejects a one-of value that is not in the set", () => {
    expect(errorsOf(typeCsv({ region: "emea" }))).toEqual([
      { field: "region", message: 'expected one of "AMS", "EMEA", "APJ", got "emea"' },
    ]);
  });

  it("checks bounds exactly, not through floats", () => {
    expect(valuesOf(typeCsv({ csat: "10" })).csat).toBeDefined();
    expect(valuesOf(typeCsv({ csat: "10.000000000000000000000" })).csat).toBeDefined();
    expect(errorsOf(typeCsv({ csat: "10.0000000000000000001" }))).toEqual([
      { field: "csat", message: "must be at most 10, got 10.0000000000000000001" },
    ]);
    expect(errorsOf(typeCsv({ revenue: "-0.0000000000000000001" }))).toEqual([
      { field: "revenue", message: "must be at least 0, got -0.0000000000000000001" },
    ]);
  });

  it("lists every failing field, in declaration order", () => {
    const errors = errorsOf(
      typeCsv({
        region: "Mars",
        revenue: "$5",
        deals_won: "1.5",
        csat: "11",
        services: "X",
        shares_data: "",
      }),
    );
    expect(errors.map((error) => error.field)).toEqual([
      "region",
      "revenue",
      "deals_won",
      "csat",
      "services",
      "shares_data",
    ]);
  });

  it("returns the key of an invalid row, and null when the key itself is unreadable", () => {
    expect(typeCsv({ revenue: "oops" }).key).toBe("P-1");
    expect(typeCsv({ partner_id: "" }).key).toBeNull();
  });

  it("turns an integer key into a number, and a huge one into exact text", () => {
    const inputs = [input("id", "integer", { key: true })];
    const check = compileRecordValidator(inputs, "t");
    const keyOf = (text: string) => typeRecord({ row: 1, fields: { id: { kind: "cell", text } } }, inputs, check).key;
    expect(keyOf("0042")).toBe(42);
    expect(keyOf("123456789012345678901")).toBe("123456789012345678901");
    expect(keyOf("4.5")).toBeNull();
  });

  it("ignores fields that are not declared and never copies them", () => {
    const secret = "do-not-copy-7731";
    const record = csvRecord({ revenue: "bad" }, { notes: secret, constructor: secret });
    const invalid = typeRecord(record, channelPlusInputs, validator);
    expect(show(invalid)).not.toContain(secret);
    const valid = typeRecord(csvRecord({}, { notes: secret, ["__proto__"]: secret }), channelPlusInputs, validator);
    expect(Object.keys(valuesOf(valid))).not.toContain("notes");
    expect(show(valid)).not.toContain(secret);
    expect(show(valid)).toContain("P-1");
  });

  it("reports a row-level problem with a null field, and the key when it reads", () => {
    const record: RawRecord = {
      ...csvRecord(),
      problem: "row 1 has 3 values but the header names 12 columns",
    };
    const result = typeRecord(record, channelPlusInputs, validator);
    expect(result).toEqual({
      ok: false,
      errors: [{ field: null, message: "row 1 has 3 values but the header names 12 columns" }],
      key: "P-1",
    });
  });

  it("writes no partner for a CSV row with the wrong number of cells, whatever its first cell holds", async () => {
    const text = `${channelPlusHeader}\nP-1;EMEA;1;1;1;1;1;1;DaaS;1;true;31337\n`;
    const [record] = await collectCsv(text);
    const result = typeRecord(record, channelPlusInputs, validator);
    expect(result.key).toBeNull();
    expect(show(result)).not.toContain("31337");
  });

  it("reports a declared field given twice", () => {
    const record: RawRecord = { ...csvRecord(), repeated: ["revenue", "notes"] };
    expect(errorsOf(typeRecord(record, channelPlusInputs, validator))).toEqual([
      {
        field: "revenue",
        message: "the field is given more than once in the record, give it once",
      },
    ]);
  });
});

describe("typeRecord: confidential inputs", () => {
  const secrets = ["98765.4321", "-31337", "31337.5", "31,337", "31337e2", "3133733%", "99999999999999999999.5"];

  it.each(secrets)("never writes the value %j in an error", (secret) => {
    const result = typeCsv({ inventory_units: secret });
    const errors = errorsOf(result);
    expect(errors.map((error) => error.field)).toEqual(["inventory_units"]);
    expect(errors[0].message).toContain("[redacted]");
    expect(show(result)).not.toContain(secret);
    expect(show(result)).not.toContain(secret.replace(/[-%,]/g, ""));
  });

  it("makes a confidential CSV number with more than 10,000 decimals one invalid field, without its value", () => {
    const secret = `4.${"7".repeat(10_001)}`;
    const result = typeCsv({ inventory_units: secret });
    const errors = errorsOf(result);
    expect(errors.map((error) => error.field)).toEqual(["inventory_units"]);
    expect(errors[0].message).toContain("more than 10,000 digits");
    expect(show(result)).not.toContain("7777777777");
    expect(result.key).toBe("P-1");
  });

  it("never writes confidential text, list items or JSON values in errors", async () => {
    const inputs = [
      input("id", "text", { key: true }),
      input("code", "oneOf", { values: ["A", "B"], confidential: true }),
      input("tags", "listOf", { values: ["x", "y"], confidential: true }),
      input("flag", "boolean", { confidential: true }),
      input("score", "number", { max: "1", confidential: true }),
    ];
    const check = compileRecordValidator(inputs, "t");
    const csv = await first(
      readCsvRecords([Buffer.from("id,code,tags,flag,score\nP,SECRET1,SECRET2;SECRET2,SECRET3,SECRET4\n")]),
    );
    const fromCsv = typeRecord(csv, inputs, check);
    const fromJson = typeRecord(
      await json(
        '[{"id": "P", "code": "SECRET1", "tags": ["x", "x", "SECRET2"], "flag": "SECRET3", "score": 1.0000000000000000001}]',
      ),
      inputs,
      check,
    );
    for (const result of [fromCsv, fromJson]) {
      const errors = errorsOf(result);
      expect(new Set(errors.map((error) => error.field))).toEqual(new Set(["code", "tags", "flag", "score"]));
      const text = show(result);
      for (const secret of ["SECRET", "1.0000000000000000001", '"x"']) expect(text).not.toContain(secret);
    }
  });

  it("still types a valid confidential value", () => {
    expect(exact(valuesOf(typeCsv({ inventory_units: "12" })).inventory_units)).toBe("12");
  });
});

describe("typeRecord: JSON", () => {
  const good =
    '"partner_id": "P-1", "region": "EMEA", "revenue": 99999.99, "sales_target": 16000000, "deals_registered": 100, "deals_won": 40, "services": ["Managed Print", "DaaS"], "investment": 3e5, "shares_data": true, "inventory_units": 10';

  it("reads numbers exactly from their text: 99999.99 is 9999999/100", async () => {
    const values = valuesOf(typeRecord(await json(`[{${good}}]`), channelPlusInputs, validator));
    expect(exact(values.revenue)).toBe("9999999/100");
    expect(exact(values.investment)).toBe("300000");
    expect(values.services).toEqual(["DaaS", "Managed Print"]);
  });

  it("treats null as absent", async () => {
    const values = valuesOf(typeRecord(await json(`[{${good}, "csat": null}]`), channelPlusInputs, validator));
    expect("csat" in values).toBe(false);
    const errors = errorsOf(
      typeRecord(
        await json(`[{${good.replace('"revenue": 99999.99', '"revenue": null')}}]`),
        channelPlusInputs,
        validator,
      ),
    );
    expect(errors.map((error) => error.field)).toEqual(["revenue"]);
    expect(errors[0].message).toMatch(/^a value is required/);
  });

  it("checks exact bounds and whole numbers on JSON numbers", async () => {
    const record = await json(
      `[{${good}, "csat": 10.0000000000000000001, "delivery_days": -1e-30}]`.replace(
        '"deals_won": 40',
        '"deals_won": 4.00000000000000000001',
      ),
    );
    expect(errorsOf(typeRecord(record, channelPlusInputs, validator))).toEqual([
      {
        field: "deals_won",
        message: "expected a whole number such as 42, got 4.00000000000000000001",
      },
      { field: "csat", message: "must be at most 10, got 10.0000000000000000001" },
      { field: "delivery_days", message: "must be at least 0, got -1e-30" },
    ]);
    const ok = await json(`[{${good.replace('"deals_won": 40', '"deals_won": 4.0e1')}, "csat": 1e1}]`);
    expect(exact(valuesOf(typeRecord(ok, channelPlusInputs, validator)).deals_won)).toBe("40");
  });

  it("reads numbers beyond the float range exactly", async () => {
    const record = await json(`[{${good.replace('"revenue": 99999.99', '"revenue": 1e400')}}]`);
    expect(exact(valuesOf(typeRecord(record, channelPlusInputs, validator)).revenue)).toBe("1" + "0".repeat(400));
  });

  it("rejects JSON values of the wrong type, naming what was expected", async () => {
    const record = await json(
      `[{${good}}]`
        .replace('"revenue": 99999.99', '"revenue": "1250.50"')
        .replace('"shares_data": true', '"shares_data": "yes"')
        .replace('"services": ["Managed Print", "DaaS"]', '"services": "DaaS"')
        .replace('"partner_id": "P-1"', '"partner_id": 7'),
    );
    const result = typeRecord(record, channelPlusInputs, validator);
    expect(result.key).toBeNull();
    expect(errorsOf(result)).toEqual([
      { field: "partner_id", message: "expected text in double quotes, got 7" },
      {
        field: "revenue",
        message: 'expected an amount as a JSON number such as 1250.50, got the text "1250.50"',
      },
      {
        field: "services",
        message: 'expected a list of any of "DaaS", "Managed Print", got the text "DaaS"',
      },
      { field: "shares_data", message: 'expected true or false, got the text "yes"' },
    ]);
  });

  it("lists each error of a field once", async () => {
    const base =
      '"partner_id": "P-1", "revenue": 1, "sales_target": 1, "deals_registered": 1, "deals_won": 1, "investment": 1, "shares_data": true, "inventory_units": 1';
    const regionNumber = await json(`[{${base}, "region": 5, "services": ["DaaS"]}]`);
    expect(errorsOf(typeRecord(regionNumber, channelPlusInputs, validator))).toEqual([
      { field: "region", message: 'expected one of "AMS", "EMEA", "APJ", got 5' },
    ]);
    const repeatedItem = await json(`[{${base}, "region": "AMS", "services": ["Fax", "Fax"]}]`);
    expect(errorsOf(typeRecord(repeatedItem, channelPlusInputs, validator))).toEqual([
      { field: "services", message: '"Fax" is not among the allowed values "DaaS", "Managed Print"' },
      { field: "services", message: '"Fax" is listed more than once, list each item at most once' },
    ]);
  });

  it("rejects a list with items that are not text", async () => {
    const record = await json(
      `[{${good.replace('"services": ["Managed Print", "DaaS"]', '"services": ["DaaS", 3]')}}]`,
    );
    expect(errorsOf(typeRecord(record, channelPlusInputs, validator))).toEqual([
      {
        field: "services",
        message: 'expected a list of any of "DaaS", "Managed Print", got a list',
      },
    ]);
  });

  it("keeps JSON text exactly (no trimming) and ignores undeclared nested objects", async () => {
    const record = await json(`[{${good.replace('"P-1"', '" P-1 "')}, "extra": {"secret": "zz-top"}}]`);
    const result = typeRecord(record, channelPlusInputs, validator);
    expect(result.key).toBe(" P-1 ");
    expect(show(result)).not.toContain("zz-top");
  });

  it("reports a record that is not an object with a null field", async () => {
    const record = await first(readNdjsonRecords([Buffer.from("[1, 2]\n")]));
    expect(typeRecord(record, channelPlusInputs, validator)).toEqual({
      ok: false,
      errors: [
        {
          field: null,
          message: 'row 1 is not a record: expected a JSON object such as {"name": value}, got a list',
        },
      ],
      key: null,
    });
  });

  it("works for an input named __proto__", async () => {
    const inputs = [input("id", "text", { key: true }), input("__proto__", "number", { max: "5" })];
    const check = compileRecordValidator(inputs, "t");
    expect(exact(valuesOf(typeRecord(await json('[{"id": "a", "__proto__": 5}]'), inputs, check))["__proto__"])).toBe(
      "5",
    );
    expect(errorsOf(typeRecord(await json('[{"id": "a", "__proto__": 6}]'), inputs, check))[0].field).toBe("__proto__");
    expect(errorsOf(typeRecord(await json('[{"id": "a"}]'), inputs, check))[0].field).toBe("__proto__");
  });
});

describe("rows in = rows out", () => {
  it("types every CSV row, good or bad, in order", async () => {
    const good = "P-1,EMEA,20000000,16000000,100,40,9,2,DaaS,300000,true,10";
    const text = [
      channelPlusHeader,
      good,
      "P-2,EMEA,1",
      good.replace("P-1", "P-3").replace("20000000", "2e7"),
      good.replace("P-1", "P-4") + ",extra",
      good.replace("P-1", "P-5"),
    ].join("\r\n");
    const results = [];
    for await (const raw of readCsvRecords([Buffer.from(text)])) {
      results.push({ row: raw.row, ...typeRecord(raw, channelPlusInputs, validator) });
    }
    expect(results.map((result) => [result.row, result.ok, result.key])).toEqual([
      [1, true, "P-1"],
      // A row with the wrong number of cells has no trusted key.
      [2, false, null],
      [3, false, "P-3"],
      [4, false, null],
      [5, true, "P-5"],
    ]);
  });
});

describe("typeRecord: ajv only for refused records", () => {
  it("types valid records without compiling ajv, and words a refused one with it", () => {
    let compiled = 0;
    const base = compileRecordValidator(channelPlusInputs, "Channel Plus partner record");
    // The same validator, counting each time its ajv check is asked for.
    const counting = Object.create(base, {
      checkSchema: {
        get: () => {
          compiled++;
          return base.checkSchema;
        },
      },
    }) as typeof base;
    expect(valuesOf(typeCsv({}, channelPlusInputs, counting)).partner_id).toBe("P-1");
    expect(valuesOf(typeCsv({ services: "" }, channelPlusInputs, counting)).services).toEqual([]);
    expect(compiled).toBe(0);
    expect(errorsOf(typeCsv({ region: "Mars" }, channelPlusInputs, counting))).toEqual([
      { field: "region", message: 'expected one of "AMS", "EMEA", "APJ", got "Mars"' },
    ]);
    expect(compiled).toBeGreaterThan(0);
  });
});
