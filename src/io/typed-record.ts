// Turns a raw record into typed input values (spec section 3.2) and checks it
// against the program's input schema.
//
// One decoder and one schema decide every record. The decoder reads each
// declared field from its text (CSV cell rules, or the JSON value as written)
// into an exact value, plus a float copy for the schema check. The published
// schema, compiled once into one predicate per field (record-schema-check.ts),
// checks the float copy for what floats cannot get wrong: required fields,
// JSON types, allowed values and repeated list items. Float rounding is
// monotone, so the schema's `minimum`, `maximum` and `integer` checks can
// never reject a value that is exactly valid, but they can miss one just past
// a bound (10.0000000000000000001 rounds to 10). So those three are decided
// on the exact values (exactProblems) as well. A record that passes both is
// typed on the spot; any other goes through typeRecordChecked, the same
// decoder and checks again with ajv compiled from the same schema, every
// problem put in words. ajv is loaded only then: a run of valid records never
// pays its start-up.
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import type * as Ajv2020Module from "ajv/dist/2020.js";
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
import { compileRecordSchemaCheck, passes, type RecordSchemaCheck, type ValueRule } from "./record-schema-check.js";
import { CsvRecord, JsonRecord, type RawField, type RawRecord } from "./raw-record.js";
import { recordBuilder, type RecordBuilder } from "../runtime/record-builder.js";

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
  /** The schema as one predicate per field: the verdict on every record. */
  readonly schemaCheck: RecordSchemaCheck;
  /** ajv compiled from the same schema, on first use: the words for a record the check refuses. */
  readonly checkSchema: ValidateFunction;
  readonly bounds: ReadonlyMap<string, ExactBounds>;
  /** The currency's minor digits, for the example amount in messages. */
  readonly minorUnits: number;
}

export function compileRecordValidator(inputs: InputSpec[], title = "Partner record", minorUnits = 2): RecordValidator {
  const schema = inputSchema(inputs, title);
  const bounds = new Map<string, ExactBounds>();
  for (const input of inputs) {
    bounds.set(input.name, {
      min: input.min === undefined ? undefined : parseExact(input.min),
      max: input.max === undefined ? undefined : parseExact(input.max),
    });
  }
  let ajvCheck: ValidateFunction | undefined;
  return {
    schema,
    schemaCheck: compileRecordSchemaCheck(schema),
    get checkSchema(): ValidateFunction {
      ajvCheck ??= compileWithAjv(schema);
      return ajvCheck;
    },
    bounds,
    minorUnits,
  };
}

// ajv is CommonJS, so it loads synchronously where the first refused record needs it.
const require = createRequire(import.meta.url);

function compileWithAjv(schema: JsonSchema): ValidateFunction {
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof Ajv2020Module;
  return new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
}

// ------------------------------------------------------------------ decoding

const NUMERIC_TYPES = new Set(["number", "integer", "money", "percent"]);
const TRUE_WORDS = new Set(["true", "yes", "1"]);
const FALSE_WORDS = new Set(["false", "no", "0"]);
const CSV_PERCENT = /^(-?[0-9]+(?:\.[0-9]+)?)%$/;

const enum Status {
  /** A value: `decoded` holds its float copy and typed value. */
  Value,
  /** An empty cell, JSON null or no field. */
  Absent,
  /** The text cannot be read as the declared type at all. */
  Unreadable,
}

/**
 * The last field decoded. One object reused for every field (decoding is
 * synchronous), so a record costs no allocation per field.
 */
const decoded: {
  /** What ajv sees: JSON-shaped, numbers as the nearest float. */
  candidate: unknown;
  /** The exact typed value, when the value has the declared shape. */
  typed: TypedValue | undefined;
} = { candidate: undefined, typed: undefined };

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
  if (items.length === 0) return items;
  return (input.values ?? []).filter((value) => items.includes(value));
}

// A number too long to read exactly is unreadable (typeRecordChecked words it, without the value).
function readNumber(read: (text: string, shift: number) => Num | undefined, text: string, shift: number): Status {
  let value: Num | undefined;
  try {
    value = read(text, shift);
  } catch (error) {
    if (error instanceof NumberRangeError) return Status.Unreadable;
    throw error;
  }
  if (value === undefined) return Status.Unreadable;
  decoded.typed = value;
  decoded.candidate = nearestFloat(value);
  return Status.Value;
}

