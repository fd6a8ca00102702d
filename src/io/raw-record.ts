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

/** A CSV header as records are typed from it: trimmed names, and the names it repeats. */
export class CsvHeader {
  readonly repeated: readonly string[];
  /** Per list of field names (a program's inputs): the column of each, or -1 (see columnsOf). */
  private readonly columnsByNames = new WeakMap<readonly string[], Int32Array>();

  constructor(readonly names: readonly string[]) {
    const seen = new Set<string>();
    const repeated = new Set<string>();
    for (const name of names) {
      if (name === "") continue;
      if (seen.has(name)) repeated.add(name);
      seen.add(name);
    }
    this.repeated = [...repeated];
  }

  /** The column holding each of `names`, the first one as `fields` keeps it, or -1 for none. */
  columnsOf(names: readonly string[]): Int32Array {
    let columns = this.columnsByNames.get(names);
    if (columns === undefined) {
      columns = Int32Array.from(names, (name) => (name === "" ? -1 : this.names.indexOf(name)));
      this.columnsByNames.set(names, columns);
    }
    return columns;
  }
}

/**
 * A CSV row with as many cells as its header has names, in valid UTF-8: the
 * common case. Typing reads its cells by column (typeRecord); the fields
 * object, one small object per cell, is made only when something asks for it
 * (an invalid row's messages, sign-off cases). Measured on rules/amplify.ppl
 * rows: making the fields cost about as much as csv-parse's tokenising.
 *
 * `fields` is a getter: a structured clone (postMessage) would drop it, so a
 * record crossing threads must be copied as a plain RawRecord (plainRecord).
 */
export class CsvRecord implements RawRecord {
  private made: Record<string, RawField> | undefined;

  constructor(
    readonly row: number,
    readonly cells: readonly string[],
    readonly header: CsvHeader,
  ) {}

  get fields(): Record<string, RawField> {
    if (this.made === undefined) {
      const fields = emptyFields();
      const names = this.header.names;
      for (let index = 0; index < this.cells.length; index++) {
        const name = names[index];
        if (name !== "" && !Object.hasOwn(fields, name)) fields[name] = { kind: "cell", text: this.cells[index] };
      }
      this.made = fields;
    }
    return this.made;
  }

  get repeated(): string[] | undefined {
    return this.header.repeated.length > 0 ? [...this.header.repeated] : undefined;
  }
}

/**
 * A JSON record (an NDJSON line, an element of a JSON array) as parsed: its
 * top-level names and values in file order. Typing reads the values by
 * position, the positions worked out once per run of records with the same
 * names (typeRecord); the fields object is made only when asked for, as for
 * CsvRecord, and likewise does not survive a structured clone.
 */
export class JsonRecord implements RawRecord {
  private made: { fields: Record<string, RawField>; repeated: string[] } | undefined;

  constructor(
    readonly row: number,
    readonly names: readonly string[],
    readonly values: readonly RawField[],
  ) {}

  private fieldsAndRepeats(): { fields: Record<string, RawField>; repeated: string[] } {
    if (this.made === undefined) {
      // The first value of a name given twice is kept; the name is reported once.
      const fields = emptyFields();
      const repeated: string[] = [];
      for (let index = 0; index < this.names.length; index++) {
        const name = this.names[index]!;
        if (!Object.hasOwn(fields, name)) fields[name] = this.values[index]!;
        else if (!repeated.includes(name)) repeated.push(name);
      }
      this.made = { fields, repeated };
    }
    return this.made;
  }

  get fields(): Record<string, RawField> {
    return this.fieldsAndRepeats().fields;
  }

  get repeated(): string[] | undefined {
    const { repeated } = this.fieldsAndRepeats();
    return repeated.length > 0 ? repeated : undefined;
  }
}

/** The record as plain data (what postMessage can copy whole). */
export function plainRecord(record: RawRecord): RawRecord {
  if (!(record instanceof CsvRecord || record instanceof JsonRecord)) return record;
  const plain: RawRecord = { row: record.row, fields: record.fields };
  if (record.repeated !== undefined) plain.repeated = record.repeated;
  return plain;
}
