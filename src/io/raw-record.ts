// A partner record as read from a data file, before it is typed against the
// program's inputs. Readers keep every value's text as written, so numbers
// reach the typed record exactly.

/** One field of a raw record. */
export type RawField =
  /** A CSV cell exactly as read (quotes removed, spaces kept). */
  | { kind: "cell"; text: string }
  /** A JSON string. */
  | { kind: "string"; value: string }
  /** A JSON number with its exact source text, e.g. `"99999.99"` or `"1.5e3"`. */
  | { kind: "number"; text: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  | { kind: "array"; items: RawField[] }
  /** A nested JSON object; PPL inputs are never objects, so its contents are dropped. */
  | { kind: "object" };

export interface RawRecord {
  /** 1-based record number; CSV does not count the header. */
  row: number;
  /** Fields by name, in file order. A null-prototype object: any name is a plain key. */
  fields: Record<string, RawField>;
  /** Why the record as a whole cannot be used (malformed line, not an object, wrong cell count). */
  problem?: string;
  /** Names that occur more than once in the record; `fields` keeps the first. */
  repeated?: string[];
}

/** A data file that cannot be read at all (not only one record): the run stops. */
export class DataFileError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = "DataFileError";
  }
}

/** An empty record whose fields object has no prototype. */
export function emptyFields(): Record<string, RawField> {
  return Object.create(null) as Record<string, RawField>;
}
