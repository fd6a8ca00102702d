// Sign-off cases on a small program whose every value is worked out by hand.
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";
import { compileProgram } from "../../src/compile/compile.js";
import { readRecordsFrom, type DataFormat } from "../../src/io/read-records.js";
import type { RawRecord } from "../../src/io/raw-record.js";
import { describeCaseFailure, runSignOffCases } from "../../src/testing/sign-off-cases.js";

const SHOP = `program "Shop" {
  currency USD
}

input id: text key
input sales: money min 0
input goal: money min 0
input region: one of "N", "S"
input certified: boolean
input stock: integer min 0 confidential

kpi attainment = sales / goal
kpi cover = stock / 4

tier Bronze {
  require sales >= 1k  as "Minimum sales"
}

tier Silver extends Bronze {
  require attainment >= 90%
  require certified  as "Certified"
}

subtier North of Silver {
  require region = "N"
}

scorecard quality {
  attainment weight 100% threshold 50% target 150%
}

incentive rebate {
  when tier >= Bronze
  amount sales * 1% + 0.005
}
`;

const shop = checkSource(SHOP, "shop.ppl");
const artifact = compileProgram(shop.checked, SHOP);

async function records(text: string, format: DataFormat = "csv"): Promise<RawRecord[]> {
  const found: RawRecord[] = [];
  for await (const record of readRecordsFrom([text], format)) found.push(record);
  return found;
}

const HEADER = "case,id,sales,goal,region,certified,stock";
// sales 2000, target 2000: attainment 1, quality (1 - 0.5) / 1 = 0.5, Silver (certified), North (N);
// rebate 2000 * 1% + 0.005 = 20.005, rounded half up 20.01; cover 12 / 4 = 3.
const SILVER_NORTH = "silver north,A,2000,2000,N,yes,12";

