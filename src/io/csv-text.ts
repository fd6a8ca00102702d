// A CSV record parser over decoded text that reads exactly as csv-parse does
// with the options `ppl run` uses (bom, relax_quotes, relax_column_count,
// skip_empty_lines, record delimiters CRLF and LF), but several times faster,
// and able to cut text into whole records for worker threads.
//
// The rules it mirrors (checked against csv-parse by test/io/csv-text.test.ts):
// - a field that starts with `"` is quoted; `""` inside is one quote; the
//   closing quote must be followed by `,`, LF, CRLF or the end of the text,
//   otherwise (relax_quotes) the field goes on as unquoted text and keeps its
//   quotes as written;
// - a quote inside an unquoted field is an ordinary character;
// - LF and CRLF end a record; a lone CR is an ordinary character;
// - a line with no characters at all is skipped.

/** What parsing one record from a position gives. */
export const enum CsvStep {
  /** A record was read; its cells are in `cells`, the text goes on at `next`. */
  Record,
  /** An empty line was skipped; the text goes on at `next`. */
  Empty,
  /** The text ends inside a record: call again with more text (or at the end). */
  NeedMore,
  /** The text ends inside a quoted field (only at the end): CSV_QUOTE_NOT_CLOSED. */
  QuoteNotClosed,
  /** Nothing left. */
  End,
}

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * Reads CSV records one at a time from a text. Set `atEnd` when the text holds
 * the rest of the input; otherwise a record cut off by the end of the text
 * gives NeedMore and can be read again once more text has been appended.
 */
export class CsvRecordReader {
  /** The cells of the last record read (when `collect` is on). */
  cells: string[] = [];
  /** Where the text goes on after the last step. */
  next = 0;

  constructor(
    /** Build cell strings; off when only record boundaries are wanted. */
    private readonly collect = true,
  ) {}

  step(text: string, start: number, atEnd: boolean): CsvStep {
    const length = text.length;
    if (start >= length) return atEnd ? CsvStep.End : CsvStep.NeedMore;
    const first = text.charCodeAt(start);
    if (first === LF) {
      this.next = start + 1;
      return CsvStep.Empty;
    }
    if (first === CR && start + 1 < length && text.charCodeAt(start + 1) === LF) {
      this.next = start + 2;
      return CsvStep.Empty;
    }
    if (first === CR && start + 1 >= length && !atEnd) return CsvStep.NeedMore;
    const cells: string[] = [];
    let position = start;
    for (;;) {
      // position is at the start of a field.
      let value: string;
      let end: number;
      if (position < length && text.charCodeAt(position) === QUOTE) {
        // A quoted field: read up to the closing quote, undoubling quotes.
        let content = "";
        let run = position + 1;
        let closed = false;
        for (;;) {
          const quote = text.indexOf('"', run);
          if (quote === -1) return atEnd ? CsvStep.QuoteNotClosed : CsvStep.NeedMore;
          if (quote + 1 >= length) {
            if (!atEnd) return CsvStep.NeedMore;
            if (this.collect) content += text.slice(run, quote);
            end = quote + 1;
            closed = true;
            break;
          }
          const after = text.charCodeAt(quote + 1);
          if (after === QUOTE) {
            if (this.collect) content += text.slice(run, quote + 1);
            run = quote + 2;
            continue;
          }
          if (after === COMMA || after === LF) {
            if (this.collect) content += text.slice(run, quote);
            end = quote + 1;
            closed = true;
            break;
          }
          if (after === CR) {
            if (quote + 2 >= length && !atEnd) return CsvStep.NeedMore;
            if (quote + 2 < length && text.charCodeAt(quote + 2) === LF) {
              if (this.collect) content += text.slice(run, quote);
              end = quote + 1;
              closed = true;
              break;
            }
          }
          // A closing quote followed by other text: the field goes on unquoted,
          // as csv-parse's relax_quotes keeps it: both quotes written back.
          if (this.collect) content = '"' + content + text.slice(run, quote + 1);
          end = quote + 1;
          break;
        }
        if (closed) {
          value = content;
        } else {
          const stop = this.unquotedEnd(text, end, atEnd);
          if (stop === -1) return CsvStep.NeedMore;
          value = this.collect ? content + text.slice(end, stop) : "";
          end = stop;
        }
      } else {
        const stop = this.unquotedEnd(text, position, atEnd);
        if (stop === -1) return CsvStep.NeedMore;
        value = this.collect ? text.slice(position, stop) : "";
        end = stop;
      }
      if (this.collect) cells.push(value);
      // end is at the field's terminator: a comma, CRLF, LF or the end of the text.
      if (end >= length) {
        this.next = end;
        break;
      }
      const terminator = text.charCodeAt(end);
      if (terminator === COMMA) {
        position = end + 1;
        if (position >= length && !atEnd) return CsvStep.NeedMore;
        continue;
      }
      this.next = terminator === CR ? end + 2 : end + 1;
      break;
    }
    this.cells = cells;
    return CsvStep.Record;
  }

