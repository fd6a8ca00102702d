import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { exactStringToDecimalText, inputSchema } from "../../src/compile/input-schema.js";
import { channelPlusInputs, input } from "./program-inputs.js";

describe("inputSchema", () => {
  const schema = inputSchema(channelPlusInputs, "Channel Plus partner record");

  it("is a draft 2020-12 object schema that lets undeclared fields through", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.title).toBe("Channel Plus partner record");
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(true);
    expect(schema.required).toEqual(channelPlusInputs.filter((spec) => !spec.optional).map((spec) => spec.name));
  });

  it("writes one property per input, in declaration order, with its type and bounds", () => {
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(properties)).toEqual(channelPlusInputs.map((spec) => spec.name));
    expect(properties.partner_id).toMatchObject({ type: "string" });
    expect(properties.partner_id.description).toContain("Key: identifies the partner");
    expect(properties.region).toMatchObject({ type: "string", enum: ["AMS", "EMEA", "APJ"] });
    expect(properties.revenue).toMatchObject({ type: "number", minimum: 0 });
    expect(properties.deals_won).toMatchObject({ type: "integer", minimum: 0 });
    expect(properties.csat).toMatchObject({ type: ["number", "null"], minimum: 0, maximum: 10 });
    expect(properties.csat.description).toContain("Optional");
    expect(properties.services).toMatchObject({
      type: "array",
      items: { type: "string", enum: ["DaaS", "Managed Print"] },
      uniqueItems: true,
    });
    expect(properties.shares_data).toMatchObject({ type: "boolean" });
    expect(properties.inventory_units.description).toContain("Confidential");
  });

  it("writes exact bounds in words and the nearest float as the keyword", () => {
    const [share] = Object.values(
      inputSchema([input("share", "percent", { min: "-1/20", max: "4/5", optional: true })], "t").properties as Record<
        string,
        Record<string, unknown>
      >,
    );
    expect(share).toMatchObject({ type: ["number", "null"], minimum: -0.05, maximum: 0.8 });
    expect(share.description).toContain("From -0.05 to 0.8 inclusive.");
  });

  it("lets an optional one-of be null", () => {
    const [region] = Object.values(
      inputSchema([input("region", "oneOf", { values: ["A"], optional: true })], "t").properties as Record<
        string,
        unknown
      >,
    );
    expect(region).toMatchObject({ type: ["string", "null"], enum: ["A", null] });
  });

  it("is deterministic", () => {
    expect(JSON.stringify(inputSchema(channelPlusInputs, "x"))).toBe(
      JSON.stringify(inputSchema(channelPlusInputs, "x")),
    );
  });

  it("compiles under ajv strict mode and checks a record", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const record = {
      partner_id: "P-1",
      region: "EMEA",
      revenue: 1,
      sales_target: 1,
      deals_registered: 1,
      deals_won: 1,
      csat: null,
      services: [],
      investment: 1,
      shares_data: true,
      inventory_units: 1,
      undeclared: "fine",
    };
    expect(validate(record)).toBe(true);
    expect(validate({ ...record, region: "Mars", services: ["DaaS", "DaaS"] })).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toEqual(["/region", "/services"]);
  });
});

describe("exactStringToDecimalText", () => {
  it.each([
    ["0", "0"],
    ["10", "10"],
    ["4/5", "0.8"],
    ["-1/20", "-0.05"],
    ["1/8", "0.125"],
    ["250000", "250000"],
    ["1/3", "1/3"],
  ])("writes %s as %s", (exact, decimal) => {
    expect(exactStringToDecimalText(exact)).toBe(decimal);
  });
});
