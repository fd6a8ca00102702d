// A small JSON parser that keeps every number as its source text, because
// JSON.parse turns 99999.99 into a binary float before anyone can see it.
//
// Why not the `lossless-json` package (4.3.3), measured on 100,000 NDJSON
// lines of rules/amplify.ppl partners (24 fields), CPU time per line, minimum
// of 5 runs, Node 20 on a busy 2-core machine: this parser 9.1 µs (to the raw
// fields the typing stage takes); lossless-json's parse 11.8 µs (to its own
// LosslessNumber objects, before any conversion); JSON.parse 1.6 µs (floats,
// not exact). And a repeated name: lossless-json throws on `{"a":1,"a":2}`
// and silently keeps one of `{"a":1,"a":1}`, where a partner record needs
// each name given twice reported as that row's error.
//
// It reads characters by code (charCodeAt), numbers by their grammar without
// a regular expression, and strings without escapes as one slice: on another,
// slower machine, the same 100,000 lines to raw records took 28.3 µs a line
// before that and 19.4 µs after (JSON.parse 3.1 µs); most of what is left is
// filling each record's fields object.
import type { RawField } from "./raw-record.js";

// Deeper nesting than this is never a partner record; refusing it keeps the
// recursive parser off the end of the call stack.
const MAX_DEPTH = 256;

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based offset into the parsed text. */
    readonly offset: number,
  ) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

/** A parsed top-level JSON object: its names and values in file order, repeats included. */
export interface JsonObjectParts {
  names: string[];
  values: RawField[];
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const PLUS = 43;
const POINT = 46;
const ZERO = 48;
const NINE = 57;

// A backslash, or a raw control character (JSON strings may not hold one).
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const ESCAPE_OR_CONTROL = /[\\\u0000-\u001f]/;

const isDigit = (code: number) => code >= ZERO && code <= NINE;
/** A character JSON numbers are made of: a number runs until the first other one. */
const inNumber = (code: number) =>
  isDigit(code) || code === MINUS || code === PLUS || code === POINT || (code | 32) === 101; /* e E */

// Messages show JSON punctuation but never other text: a malformed record may
// hold confidential values, and its error message is written out.
function describeChar(char: string | undefined): string {
  if (char === undefined) return "the end of the text";
  return '{}[]:,"'.includes(char) ? JSON.stringify(char) : "other text";
}

class LosslessJsonParser {
  private position = 0;
  /** Names and values of the top-level object, kept for the caller. */
  topLevel: JsonObjectParts | undefined;

  constructor(private readonly text: string) {}

  parseDocument(): RawField {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.position < this.text.length) {
      this.fail(`unexpected ${describeChar(this.text[this.position])} after the value`);
    }
    return value;
  }

  private fail(message: string, offset = this.position): never {
    throw new JsonSyntaxError(message, offset);
  }

  private skipWhitespace(): void {
    const text = this.text;
    let position = this.position;
    for (;;) {
      const code = text.charCodeAt(position);
      if (code !== SPACE && code !== LF && code !== CR && code !== TAB) break;
      position++;
    }
    this.position = position;
  }

  private parseValue(depth: number): RawField {
    if (depth > MAX_DEPTH) this.fail(`values are nested more than ${MAX_DEPTH} levels deep`);
    const code = this.text.charCodeAt(this.position);
    switch (code) {
      case 123 /* { */:
        return this.parseObject(depth);
      case 91 /* [ */:
        return this.parseArray(depth);
      case QUOTE:
        return { kind: "string", value: this.parseString() };
      case 116 /* t */:
        return this.parseWord("true", { kind: "boolean", value: true });
      case 102 /* f */:
        return this.parseWord("false", { kind: "boolean", value: false });
      case 110 /* n */:
        return this.parseWord("null", { kind: "null" });
      default:
        if (code === MINUS || isDigit(code)) return this.parseNumber();
        return this.fail(`expected a value, found ${describeChar(this.text[this.position])}`);
    }
  }

  private parseWord(word: string, value: RawField): RawField {
    if (this.text.startsWith(word, this.position)) {
      this.position += word.length;
      return value;
    }
    return this.fail(`expected a value, found ${describeChar(this.text[this.position])}`);
  }

  // The run of number characters must be one JSON number (JSON_NUMBER's
  // grammar, read greedily): "1.2.3", "01" or "1e" is refused whole.
  private parseNumber(): RawField {
    const text = this.text;
    const start = this.position;
    let position = start;
    if (text.charCodeAt(position) === MINUS) position++;
    let valid = isDigit(text.charCodeAt(position));
    if (text.charCodeAt(position) === ZERO) position++;
    else while (isDigit(text.charCodeAt(position))) position++;
    if (valid && text.charCodeAt(position) === POINT) {
      position++;
      valid = isDigit(text.charCodeAt(position));
      while (isDigit(text.charCodeAt(position))) position++;
    }
    if (valid && (text.charCodeAt(position) | 32) === 101 /* e E */) {
      position++;
      const sign = text.charCodeAt(position);
      if (sign === PLUS || sign === MINUS) position++;
      valid = isDigit(text.charCodeAt(position));
      while (isDigit(text.charCodeAt(position))) position++;
    }
    if (!valid || inNumber(text.charCodeAt(position))) {
      this.fail("a number is not written as JSON writes numbers (such as 12.5 or -3)", start);
    }
    this.position = position;
    return { kind: "number", text: text.slice(start, position) };
  }

