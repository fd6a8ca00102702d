// Shortfalls through the built CLI: `ppl run` writes them in `unmet`,
// `ppl explain` says them in words, `ppl test` shows them under a failing
// expect; confidential values stay redacted in all three.
import { describe, expect, it } from "vitest";
import { ppl, SPAWN_TIMEOUT, workspace } from "./run-cli.js";

const PROGRAM = `program "Near" {
  currency USD
}

input partner_id: text key
input revenue: money min 0
input sales_target: money min 0
input inventory_units: integer min 0 confidential

kpi attainment = revenue / sales_target otherwise 0

tier Member {
  require attainment >= 90%
  require inventory_units >= 1000
}

test "a partner at 88%" {
  given { partner_id: "T", revenue: 880k, sales_target: 1M, inventory_units: 734 }
  expect attainment >= 90%
}
`;

const DATA = "partner_id,revenue,sales_target,inventory_units\nP-1,880000,1000000,734\n";

describe("shortfalls on the command line", { timeout: SPAWN_TIMEOUT }, () => {
  it("run, explain and test give the same shortfall, and never the confidential value", () => {
    const dir = workspace({ "p.ppl": PROGRAM, "d.csv": DATA });
    const run = ppl(["run", "p.ppl", "--data", "d.csv"], { cwd: dir });
    expect(run.status).toBe(0);
    const row = JSON.parse(run.stdout);
    expect(row.unmet).toEqual([
      {
        tier: "Member",
        requirement: "attainment >= 90%",
        values: { attainment: 0.88 },
        shortfall: {
          value: "attainment",
          has: 0.88,
          needs: 0.9,
          short: 0.02,
          inputs: [
            { input: "revenue", has: "880000.00", needs: "900000.00", change: "20000.00" },
            // 880,000 / 0.9 = 977,777.77…, rounded down.
            { input: "sales_target", has: "1000000.00", needs: "977777.77", change: "-22222.23" },
          ],
        },
      },
      {
        tier: "Member",
        requirement: "inventory_units >= 1000",
        values: { inventory_units: "[redacted]" },
        shortfall: { value: "inventory_units", has: "[redacted]", needs: 1000, short: "[redacted]", inputs: [] },
      },
    ]);
    expect(run.stdout).not.toContain("734");
    expect(run.stdout).not.toContain("266");

    const explained = ppl(["explain", "p.ppl", "--data", "d.csv", "--partner", "P-1"], { cwd: dir });
    expect(explained.status).toBe(0);
    expect(explained.stdout).toContain(
      "        → attainment is 0.88, needs 0.9: 0.02 short; closed by changing one of revenue +20,000.00 (from 880,000.00 to 900,000.00) or sales_target -22,222.23 (from 1,000,000.00 to 977,777.77)\n",
    );
    expect(explained.stdout).toContain("        → inventory_units is [redacted], needs 1,000: [redacted] short\n");
    expect(explained.stdout).not.toMatch(/734|266/);

    const tested = ppl(["test", "p.ppl"], { cwd: dir });
    expect(tested.status).toBe(1);
    expect(tested.stdout).toContain("        → attainment is 0.88, needs 0.9: 0.02 short;");
  });
});
