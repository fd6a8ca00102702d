// Where data bytes become text. Invalid UTF-8 must never be changed silently
// (two keys that differ only in a bad byte would both read as "P-\uFFFD"), so
// it is found here and the readers make the record that holds it invalid.
// Valid bytes, the usual case, cost one isUtf8 check (simdutf) per chunk.
import { isUtf8 } from "node:buffer";

/**
 * Stands for one invalid UTF-8 byte in decoded text: a lone surrogate, which
 * no valid UTF-8 decodes to, so a record's text holds it only if its bytes
 * were invalid (a JSON `\udfff` escape is six ASCII characters in the text).
 */
export const INVALID_UTF8 = "\uDFFF";

const EMPTY = new Uint8Array(0);

/** Reads UTF-8 chunk by chunk; a character split between chunks waits for the next one. */
export class Utf8Stream {
  private carry: Uint8Array = EMPTY;
  /** File offset of the first byte of `carry` (or of the next chunk). */
  private offset = 0;
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });

  /** The next piece of text; each invalid byte becomes INVALID_UTF8. */
  decode(chunk: Uint8Array, atEnd = false): string {
    const body = this.take(chunk, atEnd);
    if (isUtf8(body)) return this.decoder.decode(body);
    let text = "";
    let start = 0;
    for (const bad of invalidBytes(body)) {
      text += this.decoder.decode(body.subarray(start, bad)) + INVALID_UTF8;
      start = bad + 1;
    }
    return text + this.decoder.decode(body.subarray(start));
  }

  /** File offsets of the invalid bytes of the next chunk (usually none), without decoding it. */
  check(chunk: Uint8Array, atEnd = false): number[] {
    const start = this.offset;
    const body = this.take(chunk, atEnd);
    if (isUtf8(body)) return [];
    return invalidBytes(body).map((index) => start + index);
  }

  /** The bytes up to the last whole character; the rest is kept for the next call. */
  private take(chunk: Uint8Array, atEnd: boolean): Uint8Array {
    let bytes = chunk;
    if (this.carry.length > 0) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry, 0);
      bytes.set(chunk, this.carry.length);
    }
    const cut = atEnd ? bytes.length : wholeCharactersEnd(bytes);
    this.carry = cut === bytes.length ? EMPTY : bytes.slice(cut);
    this.offset += cut;
    return bytes.subarray(0, cut);
  }
}

/** The text of bytes that hold whole characters (a batch of whole records). */
export function decodeWhole(bytes: Uint8Array): string {
  return new Utf8Stream().decode(bytes, true);
}

/** Where the last character of the bytes starts, if it is incomplete; else their length. */
function wholeCharactersEnd(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let back = 1; back <= 3 && back <= length; back++) {
    const byte = bytes[length - back];
    if ((byte & 0xc0) === 0x80) continue;
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? length - back : length;
  }
  return length;
}

/** Indexes of the bytes that do not belong to a well-formed character (Unicode table 3-7). */
function invalidBytes(bytes: Uint8Array): number[] {
  const bad: number[] = [];
  const length = bytes.length;
  const continuation = (at: number, low = 0x80, high = 0xbf): boolean =>
    at < length && bytes[at] >= low && bytes[at] <= high;
  let index = 0;
  while (index < length) {
    const byte = bytes[index];
    let size = 0;
    if (byte < 0x80) size = 1;
    else if (byte >= 0xc2 && byte <= 0xdf) size = continuation(index + 1) ? 2 : 0;
    else if (byte >= 0xe0 && byte <= 0xef) {
      const low = byte === 0xe0 ? 0xa0 : 0x80;
      const high = byte === 0xed ? 0x9f : 0xbf;
      size = continuation(index + 1, low, high) && continuation(index + 2) ? 3 : 0;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      const low = byte === 0xf0 ? 0x90 : 0x80;
      const high = byte === 0xf4 ? 0x8f : 0xbf;
      size = continuation(index + 1, low, high) && continuation(index + 2) && continuation(index + 3) ? 4 : 0;
    }
    if (size === 0) {
      bad.push(index);
      index++;
    } else {
      index += size;
    }
  }
  return bad;
}