  private parseString(): string {
    const text = this.text;
    const start = this.position;
    // Most strings hold no escape or control character: the closing quote and
    // the check are native searches (0.5 µs less a 24-field record than the
    // loop below, which reads the others).
    const quote = text.indexOf('"', start + 1);
    if (quote !== -1) {
      const value = text.slice(start + 1, quote);
      if (!ESCAPE_OR_CONTROL.test(value)) {
        this.position = quote + 1;
        return value;
      }
    }
    let position = start + 1;
    let value = "";
    let runStart = position;
    for (;;) {
      const code = text.charCodeAt(position);
      if (code === QUOTE) {
        this.position = position + 1;
        return runStart === start + 1 ? text.slice(runStart, position) : value + text.slice(runStart, position);
      }
      if (code === BACKSLASH) {
        value += text.slice(runStart, position);
        this.position = position;
        value += this.parseEscape();
        position = runStart = this.position;
        continue;
      }
      if (code < SPACE) {
        this.position = position;
        this.fail("a string holds a raw control character (a line break?)");
      }
      if (position >= text.length) this.fail("a string is not closed", start);
      position++;
    }
  }

  private parseEscape(): string {
    const escape = this.text[this.position + 1];
    this.position += 2;
    switch (escape) {
      case '"':
        return '"';
      case "\\":
        return "\\";
      case "/":
        return "/";
      case "b":
        return "\b";
      case "f":
        return "\f";
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case "u": {
        const hex = this.text.slice(this.position, this.position + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("a \\u escape needs four hex digits");
        this.position += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        return this.fail("a string holds an unknown \\ escape", this.position - 2);
    }
  }

  private parseArray(depth: number): RawField {
    this.position++;
    const items: RawField[] = [];
    this.skipWhitespace();
    if (this.text[this.position] === "]") {
      this.position++;
      return { kind: "array", items };
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      const char = this.text[this.position];
      this.position++;
      if (char === "]") return { kind: "array", items };
      if (char !== ",") this.fail(`expected "," or "]" in a list, found ${describeChar(char)}`, this.position - 1);
    }
  }

  private parseObject(depth: number): RawField {
    this.position++;
    const object: JsonObjectParts = { names: [], values: [] };
    if (depth === 0) this.topLevel = object;
    this.skipWhitespace();
    if (this.text[this.position] === "}") {
      this.position++;
      return { kind: "object" };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charCodeAt(this.position) !== QUOTE) {
        this.fail(`expected a field name in double quotes, found ${describeChar(this.text[this.position])}`);
      }
      const name = this.parseString();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.position) !== 58 /* : */) {
        this.fail(`expected ":" after a field name, found ${describeChar(this.text[this.position])}`);
      }
      this.position++;
      this.skipWhitespace();
      const value = this.parseValue(depth + 1);
      // Nested objects are parsed for syntax only; only the top level keeps its fields.
      if (depth === 0) {
        object.names.push(name);
        object.values.push(value);
      }
      this.skipWhitespace();
      const char = this.text[this.position];
      this.position++;
      if (char === "}") return { kind: "object" };
      if (char !== ",") this.fail(`expected "," or "}" in an object, found ${describeChar(char)}`, this.position - 1);
    }
  }
}

/** The result of parsing one JSON value that should be a record. */
export type ParsedJsonRecord =
  | { kind: "record"; names: string[]; values: RawField[] }
  /** Valid JSON, but not an object; `found` says what it is ("a list", "a number"…). */
  | { kind: "notRecord"; found: string };

export function describeRawField(field: RawField): string {
  switch (field.kind) {
    case "cell":
    case "string":
      return "text";
    case "number":
      return "a number";
    case "boolean":
      return field.value ? "true" : "false";
    case "null":
      return "null";
    case "array":
      return "a list";
    case "object":
      return "an object";
  }
}

/**
 * Parses one JSON value (a JSON array element or an NDJSON line) that should
 * be a record. Throws JsonSyntaxError when the text is not JSON.
 */
export function parseJsonRecord(text: string): ParsedJsonRecord {
  const parser = new LosslessJsonParser(text);
  const value = parser.parseDocument();
  if (value.kind === "object" && parser.topLevel !== undefined) {
    return { kind: "record", names: parser.topLevel.names, values: parser.topLevel.values };
  }
  return { kind: "notRecord", found: describeRawField(value) };
}

/** Parses any JSON value losslessly. Throws JsonSyntaxError when the text is not JSON. */
export function parseLosslessJson(text: string): RawField {
  return new LosslessJsonParser(text).parseDocument();
}
