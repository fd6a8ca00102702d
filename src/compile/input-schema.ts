// The JSON Schema (draft 2020-12) of one partner record, built from the
// program's inputs. It is published by `ppl schema` and checked by the runner
// with ajv. Exact bounds are also written in the descriptions, because
// `minimum`/`maximum` can only hold the nearest binary float.
import { parseRatio } from "../number/rational.js";
import type { ExactString, InputSpec } from "./artifact-types.js";

export const JSON_SCHEMA_DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

export type JsonSchema = { [keyword: string]: unknown };

/**
 * An exact string `"n/d"` written as a decimal when it terminates (`"4/5"` →
 * `"0.8"`), else left as `"n/d"`. Bounds come from decimal literals, so they
 * terminate in practice.
 */
export function exactStringToDecimalText(exact: ExactString): string {
  const value = parseRatio(exact);
  if (value === undefined) throw new Error(`not an exact number string: ${exact}`);
  const sign = value.n < 0n ? "-" : "";
  const numerator = value.n < 0n ? -value.n : value.n;
  const denominator = value.d;
  let twos = 0;
  let fives = 0;
  let rest = denominator;
  while (rest % 2n === 0n) {
    rest /= 2n;
    twos++;
  }
  while (rest % 5n === 0n) {
    rest /= 5n;
    fives++;
  }
  if (rest !== 1n) return exact;
  const places = Math.max(twos, fives);
  const scaled = (numerator * 10n ** BigInt(places)) / denominator;
  const digits = scaled.toString().padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, "");
  const negative = sign === "-" && scaled !== 0n;
  return (negative ? "-" : "") + whole + (fraction === "" ? "" : "." + fraction);
}

/** The nearest binary float of an exact string, for `minimum`/`maximum`. */
function exactStringToFloat(exact: ExactString): number {
  const decimal = exactStringToDecimalText(exact);
  if (!decimal.includes("/")) return Number(decimal);
  const [numerator, denominator] = decimal.split("/");
  return Number(numerator) / Number(denominator);
}

function quoteList(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

function typeDescription(input: InputSpec): string {
  switch (input.type) {
    case "text":
      return "Text.";
    case "number":
      return "A number, read exactly as written.";
    case "integer":
      return "A whole number.";
    case "money":
      return "An amount of money in the program's currency, read exactly as written (no currency symbol or thousands separators).";
    case "percent":
      return "A percentage written as a fraction: 0.85 means 85%. CSV also accepts 85%.";
    case "boolean":
      return "true or false. CSV also accepts yes/no and 1/0, in any case.";
    case "oneOf":
      return `One of ${quoteList(input.values ?? [])}.`;
    case "listOf":
      return `Any of ${quoteList(input.values ?? [])}, each at most once. In CSV, the items joined by ";".`;
  }
}

function boundsDescription(input: InputSpec): string | undefined {
  const min = input.min === undefined ? undefined : exactStringToDecimalText(input.min);
  const max = input.max === undefined ? undefined : exactStringToDecimalText(input.max);
  if (min !== undefined && max !== undefined) return `From ${min} to ${max} inclusive.`;
  if (min !== undefined) return `At least ${min}.`;
  if (max !== undefined) return `At most ${max}.`;
  return undefined;
}

function fieldDescription(input: InputSpec): string {
  const parts = [typeDescription(input), boundsDescription(input)];
  parts.push(input.optional ? "Optional: may be absent, null or (in CSV) empty." : "Required.");
  if (input.key) parts.push("Key: identifies the partner in every output.");
  if (input.confidential) {
    parts.push("Confidential: never written to any output, explanation, log or error message.");
  }
  return parts.filter((part) => part !== undefined).join(" ");
}

function jsonTypeOf(input: InputSpec): string {
  switch (input.type) {
    case "text":
    case "oneOf":
      return "string";
    case "number":
    case "money":
    case "percent":
      return "number";
    case "integer":
      return "integer";
    case "boolean":
      return "boolean";
    case "listOf":
      return "array";
  }
}

function fieldSchema(input: InputSpec): JsonSchema {
  const jsonType = jsonTypeOf(input);
  // JSON null means "absent", so an optional field also admits null.
  const schema: JsonSchema = { type: input.optional ? [jsonType, "null"] : jsonType };
  if (input.type === "oneOf") {
    schema.enum = input.optional ? [...(input.values ?? []), null] : [...(input.values ?? [])];
  }
  if (input.type === "listOf") {
    schema.items = { type: "string", enum: [...(input.values ?? [])] };
    schema.uniqueItems = true;
  }
  if (jsonType === "number" || jsonType === "integer") {
    if (input.min !== undefined) schema.minimum = exactStringToFloat(input.min);
    if (input.max !== undefined) schema.maximum = exactStringToFloat(input.max);
  }
  schema.description = fieldDescription(input);
  return schema;
}

/** The JSON Schema (draft 2020-12) of one partner record, deterministic for given inputs. */
export function inputSchema(inputs: InputSpec[], title: string): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DRAFT_2020_12,
    title,
    description: "One partner record. Fields that are not declared here are ignored and never written out.",
    type: "object",
    // fromEntries defines own properties, so an input named __proto__ stays a field.
    properties: Object.fromEntries(inputs.map((input) => [input.name, fieldSchema(input)])),
    required: inputs.filter((input) => !input.optional).map((input) => input.name),
    additionalProperties: true,
  };
}
