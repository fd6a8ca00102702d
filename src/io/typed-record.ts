// Turns a raw record into typed input values (spec section 3.2) and checks it
// against the program's input schema.
//
// How exactness and ajv fit together: each declared field is first decoded
// from its text (CSV cell rules, or the JSON value as written) into an exact
// value, plus a float copy for ajv. ajv checks the float copy against the
// published schema for what floats cannot get wrong: required fields, JSON
// types, allowed values and repeated list items. Float rounding is monotone,
// so ajv's `minimum`, `maximum` and `integer` checks can never reject a value
// that is exactly valid, but they can miss one just past a bound
// (10.0000000000000000001 rounds to 10). So those three are decided here on
// the exact values instead, and ajv's verdicts on them are dropped.
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import {
  MAX_DECIMAL_SCALE,
  NumberRangeError,
  PLAIN_DECIMAL,
  decimalToNum,
  parseExact,
  plainDecimalToNum,
  toExactString,
} from "../number/exact-text.js";
import * as q from "../number/rational.js";
import { Small, type Num } from "../number/rational.js";
import type { InputSpec } from "../compile/artifact-types.js";
import { exactStringToDecimalText, inputSchema, type JsonSchema } from "../compile/input-schema.js";
import { REDACTED, type FieldError } from "../runtime/result-types.js";
import { describeRawField } from "./lossless-json.js";
import type { RawField, RawRecord } from "./raw-record.js";

/** A typed input value: exact numbers (Num), lists in declaration order. */
export type TypedValue = Num | string | boolean | string[];

/** The partner's key as written in outputs: text, an integer, or null when unreadable. */
export type PartnerKey = string | number | null;

export type TypedRecord =
  | { ok: true; values: Record<string, TypedValue>; key: PartnerKey }
  | { ok: false; errors: FieldError[]; key: PartnerKey };

interface ExactBounds {
  min?: Num;
  max?: Num;
}

/** The compiled schema check of one program. Build it once; use it for every record. */
export interface RecordValidator {
  readonly schema: JsonSchema;
  readonly checkSchema: ValidateFunction;
  readonly bounds: ReadonlyMap<string, ExactBounds>;
  /** The currency's minor digits, for the example amount in messages. */
  readonly minorUnits: number;
}

export function compileRecordValidator(inputs: InputSpec[], title = "Partner record", minorUnits = 2): RecordValidator {
  const schema = inputSchema(inputs, title);
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  const bounds = new Map<string, ExactBounds>();
  for (const input of inputs) {
    bounds.set(input.name, {
      min: input.min === undefined ? undefined : parseExact(input.min),
      max: input.max === undefined ? undefined : parseExact(input.max),
    });
  }
  return { schema, checkSchema: ajv.compile(schema), bounds, minorUnits };
}

// ------------------------------------------------------------------ decoding

/** One declared field after decoding, before the schema check. */
type Decoded =
  | { kind: "absent" }
  /** The text cannot be read as the declared type at all. */
  | { kind: "unreadable"; message: string }
  | {
      kind: "value";
      /** What ajv sees: JSON-shaped, numbers as the nearest float. */
      candidate: unknown;
      /** The exact typed value, when the value has the declared shape. */
      typed: TypedValue | undefined;
      /** The value as written, for messages (never used for confidential inputs). */
      shown: string;
    };

const NUMERIC_TYPES = new Set(["number", "integer", "money", "percent"]);
const TRUE_WORDS = new Set(["true", "yes", "1"]);
const FALSE_WORDS = new Set(["false", "no", "0"]);
const CSV_PERCENT = /^(-?[0-9]+(?:\.[0-9]+)?)%$/;

function quote(text: string): string {
  return JSON.stringify(text);
}

function quoteList(values: readonly string[]): string {
  return values.map(quote).join(", ");
}

/** An example amount with the currency's minor digits: 1250 (JPY), 1250.50 (USD), 1250.500 (BHD). */
function exampleAmount(minorUnits: number): string {
  return minorUnits === 0 ? "1250" : `1250.${"5".padEnd(minorUnits, "0")}`;
}

