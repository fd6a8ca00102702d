import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Expr, Program } from "../../src/ast/nodes.js";
import { parse } from "../../src/syntax/parse.js";
import { printExpression } from "../../src/syntax/print-expression.js";
import { syntaxDiagramsHtml } from "../../src/syntax/syntax-diagrams.js";

const HEADER = 'program "T" { currency USD }\n';

function parseOk(body: string): Program {
  const { program, diagnostics } = parse(HEADER + body, "t.ppl");
  expect(diagnostics).toEqual([]);
  return program;
}

function expr(text: string): Expr {
  const program = parseOk(`kpi k = ${text}\n`);
  const decl = program.declarations[0];
  if (decl.kind !== "kpi") throw new Error("expected a kpi");
  return decl.expr;
}

/** Fully parenthesised form, to check precedence and associativity. */
function shape(e: Expr): string {
  switch (e.kind) {
    case "binary":
      return `(${shape(e.left)} ${e.op} ${shape(e.right)})`;
    case "unary":
      return `(${e.op === "not" ? "not " : "-"}${shape(e.operand)})`;
    case "in":
      return `(${shape(e.item)} ${e.negated ? "not in" : "in"} ${shape(e.list)})`;
    case "between":
      return `(${shape(e.value)} between ${shape(e.low)} and ${shape(e.high)})`;
    case "isMissing":
      return `(${shape(e.operand)} is ${e.negated ? "not " : ""}missing)`;
    case "if":
      return `(if ${shape(e.condition)} then ${shape(e.then)} else ${shape(e.else)})`;
    case "paren":
      return shape(e.inner);
    case "call":
      return `${e.callee}(${e.args.map(shape).join(", ")})`;
    case "list":
      return `[${e.items.map(shape).join(", ")}]`;
    default:
      return printExpression(e);
  }
}

