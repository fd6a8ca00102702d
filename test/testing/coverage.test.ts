// Coverage on a small program, every count worked out by hand.
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";
import { compileProgram } from "../../src/compile/compile.js";
import { readRecordsFrom } from "../../src/io/read-records.js";
import type { RawRecord } from "../../src/io/raw-record.js";
import { belowThreshold, CoverageCollector, flooredPercent } from "../../src/testing/coverage.js";
import { coverageLcov, coverageText } from "../../src/testing/coverage-report.js";
import { runProgramTests } from "../../src/testing/run-tests.js";
import { runSignOffCases } from "../../src/testing/sign-off-cases.js";

// Outcomes that can occur, 27 in all:
//   if (bonus_rate) then/else 2, otherwise (safe_score) value/fallback 2,
//   tiers Bronze and Silver reached/not 4, their requirements holds/fails 4,
//   subtier Star reached/not 2 and its requirement 2,
//   the scorecard line below/between/capped 3 (score has no min: it can be below 2),
//   table rows "N", otherwise, below 100, 100 and above: 4,
//   incentive pay when true/false, capped (a cap), floored (a `- 10`) 4;
//   never missing (sales is required, bonus_rate and regional always have a value).
const SMALL = `program "Small" {
  currency USD
}

input id: text key
input sales: money min 0
input score: number optional
input region: one of "N", "S"

kpi bonus_rate = if score >= 5 then 2% else 1%
kpi safe_score = score otherwise 0

tier Bronze {
  require sales >= 100
}

tier Silver extends Bronze {
  require safe_score >= 5  as "Good score"
}

subtier Star of Silver {
  require region = "N"
}

scorecard quality {
  safe_score  weight 100%  threshold 2  target 8
}

table regional by region {
  "N": 1
  otherwise: 2
}

table band by sales {
  below 100: 0
  100 and above: 1
}

incentive pay {
  when tier >= Bronze
  amount sales * bonus_rate * regional * band - 10
  cap 50
}

test "a Silver partner in the south" {
  given { id: "A", sales: 200, score: 6, region: "S" }
  # 200 * 2% * 2 * 1 - 10 = -2, floored at 0
  expect tier = Silver
  expect pay = 0
}
`;

const checked = checkSource(SMALL, "small.ppl");
const artifact = compileProgram(checked.checked, SMALL);

async function records(text: string): Promise<RawRecord[]> {
  const found: RawRecord[] = [];
  for await (const record of readRecordsFrom([text], "csv")) found.push(record);
  return found;
}

function outcomesByName(collector: CoverageCollector) {
  return Object.fromEntries(collector.report("small.ppl").items.map((item) => [item.name, item.outcomes]));
}