/** What the input expects, in words, for the file format the value came from. */
function expected(input: InputSpec, fromCsv: boolean, minorUnits = 2): string {
  const values = quoteList(input.values ?? []);
  switch (input.type) {
    case "number":
      return fromCsv ? "a plain decimal number such as 1250.50" : "a JSON number such as 1250.50";
    case "money":
      return fromCsv
        ? `an amount as a plain decimal number such as ${exampleAmount(minorUnits)}, without currency symbol or thousands separators`
        : `an amount as a JSON number such as ${exampleAmount(minorUnits)}`;
    case "integer":
      return "a whole number such as 42";
    case "percent":
      return fromCsv
        ? "a fraction such as 0.85 or a percentage such as 85%"
        : "a fraction such as 0.85 (meaning 85%) as a JSON number";
    case "boolean":
      return fromCsv ? "true/false, yes/no or 1/0" : "true or false";
    case "text":
      return fromCsv ? "text" : "text in double quotes";
    case "oneOf":
      return `one of ${values}`;
    case "listOf":
      return fromCsv ? `any of ${values}, separated by semicolons` : `a list of any of ${values}`;
  }
}

/** Keeps list items in declaration order, the canonical order of a set. */
function inDeclarationOrder(input: InputSpec, items: string[]): string[] {
  return (input.values ?? []).filter((value) => items.includes(value));
}

/**
 * The nearest binary float of a decimal text, for ajv. `Number()` rounds
 * decimal text correctly; values beyond the float range are clamped so they
 * stay numbers.
 */
function decimalTextToFloat(text: string): number {
  const value = Number(text);
  if (value === Infinity) return Number.MAX_VALUE;
  if (value === -Infinity) return -Number.MAX_VALUE;
  return value;
}

function exactNumber(input: InputSpec, text: string, shown: string): Decoded {
  try {
    return {
      kind: "value",
      candidate: decimalTextToFloat(text),
      typed: decimalToNum(text),
      shown,
    };
  } catch (error) {
    if (!(error instanceof NumberRangeError)) throw error;
    // The value is not shown even when it may be: it has thousands of digits.
    return {
      kind: "unreadable",
      message: `the number has more than ${MAX_DECIMAL_SCALE.toLocaleString("en-US")} digits after the decimal point (or an exponent beyond that), too many to read exactly`,
    };
  }
}

function decodeCell(input: InputSpec, cell: string, minorUnits: number): Decoded {
  const text = cell.trim();
  if (text === "") {
    return input.type === "listOf"
      ? { kind: "value", candidate: [], typed: [], shown: quote(text) }
      : { kind: "absent" };
  }
  const shown = quote(text);
  const unreadable: Decoded = {
    kind: "unreadable",
    message: `expected ${expected(input, true, minorUnits)}, got ${shownValue(input, shown)}`,
  };
  switch (input.type) {
    case "number":
    case "money":
    case "integer":
      return PLAIN_DECIMAL.test(text) ? exactNumber(input, text, text) : unreadable;
    case "percent": {
      if (PLAIN_DECIMAL.test(text)) return exactNumber(input, text, text);
      const percent = CSV_PERCENT.exec(text);
      if (percent === null) return unreadable;
      // An exponent shifts the decimal point without a float division.
      return exactNumber(input, `${percent[1]}e-2`, text);
    }
    case "boolean": {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return { kind: "value", candidate: true, typed: true, shown };
      if (FALSE_WORDS.has(word)) return { kind: "value", candidate: false, typed: false, shown };
      return unreadable;
    }
    case "text":
    case "oneOf":
      return { kind: "value", candidate: text, typed: text, shown };
    case "listOf": {
      // Empty items (a trailing ";") are dropped rather than reported.
      const items = text
        .split(";")
        .map((item) => item.trim())
        .filter((item) => item !== "");
      return { kind: "value", candidate: items, typed: inDeclarationOrder(input, items), shown };
    }
  }
}

/** The float copy of a JSON value for ajv; nested objects become `{}` (never valid input). */
function jsonCandidate(field: RawField): unknown {
  switch (field.kind) {
    case "cell":
      return field.text;
    case "string":
      return field.value;
    case "number":
      return decimalTextToFloat(field.text);
    case "boolean":
      return field.value;
    case "null":
      return null;
    case "array":
      return field.items.map(jsonCandidate);
    case "object":
      return {};
  }
}

function shownJson(field: RawField): string {
  switch (field.kind) {
    case "cell":
      return quote(field.text);
    case "string":
      return `the text ${quote(field.value)}`;
    case "number":
      return field.text;
    default:
      return describeRawField(field);
  }
}

