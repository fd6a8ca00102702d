// End-to-end checks of how results, summaries and explanations are written
// at the edges: odd tier names, values beyond a double, missing amounts, and
// values too large to compute exactly.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ppl, SPAWN_TIMEOUT, workspace } from "./run-cli.js";

describe("the run summary", { timeout: SPAWN_TIMEOUT }, () => {
  it('keeps partners with no tier apart from a tier named "(none)"', () => {
    const program = [
      'program "Odd names" {',
      "  currency USD",
      "}",
      "",
      "input partner_id: text key",
      "input revenue: money min 0",
      "",
      'tier "(none)" {',
      "  require revenue >= 10",
      "}",
      "",
    ].join("\n");
    const dir = workspace({ "p.ppl": program, "d.csv": "partner_id,revenue\nP-1,20\nP-2,5\n" });
    const r = ppl(["run", "p.ppl", "--data", "d.csv", "--summary", "s.json"], { cwd: dir });
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "s.json"), "utf8"));
    expect(summary.tiers).toEqual({ "(none)": 1 });
    expect(summary.no_tier).toBe(1);
    const text = ppl(["run", "p.ppl", "--data", "d.csv", "--out", "r.ndjson"], { cwd: dir }).stderr;
    expect(text).toContain("  (none): 1\n");
    expect(text).toContain("partners with no tier: 1\n");
  });
});

describe("ppl explain", { timeout: SPAWN_TIMEOUT }, () => {
  it("says once why an amount is missing", () => {
    const program = [
      'program "Missing amount" {',
      "  currency USD",
      "}",
      "",
      "input partner_id: text key",
      "input bonus: money optional",
      "",
      "incentive extra {",
      "  amount bonus * 2",
      "}",
      "",
    ].join("\n");
    const dir = workspace({ "p.ppl": program, "d.csv": "partner_id,bonus\nP-1,\n" });
    const r = ppl(["explain", "p.ppl", "--data", "d.csv", "--partner", "P-1"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("\n    the amount is missing because bonus is missing, so 0 is paid\n");
    expect(r.stdout.match(/the amount is missing/g)).toHaveLength(1);
  });
});

describe("values beyond the double range", { timeout: SPAWN_TIMEOUT }, () => {
  const program = [
    'program "Huge" {',
    "  currency USD",
    "}",
    "",
    "input partner_id: text key",
    "input x: number",
    "",
    "kpi a = x * x",
    "kpi b = a * a",
    "kpi big = b * b / 3",
    "",
    "tier Small {",
    "  require big <= 5",
    "}",
    "",
  ].join("\n");
  // x = 10^99, so a = 10^198 is a double, b = 10^396 and big = 10^792 / 3 are not.
  const x = `1${"0".repeat(99)}`;
  const b = `1${"0".repeat(396)}`;
  const big = `${"3".repeat(792)}.${"3".repeat(10)}`;

  it("are written as decimal strings, never as null, in every format and by both engines", () => {
    const dir = workspace({ "p.ppl": program, "d.csv": `partner_id,x\nP-1,${x}\n` });
    for (const engine of [[], ["--engine", "json-rules-engine"]]) {
      const ndjson = ppl(["run", "p.ppl", "--data", "d.csv", ...engine], { cwd: dir });
      expect(ndjson.status).toBe(0);
      const row = JSON.parse(ndjson.stdout);
      expect(row.kpis).toEqual({ a: 1e198, b, big });
      // big - 5 = 333…328.333…: the shortfall too is a decimal string; big = x^8 / 3 is not linear in x.
      const short = `${"3".repeat(790)}28.${"3".repeat(10)}`;
      const shortfall = { value: "big", has: big, needs: 5, short, inputs: [] };
      expect(row.unmet).toEqual([{ tier: "Small", requirement: "big <= 5", values: { big }, shortfall }]);
      const json = ppl(["run", "p.ppl", "--data", "d.csv", "--format", "json", ...engine], { cwd: dir });
      expect(JSON.parse(json.stdout)).toEqual([row]);
      const csv = ppl(["run", "p.ppl", "--data", "d.csv", "--format", "csv", ...engine], { cwd: dir });
      expect(csv.stdout.split("\r\n")[1]).toBe(`1,P-1,ok,,,,1e+198,${b},${big},0.00,big <= 5,`);
    }
    const explained = ppl(["explain", "p.ppl", "--data", "d.csv", "--partner", "P-1"], { cwd: dir });
    expect(explained.stdout).toContain(`  b = ${b}\n`);
    expect(explained.stdout).toContain(`  big = about ${big}\n`);
  });
});

describe("a tampered artifact", { timeout: SPAWN_TIMEOUT }, () => {
  it("is refused by both engines, naming the artifact and what disagrees", () => {
    const program = readFileSync(new URL("../../examples/channel-plus.ppl", import.meta.url), "utf8");
    const dir = workspace({ "p.ppl": program, "d.csv": "partner_id\n" });
    expect(ppl(["compile", "p.ppl"], { cwd: dir }).status).toBe(0);
    const artifact = JSON.parse(readFileSync(join(dir, "p.rules.json"), "utf8"));
    artifact.rules[0].conditions.all[1].value = "NaN";
    writeFileSync(join(dir, "p.rules.json"), JSON.stringify(artifact));
    for (const engine of [[], ["--engine", "json-rules-engine"]]) {
      const r = ppl(["run", "p.rules.json", "--data", "d.csv", ...engine], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("p.rules.json: not a valid PPL artifact");
      expect(r.stderr).toContain(
        '/rules/0/conditions/all/1/value: "NaN", where the specs and expression trees give "10000"',
      );
    }
  });
});

describe("values too large to compute exactly", { timeout: SPAWN_TIMEOUT }, () => {
  const lines = ['program "Square" {', "  currency USD", "}", "", "input partner_id: text key", "input x: number", ""];
  lines.push("kpi a1 = x * x");
  for (let level = 2; level <= 40; level++) lines.push(`kpi a${level} = a${level - 1} * a${level - 1}`);
  lines.push("", 'test "squares" {', '  given { partner_id: "P-1", x: 3 }', "  expect a40 > 0", "}", "");
  const program = lines.join("\n");
  // 3^(2^15) has about 52,000 bits, 3^(2^16) about 104,000: a16 is the first past the limit.
  const message = "the value of a16 is too large to compute exactly (over 30,000 digits)";

  it("make that partner's row invalid, quickly, and the run goes on, with both engines", () => {
    const dir = workspace({ "p.ppl": program, "d.csv": "partner_id,x\nP-1,3\nP-2,1\nP-3,1.5\n" });
    for (const engine of [[], ["--engine", "json-rules-engine"]]) {
      const r = ppl(["run", "p.ppl", "--data", "d.csv", ...engine], { cwd: dir });
      expect(r.status).toBe(1);
      const rows = r.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(rows.map((row) => row.status)).toEqual(["invalid", "ok", "invalid"]);
      expect(rows[0].errors).toEqual([{ field: null, message }]);
      expect(rows[2].errors).toEqual([{ field: null, message }]);
      expect(rows[1].kpis.a40).toBe(1);
    }
  }, 20_000);

  it("fail a test in ppl test, not crash it", () => {
    const dir = workspace({ "p.ppl": program });
    const r = ppl(["test", "p.ppl"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`could not be evaluated: ${message}`);
    expect(r.stdout).toContain("0 passed, 1 failed");
  }, 20_000);
});