describe("lexer", () => {
  it("reads number literals as exact decimals with suffixes", () => {
    const cases: [string, string][] = [
      ["1000", "1000"],
      ["1_000_000", "1000000"],
      ["2.5", "5/2"],
      ["25k", "25000"],
      ["1.5M", "1500000"],
      ["80%", "4/5"],
      ["0.5%", "1/200"],
      ["0.1", "1/10"],
    ];
    for (const [text, value] of cases) {
      const e = expr(text);
      expect(e.kind === "number" && [e.text, e.value]).toEqual([text, value]);
    }
  });

  it("reports a number running into letters", () => {
    const { diagnostics } = parse(HEADER + "kpi k = 5kg\n", "t.ppl");
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual([["PPL1003", 2, 9]]);
  });

  it("reports an unterminated string at its line and goes on", () => {
    const { diagnostics, program } = parse(HEADER + 'tier A {\n  benefit "oops\n}\ntier B {}\n', "t.ppl");
    expect(diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([["PPL1002", 3]]);
    expect(program.declarations.map((d) => d.kind)).toEqual(["tier", "tier"]);
  });

  it("resolves string escapes and reports unknown ones", () => {
    const e = expr('"a\\"b\\\\c\\nd\\te"');
    expect(e.kind === "string" && e.value).toBe('a"b\\c\nd\te');
    const { diagnostics } = parse(HEADER + 'kpi k = "a\\qb"\n', "t.ppl");
    expect(diagnostics.map((d) => [d.code, d.range.start.column])).toEqual([["PPL1004", 11]]);
  });

  it("keeps comments with their ranges", () => {
    const { program } = parse("# top\n" + HEADER + "kpi k = 1 # trailing\n", "t.ppl");
    expect(program.comments.map((c) => [c.text, c.range.start.line])).toEqual([
      ["# top", 1],
      ["# trailing", 3],
    ]);
  });

  it("accepts a byte order mark and CRLF line ends, with columns counted as written", () => {
    const { program, diagnostics } = parse('\uFEFFprogram "T" {}\r\ninput id: text key\r\nkpi k = 5kg\r\n', "t.ppl");
    expect(program.declarations.map((d) => d.kind)).toEqual(["input", "kpi"]);
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual([["PPL1003", 3, 9]]);
  });

  it("reports unexpected characters", () => {
    const { diagnostics } = parse(HEADER + "kpi k = 1 $ 2\n", "t.ppl");
    expect(diagnostics[0].code).toBe("PPL1001");
    expect(diagnostics[0].range.start).toMatchObject({ line: 2, column: 11 });
  });
});

describe("expressions", () => {
  it.each([
    ["a + b * c", "(a + (b * c))"],
    ["a - b - c", "((a - b) - c)"],
    ["a / b * c", "((a / b) * c)"],
    ["-a * b", "((-a) * b)"],
    ["a or b and c", "(a or (b and c))"],
    ["not a and b", "((not a) and b)"],
    ["not a = b", "(not (a = b))"],
    ["a otherwise b or c", "(a otherwise (b or c))"],
    ["a otherwise b otherwise c", "((a otherwise b) otherwise c)"],
    ["a + 1 >= b * 2", "((a + 1) >= (b * 2))"],
    ["x between a + 1 and b and c", "((x between (a + 1) and b) and c)"],
    ['"DaaS" in services or "x" not in services', '(("DaaS" in services) or ("x" not in services))'],
    ["x is missing or y is not missing", "((x is missing) or (y is not missing))"],
    ["if a > 1 then b else c + 1", "(if (a > 1) then b else (c + 1))"],
    [
      "min(a, b) + max(c) + round(x, 2) + abs(y) + clamp(z, 0, 1) + count(l)",
      "(((((min(a, b) + max(c)) + round(x, 2)) + abs(y)) + clamp(z, 0, 1)) + count(l))",
    ],
    ['tier >= Premier and "S" in subtiers', '((tier >= Premier) and ("S" in subtiers))'],
    ["[1, 2, x]", "[1, 2, x]"],
    ["(a + b) * c", "((a + b) * c)"],
    ["a != b", "(a != b)"],
    ["a <= b", "(a <= b)"],
    ["a < b", "(a < b)"],
    ["a > b", "(a > b)"],
    ["a = b", "(a = b)"],
  ])("parses %s", (text, expected) => {
    expect(shape(expr(text))).toBe(expected);
  });

  it("reports chained comparisons", () => {
    const { diagnostics } = parse(HEADER + "kpi k = a < b < c\n", "t.ppl");
    expect(diagnostics.map((d) => d.code)).toEqual(["PPL1007"]);
  });

  it("reports unknown functions", () => {
    const { diagnostics } = parse(HEADER + "kpi k = sqrt(a)\n", "t.ppl");
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["PPL1011", "there is no function `sqrt`; the functions are min, max, round, abs, clamp, count"],
    ]);
  });

  it("prints expressions canonically", () => {
    const program = parseOk('tier A { require bookings>=100k  require "x"in l  require (a+b)*-c<=max(1,2) }\n');
    const decl = program.declarations[0];
    if (decl.kind !== "tier") throw new Error("expected tier");
    expect(decl.items.map((i) => (i.kind === "require" ? printExpression(i.expr) : ""))).toEqual([
      "bookings >= 100k",
      '"x" in l',
      "(a + b) * -c <= max(1, 2)",
    ]);
  });
});