function decodeJson(input: InputSpec, field: RawField): Decoded {
  if (field.kind === "null") return { kind: "absent" };
  const shown = shownJson(field);
  if (NUMERIC_TYPES.has(input.type) && field.kind === "number") {
    return exactNumber(input, field.text, shown);
  }
  let typed: TypedValue | undefined;
  if ((input.type === "text" || input.type === "oneOf") && field.kind === "string") typed = field.value;
  if (input.type === "boolean" && field.kind === "boolean") typed = field.value;
  if (input.type === "listOf" && field.kind === "array") {
    const items = field.items.flatMap((item) => (item.kind === "string" ? [item.value] : []));
    if (items.length === field.items.length) typed = inDeclarationOrder(input, items);
  }
  return { kind: "value", candidate: jsonCandidate(field), typed, shown };
}

function decodeField(input: InputSpec, field: RawField | undefined, minorUnits: number): Decoded {
  if (field === undefined) return { kind: "absent" };
  return field.kind === "cell" ? decodeCell(input, field.text, minorUnits) : decodeJson(input, field);
}

// ------------------------------------------------------------------ messages

function shownValue(input: InputSpec, shown: string): string {
  return input.confidential ? REDACTED : shown;
}

const HUNDRED = new Small(100, 1);

function boundText(input: InputSpec, bound: Num): string {
  const decimal = exactStringToDecimalText(toExactString(bound));
  if (input.type !== "percent") return decimal;
  return `${decimal} (${exactStringToDecimalText(toExactString(q.mul(bound, HUNDRED)))}%)`;
}