/**
 * The float ajv sees: the double nearest to the exact value, as Number() of
 * its text would give. For a Small, one IEEE division of two exact doubles is
 * that nearest double; values beyond the float range are clamped so they
 * stay numbers.
 */
function nearestFloat(value: Num): number {
  const nearest = value instanceof Small ? value.n / value.d : q.toNearestNumber(value);
  if (nearest === Infinity) return Number.MAX_VALUE;
  if (nearest === -Infinity) return -Number.MAX_VALUE;
  return nearest;
}

/**
 * The cell without surrounding white space, as String#trim gives it. A cell
 * that starts and ends with printable ASCII (never white space) is returned
 * as it is: 5 against 11 ns a cell, 0.14 µs of a 24-cell row.
 */
function trimmed(cell: string): string {
  const first = cell.charCodeAt(0);
  const last = cell.charCodeAt(cell.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? cell : cell.trim();
}

function decodeCell(input: InputSpec, cell: string): Status {
  const text = trimmed(cell);
  if (text === "") {
    if (input.type !== "listOf") return Status.Absent;
    decoded.candidate = [];
    decoded.typed = [];
    return Status.Value;
  }
  switch (input.type) {
    case "number":
    case "money":
    case "integer":
      return readNumber(plainDecimalToNum, text, 0);
    case "percent":
      // 85% is 85 shifted two places.
      return text.charCodeAt(text.length - 1) === 37 /* % */
        ? readNumber(plainDecimalToNum, text.slice(0, -1), 2)
        : readNumber(plainDecimalToNum, text, 0);
    case "boolean": {
      const word = text.length <= 5 ? text.toLowerCase() : "";
      if (TRUE_WORDS.has(word)) decoded.typed = true;
      else if (FALSE_WORDS.has(word)) decoded.typed = false;
      else return Status.Unreadable;
      decoded.candidate = decoded.typed;
      return Status.Value;
    }
    case "text":
    case "oneOf":
      decoded.candidate = text;
      decoded.typed = text;
      return Status.Value;
    case "listOf": {
      // Empty items (a trailing ";") are dropped rather than reported.
      const items: string[] = [];
      for (const part of text.split(";")) {
        const item = part.trim();
        if (item !== "") items.push(item);
      }
      decoded.candidate = items;
      decoded.typed = inDeclarationOrder(input, items);
      return Status.Value;
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
    case "number": {
      const value = Number(field.text);
      return value === Infinity ? Number.MAX_VALUE : value === -Infinity ? -Number.MAX_VALUE : value;
    }
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

function decodeJson(input: InputSpec, field: RawField): Status {
  if (field.kind === "null") return Status.Absent;
  if (field.kind === "number" && NUMERIC_TYPES.has(input.type)) return readNumber(decimalToNum, field.text, 0);
  let typed: TypedValue | undefined;
  if ((input.type === "text" || input.type === "oneOf") && field.kind === "string") typed = field.value;
  if (input.type === "boolean" && field.kind === "boolean") typed = field.value;
  if (input.type === "listOf" && field.kind === "array") {
    const items: string[] = [];
    for (const item of field.items) if (item.kind === "string") items.push(item.value);
    if (items.length === field.items.length) typed = inDeclarationOrder(input, items);
  }
  decoded.typed = typed;
  decoded.candidate = jsonCandidate(field);
  return Status.Value;
}

/** The one decoder: one declared field into `decoded`. */
function decodeField(input: InputSpec, field: RawField | undefined): Status {
  decoded.typed = undefined;
  decoded.candidate = undefined;
  if (field === undefined) return Status.Absent;
  return field.kind === "cell" ? decodeCell(input, field.text) : decodeJson(input, field);
}

/** Why a field cannot be read, in words (the value only when it may be shown). */
function unreadableMessage(input: InputSpec, field: RawField, minorUnits: number): string {
  if (field.kind === "cell") {
    const text = field.text.trim();
    const numeric =
      NUMERIC_TYPES.has(input.type) &&
      (PLAIN_DECIMAL.test(text) || (input.type === "percent" && CSV_PERCENT.test(text)));
    if (!numeric) return `expected ${expected(input, true, minorUnits)}, got ${shownValue(input, quote(text))}`;
  }
  // The value is not shown even when it may be: it has thousands of digits.
  return `the number has more than ${MAX_DECIMAL_SCALE.toLocaleString("en-US")} digits after the decimal point (or an exponent beyond that), too many to read exactly`;
}

/** A decoded value as written, for messages (never used for confidential inputs). */
function shownOf(input: InputSpec, field: RawField): string {
  switch (field.kind) {
    case "cell": {
      const text = field.text.trim();
      return NUMERIC_TYPES.has(input.type) ? text : quote(text);
    }
    case "string":
      return `the text ${quote(field.value)}`;
    case "number":
      return field.text;
    default:
      return describeRawField(field);
  }
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
  decoded: FieldDecoding | undefined,
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
      `expected ${expected(input, fromCsv, minorUnits)}, got ${shownValue(input, decoded === undefined ? "" : shownOf(input, decoded.field))}`,
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

/**
 * The exact checks the float schema check cannot make (whole numbers and
 * inclusive bounds): the one definition, used for every record.
 */
function exactProblems(input: InputSpec, value: Num, bounds: ExactBounds | undefined): ExactProblem {
  if (input.type === "integer" && !q.isInteger(value)) return ExactProblem.NotWhole;
  let problems = ExactProblem.None;
  if (bounds?.min !== undefined && q.compare(value, bounds.min) < 0) problems |= ExactProblem.BelowMin;
  if (bounds?.max !== undefined && q.compare(value, bounds.max) > 0) problems |= ExactProblem.AboveMax;
  return problems;
}

const enum ExactProblem {
  None = 0,
  NotWhole = 1,
  BelowMin = 2,
  AboveMax = 4,
}

/** exactProblems in words. */
function exactMessages(
  input: InputSpec,
  value: Num,
  shown: string,
  bounds: ExactBounds | undefined,
  fromCsv: boolean,
): string[] {
  const got = shownValue(input, shown);
  const problems = exactProblems(input, value, bounds);
  if (problems & ExactProblem.NotWhole) {
    return [`expected ${expected(input, true)}, got ${got}`];
  }
  const messages: string[] = [];
  if (problems & ExactProblem.BelowMin) {
    messages.push(`must be at least ${boundText(input, bounds!.min!)}, got ${got}`);
  }
  if (problems & ExactProblem.AboveMax) {
    messages.push(
      `must be at most ${boundText(input, bounds!.max!)}, got ${got}${percentHint(input, value, shown, fromCsv)}`,
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

/** One field as typeRecordChecked keeps it: the decoder's verdict and the field it read. */
interface FieldDecoding {
  status: Status.Value | Status.Unreadable;
  field: RawField;
  candidate: unknown;
  typed: TypedValue | undefined;
}

function decodeForMessages(input: InputSpec, field: RawField | undefined): FieldDecoding | undefined {
  const status = decodeField(input, field);
  if (status === Status.Absent) return undefined;
  return { status, field: field!, candidate: decoded.candidate, typed: decoded.typed };
}

function keyOf(input: InputSpec | undefined, decoding: FieldDecoding | undefined): PartnerKey {
  if (input === undefined || decoding?.status !== Status.Value || decoding.typed === undefined) return null;
  if (input.confidential) return REDACTED;
  return keyValue(decoding.typed);
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
  return typeValidRecord(raw, inputs, validator) ?? typeRecordChecked(raw, inputs, validator);
}

/** What typeValidRecord needs of the inputs, looked up once per inputs array rather than per record. */
interface RecordPlan {
  readonly names: readonly string[];
  /** Not among the schema's required fields. */
  readonly optional: readonly boolean[];
  /** The schema's check of each field's float copy. */
  readonly rules: readonly ValueRule[];
  /** Exact bounds of numeric inputs, undefined for inputs with none. */
  readonly bounds: readonly (ExactBounds | undefined)[];
  readonly keyIndex: number;
  readonly keyConfidential: boolean;
  /** Each input's index by name, and the columns jsonColumnsOf last worked out, for `jsonNames`. */
  readonly inputIndex: ReadonlyMap<string, number>;
  readonly jsonColumns: Int32Array;
  jsonNames: readonly string[] | undefined;
  /** The typed values of the record being typed, by input index (scratch, like jsonColumns). */
  readonly typed: (TypedValue | undefined)[];
  /**
   * A record builder per set of absent inputs ("" for none, else their
   * indexes), made on first use: plain objects, which V8 keeps in fast mode,
   * unless an input is named `__proto__` (see recordBuilder).
   */
  readonly builders: Map<string, RecordBuilder>;
}

// Sets of absent inputs beyond this many are filled key by key: a file whose
// rows each leave out other fields cannot make code without end.
const MAX_BUILDERS = 64;

/** The typed record of plan.typed, the inputs `absent` names left out. */
function recordOf(plan: RecordPlan, absent: string): Record<string, TypedValue> {
  let build = plan.builders.get(absent);
  if (build === undefined) {
    const positions = plan.names.map((_, index) => index).filter((index) => plan.typed[index] !== undefined);
    const compile = plan.builders.size < MAX_BUILDERS;
    build = recordBuilder(
      positions.map((index) => plan.names[index]!),
      positions,
      { compile },
    );
    if (compile) plan.builders.set(absent, build);
  }
  return build(plan.typed) as Record<string, TypedValue>;
}

const plans = new WeakMap<InputSpec[], RecordPlan>();

function planOf(inputs: InputSpec[], validator: RecordValidator): RecordPlan {
  let plan = plans.get(inputs);
  if (plan === undefined) {
    const keyIndex = inputs.findIndex((input) => input.key === true);
    const { properties, rules, required } = validator.schemaCheck;
    // The schema is built from these inputs; should it ever name others, the plan must not skip them.
    if (properties.size !== inputs.length || [...required].some((name) => !properties.has(name))) {
      throw new Error("the record schema and the program's inputs name different fields");
    }
    plan = {
      names: inputs.map((input) => input.name),
      optional: inputs.map((input) => !required.has(input.name)),
      rules: inputs.map((input) => {
        const rule = rules.get(input.name);
        if (rule === undefined) throw new Error(`the record schema has no field ${JSON.stringify(input.name)}`);
        return rule;
      }),
      bounds: inputs.map((input) => {
        const bounds = validator.bounds.get(input.name);
        return bounds?.min === undefined && bounds?.max === undefined && input.type !== "integer"
          ? undefined
          : (bounds ?? {});
      }),
      keyIndex,
      keyConfidential: keyIndex >= 0 && inputs[keyIndex]!.confidential === true,
      inputIndex: new Map(inputs.map((input, index) => [input.name, index])),
      jsonColumns: new Int32Array(inputs.length),
      jsonNames: undefined,
      typed: new Array<TypedValue | undefined>(inputs.length),
      builders: new Map(),
    };
    plans.set(inputs, plan);
  }
  return plan;
}

/**
 * The typed record when the decoder, the schema and the exact checks all
 * accept it, else undefined. The same decisions as typeRecordChecked, without
 * the words. A CSV row is read straight from its cells by column.
 */
function typeValidRecord(raw: RawRecord, inputs: InputSpec[], validator: RecordValidator): TypedRecord | undefined {
  if (raw.problem !== undefined) return undefined;
  const plan = planOf(inputs, validator);
  if (raw instanceof CsvRecord) {
    if (raw.header.repeated.length > 0) return undefined;
    const { cells } = raw;
    const columns = raw.header.columnsOf(plan.names);
    return typeValidFields(plan, inputs, (index) => {
      const column = columns[index]!;
      return column < 0 ? Status.Absent : decodeCell(inputs[index]!, cells[column]!);
    });
  }
  if (raw instanceof JsonRecord) {
    const columns = jsonColumnsOf(plan, raw.names);
    if (columns === undefined) return undefined;
    const { values } = raw;
    return typeValidFields(plan, inputs, (index) => {
      const column = columns[index]!;
      return column < 0 ? Status.Absent : decodeField(inputs[index]!, values[column]);
    });
  }
  if (raw.repeated !== undefined && raw.repeated.length > 0) return undefined;
  const rawFields = raw.fields;
  const { names } = plan;
  return typeValidFields(plan, inputs, (index) => {
    const name = names[index]!;
    return decodeField(inputs[index]!, Object.hasOwn(rawFields, name) ? rawFields[name] : undefined);
  });
}

/**
 * Where each input's value is among a JSON record's names (-1: absent), or
 * undefined when a name is given twice (the full check reports it). The
 * columns of the last record's names are kept, for files whose records give
 * the same names in the same order (as exports do): on 44,000 such records
 * of rules/amplify.ppl (24 names), comparing the names took 0.6 µs a record
 * against 2.2 µs to work the columns out (3% of a one-thread run).
 */
function jsonColumnsOf(plan: RecordPlan, names: readonly string[]): Int32Array | undefined {
  if (plan.jsonNames !== undefined && sameNames(plan.jsonNames, names)) return plan.jsonColumns;
  plan.jsonNames = undefined;
  const columns = plan.jsonColumns.fill(-1);
  let undeclared: Set<string> | undefined;
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    const input = plan.inputIndex.get(name);
    if (input === undefined) {
      undeclared ??= new Set();
      if (undeclared.has(name)) return undefined;
      undeclared.add(name);
    } else {
      if (columns[input] !== -1) return undefined;
      columns[input] = index;
    }
  }
  plan.jsonNames = names.slice();
  return columns;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** typeValidRecord over the fields `decodeAt` decodes (by input index) into `decoded`. */
function typeValidFields(
  plan: RecordPlan,
  inputs: InputSpec[],
  decodeAt: (index: number) => Status,
): TypedRecord | undefined {
  const { bounds, rules, typed: values } = plan;
  let absent = "";
  let key: PartnerKey = null;
  for (let index = 0; index < inputs.length; index++) {
    const status = decodeAt(index);
    if (status === Status.Unreadable) return undefined;
    if (status === Status.Absent) {
      // The schema requires the field.
      if (!plan.optional[index]) return undefined;
      values[index] = undefined;
      absent += `${index},`;
      continue;
    }
    const typed = decoded.typed;
    if (typed === undefined || !passes(rules[index]!, decoded.candidate)) return undefined;
    const exact = bounds[index];
    if (exact !== undefined && q.isNum(typed) && exactProblems(inputs[index]!, typed, exact) !== ExactProblem.None) {
      return undefined;
    }
    values[index] = typed;
    if (index === plan.keyIndex) key = plan.keyConfidential ? REDACTED : keyValue(typed);
  }
  return { ok: true, values: recordOf(plan, absent), key };
}

/** The full check with every problem in words (exported for tests). */
export function typeRecordChecked(raw: RawRecord, inputs: InputSpec[], validator: RecordValidator): TypedRecord {
  const keyInput = inputs.find((input) => input.key);
  const decodings = new Map<string, FieldDecoding | undefined>();
  for (const input of inputs) {
    const field = Object.hasOwn(raw.fields, input.name) ? raw.fields[input.name] : undefined;
    decodings.set(input.name, decodeForMessages(input, field));
  }

  if (raw.problem !== undefined) {
    // The fields of a broken row may be shifted, so only the key is trusted, and only if it reads.
    const keyDecoding = keyInput === undefined ? undefined : decodings.get(keyInput.name);
    return {
      ok: false,
      errors: [{ field: null, message: raw.problem }],
      key: keyOf(keyInput, keyDecoding),
    };
  }

  const fromCsv = Object.values(raw.fields).some((field) => field.kind === "cell");
  const candidate = Object.create(null) as Record<string, unknown>;
  for (const input of inputs) {
    const decoding = decodings.get(input.name);
    if (decoding?.status === Status.Value) candidate[input.name] = decoding.candidate;
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
    const decoding = decodings.get(input.name);
    const messages: string[] = [];
    if (repeated.has(input.name)) {
      messages.push(`the field is given more than once in the record, give it once`);
    }
    if (decoding?.status === Status.Unreadable) {
      messages.push(unreadableMessage(input, decoding.field, validator.minorUnits));
    } else {
      const ajvErrors = (schemaErrors.get(input.name) ?? []).filter(
        // A number in an integer field is judged exactly below, not by its float.
        (error) => !(input.type === "integer" && error.keyword === "type" && typeof decoding?.candidate === "number"),
      );
      messages.push(...schemaMessages(input, decoding, ajvErrors, fromCsv, validator.minorUnits));
      if (ajvErrors.length === 0 && decoding !== undefined) {
        if (q.isNum(decoding.typed)) {
          messages.push(
            ...exactMessages(
              input,
              decoding.typed,
              shownOf(input, decoding.field),
              validator.bounds.get(input.name),
              fromCsv,
            ),
          );
        } else if (decoding.typed === undefined) {
          // The schema passed a value of the wrong shape: the schema and decoder disagree.
          messages.push(
            `expected ${expected(input, fromCsv, validator.minorUnits)}, got ${shownValue(input, shownOf(input, decoding.field))}`,
          );
        }
        if (messages.length === 0 && decoding.typed !== undefined) values[input.name] = decoding.typed;
      }
    }
    for (const message of messages) errors.push({ field: input.name, message });
  }

  const keyValid = keyInput !== undefined && !errors.some((error) => error.field === keyInput.name);
  const key = keyValid ? keyOf(keyInput, decodings.get(keyInput.name)) : null;
  if (errors.length > 0) return { ok: false, errors, key };
  return { ok: true, values, key };
}
