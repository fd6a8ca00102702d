// The artifact, loaded in a plain Node program with json-rules-engine and the
// runtime module (examples/interop), gives the same tier as `ppl run`.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ppl, ROOT, SPAWN_TIMEOUT, workspace } from "../cli/run-cli.js";

describe("examples/interop", { timeout: SPAWN_TIMEOUT }, () => {
  let dir: string;

  beforeAll(() => {
    // The example imports the package by name ("ppl", "ppl/runtime"), which resolves to dist/,
    // built from the current src/ by test/setup/build-cli.ts.
    const partner = JSON.parse(readFileSync(join(ROOT, "examples/interop/partner.json"), "utf8"));
    dir = workspace({
      "strong.json": JSON.stringify(partner),
      "weak.json": JSON.stringify({ ...partner, partner_id: "AMP-WEAK", shares_data: false }),
      "mid.json": JSON.stringify({ ...partner, partner_id: "AMP-MID", investment: 5000 }),
    });
    expect(ppl(["compile", join(ROOT, "rules/amplify.ppl"), "-o", dir]).status).toBe(0);
  });

  it.each(["strong", "weak", "mid"])("agrees with ppl run on the %s partner", (name) => {
    const example = spawnSync(
      process.execPath,
      [join(ROOT, "examples/interop/tier-of-partner.mjs"), join(dir, "amplify.rules.json"), join(dir, `${name}.json`)],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(example.stderr).toBe("");
    const data = join(dir, `${name}-data.json`);
    writeFileSync(data, `[${readFileSync(join(dir, `${name}.json`), "utf8")}]`);
    const run = ppl(["run", join(dir, "amplify.rules.json"), "--data", data]);
    const row = JSON.parse(run.stdout);
    expect(example.stdout.trim()).toBe(`${row.partner}: ${row.tier ?? "no tier"}, total ${row.total}`);
  });

  it("builds a record's number with parseExact: the strong partner with the mid one's investment pays as ppl run says", () => {
    const example = spawnSync(
      process.execPath,
      [
        join(ROOT, "examples/interop/tier-of-partner.mjs"),
        join(dir, "amplify.rules.json"),
        join(dir, "strong.json"),
        "investment=5000.00",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(example.stderr).toBe("investment = 5000\n");
    const data = join(dir, "changed-data.json");
    const strong = JSON.parse(readFileSync(join(dir, "strong.json"), "utf8"));
    writeFileSync(data, JSON.stringify([{ ...strong, investment: 5000 }]));
    const row = JSON.parse(ppl(["run", join(dir, "amplify.rules.json"), "--data", data]).stdout);
    expect(example.stdout.trim()).toBe(`${row.partner}: ${row.tier ?? "no tier"}, total ${row.total}`);
  });

  it("finds different tiers for the three partners, so agreement means something", () => {
    const tiers = ["strong", "weak", "mid"].map((name) => {
      const data = join(dir, `${name}-tiers.json`);
      writeFileSync(data, `[${readFileSync(join(dir, `${name}.json`), "utf8")}]`);
      return JSON.parse(ppl(["run", join(dir, "amplify.rules.json"), "--data", data]).stdout).tier;
    });
    expect(new Set(tiers).size).toBe(3);
  });
});
