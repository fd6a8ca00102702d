// `ppl test` end to end: cases files found beside programs or named with
// --cases, and --coverage with its threshold, formats and output file.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ppl, SPAWN_TIMEOUT, workspace } from "./run-cli.js";

const PROGRAM = `program "Mini" {
  currency USD
}

input id: text key
input sales: money min 0
input stock: integer min 0 confidential

kpi cover = stock / 2

tier Member {
  require sales >= 100  as "Minimum sales"
}

incentive rebate {
  when tier >= Member
  amount sales * 10%
  cap 50
}

test "a member" {
  given { id: "A", sales: 200, stock: 4 }
  expect rebate = 20
}
`;

const PASSING =
  "case,id,sales,stock,expect.tier,expect.rebate,expect.total\nbig,B,1000,2,Member,50,50.00\nsmall,C,10,0,missing,0,\n";

describe("ppl test with cases and coverage", { timeout: SPAWN_TIMEOUT }, () => {
  it("finds NAME.cases.csv beside NAME.ppl in a folder and runs it after the test blocks", () => {
    const dir = workspace({});
    mkdirSync(join(dir, "rules"));
    writeFileSync(join(dir, "rules/mini.ppl"), PROGRAM);
    writeFileSync(join(dir, "rules/mini.cases.csv"), PASSING);
    const result = ppl(["test", "rules"], { cwd: dir });
    expect(result.stdout).toBe(
      "rules/mini.ppl: 1 test\n  ✓ a member\nrules/mini.cases.csv: 2 cases\n  ✓ big\n  ✓ small\n3 passed, 0 failed\n",
    );
    expect(result.status).toBe(0);
  });

  it("prints a failing case as a table, keeps confidential values out, and exits 1", () => {
    const dir = workspace({
      "mini.ppl": PROGRAM,
      "sheet.csv": "case,id,sales,stock,expect.tier,expect.rebate,expect.cover\nwrong,D,50,7,Member,5,9\n",
    });
    const result = ppl(["test", "mini.ppl", "--cases", "sheet.csv"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      [
        "sheet.csv: 1 case",
        "  ✗ wrong (sheet.csv row 1)",
        "      column         expected    got",
        "      expect.tier    Member      missing",
        "      expect.rebate  5           0.00",
        "      expect.cover   [redacted]  differs",
        '      Member not reached: "Minimum sales" failed',
      ].join("\n"),
    );
    // stock 7 and cover 3.5 are confidential, and so is the expected 9.
    expect(result.stdout + result.stderr).not.toMatch(/3\.5|\b7\b|\b9\b/);
  });

  it("refuses an unknown column with the nearest name (exit 2) and a case with invalid inputs (exit 1)", () => {
    const dir = workspace({ "mini.ppl": PROGRAM, "mini.cases.csv": "id,sales,stock,expect.rebat\nB,1,1,0\n" });
    const unknown = ppl(["test", "mini.ppl"], { cwd: dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('mini.cases.csv: unknown column "expect.rebat"');
    expect(unknown.stderr).toContain('did you mean "expect.rebate"?');
    writeFileSync(join(dir, "mini.cases.csv"), "id,sales,stock\nB,-5,1\n");
    const invalid = ppl(["test", "mini.ppl"], { cwd: dir });
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toMatch(
      /✗ row 1 \(mini\.cases\.csv row 1\)\n {6}inputs do not satisfy the input schema: sales: /,
    );
  });

  it("reports coverage after the results, and exits 1 below the threshold", () => {
    const dir = workspace({ "mini.ppl": PROGRAM });
    // The test block alone: Member reached (not "not reached"), its requirement holds (not fails),
    // rebate when true (not false, not capped): 3 of 7, 42.857...%, shown as 42%.
    const alone = ppl(["test", "mini.ppl", "--coverage-threshold", "42.857"], { cwd: dir });
    expect(alone.status).toBe(0);
    expect(alone.stdout).toBe(
      "mini.ppl: 1 test\n  ✓ a member\n1 passed, 0 failed\n" +
        "coverage of mini.ppl: 3/7 outcomes (42%)\n" +
        "  mini.ppl:11:1: tier Member: never not reached\n" +
        "  mini.ppl:12:3: requirement Member: Minimum sales: never fails\n" +
        "  mini.ppl:15:1: incentive rebate: never when false, capped\n",
    );
    const below = ppl(["test", "mini.ppl", "--coverage-threshold", "42.858"], { cwd: dir });
    expect(below.status).toBe(1);
    expect(below.stderr).toContain("mini.ppl: coverage 3/7 (42%) is below the threshold of 42.858%");
    writeFileSync(join(dir, "mini.cases.csv"), PASSING);
    const full = ppl(["test", "mini.ppl", "--coverage-threshold", "100"], { cwd: dir });
    expect(full.stdout).toContain("coverage of mini.ppl: 7/7 outcomes (100%)\n");
    expect(full.status).toBe(0);
  });

  it("writes JSON or lcov coverage to --coverage-out, atomically", () => {
    const dir = workspace({ "mini.ppl": PROGRAM, "mini.cases.csv": PASSING });
    const json = ppl(["test", "mini.ppl", "--coverage-format", "json", "--coverage-out", "coverage.json"], {
      cwd: dir,
    });
    expect(json.status).toBe(0);
    expect(json.stdout).toBe(
      "mini.ppl: 1 test\n  ✓ a member\nmini.cases.csv: 2 cases\n  ✓ big\n  ✓ small\n3 passed, 0 failed\n",
    );
    const report = JSON.parse(readFileSync(join(dir, "coverage.json"), "utf8"));
    expect(report.programs).toHaveLength(1);
    const [program] = report.programs;
    expect([program.file, program.covered, program.total, program.percent]).toEqual(["mini.ppl", 7, 7, 100]);
    expect(program.items[0]).toEqual({
      kind: "tier",
      name: "Member",
      line: 11,
      column: 1,
      covered: true,
      outcomes: { reached: 2, not_reached: 1 },
    });
    const lcov = ppl(["test", "mini.ppl", "--coverage-format", "lcov"], { cwd: dir });
    expect(lcov.stdout).toMatch(/\nTN:\nSF:mini\.ppl\n(BRDA:[0-9]+,[0-9]+,[0-9]+,[0-9]+\n){7}BRF:7\nBRH:7\n/);
    expect(lcov.stdout.endsWith("end_of_record\n")).toBe(true);
    const refused = ppl(["test", "mini.ppl", "--coverage-out", "mini.ppl"], { cwd: dir });
    expect(refused.status).toBe(2);
    expect(readFileSync(join(dir, "mini.ppl"), "utf8")).toBe(PROGRAM);
    expect(refused.stderr).toContain("--coverage-out mini.ppl");
  });

  it("rejects misuse with exit 2", () => {
    const dir = workspace({ "a.ppl": PROGRAM, "b.ppl": PROGRAM, "sheet.txt": "" });
    expect(ppl(["test", "a.ppl", "b.ppl", "--cases", "sheet.txt"], { cwd: dir }).status).toBe(2);
    const format = ppl(["test", "a.ppl", "--cases", "sheet.txt"], { cwd: dir });
    expect([format.status, format.stderr]).toEqual([
      2,
      "ppl test: --cases sheet.txt: unknown format; use a .csv, .json, .ndjson or .jsonl file\n",
    ]);
    expect(ppl(["test", "a.ppl", "--coverage-threshold", "ninety"], { cwd: dir }).status).toBe(2);
    expect(ppl(["test", "a.ppl", "--cases", "absent.csv"], { cwd: dir }).status).toBe(2);
    expect(ppl(["test", "--help"], { cwd: dir }).stdout).toContain("--coverage-threshold <percent>");
  });
});
