// End-to-end checks of how results, summaries and explanations are written
// at the edges: odd tier names, values beyond a double, missing amounts, and
// values too large to compute exactly.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ppl, workspace } from "./run-cli.js";

describe("the run summary", () => {
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

describe("ppl explain", () => {
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