  /**
   * Where an unquoted field from `from` ends: at the next comma, LF, or CR of a
   * CRLF, or the end of the text at the end; -1 when more text is needed.
   */
  private unquotedEnd(text: string, from: number, atEnd: boolean): number {
    const length = text.length;
    for (let index = from; index < length; index++) {
      const code = text.charCodeAt(index);
      if (code === COMMA) return index;
      if (code === LF) return index > from && text.charCodeAt(index - 1) === CR ? index - 1 : index;
    }
    return atEnd ? length : -1;
  }
}

/**
 * Finds where CSV records end in UTF-8 bytes, by the same rules as
 * CsvRecordReader (the characters that matter are ASCII, and UTF-8 never uses
 * ASCII bytes inside other characters), without decoding them: the main
 * thread cuts a file into batches with it and the workers do the decoding.
 */
export class CsvByteCounter {
  /** Where the bytes go on after the last step. */
  next = 0;

  step(bytes: Uint8Array, start: number, atEnd: boolean): CsvStep {
    const length = bytes.length;
    if (start >= length) return atEnd ? CsvStep.End : CsvStep.NeedMore;
    const first = bytes[start];
    if (first === LF) {
      this.next = start + 1;
      return CsvStep.Empty;
    }
    if (first === CR && start + 1 < length && bytes[start + 1] === LF) {
      this.next = start + 2;
      return CsvStep.Empty;
    }
    if (first === CR && start + 1 >= length && !atEnd) return CsvStep.NeedMore;
    let position = start;
    for (;;) {
      let end: number;
      if (position < length && bytes[position] === QUOTE) {
        let run = position + 1;
        let closed = false;
        for (;;) {
          const quote = bytes.indexOf(QUOTE, run);
          if (quote === -1) return atEnd ? CsvStep.QuoteNotClosed : CsvStep.NeedMore;
          if (quote + 1 >= length) {
            if (!atEnd) return CsvStep.NeedMore;
            end = quote + 1;
            closed = true;
            break;
          }
          const after = bytes[quote + 1];
          if (after === QUOTE) {
            run = quote + 2;
            continue;
          }
          if (after === COMMA || after === LF) {
            end = quote + 1;
            closed = true;
            break;
          }
          if (after === CR) {
            if (quote + 2 >= length && !atEnd) return CsvStep.NeedMore;
            if (quote + 2 < length && bytes[quote + 2] === LF) {
              end = quote + 1;
              closed = true;
              break;
            }
          }
          end = quote + 1;
          break;
        }
        if (!closed) {
          const stop = unquotedEndOfBytes(bytes, end, atEnd);
          if (stop === -1) return CsvStep.NeedMore;
          end = stop;
        }
      } else {
        const stop = unquotedEndOfBytes(bytes, position, atEnd);
        if (stop === -1) return CsvStep.NeedMore;
        end = stop;
      }
      if (end >= length) {
        this.next = end;
        return CsvStep.Record;
      }
      const terminator = bytes[end];
      if (terminator === COMMA) {
        position = end + 1;
        if (position >= length && !atEnd) return CsvStep.NeedMore;
        continue;
      }
      this.next = terminator === CR ? end + 2 : end + 1;
      return CsvStep.Record;
    }
  }
}

function unquotedEndOfBytes(bytes: Uint8Array, from: number, atEnd: boolean): number {
  const length = bytes.length;
  for (let index = from; index < length; index++) {
    const code = bytes[index];
    if (code === COMMA) return index;
    if (code === LF) return index > from && bytes[index - 1] === CR ? index - 1 : index;
  }
  return atEnd ? length : -1;
}