describe("sign-off cases", () => {
  it("runs on a program that checks clean", () => {
    expect(shop.diagnostics).toEqual([]);
  });

  it("passes a case whose every expectation holds, money at minor digits and decimals exactly", async () => {
    const text =
      `${HEADER},expect.tier,expect.subtiers,expect.rebate,expect.total,expect.attainment,expect.quality,expect.cover\n` +
      `${SILVER_NORTH},Silver,North,20.01,20.01,1.0,50%,3\n` +
      // An empty cell is not checked.
      `bronze,B,1000,4000,S,no,0,Bronze,missing,10.01,,0.25,0,\n`;
    const result = runSignOffCases(artifact, await records(text));
    expect(result.columnErrors).toEqual([]);
    expect(result.outcomes.map((o) => [o.name, o.passed, o.differences, o.problems])).toEqual([
      ["silver north", true, [], []],
      ["bronze", true, [], []],
    ]);
  });

  it("reports each differing column with the requirement labels that decided the tier", async () => {
    const text =
      `${HEADER},expect.tier,expect.subtiers,expect.rebate,expect.attainment\n` +
      // certified is false: Silver fails on "Certified"; Bronze it is.
      `uncertified,C,2000,2000,N,false,1,Silver,North,20.00,0.9999999999999999\n` +
      // No tier at all: sales 500 < 1k.
      `small,D,500,500,S,true,1,Bronze,,,\n` +
      // Silver is reached, but the sheet says Bronze.
      `too high,E,2000,2000,S,true,1,Bronze,,,\n`;
    const [uncertified, small, tooHigh] = runSignOffCases(artifact, await records(text)).outcomes;
    expect(uncertified!.passed).toBe(false);
    expect(uncertified!.differences).toEqual([
      { column: "expect.tier", expected: "Silver", got: "Bronze" },
      { column: "expect.subtiers", expected: "North", got: "none" },
      { column: "expect.rebate", expected: "20.00", got: "20.01" },
      { column: "expect.attainment", expected: "0.9999999999999999", got: "1" },
    ]);
    expect(uncertified!.reasons).toEqual([
      'Silver not reached: "Certified" failed',
      "North not reached: it needs tier Silver or above",
    ]);
    expect(small!.differences).toEqual([{ column: "expect.tier", expected: "Bronze", got: "missing" }]);
    expect(small!.reasons).toEqual(['Bronze not reached: "Minimum sales" failed']);
    expect(tooHigh!.reasons).toEqual(['Silver reached: "attainment >= 90%", "Certified" hold']);
    expect(describeCaseFailure(small!, "")).toEqual([
      "column       expected  got",
      "expect.tier  Bronze    missing",
      'Bronze not reached: "Minimum sales" failed',
    ]);
  });

  it("expects missing with `missing`, and compares the exact value, never the nearest float", async () => {
    const text =
      `${HEADER},expect.attainment,expect.tier\n` +
      // target 0: attainment is missing; sales 300 has no tier.
      `zero target,F,300,0,S,no,0,missing,missing\n` +
      `thirds,G,1000,3000,S,no,0,0.3333333333333333,\n` +
      `not missing,H,300,1000,S,no,0,missing,\n`;
    const [zero, thirds, notMissing] = runSignOffCases(artifact, await records(text)).outcomes;
    expect(zero!.passed).toBe(true);
    expect(thirds!.differences).toEqual([
      { column: "expect.attainment", expected: "0.3333333333333333", got: "about 0.3333333333" },
    ]);
    expect(notMissing!.differences).toEqual([{ column: "expect.attainment", expected: "missing", got: "0.3" }]);
  });

  it("says a confidential value differs without showing either value", async () => {
    const text = `${HEADER},expect.cover\nsecret,A,2000,2000,N,yes,12,4.25\nbad,B,2000,2000,N,yes,12,lots\n`;
    const [secret, bad] = runSignOffCases(artifact, await records(text)).outcomes;
    expect(secret!.differences).toEqual([{ column: "expect.cover", expected: "[redacted]", got: "differs" }]);
    const shown = describeCaseFailure(secret!).join("\n") + describeCaseFailure(bad!).join("\n");
    expect(shown).not.toMatch(/4\.25|\b3\b|\b12\b|lots/);
    expect(bad!.problems).toEqual(["expect.cover: the cell is not a number (write a decimal such as 0.485, or 48.5%)"]);
  });

  it("refuses unknown columns, naming the nearest valid name, before any case runs", async () => {
    const text = `${HEADER},expect.rebat,regoin,expect.sales,note\n${SILVER_NORTH},1,N,2000,x\n`;
    const result = runSignOffCases(artifact, await records(text));
    expect(result.outcomes).toEqual([]);
    expect(result.columnErrors).toEqual([
      'unknown column "expect.rebat": it is neither an input nor a known expect. name; did you mean "expect.rebate"?',
      'unknown column "regoin": it is neither an input nor a known expect. name; did you mean "region"?',
      'column "expect.sales": sales is an input, and inputs are given, not expected; expect tier, subtiers, total, a KPI, a scorecard, a table or an incentive',
      'unknown column "note": it is neither an input nor a known expect. name',
    ]);
  });

  it("fails a case whose inputs are invalid with the schema errors, and cells that cannot be expectations", async () => {
    const text =
      `${HEADER},expect.tier,expect.subtiers,expect.rebate\n` +
      `invalid,A,lots,2000,W,yes,12,Silver,,\n` +
      `typos,B,2000,2000,N,yes,12,Silvr,Nort,20.005\n`;
    const [invalid, typos] = runSignOffCases(artifact, await records(text)).outcomes;
    expect(invalid!.passed).toBe(false);
    expect(invalid!.schemaErrors?.map((error) => error.field)).toEqual(["sales", "region"]);
    expect(typos!.passed).toBe(false);
    expect(typos!.problems).toEqual([
      'expect.tier: "Silvr" is not a tier of the program; did you mean "Silver"?',
      'expect.subtiers: "Nort" is not a subtier of the program; did you mean "North"?',
      "expect.rebate: 20.005 has more decimals than USD money (2)",
    ]);
  });

  it("compares money at the currency's minor digits: whole yen in JPY", async () => {
    const source = `program "Yen" {
  currency JPY
}

input id: text key
input sales: money min 0

incentive fee {
  amount sales * 1.5%
}
`;
    const yen = compileProgram(checkSource(source, "yen.ppl").checked, source);
    // 1001 * 1.5% = 15.015, rounded half up to 15 yen.
    const text = "id,sales,expect.fee\nA,1001,15\nB,1001,15.0\nC,1001,15 yen\nD,1001,16\n";
    const [whole, decimals, words, wrong] = runSignOffCases(yen, await records(text)).outcomes;
    expect(whole!.passed).toBe(true);
    expect(decimals!.problems).toEqual(["expect.fee: 15.0 has more decimals than JPY money (0)"]);
    expect(words!.problems).toEqual(['expect.fee: "15 yen" is not an amount (write 1250)']);
    expect(wrong!.differences).toEqual([{ column: "expect.fee", expected: "16", got: "15" }]);
  });

  it("reads JSON and NDJSON cases as `ppl run` reads such data, numbers exactly", async () => {
    const json =
      '[{"case":"json","id":"A","sales":2000,"goal":2000,"region":"N","certified":true,"stock":12,' +
      '"expect.tier":"Silver","expect.subtiers":["North"],"expect.rebate":20.01,"expect.quality":0.5}]';
    const ndjson =
      '{"id":"B","sales":1000,"goal":4000,"region":"S","certified":false,"stock":0,"expect.tier":"Bronze","expect.rebate":"10.01","expect.subtiers":[]}\n';
    const [fromJson] = runSignOffCases(artifact, await records(json, "json")).outcomes;
    const [fromNdjson] = runSignOffCases(artifact, await records(ndjson, "ndjson")).outcomes;
    expect([fromJson!.name, fromJson!.passed, fromJson!.differences]).toEqual(["json", true, []]);
    expect([fromNdjson!.name, fromNdjson!.passed, fromNdjson!.differences]).toEqual(["row 1", true, []]);
  });
});