describe("declarations", () => {
  it("parses the program header", () => {
    const { program } = parse(
      'program "Channel" {\n  version "FY21"\n  currency EUR\n  rounding half_even\n}\n',
      "t.ppl",
    );
    expect(program.header).toMatchObject({
      name: { value: "Channel" },
      version: { value: "FY21" },
      currency: { value: "EUR" },
      rounding: { value: "half_even" },
    });
  });

  it("parses every input type, constraint and modifier", () => {
    const program = parseOk(
      [
        "input id: text key",
        "input n: number min -100 max 5k optional",
        "input i: integer min 0",
        "input m: money min 0 confidential",
        "input p: percent max 100%",
        "input b: boolean",
        'input r: one of "AMS", "EMEA"',
        'input s: list of "DaaS", "Managed Print"',
      ].join("\n"),
    );
    const inputs = program.declarations.map(
      (d) =>
        d.kind === "input" && [
          d.name.value,
          d.type.kind,
          d.min?.value,
          d.max?.value,
          d.optional,
          d.key,
          d.confidential,
        ],
    );
    expect(inputs).toEqual([
      ["id", "text", undefined, undefined, false, true, false],
      ["n", "number", "-100", "5000", true, false, false],
      ["i", "integer", "0", undefined, false, false, false],
      ["m", "money", "0", undefined, false, false, true],
      ["p", "percent", undefined, "1", false, false, false],
      ["b", "boolean", undefined, undefined, false, false, false],
      ["r", "oneOf", undefined, undefined, false, false, false],
      ["s", "listOf", undefined, undefined, false, false, false],
    ]);
    const s = program.declarations[7];
    expect(s.kind === "input" && s.type.kind === "listOf" && s.type.values.map((v) => v.value)).toEqual([
      "DaaS",
      "Managed Print",
    ]);
  });

  it("parses kpis with labels", () => {
    const program = parseOk('kpi a = x / y otherwise 0 as "Attainment"\nkpi b = 1\n');
    expect(program.declarations.map((d) => d.kind === "kpi" && [d.name.value, d.label?.value])).toEqual([
      ["a", "Attainment"],
      ["b", undefined],
    ]);
  });

  it("parses tiers, extends, subtiers, requirements and benefits in order", () => {
    const program = parseOk(
      'tier Member { require x as "X signed"  benefit "B1"  require y >= 1 }\n' +
        'tier Premier extends Member { benefit "B2" }\n' +
        'subtier "Premier Services" of Premier { require "DaaS" in s  benefit "B3" }\n',
    );
    const [member, premier, sub] = program.declarations;
    expect(
      member.kind === "tier" &&
        member.items.map((i) => (i.kind === "require" ? (i.label?.value ?? "-") : i.text.value)),
    ).toEqual(["X signed", "B1", "-"]);
    expect(premier.kind === "tier" && premier.extends?.value).toBe("Member");
    expect(sub.kind === "subtier" && [sub.name.value, sub.name.quoted, sub.parent.value]).toEqual([
      "Premier Services",
      true,
      "Premier",
    ]);
  });

  it("parses scorecards", () => {
    const program = parseOk(
      "scorecard perf {\n  a weight 50% threshold 80% target 100% max 120%\n  d weight 50% threshold 10 target -3\n}\n",
    );
    const sc = program.declarations[0];
    expect(
      sc.kind === "scorecard" &&
        sc.lines.map((l) => [l.value.name, l.weight.value, l.threshold.value, l.target.value, l.max?.value]),
    ).toEqual([
      ["a", "1/2", "4/5", "1", "6/5"],
      ["d", "1/2", "10", "-3", undefined],
    ]);
  });

  it("requires percentages for scorecard weights", () => {
    const { diagnostics } = parse(HEADER + "scorecard s { a weight 50 threshold 1 target 2 }\n", "t.ppl");
    expect(diagnostics.map((d) => d.code)).toEqual(["PPL1010"]);
  });

  it("parses band tables without row separators", () => {
    const program = parseOk(
      "table g by a {\n  below -5%: -1\n  -5% to 100%: x\n  100% to 120%: min(a, 2)\n  120% and above: (a * 2)\n}\n",
    );
    const t = program.declarations[0];
    expect(t.kind === "table" && t.rows.map((r) => [r.kind, printExpression(r.value)])).toEqual([
      ["below", "-1"],
      ["range", "x"],
      ["range", "min(a, 2)"],
      ["above", "(a * 2)"],
    ]);
  });

  it("parses match tables with tier names, strings and otherwise", () => {
    const program = parseOk('table r by tier {\n  Member: 1%\n  "Premier": 2%\n  otherwise: 0\n}\n');
    const t = program.declarations[0];
    expect(
      t.kind === "table" && t.rows.map((r) => (r.kind === "match" ? [r.key.value, r.key.quoted] : [r.kind])),
    ).toEqual([["Member", false], ["Premier", true], ["otherwise"]]);
  });

  it("parses incentives with label, when, amount and cap", () => {
    const program = parseOk(
      'incentive rebate as "Rebate" {\n  when tier >= Member\n  amount revenue * 1%\n  cap 250k\n}\nincentive b { amount 5 }\n',
    );
    expect(
      program.declarations.map(
        (d) =>
          d.kind === "incentive" && [
            d.name.value,
            d.label?.value,
            d.when ? printExpression(d.when) : null,
            printExpression(d.amount),
            d.cap?.text,
          ],
      ),
    ).toEqual([
      ["rebate", "Rebate", "tier >= Member", "revenue * 1%", "250k"],
      ["b", undefined, null, "5", undefined],
    ]);
  });

  it("reports an incentive without an amount", () => {
    const { diagnostics } = parse(HEADER + "incentive x { when a > 1 }\n", "t.ppl");
    expect(diagnostics.map((d) => d.code)).toEqual(["PPL1018"]);
  });

  it("parses tests with given literals and expects", () => {
    const program = parseOk(
      'test "t" {\n  given { id: "P-1", n: -5, b: true, s: ["DaaS"], e: [] }\n  expect tier = Premier\n  expect total = 5\n}\n',
    );
    const t = program.declarations[0];
    expect(
      t.kind === "test" && [
        t.given.map((g) => [g.field.value, printExpression(g.value)]),
        t.expects.map((e) => printExpression(e.expr)),
      ],
    ).toEqual([
      [
        ["id", '"P-1"'],
        ["n", "-5"],
        ["b", "true"],
        ["s", '["DaaS"]'],
        ["e", "[]"],
      ],
      ["tier = Premier", "total = 5"],
    ]);
  });

  it("reports non-literal given values and tests without expect", () => {
    const { diagnostics } = parse(HEADER + 'test "t" { given { a: b + 1 } }\n', "t.ppl");
    expect(diagnostics.map((d) => d.code).sort()).toEqual(["PPL1013", "PPL1014"]);
  });

  it("reports reserved words used as names, suggesting another", () => {
    const { diagnostics } = parse(HEADER + "input target: money\nkpi count = 1\n", "t.ppl");
    expect(diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([
      ["PPL1006", 2],
      ["PPL1006", 3],
    ]);
    expect(diagnostics[0].message).toContain("`target` is a reserved word");
    expect(diagnostics[0].message).toContain("target_value");
  });

  it("reports a missing or misplaced program header", () => {
    expect(parse("kpi a = 1\n", "t.ppl").diagnostics.map((d) => d.code)).toEqual(["PPL1008"]);
    expect(parse(HEADER + HEADER, "t.ppl").diagnostics.map((d) => d.code)).toEqual(["PPL1016"]);
    expect(parse("kpi a = 1\n" + HEADER, "t.ppl").diagnostics.map((d) => d.code)).toEqual(["PPL1017"]);
  });

  it("parses the spec's complete example without diagnostics", () => {
    const text = readFileSync(new URL("../../examples/channel-plus.ppl", import.meta.url), "utf8");
    const { program, diagnostics } = parse(text, "channel-plus.ppl");
    expect(diagnostics).toEqual([]);
    expect(program.declarations.filter((d) => d.kind === "tier").length).toBe(2);
  });
});

describe("syntax errors", () => {
  it("reports every error in one run, in words, at its line", () => {
    const source = [
      'program "X" { currency USD }',
      "input a: number key",
      "tier Silver {",
      "  require a > 1",
      "",
      "tier Gold {",
      "  require a >",
      "}",
      "kpi k = (a + 1",
      "input b: number",
    ].join("\n");
    const { diagnostics, program } = parse(source, "t.ppl");
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.message])).toEqual([
      ["PPL1005", 6, "expected `}` to close tier Silver, found `tier`"],
      [
        "PPL1005",
        8,
        "expected an expression (a number, a name, a string, `(`, `[`, `if`, ...) in tier Gold, found `}`",
      ],
      ["PPL1005", 10, "expected `)` in kpi k, found `input`"],
    ]);
    expect(program.declarations.map((d) => d.kind)).toContain("input");
  });

  it("points at the end of the file for an unfinished declaration", () => {
    const { diagnostics } = parse(HEADER + "tier A {", "t.ppl");
    expect(diagnostics.map((d) => [d.range.start.line, d.message])).toEqual([
      [2, "expected `}` to close tier A, found the end of the file"],
    ]);
  });
});

describe("grammar/syntax-diagrams.html", () => {
  it("is up to date with the parser (regenerate with `npm run grammar`)", () => {
    const committed = readFileSync(new URL("../../grammar/syntax-diagrams.html", import.meta.url), "utf8");
    expect(committed === syntaxDiagramsHtml()).toBe(true);
  });

  it("works offline: no remote scripts or styles", () => {
    expect(syntaxDiagramsHtml()).not.toMatch(/<(script|link)[^>]+(src|href)=['"]https?:/);
  });
});