describe("coverage", () => {
  it("counts what the one test block exercised: 13 of 27", () => {
    expect(checked.diagnostics).toEqual([]);
    const collector = new CoverageCollector(artifact, checked.program);
    expect(runProgramTests(artifact, collector.evaluator).every((outcome) => outcome.passed)).toBe(true);
    const report = collector.report("small.ppl");
    // A: score 6 takes `then`, safe_score its value; Bronze's and Silver's requirements hold, tier Silver;
    // Star's region = "N" fails; safe_score 6 is between 2 and 8; rows otherwise and 100 and above;
    // pay: when true, floored (-2).
    expect([report.covered, report.total, report.percent]).toEqual([13, 27, 48]);
    expect(outcomesByName(collector)).toEqual({
      "bonus_rate: if score >= 5": { then: 1, else: 0 },
      "safe_score: score otherwise 0": { value: 1, fallback: 0 },
      Bronze: { reached: 0, not_reached: 1 },
      "Bronze: sales >= 100": { holds: 1, fails: 0 },
      Silver: { reached: 1, not_reached: 0 },
      "Silver: Good score": { holds: 1, fails: 0 },
      Star: { reached: 0, not_reached: 1 },
      'Star: region = "N"': { holds: 0, fails: 1 },
      "quality: safe_score": { below: 0, between: 1, capped: 0 },
      'regional: "N"': { hit: 0 },
      "regional: otherwise": { hit: 1 },
      "band: below 100": { hit: 0 },
      "band: 100 and above": { hit: 1 },
      pay: { when_true: 1, when_false: 0, capped: 0, floored: 1 },
    });
    const bronze = report.items.find((item) => item.name === "Bronze: sales >= 100")!;
    expect([bronze.kind, bronze.line, bronze.column, bronze.covered]).toEqual(["requirement", 14, 3, false]);
    const branch = report.items.find((item) => item.kind === "if")!;
    expect([branch.line, branch.column]).toEqual([10, 18]);
  });

  it("adds the cases' partners: 23 of 27, and lists the 4 left with their places", async () => {
    const collector = new CoverageCollector(artifact, checked.program);
    runProgramTests(artifact, collector.evaluator);
    // B: no score (else, fallback 0), sales 50 fails Bronze, so no tier and pay's `when` is false;
    // Silver's requirement fails (0 < 5), Star's region = "N" holds; 0 is below 2; rows "N" and below 100.
    const cases = await records("id,sales,score,region,expect.tier\nB,50,,N,missing\n");
    expect(runSignOffCases(artifact, cases, collector.evaluator).outcomes[0]!.passed).toBe(true);
    const report = collector.report("small.ppl");
    expect([report.covered, report.total, report.percent]).toEqual([23, 27, 85]);
    expect(coverageText([report])).toBe(
      "coverage of small.ppl: 23/27 outcomes (85%)\n" +
        "  small.ppl:13:1: tier Bronze: never reached\n" +
        "  small.ppl:21:1: subtier Star: never reached\n" +
        "  small.ppl:26:3: scorecard-line quality: safe_score: never capped\n" +
        "  small.ppl:39:1: incentive pay: never capped\n",
    );
  });

  it("leaves out outcomes the program rules out: a floor under a never-negative amount, a missing one that cannot be", () => {
    const source = `program "Outcomes" {
  currency USD
}

input id: text key
input revenue: money min 0
input bonus: money min 0 optional
input change: money
input segment: one of "A", "B"

tier Member {
  require revenue >= 0
}

tier Plus extends Member {
  require revenue >= 1k
}

table by_tier by tier {
  Member: 1%
  Plus: 2%
}

table by_segment by segment {
  "A": 1
  "B": 2
}

table partial by segment {
  "A": 1
}

incentive plain {
  amount revenue * 1% * by_segment
}

incentive tiered {
  when tier >= Member
  amount revenue * by_tier
}

incentive untiered {
  amount revenue * by_tier
}

incentive optional_bonus {
  amount bonus * 2 + round(revenue, 2)
}

incentive changed {
  amount change * partial
}
`;
    const outcomes = check(source);
    expect(outcomes).toEqual({
      plain: {},
      tiered: { when_true: 0, when_false: 0 },
      untiered: { missing_amount: 0 },
      optional_bonus: { missing_amount: 0 },
      changed: { floored: 0, missing_amount: 0 },
    });
  });

  it("floors the percentage and compares the threshold exactly: 9999 of 10000 is 99%, below 100 and not below 99.99", () => {
    expect(flooredPercent(9999, 10000)).toBe(99);
    expect(flooredPercent(2, 3)).toBe(66);
    expect(flooredPercent(0, 0)).toBe(100);
    const almost = { covered: 9999, total: 10000 };
    expect(belowThreshold(almost, "100")).toBe(true);
    expect(belowThreshold(almost, "99.99")).toBe(false);
    expect(belowThreshold(almost, "99.991")).toBe(true);
    expect(belowThreshold({ covered: 2, total: 3 }, "66.67")).toBe(true);
    expect(belowThreshold({ covered: 2, total: 3 }, "66.66")).toBe(false);
  });

  it("writes lcov that parses back to the same counts", () => {
    const collector = new CoverageCollector(artifact, checked.program);
    runProgramTests(artifact, collector.evaluator);
    const report = collector.report("small.ppl");
    const records = parseLcov(coverageLcov([report]));
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record!.file).toBe("small.ppl");
    expect([record!.brh, record!.brf]).toEqual([13, 27]);
    expect(record!.branches).toHaveLength(27);
    expect(record!.branches.filter((branch) => branch.taken > 0)).toHaveLength(13);
    // Each item's line is a line of the report, hit when any of its outcomes was seen.
    const lines = new Set(report.items.map((item) => item.line));
    expect(record!.lines.map((line) => line.line)).toEqual([...lines].sort((a, b) => a - b));
    expect([record!.lf, record!.lh]).toEqual([lines.size, record!.lines.filter((line) => line.hits > 0).length]);
  });
});

/** The outcomes of each incentive of a program no partner has been through. */
function check(source: string): Record<string, Record<string, number>> {
  const result = checkSource(source, "outcomes.ppl");
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const report = new CoverageCollector(compileProgram(result.checked, source), result.program).report("outcomes.ppl");
  return Object.fromEntries(report.items.filter((i) => i.kind === "incentive").map((i) => [i.name, i.outcomes]));
}

interface LcovRecord {
  file: string;
  branches: { line: number; block: number; branch: number; taken: number }[];
  lines: { line: number; hits: number }[];
  brf: number;
  brh: number;
  lf: number;
  lh: number;
}

/** A small lcov reader (the tracefile format of geninfo(1)): enough to read back what PPL writes. */
function parseLcov(text: string): LcovRecord[] {
  const records: LcovRecord[] = [];
  let current: LcovRecord | undefined;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line === "end_of_record") {
      records.push(current!);
      current = undefined;
      continue;
    }
    const [tag, rest = ""] = line.split(/:(.*)/s);
    if (tag === "TN") continue;
    if (tag === "SF") {
      current = { file: rest, branches: [], lines: [], brf: -1, brh: -1, lf: -1, lh: -1 };
      continue;
    }
    if (current === undefined) throw new Error(`${line}: outside a record`);
    const numbers = rest.split(",").map((part) => {
      if (!/^[0-9]+$/.test(part)) throw new Error(`${line}: not a count`);
      return Number(part);
    });
    if (tag === "BRDA") {
      const [at, block, branch, taken] = numbers as [number, number, number, number];
      current.branches.push({ line: at, block, branch, taken });
    } else if (tag === "DA") current.lines.push({ line: numbers[0]!, hits: numbers[1]! });
    else if (tag === "BRF") current.brf = numbers[0]!;
    else if (tag === "BRH") current.brh = numbers[0]!;
    else if (tag === "LF") current.lf = numbers[0]!;
    else if (tag === "LH") current.lh = numbers[0]!;
    else throw new Error(`${line}: unknown lcov line`);
  }
  if (current !== undefined) throw new Error("the last record has no end_of_record");
  return records;
}
