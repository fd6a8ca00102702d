// The report and a statement in a real browser: Debian's chromium driven by
// playwright-core opens them from file:// and reads what a reader sees —
// no console error, no request but the page itself, each chart with its
// bars and numbers, the near-miss rows, and no confidential value in the
// page's text or source. Screenshots go to test/output/ (git-ignored).
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ppl, ROOT, workspace } from "../cli/run-cli.js";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = join(ROOT, "test", "output");
const SECRETS = ["987654", "12345.67", "123.45", "10.396"];

let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = workspace({
    "near.ppl": readFileSync(join(ROOT, "test/fixtures/report/near.ppl"), "utf8"),
    "near.csv": readFileSync(join(ROOT, "test/fixtures/report/near.csv"), "utf8"),
  });
  expect(ppl(["report", "near.ppl", "--data", "near.csv", "-o", "report.html"], { cwd: dir }).status).toBe(1);
  expect(ppl(["statements", "near.ppl", "--data", "near.csv", "-o", "statements"], { cwd: dir }).status).toBe(1);
  mkdirSync(SCREENSHOTS, { recursive: true });
  // .ci/run installs Debian's chromium; playwright's own browser downloads are not reachable here.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens a file and records console errors and every request. */
async function open(file: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("request", (request) => requests.push(request.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: "load" });
  return { page, errors, requests: requests.filter((request) => request !== url) };
}

/** The bars Vega drew in one chart, and the numbers of its table. */
async function chart(page: Page, id: string): Promise<{ bars: number; label: string; table: string[][] }> {
  const figure = page.locator(`figure[data-chart="${id}"]`);
  const bars = await figure.locator('svg path[aria-roledescription="bar"]').count();
  const label = (await figure.locator('[role="img"]').getAttribute("aria-label")) ?? "";
  const table = await figure
    .locator("table.chart-data tbody tr")
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent ?? "")));
  return { bars, label, table };
}

describe("the report in chromium", () => {
  it("has every chart with its bars and numbers, the near misses, and nothing confidential", async () => {
    const { page, errors, requests } = await open(join(dir, "report.html"));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);

    const tiers = await chart(page, "tiers");
    expect(tiers.bars).toBe(3);
    expect(tiers.table).toEqual([
      ["(no tier)", "3"],
      ["Member", "2"],
      ["Gold", "1"],
    ]);
    expect(tiers.label).toBe("Partners per tier: (no tier) 3, Member 2, Gold 1.");
    // The SVG's own title and axis titles.
    const tierText = await page.locator('figure[data-chart="tiers"] svg').textContent();
    expect(tierText).toContain("Partners per tier");
    expect(tierText).toContain("Tier");
    expect(tierText).toContain("Partners");

    expect((await chart(page, "subtiers")).bars).toBe(1);
    const incentives = await chart(page, "incentives");
    expect(incentives.bars).toBe(2);
    expect(incentives.label).toBe("Total paid per incentive (USD): rebate 5300.00, gold_bonus 1000.00.");
    // Member: rebate; Gold: rebate and gold_bonus — three segments with money.
    expect((await chart(page, "money-per-tier")).bars).toBe(3);
    const totals = await chart(page, "totals");
    expect(totals.bars).toBe(16);
    expect(totals.table[0]).toEqual(["0.00", "200.00", "3"]);
    const health = await chart(page, "scorecard-health");
    expect(health.bars).toBe(9);
    expect(health.label).toContain("thresholds rebate >= 50%");
    expect((await chart(page, "kpi-attainment")).bars).toBe(1);
    expect(await page.locator('figure[data-chart="kpi-secret_share"]').count()).toBe(0);
    expect(await page.locator("figure.chart").count()).toBe(7);

    const nearMember = await page
      .locator('table.near-miss[data-owner="Member"] tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.querySelector("td")?.textContent));
    expect(nearMember).toEqual(["P-2", "P-1", "P-6"]);
    const nearGold = await page
      .locator('table.near-miss[data-owner="Gold"] tbody tr td:nth-child(5)')
      .allTextContents();
    expect(nearGold).toEqual([
      "deals 9 of 10: 1 short",
      "attainment 0.75 of 0.9: 0.15 short (or revenue +30000.00 or sales_target -33333.34)",
    ]);

    const text = await page.locator("body").innerText();
    const source = await page.content();
    for (const secret of SECRETS) {
      expect(text, secret).not.toContain(secret);
      expect(source, secret).not.toContain(secret);
    }
    await page.screenshot({ path: join(SCREENSHOTS, "report.png"), fullPage: true });
    await page.close();
  }, 60_000);
});

describe("a statement in chromium", () => {
  it("shows the story with shortfalls, prints cleanly and hides confidential values", async () => {
    const { page, errors, requests } = await open(join(dir, "statements", "P-5.html"));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator("h2").first().textContent()).toBe("Your tier: Member");
    const shortfall = await page.locator("#next-tier ul.shortfall li").allTextContents();
    expect(shortfall).toEqual([
      "attainment is 0.75, needs 0.9: 0.15 short; closed by changing one of revenue +30,000.00 (from 150,000.00 to 180,000.00) or sales_target -33,333.34 (from 200,000.00 to 166,666.66)",
    ]);
    expect(await page.locator("#total .total").textContent()).toBe("1500.00");
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: join(SCREENSHOTS, "statement-P-5.png"), fullPage: true });
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.close();

    // P-4 is a Member within reach of Gold Secret, whose requirement is confidential.
    const p4 = await open(join(dir, "statements", "P-4.html"));
    expect(p4.errors).toEqual([]);
    const text = await p4.page.locator("body").innerText();
    expect(text).toContain("margin_secret is [redacted], needs 50,000.00: [redacted] short");
    for (const secret of ["40000", "40,000", ...SECRETS]) {
      expect(text, secret).not.toContain(secret);
      expect(await p4.page.content(), secret).not.toContain(secret);
    }
    await p4.page.close();
  }, 60_000);
});