/** The top-level field an ajv error is about, or null for the record itself. */
function fieldOfAjvError(error: ErrorObject): string | null {
  if (error.keyword === "required") return String(error.params.missingProperty);
  if (error.instancePath === "") return null;
  const segment = error.instancePath.split("/")[1];
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

function listItemAt(candidate: unknown, index: unknown): unknown {
  return Array.isArray(candidate) && typeof index === "number" ? candidate[index] : undefined;
}

/** Words for the schema errors of one field (minimum/maximum/integer already dropped). */
function schemaMessages(
  input: InputSpec,
  decoded: Extract<Decoded, { kind: "value" }> | undefined,
  errors: ErrorObject[],
  fromCsv: boolean,
  minorUnits: number,
): string[] {
  const messages: string[] = [];
  const badItems = new Set<string>();
  // A value of the wrong JSON type fails both `type` and `enum`: one message says so.
  let wrongShape = false;
  for (const error of errors) {
    const isItem = error.instancePath.split("/").length > 2;
    if (error.keyword === "required") {
      messages.push(`a value is required but the record has none (expected ${expected(input, fromCsv, minorUnits)})`);
    } else if (error.keyword === "type" || (isItem && error.keyword !== "enum")) {
      wrongShape = true;
    } else if (error.keyword === "enum" && isItem) {
      const item = listItemAt(decoded?.candidate, Number(error.instancePath.split("/")[2]));
      badItems.add(typeof item === "string" ? quote(item) : String(item));
    } else if (error.keyword === "enum") {
      wrongShape = true;
    } else if (error.keyword === "uniqueItems") {
      const item = listItemAt(decoded?.candidate, error.params.j);
      messages.push(
        input.confidential
          ? `an item is listed more than once, list each item at most once`
          : `${typeof item === "string" ? quote(item) : "an item"} is listed more than once, list each item at most once`,
      );
    } else {
      // ajv's own wording never contains the value, so it is safe for confidential inputs.
      messages.push(`${error.message ?? "is not valid"}`);
    }
  }
  if (wrongShape) {
    messages.unshift(
      `expected ${expected(input, fromCsv, minorUnits)}, got ${shownValue(input, decoded?.shown ?? "")}`,
    );
  } else if (badItems.size > 0) {
    const allowed = quoteList(input.values ?? []);
    messages.unshift(
      input.confidential
        ? `${badItems.size === 1 ? "an item is" : `${badItems.size} items are`} not among the allowed values ${allowed}`
        : `${[...badItems].join(", ")} ${badItems.size === 1 ? "is" : "are"} not among the allowed values ${allowed}`,
    );
  }
  return messages;
}

/** Exact checks the float schema check cannot make: whole numbers and inclusive bounds. */
function exactMessages(
  input: InputSpec,
  value: Num,
  shown: string,
  bounds: ExactBounds | undefined,
  fromCsv: boolean,
): string[] {
  const got = shownValue(input, shown);
  if (input.type === "integer" && !q.isInteger(value)) {
    return [`expected ${expected(input, true)}, got ${got}`];
  }
  const messages: string[] = [];
  if (bounds?.min !== undefined && q.compare(value, bounds.min) < 0) {
    messages.push(`must be at least ${boundText(input, bounds.min)}, got ${got}`);
  }
  if (bounds?.max !== undefined && q.compare(value, bounds.max) > 0) {
    messages.push(
      `must be at most ${boundText(input, bounds.max)}, got ${got}${percentHint(input, value, shown, fromCsv)}`,
    );
  }
  return messages;
}

/** For a bare `85` in a percent field, which means 8500%: how to write 85%. */
function percentHint(input: InputSpec, value: Num, shown: string, fromCsv: boolean): string {
  if (input.type !== "percent" || shown.endsWith("%") || q.compare(value, q.ONE) <= 0) return "";
  if (input.confidential) return "; a percent is a fraction (0.85 means 85%)";
  const fraction = exactStringToDecimalText(toExactString(q.mul(value, new Small(1, 100))));
  return fromCsv ? `; write ${shown}% or ${fraction}` : `; write ${fraction}`;
}

// ------------------------------------------------------------------ typing

function keyOf(input: InputSpec | undefined, decoded: Decoded | undefined): PartnerKey {
  if (input === undefined || decoded?.kind !== "value" || decoded.typed === undefined) return null;
  if (input.confidential) return REDACTED;
  return keyValue(decoded.typed);
}

/** A key as written out: text as it is, an integer as a number. */
function keyValue(typed: TypedValue): PartnerKey {
  if (typeof typed === "string") return typed;
  if (q.isNum(typed) && q.isInteger(typed)) {
    // Beyond 2^53 a JSON number would change the key, so huge integers stay text.
    if (typed instanceof Small) return typed.n / typed.d;
    const { n } = q.reduced(typed);
    const asNumber = Number(n);
    return Number.isSafeInteger(asNumber) ? asNumber : n.toString();
  }
  return null;
}

/**
 * Types one raw record against the program's inputs. Fields not declared are
 * ignored; every failing declared field is listed, in declaration order, after
 * any problem with the record as a whole. The partner key is returned whenever
 * its own field is valid.
 */
export function typeRecord(raw: RawRecord, inputs: InputSpec[], validator: RecordValidator): TypedRecord {
  const fast = typeValidRecord(raw, planOf(inputs));
  return fast ?? typeRecordChecked(raw, inputs, validator);
}

/** The full check: decodes every field, runs ajv, and words every problem (exported for tests). */
export function typeRecordChecked(raw: RawRecord, inputs: InputSpec[], validator: RecordValidator): TypedRecord {
  const keyInput = inputs.find((input) => input.key);
  const decoded = new Map<string, Decoded>();
  for (const input of inputs) {
    const field = Object.hasOwn(raw.fields, input.name) ? raw.fields[input.name] : undefined;
    decoded.set(input.name, decodeField(input, field, validator.minorUnits));
  }

  if (raw.problem !== undefined) {
    // The fields of a broken row may be shifted, so only the key is trusted, and only if it reads.
    const keyDecoded = keyInput === undefined ? undefined : decoded.get(keyInput.name);
    return {
      ok: false,
      errors: [{ field: null, message: raw.problem }],
      key: keyOf(keyInput, keyDecoded),
    };
  }

  const fromCsv = Object.values(raw.fields).some((field) => field.kind === "cell");
  const candidate = Object.create(null) as Record<string, unknown>;
  for (const input of inputs) {
    const field = decoded.get(input.name);
    if (field?.kind === "value") candidate[input.name] = field.candidate;
  }

  const schemaErrors = new Map<string | null, ErrorObject[]>();
  if (!validator.checkSchema(candidate)) {
    for (const error of validator.checkSchema.errors ?? []) {
      if (error.keyword === "minimum" || error.keyword === "maximum") continue;
      const field = fieldOfAjvError(error);
      const list = schemaErrors.get(field) ?? [];
      list.push(error);
      schemaErrors.set(field, list);
    }
  }

  const errors: FieldError[] = [];
  for (const error of schemaErrors.get(null) ?? []) {
    errors.push({ field: null, message: `the record ${error.message ?? "is not valid"}` });
  }
  const values = Object.create(null) as Record<string, TypedValue>;
  const repeated = new Set(raw.repeated ?? []);
  for (const input of inputs) {
    const field = decoded.get(input.name);
    const messages: string[] = [];
    if (repeated.has(input.name)) {
      messages.push(`the field is given more than once in the record, give it once`);
    }
    if (field?.kind === "unreadable") {
      messages.push(field.message);
    } else {
      const value = field?.kind === "value" ? field : undefined;
      const ajvErrors = (schemaErrors.get(input.name) ?? []).filter(
        // A number in an integer field is judged exactly below, not by its float.
        (error) => !(input.type === "integer" && error.keyword === "type" && typeof value?.candidate === "number"),
      );
      messages.push(...schemaMessages(input, value, ajvErrors, fromCsv, validator.minorUnits));
      if (ajvErrors.length === 0 && value !== undefined) {
        if (q.isNum(value.typed)) {
          messages.push(...exactMessages(input, value.typed, value.shown, validator.bounds.get(input.name), fromCsv));
        } else if (value.typed === undefined) {
          // The schema passed a value of the wrong shape: the schema and decoder disagree.
          messages.push(
            `expected ${expected(input, fromCsv, validator.minorUnits)}, got ${shownValue(input, value.shown)}`,
          );
        }
        if (messages.length === 0 && value.typed !== undefined) values[input.name] = value.typed;
      }
    }
    for (const message of messages) errors.push({ field: input.name, message });
  }

  const keyValid = keyInput !== undefined && !errors.some((error) => error.field === keyInput.name);
  const key = keyValid ? keyOf(keyInput, decoded.get(keyInput.name)) : null;
  if (errors.length > 0) return { ok: false, errors, key };
  return { ok: true, values, key };
}

// ------------------------------------------------------------ fast path
//
// Most records are valid. For them the checks ajv and the exact checks above
// make reduce to a few comparisons per field, decided here on the exact values
// without building the float copy. Any doubt (a missing, unreadable or
// out-of-range value, a repeated field, a broken row) returns undefined and
// the record goes through typeRecordChecked, which words the errors. So this
// path only ever accepts records the full check accepts, with the same values.

const enum Kind {
  Number,
  Integer,
  Percent,
  Boolean,
  Text,
  OneOf,
  ListOf,
}

interface FieldPlan {
  readonly name: string;
  readonly kind: Kind;
  readonly optional: boolean;
  readonly allowed: ReadonlySet<string>;
  /** The allowed values in declaration order, for lists. */
  readonly order: readonly string[];
  readonly min: Num | undefined;
  readonly max: Num | undefined;
}

interface RecordPlan {
  readonly fields: readonly FieldPlan[];
  /** Index of the key input in `fields`, or -1. */
  readonly keyIndex: number;
  readonly keyConfidential: boolean;
}

const KIND_OF: Record<InputSpec["type"], Kind> = {
  number: Kind.Number,
  money: Kind.Number,
  integer: Kind.Integer,
  percent: Kind.Percent,
  boolean: Kind.Boolean,
  text: Kind.Text,
  oneOf: Kind.OneOf,
  listOf: Kind.ListOf,
};

// Built once per inputs array, so a run pays for it once, not per record.
const plans = new WeakMap<InputSpec[], RecordPlan>();

function planOf(inputs: InputSpec[]): RecordPlan {
  let plan = plans.get(inputs);
  if (plan !== undefined) return plan;
  const fields = inputs.map((input): FieldPlan => ({
    name: input.name,
    kind: KIND_OF[input.type],
    optional: input.optional === true,
    allowed: new Set(input.values ?? []),
    order: input.values ?? [],
    min: input.min === undefined ? undefined : parseExact(input.min),
    max: input.max === undefined ? undefined : parseExact(input.max),
  }));
  const keyIndex = inputs.findIndex((input) => input.key);
  plan = { fields, keyIndex, keyConfidential: keyIndex >= 0 && inputs[keyIndex].confidential === true };
  plans.set(inputs, plan);
  return plan;
}

/** Marks a value the fast path cannot accept; the checked path then decides. */
const DOUBT = Symbol("doubt");
/** An absent value (empty cell, JSON null or no field). */
const ABSENT = Symbol("absent");

function fastNumber(plan: FieldPlan, value: Num | undefined): Num | typeof DOUBT {
  if (value === undefined) return DOUBT;
  if (plan.kind === Kind.Integer && !q.isInteger(value)) return DOUBT;
  if (plan.min !== undefined && q.compare(value, plan.min) < 0) return DOUBT;
  if (plan.max !== undefined && q.compare(value, plan.max) > 0) return DOUBT;
  return value;
}

// A number too long to read is a doubt: the checked path words it (without the value).
function exactOrUndefined(text: string): Num | undefined {
  return orUndefined(decimalToNum, text, 0);
}

function plainOrUndefined(text: string, shift = 0): Num | undefined {
  return orUndefined(plainDecimalToNum, text, shift);
}

function orUndefined(
  read: (text: string, shift: number) => Num | undefined,
  text: string,
  shift: number,
): Num | undefined {
  try {
    return read(text, shift);
  } catch (error) {
    if (error instanceof NumberRangeError) return undefined;
    throw error;
  }
}

/** Distinct allowed items, in declaration order; DOUBT for anything else. */
function fastList(plan: FieldPlan, items: string[]): string[] | typeof DOUBT {
  for (let i = 0; i < items.length; i++) {
    if (!plan.allowed.has(items[i])) return DOUBT;
    for (let j = 0; j < i; j++) if (items[j] === items[i]) return DOUBT;
  }
  if (items.length <= 1) return items;
  return plan.order.filter((value) => items.includes(value));
}

function fastCell(plan: FieldPlan, cell: string): TypedValue | typeof DOUBT | typeof ABSENT {
  const text = cell.trim();
  if (text === "") return plan.kind === Kind.ListOf ? [] : ABSENT;
  switch (plan.kind) {
    case Kind.Number:
    case Kind.Integer:
      return fastNumber(plan, plainOrUndefined(text));
    case Kind.Percent: {
      if (text.charCodeAt(text.length - 1) !== 37 /* % */) return fastNumber(plan, plainOrUndefined(text));
      // 85% is 85 shifted two places: the same value as the checked path's `85e-2`.
      return fastNumber(plan, plainOrUndefined(text.slice(0, -1), 2));
    }
    case Kind.Boolean: {
      const word = text.length <= 5 ? text.toLowerCase() : "";
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return DOUBT;
    }
    case Kind.Text:
      return text;
    case Kind.OneOf:
      return plan.allowed.has(text) ? text : DOUBT;
    case Kind.ListOf: {
      const items: string[] = [];
      for (const part of text.split(";")) {
        const item = part.trim();
        if (item !== "") items.push(item);
      }
      return fastList(plan, items);
    }
  }
}

function fastJson(plan: FieldPlan, field: RawField): TypedValue | typeof DOUBT | typeof ABSENT {
  switch (field.kind) {
    case "null":
      return ABSENT;
    case "number":
      return plan.kind === Kind.Number || plan.kind === Kind.Integer || plan.kind === Kind.Percent
        ? fastNumber(plan, exactOrUndefined(field.text))
        : DOUBT;
    case "string":
      if (plan.kind === Kind.Text) return field.value;
      return plan.kind === Kind.OneOf && plan.allowed.has(field.value) ? field.value : DOUBT;
    case "boolean":
      return plan.kind === Kind.Boolean ? field.value : DOUBT;
    case "array": {
      if (plan.kind !== Kind.ListOf) return DOUBT;
      const items: string[] = [];
      for (const item of field.items) {
        if (item.kind !== "string") return DOUBT;
        items.push(item.value);
      }
      return fastList(plan, items);
    }
    default:
      return DOUBT;
  }
}

function fastKey(plan: RecordPlan, typed: TypedValue | undefined): PartnerKey {
  if (typed === undefined) return null;
  if (plan.keyConfidential) return REDACTED;
  return keyValue(typed);
}

/** The typed record when it is certainly valid, else undefined. */
function typeValidRecord(raw: RawRecord, plan: RecordPlan): TypedRecord | undefined {
  if (raw.problem !== undefined || (raw.repeated !== undefined && raw.repeated.length > 0)) return undefined;
  const rawFields = raw.fields;
  const values = Object.create(null) as Record<string, TypedValue>;
  let key: TypedValue | undefined;
  const fields = plan.fields;
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index];
    const given = Object.hasOwn(rawFields, field.name) ? rawFields[field.name] : undefined;
    const typed =
      given === undefined ? ABSENT : given.kind === "cell" ? fastCell(field, given.text) : fastJson(field, given);
    if (typed === DOUBT) return undefined;
    if (typed === ABSENT) {
      if (!field.optional) return undefined;
      continue;
    }
    values[field.name] = typed;
    if (index === plan.keyIndex) key = typed;
  }
  return { ok: true, values, key: fastKey(plan, key) };
}
