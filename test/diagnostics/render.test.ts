import { describe, expect, it } from "vitest";
import type { SourceRange } from "../../src/ast/nodes.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { escapeData, escapeProperty, renderGithub } from "../../src/diagnostics/render-github.js";
import { codeFrame, renderHuman } from "../../src/diagnostics/render-human.js";
import { renderJson } from "../../src/diagnostics/render-json.js";
import { summaryLine } from "../../src/diagnostics/summary.js";

function range(line: number, column: number, endLine: number, endColumn: number): SourceRange {
  return { start: { line, column, offset: 0 }, end: { line: endLine, column: endColumn, offset: 0 } };
}

const SOURCE = 'program "T" { currency USD }\ninput revenue: money\nkpi revenue = 1\n';

const duplicate: Diagnostic = {
  code: "PPL2001",
  severity: "error",
  file: "rules/a.ppl",
  range: range(3, 5, 3, 12),
  message: "revenue is already declared; rename one",
  related: [{ file: "rules/a.ppl", range: range(2, 7, 2, 14), message: "first declared here" }],
};

const unused: Diagnostic = {
  code: "PPL9001",
  severity: "warning",
  file: "rules/b.ppl",
  range: range(2, 7, 2, 14),
  message: "input revenue is never used, 100% sure: remove it",
};

describe("human output", () => {
  it("prints the location, the source line with a caret under the range, and notes", () => {
    expect(renderHuman([duplicate], new Map([["rules/a.ppl", SOURCE]]))).toBe(
      [
        "rules/a.ppl:3:5: error PPL2001: revenue is already declared; rename one",
        "> 3 | kpi revenue = 1",
        "    |     ^^^^^^^",
        "rules/a.ppl:2:7: note: first declared here",
      ].join("\n"),
    );
  });

  it("separates diagnostics by a blank line and works without the source", () => {
    const text = renderHuman([duplicate, unused], new Map());
    expect(text).toBe(
      [
        "rules/a.ppl:3:5: error PPL2001: revenue is already declared; rename one",
        "rules/a.ppl:2:7: note: first declared here",
        "",
        "rules/b.ppl:2:7: warning PPL9001: input revenue is never used, 100% sure: remove it",
      ].join("\n"),
    );
  });

  it("colours the severity and the underline only when asked", () => {
    const coloured = renderHuman([duplicate], new Map([["rules/a.ppl", SOURCE]]), { color: true });
    expect(coloured).toContain("\u001b[31m\u001b[1merror\u001b[0m PPL2001");
    expect(coloured).toContain("\u001b[31m\u001b[1m^^^^^^^\u001b[0m");
    expect(coloured).toContain("> 3 | kpi revenue = 1");
  });

  it("gives an empty range one caret", () => {
    expect(codeFrame("abc\n", range(1, 4, 1, 4))).toBe("> 1 | abc\n    |    ^");
  });

  it("shows a long multi-line range by its first line", () => {
    const frame = codeFrame("a {\n b\n c\n d\n}\n", range(1, 1, 5, 2));
    expect(frame).toBe("> 1 | a {\n    | ^^^");
  });

  it("ignores a range outside the source", () => {
    expect(codeFrame("abc", range(9, 1, 9, 2))).toBe("");
  });

  it("handles CRLF line ends", () => {
    expect(codeFrame("x\r\nkpi a = 1\r\n", range(2, 5, 2, 6))).toBe("> 2 | kpi a = 1\n    |     ^");
  });
});

describe("JSON output", () => {
  it("prints one compact object per line with every field", () => {
    const lines = renderJson([duplicate, unused]).split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0])).toEqual({
      code: "PPL2001",
      severity: "error",
      file: "rules/a.ppl",
      line: 3,
      column: 5,
      endLine: 3,
      endColumn: 12,
      message: "revenue is already declared; rename one",
      related: [{ file: "rules/a.ppl", line: 2, column: 7, endLine: 2, endColumn: 14, message: "first declared here" }],
      suggestions: [],
    });
    expect(JSON.parse(lines[1]).related).toEqual([]);
    expect(lines[0]).not.toContain("\n");
  });
});

describe("GitHub output", () => {
  it("escapes data and properties as GitHub documents", () => {
    expect(escapeData("50% done\r\nnext")).toBe("50%25 done%0D%0Anext");
    expect(escapeProperty("a:b,c%")).toBe("a%3Ab%2Cc%25");
  });

  it("prints workflow commands with an inclusive end column", () => {
    const [error, warning] = renderGithub([duplicate, { ...unused, file: "dir,x/b:c.ppl" }]).split("\n");
    expect(error).toBe(
      "::error file=rules/a.ppl,line=3,col=5,endLine=3,endColumn=11,title=PPL2001::revenue is already declared; rename one%0Anote: rules/a.ppl:2:7: first declared here",
    );
    expect(warning).toBe(
      "::warning file=dir%2Cx/b%3Ac.ppl,line=2,col=7,endLine=2,endColumn=13,title=PPL9001::input revenue is never used, 100%25 sure: remove it",
    );
  });
});

describe("summary line", () => {
  it("counts errors and warnings, singular and plural", () => {
    expect(summaryLine([duplicate, unused])).toBe("1 error, 1 warning in 2 files");
    expect(summaryLine([duplicate, duplicate], 3)).toBe("2 errors, 0 warnings in 3 files");
    expect(summaryLine([], 1)).toBe("no errors or warnings in 1 file");
  });
});
