// The record schema (compile/input-schema.ts, the one published by `ppl
// schema`) compiled into one plain predicate per field, for the records that
// pass. ajv still words every problem of a record this check refuses
// (typed-record.ts loads it only then), and test/io/record-schema-check.test.ts
// requires the same verdict as ajv on random values of every kind.
//
// Why not ajv for every record: loading ajv (about 45 ms of CommonJS) and
// compiling the record schema (about 65 ms) came to ~110 ms of every `ppl run`
// start-up, over half of a one-row run of an artifact (minimum of 10 runs,
// Node 20, busy 2-core machine), and its check needs a float copy of each
// record as an object. The schema uses a handful of keywords; any other
// keyword makes compiling throw, so a schema this check does not understand
// can never be passed by it.
import type { JsonSchema } from "../compile/input-schema.js";

/** Whether one field's value (JSON-shaped, numbers as floats) is valid by its schema. */
export type ValueCheck = (value: unknown) => boolean;

export interface RecordSchemaCheck {
  /** The check of each property the schema names. */
  readonly properties: ReadonlyMap<string, ValueCheck>;
  /** Properties a record must have. */
  readonly required: ReadonlySet<string>;
}

/** Keywords that only describe (JSON Schema annotations): they never decide validity. */
const ANNOTATIONS = new Set(["$schema", "$id", "title", "description", "$comment", "examples"]);

export class UnsupportedSchemaError extends Error {}

function unsupported(keyword: string, where: string): never {
  throw new UnsupportedSchemaError(`the record check does not support the keyword "${keyword}" (${where})`);
}

type JsonType = "string" | "number" | "integer" | "boolean" | "array" | "object" | "null";
const JSON_TYPES = new Set<string>(["string", "number", "integer", "boolean", "array", "object", "null"]);

function isJsonType(type: JsonType, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
  }
}

/** JSON equality (the equality of `enum` and `uniqueItems`). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, index) => jsonEqual(item, other[index]));
  }
  const left = Object.keys(a);
  const right = Object.keys(b);
  return (
    left.length === right.length &&
    left.every(
      (key) =>
        Object.hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}

function uniqueItems(items: unknown[]): boolean {
  if (items.length < 2) return true;
  if (items.every((item) => typeof item !== "object" || item === null)) {
    // Primitives: a Set tells 1 from "1" and 0 equals -0, as JSON equality does.
    return new Set(items).size === items.length;
  }
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) if (jsonEqual(items[i], items[j])) return false;
  }
  return true;
}

/** One value's schema as a predicate; every keyword not understood throws. */
export function compileValueCheck(schema: unknown, where: string): ValueCheck {
  if (schema === true) return () => true;
  if (schema === false) return () => false;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) unsupported("(not a schema)", where);
  const checks: ValueCheck[] = [];
  for (const [keyword, argument] of Object.entries(schema as JsonSchema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case "type": {
        const types = Array.isArray(argument) ? argument : [argument];
        if (types.length === 0 || !types.every((type) => typeof type === "string" && JSON_TYPES.has(type))) {
          unsupported(`type ${JSON.stringify(argument)}`, where);
        }
        const allowed = types as JsonType[];
        checks.push(
          allowed.length === 1
            ? (value) => isJsonType(allowed[0]!, value)
            : (value) => allowed.some((type) => isJsonType(type, value)),
        );
        break;
      }
      case "enum": {
        if (!Array.isArray(argument)) unsupported("enum (not a list)", where);
        const primitive = argument.every((item) => typeof item !== "object" || item === null);
        if (primitive) {
          const members = new Set(argument);
          checks.push((value) => members.has(value));
        } else {
          checks.push((value) => argument.some((item) => jsonEqual(item, value)));
        }
        break;
      }
      case "minimum":
      case "maximum": {
        if (typeof argument !== "number") unsupported(`${keyword} (not a number)`, where);
        // Like every JSON Schema number keyword, these apply to numbers only.
        checks.push(
          keyword === "minimum"
            ? (value) => typeof value !== "number" || value >= argument
            : (value) => typeof value !== "number" || value <= argument,
        );
        break;
      }
      case "items": {
        const item = compileValueCheck(argument, `${where}/items`);
        checks.push((value) => !Array.isArray(value) || value.every(item));
        break;
      }
      case "uniqueItems":
        if (typeof argument !== "boolean") unsupported("uniqueItems (not true or false)", where);
        if (argument) checks.push((value) => !Array.isArray(value) || uniqueItems(value));
        break;
      default:
        unsupported(keyword, where);
    }
  }
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0]!;
  return (value) => {
    for (const check of checks) if (!check(value)) return false;
    return true;
  };
}

/**
 * The record schema as one check per property. Only the shape inputSchema
 * writes is understood: an object with `properties`, `required` and
 * `additionalProperties: true` (fields not declared are ignored).
 */
export function compileRecordSchemaCheck(schema: JsonSchema): RecordSchemaCheck {
  const properties = new Map<string, ValueCheck>();
  let required = new Set<string>();
  for (const [keyword, argument] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case "type":
        // The runner's records are always objects.
        if (argument !== "object") unsupported(`type ${JSON.stringify(argument)}`, "the record");
        break;
      case "additionalProperties":
        if (argument !== true) unsupported("additionalProperties other than true", "the record");
        break;
      case "required":
        if (!Array.isArray(argument) || !argument.every((name) => typeof name === "string")) {
          unsupported("required (not a list of names)", "the record");
        }
        required = new Set(argument as string[]);
        break;
      case "properties":
        if (typeof argument !== "object" || argument === null) unsupported("properties (not an object)", "the record");
        for (const [name, property] of Object.entries(argument as JsonSchema)) {
          properties.set(name, compileValueCheck(property, `the field ${JSON.stringify(name)}`));
        }
        break;
      default:
        unsupported(keyword, "the record");
    }
  }
  return { properties, required };
}
