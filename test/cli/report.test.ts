// `ppl report` and `ppl statements` through the built CLI, on a small
// program whose figures are worked out by hand in the comments.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ppl, ROOT, SPAWN_TIMEOUT, workspace } from "./run-cli.js";

const PROGRAM = readFileSync(join(ROOT, "test/fixtures/report/near.ppl"), "utf8");
const DATA = readFileSync(join(ROOT, "test/fixtures/report/near.csv"), "utf8");
// margin_secret is confidential, and so is secret_share (987654.32 / 95000 = 10.396…).
const SECRETS = ["987654", "12345.67", "123.45", "10.396"];

/** The cells of each body row of the first table with this class (and owner). */
function tableRows(html: string, className: string, owner?: string): string[][] {
  const start = html.indexOf(`<table class="${className}"${owner === undefined ? "" : ` data-owner="${owner}"`}`);
  if (start < 0) return [];
  const body = html.slice(html.indexOf("<tbody>", start), html.indexOf("</tbody>", start));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td>(.*?)<\/td>/g)].map((cell) => cell[1]!.replace(/&amp;/g, "&").replace(/&gt;/g, ">")),
  );
}

/** The numbers table of one chart. */
function chartTable(html: string, id: string): string[][] {
  const at = html.indexOf(`data-chart="${id}"`);
  expect(at, `chart ${id}`).toBeGreaterThan(0);
  return tableRows(html.slice(at), "chart-data");
}

describe("ppl report", { timeout: SPAWN_TIMEOUT }, () => {
  it("writes the hand-computed figures, the same bytes every time, and no confidential value", () => {
    const dir = workspace({ "near.ppl": PROGRAM, "near.csv": DATA });
    const first = ppl(["report", "near.ppl", "--data", "near.csv", "-o", "r.html", "--date", "2026-03-31"], {
      cwd: dir,
    });
    // P-7 has no revenue: invalid, so exit 1, and the report lists it.
    expect(first.status, first.stderr).toBe(1);
    const html = readFileSync(join(dir, "r.html"), "utf8");
    expect(html).toContain("<dd>2026-03-31</dd>");
    const errors = tableRows(html, "errors-table");
    expect(errors.map((row) => row.slice(0, 2))).toEqual([["7", "P-7"]]);
    expect(errors[0]![2]).toMatch(/^revenue: a value is required/);
    // P-1, P-2, P-6 reach no tier; P-4 and P-5 are Members (P-4 has 9 deals, P-5 75% attainment); P-3 is Gold.
    expect(chartTable(html, "tiers")).toEqual([
      ["(no tier)", "3"],
      ["Member", "2"],
      ["Gold", "1"],
    ]);
    expect(chartTable(html, "subtiers")).toEqual([["Gold Secret", "2"]]);
    // rebate: 1% of 200k + 180k + 150k; gold_bonus 1000 for P-3.
    expect(chartTable(html, "incentives")).toEqual([
      ["rebate", "5300.00"],
      ["gold_bonus", "1000.00"],
    ]);
    expect(chartTable(html, "money-per-tier")).toEqual([
      ["Member", "rebate", "3300.00"],
      ["Gold", "rebate", "2000.00"],
      ["Gold", "gold_bonus", "1000.00"],
    ]);
    // Totals 0, 0, 3000, 1800, 1500, 0 in bins of 200.00.
    const totals = chartTable(html, "totals");
    expect(totals).toHaveLength(16);
    expect(totals[0]).toEqual(["0.00", "200.00", "3"]);
    expect(totals[7]).toEqual(["1400.00", "1600.00", "1"]);
    expect(totals.reduce((sum, row) => sum + Number(row[2]), 0)).toBe(6);
    // health: P-1 60%, P-2 82.8%, P-3 84%, P-4 66%, P-5 50%, P-6 0%, in bins of 10%; rebate needs 50%.
    expect(chartTable(html, "scorecard-health").map((row) => row[2])).toEqual([
      "1",
      "0",
      "0",
      "0",
      "0",
      "1",
      "2",
      "0",
      "2",
    ]);
    expect(html).toContain("rebate &gt;= 50%");
    expect(html).toContain('data-chart="kpi-attainment"');
    expect(html).not.toContain("kpi-secret_share");
    // Member: P-2 is 1,000 short of 100k (1%), P-1 5,000 (5%), P-6 90,000 (90%).
    expect(tableRows(html, "near-miss", "Member").map((row) => [row[0], row[2], row[4]])).toEqual([
      ["P-2", "1%", "revenue 99000.00 of 100000.00: 1000.00 short"],
      ["P-1", "5%", "revenue 95000.00 of 100000.00: 5000.00 short"],
      ["P-6", "90%", "revenue 10000.00 of 100000.00: 90000.00 short"],
    ]);
    // Gold: P-4 one deal of 10 (10%); P-5 attainment 0.75 of 0.9 (16.67%), or 30,000 more revenue / a 166,666.66 target.
    expect(tableRows(html, "near-miss", "Gold").map((row) => [row[0], row[2], row[4]])).toEqual([
      ["P-4", "10%", "deals 9 of 10: 1 short"],
      ["P-5", "16.67%", "attainment 0.75 of 0.9: 0.15 short (or revenue +30000.00 or sales_target -33333.34)"],
    ]);
    // Gold Secret's shortfall is confidential: never ranked.
    expect(tableRows(html, "near-miss", "Gold Secret")).toEqual([]);
    expect(tableRows(html, "thresholds")).toEqual([
      ["Member", "revenue >= 100k", "3", "2", "2"],
      ["Gold", "attainment >= 90%", "1", "0", "0"],
      ["Gold", "deals >= 10", "1", "0", "1"],
      ["Gold Secret", "margin_secret >= 50k", "1", "0", "0"],
    ]);
    const partners = tableRows(html, "partner-table");
    expect(partners.slice(0, 3).map((row) => [row[0], row[3]])).toEqual([
      ["P-3", "3000.00"],
      ["P-4", "1800.00"],
      ["P-5", "1500.00"],
    ]);
    for (const secret of SECRETS) expect(html, secret).not.toContain(secret);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)/);

    const second = ppl(["report", "near.ppl", "--data", "near.csv", "-o", "r2.html", "--date", "2026-03-31"], {
      cwd: dir,
    });
    expect(second.status).toBe(1);
    expect(readFileSync(join(dir, "r2.html"), "utf8")).toBe(html);
  });

  it("exits 0 on valid data, and 2 leaving the earlier report in place when the data cannot be read", () => {
    const valid = DATA.split("\n")
      .filter((line) => !line.startsWith("P-7"))
      .join("\n");
    const dir = workspace({ "near.ppl": PROGRAM, "ok.csv": valid, "bad.csv": 'partner_id,revenue\n"P-1,5\n' });
    expect(ppl(["report", "near.ppl", "--data", "ok.csv", "-o", "r.html"], { cwd: dir }).status).toBe(0);
    const before = readFileSync(join(dir, "r.html"), "utf8");
    const bad = ppl(["report", "near.ppl", "--data", "bad.csv", "-o", "r.html"], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("r.html is unchanged");
    expect(readFileSync(join(dir, "r.html"), "utf8")).toBe(before);
    expect(ppl(["report", "near.ppl", "--data", "ok.csv", "-o", "ok.csv"], { cwd: dir }).status).toBe(2);
    expect(ppl(["report", "near.ppl", "--data", "ok.csv", "-o", "r.html", "--top", "x"], { cwd: dir }).status).toBe(2);
    expect(ppl(["report", "--help"], { cwd: dir }).stdout).toContain("--top <n>");
  });
});

