// The record schema (compile/input-schema.ts, the one published by `ppl
// schema`) compiled into one plain predicate per field, for the records that
// pass. ajv still words every problem of a record this check refuses
// (typed-record.ts loads it only then), and test/io/record-schema-check.test.ts
// requires the same verdict as ajv on random values of every kind.
//
// Why not ajv for every record: loading ajv (about 45 ms of CommonJS) and
// compiling the record schema (about 65 ms) came to ~110 ms of every `ppl run`
// start-up, over half of a one-row run of an artifact (minimum of 10 runs,
// Node 20, busy 2-core machine). And per record (test/bench/type-records.ts,
// 200,000 rules/amplify.ppl rows typed in memory, fastest pass by CPU time,
// load ~7 on 2 cores, two runs each): ajv on a float copy of the record as an
// object 184,000-189,000 rows/s; this check on each field's float copy
// 220,000-230,000 rows/s (a closure per keyword was slower than ajv: 166,000).
// The schema uses a handful of keywords; any other keyword makes compiling
// throw, so a schema this check does not understand can never be passed by it.
import type { JsonSchema } from "../compile/input-schema.js";

/** Whether one field's value (JSON-shaped, numbers as floats) is valid by its schema. */
export type ValueCheck = (value: unknown) => boolean;

export interface RecordSchemaCheck {
  /** The check of each property the schema names. */
  readonly properties: ReadonlyMap<string, ValueCheck>;
  /** The same checks as rules for `passes` (one call site for every field). */
  readonly rules: ReadonlyMap<string, ValueRule>;
  /** Properties a record must have. */
  readonly required: ReadonlySet<string>;
}

/** Keywords that only describe (JSON Schema annotations): they never decide validity. */
const ANNOTATIONS = new Set(["$schema", "$id", "title", "description", "$comment", "examples"]);

export class UnsupportedSchemaError extends Error {}

function unsupported(keyword: string, where: string): never {
  throw new UnsupportedSchemaError(`the record check does not support the keyword "${keyword}" (${where})`);
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

// Type bits: a value's JSON type as one bit, so a field's allowed types are one mask.
const STRING = 1;
const NUMBER = 2;
const INTEGER = 4;
const BOOLEAN = 8;
const NULL = 16;
const ARRAY = 32;
const OBJECT = 64;
const TYPE_BITS: Record<string, number> = {
  string: STRING,
  number: NUMBER,
  // Every integer is a number too.
  integer: INTEGER,
  boolean: BOOLEAN,
  null: NULL,
  array: ARRAY,
  object: OBJECT,
};

/** The JSON type bits a value has: a whole finite number is both NUMBER and INTEGER (ajv's strict numbers). */
function typeBits(value: unknown): number {
  switch (typeof value) {
    case "string":
      return STRING;
    case "number":
      if (!Number.isFinite(value)) return 0;
      return Number.isInteger(value) ? NUMBER | INTEGER : NUMBER;
    case "boolean":
      return BOOLEAN;
    case "object":
      return value === null ? NULL : Array.isArray(value) ? ARRAY : OBJECT;
    default:
      return 0;
  }
}

/**
 * One value's schema as data, checked by `passes`: one function of one shape
 * for every field, which V8 optimises as one (a closure per keyword measured
 * slower than ajv's generated code).
 */
export class ValueRule {
  /** Allowed type bits; every type when the schema has no `type`. */
  types = STRING | NUMBER | INTEGER | BOOLEAN | NULL | ARRAY | OBJECT;
  /** `enum` of JSON primitives (compared by ===, which is JSON equality for them). */
  members: Set<unknown> | undefined;
  /** `enum` holding lists or objects. */
  deepMembers: unknown[] | undefined;
  minimum = -Infinity;
  maximum = Infinity;
  items: ValueRule | undefined;
  unique = false;
  /** `false` as a schema. */
  never = false;
}

/** Whether a value (JSON-shaped, numbers as floats) is valid by the rule. */
export function passes(rule: ValueRule, value: unknown): boolean {
  const bits = typeBits(value);
  if ((rule.types & bits) === 0 || rule.never) return false;
  if (rule.members !== undefined && !rule.members.has(value)) return false;
  if (rule.deepMembers !== undefined && !rule.deepMembers.some((item) => jsonEqual(item, value))) return false;
  if ((bits & NUMBER) !== 0) return (value as number) >= rule.minimum && (value as number) <= rule.maximum;
  if ((bits & ARRAY) !== 0) {
    const list = value as unknown[];
    if (rule.items !== undefined) {
      for (const item of list) if (!passes(rule.items, item)) return false;
    }
    if (rule.unique && !uniqueItems(list)) return false;
  }
  return true;
}

function compileRule(schema: unknown, where: string): ValueRule {
  const rule = new ValueRule();
  if (schema === true) return rule;
  if (schema === false) {
    rule.never = true;
    return rule;
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) unsupported("(not a schema)", where);
  for (const [keyword, argument] of Object.entries(schema as JsonSchema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case "type": {
        const types = Array.isArray(argument) ? argument : [argument];
        if (types.length === 0 || !types.every((type) => typeof type === "string" && Object.hasOwn(TYPE_BITS, type))) {
          unsupported(`type ${JSON.stringify(argument)}`, where);
        }
        rule.types = types.reduce((bits: number, type: string) => bits | TYPE_BITS[type]!, 0);
        break;
      }
      case "enum":
        if (!Array.isArray(argument)) unsupported("enum (not a list)", where);
        if (argument.every((item) => typeof item !== "object" || item === null)) rule.members = new Set(argument);
        else rule.deepMembers = argument;
        break;
      case "minimum":
      case "maximum":
        if (typeof argument !== "number") unsupported(`${keyword} (not a number)`, where);
        // Like every JSON Schema number keyword, these apply to numbers only (see passes).
        if (keyword === "minimum") rule.minimum = argument;
        else rule.maximum = argument;
        break;
      case "items":
        rule.items = compileRule(argument, `${where}/items`);
        break;
      case "uniqueItems":
        if (typeof argument !== "boolean") unsupported("uniqueItems (not true or false)", where);
        rule.unique = argument;
        break;
      default:
        unsupported(keyword, where);
    }
  }
  return rule;
}

/** One value's schema as a predicate; every keyword not understood throws. */
export function compileValueCheck(schema: unknown, where: string): ValueCheck {
  const rule = compileRule(schema, where);
  return (value) => passes(rule, value);
}

/**
 * The record schema as one check per property. Only the shape inputSchema
 * writes is understood: an object with `properties`, `required` and
 * `additionalProperties: true` (fields not declared are ignored).
 */
export function compileRecordSchemaCheck(schema: JsonSchema): RecordSchemaCheck {
  const properties = new Map<string, ValueCheck>();
  const rules = new Map<string, ValueRule>();
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
          const rule = compileRule(property, `the field ${JSON.stringify(name)}`);
          rules.set(name, rule);
          properties.set(name, (value) => passes(rule, value));
        }
        break;
      default:
        unsupported(keyword, "the record");
    }
  }
  return { properties, rules, required };
}
