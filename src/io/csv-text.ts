// CSV as `ppl run` reads it, in two steps: where records end, found in UTF-8
// bytes without decoding them (CsvByteCounter: the main thread cuts a file
// into batches of whole records), and the cells of a batch's text
// (csvRecordsIn). Both follow csv-parse with the options of read-records.ts
// (bom, relax_quotes, relax_column_count, skip_empty_lines, record delimiters
// CRLF and LF), which reads the streams that are not files, and
// test/io/csv-text.test.ts checks both against csv-parse itself:
// - a field that starts with `"` is quoted; `""` inside is one quote; the
//   closing quote must be followed by `,`, LF, CRLF or the end of the text,
//   otherwise (relax_quotes) the field goes on as unquoted text;
// - a quote inside an unquoted field is an ordinary character;
// - LF and CRLF end a record; a lone CR is an ordinary character;
// - a line with no characters at all is skipped.

/** What scanning one record from a position gives. */
export const enum CsvStep {
  /** A record ends; the text goes on at `next`. */
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
 * Finds where CSV records end in UTF-8 bytes (the characters that matter are
 * ASCII, and UTF-8 never uses ASCII bytes inside other characters), without
 * decoding them: the main thread cuts a file into batches with it.
 */
export class CsvByteCounter {
  /** Where the bytes go on after the last step. */
  next = 0;
  /** Where the next quote is in `quoteBytes` at or after the last step's start (-1: none). */
  private quoteAt = -1;
  private quoteBytes: Uint8Array | undefined;

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
    // A line without quotes is one record ending at its LF (after a CR or not), the common case:
    // found by indexOf instead of field by field. Cutting 200,000 rows of rules/amplify.ppl
    // partners (7% of lines quoted), best of 4: 0.26-0.27 µs of CPU a row against 0.47-0.50.
    const lineFeed = bytes.indexOf(LF, start);
    if (lineFeed !== -1) {
      if (this.quoteBytes !== bytes || (this.quoteAt !== -1 && this.quoteAt < start)) {
        this.quoteBytes = bytes;
        this.quoteAt = bytes.indexOf(QUOTE, start);
      }
      if (this.quoteAt === -1 || this.quoteAt > lineFeed) {
        this.next = lineFeed + 1;
        return CsvStep.Record;
      }
    }
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

/** A quoted field never closed: csv-parse's CSV_QUOTE_NOT_CLOSED. */
class CsvQuoteNotClosed extends Error {
  readonly code = "CSV_QUOTE_NOT_CLOSED";
}

/**
 * The records of a text of whole CSV records, as csv-parse reads them with
 * `ppl run`'s options (the rules at the top of this file), without a BOM.
 * Batches are split with it: 100,000 rows of rules/amplify.ppl partners took
 * csv-parse 14.7 µs a row of CPU time here and this 6.6 (best of three, Node
 * 20); lines without quotes go through String#split. csv-parse stays for
 * streams and for batches holding invalid UTF-8 (it places each record by its
 * end in bytes). test/io/csv-text.test.ts checks both agree on random texts.
 * One record at a time, so a worker drops each record once it is evaluated
 * instead of holding a batch's cells through every garbage collection.
 */
export function* csvRecordsIn(text: string): Generator<string[]> {
  const length = text.length;
  let position = 0;
  // Where the next quote is at or after `position`; 2^32 - 1 (-1 >>> 0) for none.
  let nextQuote = -1;
  while (position < length) {
    const first = text.charCodeAt(position);
    if (first === LF) {
      position++;
      continue;
    }
    if (first === CR && text.charCodeAt(position + 1) === LF) {
      position += 2;
      continue;
    }
    // A line without quotes is one record: split natively, the common case.
    const lineFeed = text.indexOf("\n", position);
    const lineEnd = lineFeed === -1 ? length : lineFeed;
    if (nextQuote < position) nextQuote = text.indexOf('"', position) >>> 0;
    if (nextQuote >= lineEnd) {
      const stop = lineFeed !== -1 && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      const start = position;
      position = lineEnd + 1;
      yield text.slice(start, stop).split(",");
      continue;
    }
    const cells: string[] = [];
    for (;;) {
      let end: number;
      if (text.charCodeAt(position) === QUOTE) {
        let unquoted = "";
        let run = position + 1;
        for (;;) {
          const quote = text.indexOf('"', run);
          if (quote === -1) throw new CsvQuoteNotClosed();
          const after = text.charCodeAt(quote + 1);
          if (after === QUOTE) {
            unquoted += text.slice(run, quote + 1);
            run = quote + 2;
            continue;
          }
          end = quote + 1;
          if (end >= length || after === COMMA || after === LF || (after === CR && text.charCodeAt(end + 1) === LF)) {
            cells.push(unquoted + text.slice(run, quote));
          } else {
            // Not a closing quote (relax_quotes): the field goes on as unquoted
            // text, its quotes kept, the doubled ones read so far as one.
            const stop = unquotedEndOfText(text, end);
            cells.push(`"${unquoted}${text.slice(run, quote)}"${text.slice(end, stop)}`);
            end = stop;
          }
          break;
        }
      } else {
        end = unquotedEndOfText(text, position);
        cells.push(text.slice(position, end));
      }
      if (end >= length) {
        position = end;
        break;
      }
      if (text.charCodeAt(end) === COMMA) {
        position = end + 1;
        continue;
      }
      position = text.charCodeAt(end) === CR ? end + 2 : end + 1;
      break;
    }
    yield cells;
  }
}

function unquotedEndOfText(text: string, from: number): number {
  const length = text.length;
  for (let index = from; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === COMMA) return index;
    if (code === LF) return index > from && text.charCodeAt(index - 1) === CR ? index - 1 : index;
  }
  return length;
}
