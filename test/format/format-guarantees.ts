// The formatter's guarantees, checked on one source text: it formats,
// formatting again changes nothing, the AST is the same apart from source
// ranges, and every comment is still there, with the same declaration.
import { format } from "prettier";
import { expect } from "vitest";
import { commentOwners, withoutRanges } from "../../src/format/meaning.js";
import plugin from "../../src/format/plugin.js";
import { parse } from "../../src/syntax/parse.js";

export async function expectGuarantees(text: string, file: string, printWidth = 80): Promise<string> {
  const before = parse(text, file);
  if (before.diagnostics.length > 0)
    throw new Error(`${file} does not parse: ${before.diagnostics[0].message}\n${text}`);
  // Prettier's own API, as `prettier --write` uses the plugin; formatPpl adds its self-check on top.
  const options = { parser: "ppl", plugins: [plugin], filepath: file, printWidth };
  const formatted = await format(text, options);
  const after = parse(formatted, file);
  expect(after.diagnostics, `${file}: the formatted text does not parse\n${formatted}`).toEqual([]);
  expect(withoutRanges(after.program.declarations)).toEqual(withoutRanges(before.program.declarations));
  expect(withoutRanges(after.program.header)).toEqual(withoutRanges(before.program.header));
  expect(commentOwners(after.program), `${file}: comments moved or lost`).toEqual(commentOwners(before.program));
  const again = await format(formatted, options);
  expect(again, `${file}: formatting is not idempotent\n--- input\n${text}`).toBe(formatted);
  return formatted;
}