describe("ppl statements", { timeout: SPAWN_TIMEOUT }, () => {
  it("writes one page per valid partner with its story, and redacts confidential values", () => {
    const dir = workspace({ "near.ppl": PROGRAM, "near.csv": DATA });
    const result = ppl(["statements", "near.ppl", "--data", "near.csv", "-o", "out"], { cwd: dir });
    expect(result.status, result.stderr).toBe(1);
    expect(readdirSync(join(dir, "out")).sort()).toEqual([
      "P-1.html",
      "P-2.html",
      "P-3.html",
      "P-4.html",
      "P-5.html",
      "P-6.html",
    ]);
    const p5 = readFileSync(join(dir, "out", "P-5.html"), "utf8");
    expect(p5).toContain("<h2>Your tier: Member</h2>");
    expect(p5).toContain("<h2>To reach Gold</h2>");
    expect(p5).toContain(
      "attainment is 0.75, needs 0.9: 0.15 short; closed by changing one of revenue +30,000.00 (from 150,000.00 to 180,000.00) or sales_target -33,333.34 (from 200,000.00 to 166,666.66)",
    );
    expect(p5).toContain('<span class="total">1500.00</span> USD');
    const p1 = readFileSync(join(dir, "out", "P-1.html"), "utf8");
    for (const secret of SECRETS) expect(p1, secret).not.toContain(secret);
    expect(p1).toContain("revenue is 95,000.00, needs 100,000.00: 5,000.00 short");
  });

  it("makes keys safe, distinct file names, the same for the same data", () => {
    const data =
      "partner_id,revenue,sales_target,deals,margin_secret\n" +
      ["a/b", "a_b", "A_B", "con", "../x", "?"].map((key) => `"${key}",1,1,1,1`).join("\n") +
      "\n";
    const dir = workspace({ "near.ppl": PROGRAM, "keys.csv": data });
    writeFileSync(join(dir, "keys.csv"), data);
    const result = ppl(["statements", "near.ppl", "--data", "keys.csv", "-o", "out"], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(join(dir, "out")).sort()).toEqual(
      ["_.html", "_con.html", "__x.html", "a_b-2.html", "a_b.html", "A_B-3.html"].sort(),
    );
  });
});
