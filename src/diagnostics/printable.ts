// Text from a hostile file must not reach a terminal raw: an ESC would be a
// terminal command, a U+2028 a line break the reader cannot see.

/** C0 and C1 controls (tab aside), DEL, line/paragraph separators and bidirectional overrides. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escaped(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` with every unprintable character written as `\x1b` or `\u2028`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escaped);
}

/** Splits source text into lines exactly as the lexer counts them: at `\n`, `\r\n` and `\r`. */
export function sourceLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Longest source line a code frame shows; a longer one is cut to a window around the range. */
export const MAX_FRAME_WIDTH = 160;

export interface DisplayLine {
  text: string;
  /** The display column of a 1-based source column of the line. */
  column(sourceColumn: number): number;
}

/**
 * One source line for a code frame: unprintable characters escaped, and a
 * line longer than MAX_FRAME_WIDTH cut to a window that shows `column`.
 */
export function displayLine(line: string, column: number): DisplayLine {
  let from = 0;
  let to = line.length;
  if (line.length > MAX_FRAME_WIDTH) {
    from = Math.max(0, Math.min(column - 1 - MAX_FRAME_WIDTH / 4, line.length - MAX_FRAME_WIDTH));
    to = from + MAX_FRAME_WIDTH;
  }
  const prefix = from > 0 ? "…" : "";
  const suffix = to < line.length ? "…" : "";
  const body = line.slice(from, to);
  // Display offset of each source offset inside the window.
  const offsets: number[] = [];
  let text = "";
  for (const char of body) {
    for (let k = 0; k < char.length; k++) offsets.push(prefix.length + text.length);
    text += printable(char);
  }
  offsets.push(prefix.length + text.length);
  return {
    text: prefix + text + suffix,
    column: (sourceColumn) => {
      const index = Math.min(Math.max(sourceColumn - 1 - from, 0), offsets.length - 1);
      return offsets[index]! + 1;
    },
  };
}
