// The plugin through Prettier's own API, the way `prettier --write` and
// editors use it: language detection by extension, syntax errors, options.
import { format, getSupportInfo } from "prettier";
import { describe, expect, it } from "vitest";
import plugin from "../../src/format/plugin.js";

const SOURCE = 'program "P" { currency USD }\ntier Gold { require a>=1 }\n';
const FORMATTED = 'program "P" {\n  currency USD\n}\n\ntier Gold {\n  require a >= 1\n}\n';

describe("the Prettier plugin", () => {
  it("declares the PPL language for .ppl files", async () => {
    const info = await getSupportInfo({ plugins: [plugin] });
    const ppl = info.languages.find((l) => l.name === "PPL");
    expect(ppl?.extensions).toEqual([".ppl"]);
    expect(ppl?.parsers).toEqual(["ppl"]);
  });

  it("is chosen from the file name, as prettier --write does", async () => {
    expect(await format(SOURCE, { filepath: "rules/amplify.ppl", plugins: [plugin] })).toBe(FORMATTED);
  });

  it("indents with two spaces whatever tabWidth and useTabs say", async () => {
    expect(await format(SOURCE, { parser: "ppl", plugins: [plugin], tabWidth: 8, useTabs: true })).toBe(FORMATTED);
  });

  it("reports a syntax error with its location and code", async () => {
    const broken = 'program "P" { currency USD }\ntier Gold { require }\n';
    await expect(format(broken, { parser: "ppl", plugins: [plugin] })).rejects.toMatchObject({
      name: "SyntaxError",
      loc: { start: { line: 2, column: 21 } },
      message: expect.stringContaining("PPL1005"),
    });
  });

  it("formats ppl code blocks in Markdown", async () => {
    const markdown = "# Rules\n\n```ppl\n" + SOURCE + "```\n";
    expect(await format(markdown, { parser: "markdown", plugins: [plugin] })).toBe(
      "# Rules\n\n```ppl\n" + FORMATTED + "```\n",
    );
  });

  it("ends CRLF files with LF lines by default, and keeps CRLF when asked", async () => {
    const crlf = SOURCE.replaceAll("\n", "\r\n");
    expect(await format(crlf, { parser: "ppl", plugins: [plugin] })).toBe(FORMATTED);
    expect(await format(crlf, { parser: "ppl", plugins: [plugin], endOfLine: "crlf" })).toBe(
      FORMATTED.replaceAll("\n", "\r\n"),
    );
  });
});
