// The committed programs (rules/ and examples/) and the partner data
// generator: every program must parse and check clean, and the generator must
// be deterministic.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { InputDecl } from "../../src/ast/nodes.js";
import { checkProgram } from "../../src/check/check.js";
import { compileValidated } from "../compile/compiled-program.js";
import { runProgramTests } from "../../src/testing/run-tests.js";
import { parse } from "../../src/syntax/parse.js";
import { COLUMNS, DEFAULT_OPTIONS, partnerLines, partnersCsv } from "../../examples/generate-partners.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function pplFilesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ppl"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const programFiles = [...pplFilesBelow(join(ROOT, "rules")), ...pplFilesBelow(join(ROOT, "examples"))];

function load(file: string) {
  const name = relative(ROOT, file);
  return parse(readFileSync(file, "utf8"), name);
}

function outcomesOf(file: string) {
  const parsed = load(file);
  return runProgramTests(compileValidated(checkProgram(parsed.program), readFileSync(file, "utf8")));
}

describe("committed programs", () => {
  it("include the amplify program and the examples", () => {
    const names = programFiles.map((file) => relative(ROOT, file));
    expect(names).toEqual(
      expect.arrayContaining([
        "rules/amplify.ppl",
        "examples/channel-plus.ppl",
        "examples/distributor-rebates.ppl",
        "examples/jpy-referral.ppl",
      ]),
    );
  });

  describe.each(programFiles.map((file) => [relative(ROOT, file), file]))("%s", (_name, file) => {
    const parsed = load(file);

    it("parses with no diagnostics", () => {
      expect(parsed.diagnostics).toEqual([]);
    });

    it("checks with no errors or warnings", () => {
      const { diagnostics } = checkProgram(parsed.program);
      expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.range.start.line}: ${d.message}`)).toEqual([]);
    });

    it("has test blocks, and every one passes", () => {
      const outcomes = outcomesOf(file);
      expect(outcomes.length).toBeGreaterThan(0);
      const failed = outcomes
        .filter((o) => !o.passed)
        .map((o) => ({ test: o.description, schemaErrors: o.schemaErrors, failures: o.failures }));
      expect(failed).toEqual([]);
    });
  });
});

describe("rules/amplify.ppl", () => {
  const parsed = load(join(ROOT, "rules/amplify.ppl"));
  const result = checkProgram(parsed.program);

  it("says at its top that its values are illustrative", () => {
    const head = readFileSync(join(ROOT, "rules/amplify.ppl"), "utf8").split("\n").slice(0, 12).join("\n");
    expect(head).toMatch(/ILLUSTRATIVE/);
    expect(head).toMatch(/not\s+published/i);
  });

  it("keeps the shared data confidential and everything derived from it", () => {
    const confidentialInputs = parsed.program.declarations
      .filter((d): d is InputDecl => d.kind === "input" && d.confidential)
      .map((d) => d.name.value);
    expect(confidentialInputs).toEqual(["inventory_units", "online_sales_share", "repeat_buyer_share"]);
    const derived = result.dependencies.confidential;
    expect(derived.has("weeks_of_stock")).toBe(true);
    expect(derived.has("demand_insight")).toBe(true);
    expect(derived.has("insight_rate")).toBe(true);
    // The score that tiers and rebates depend on must stay publishable.
    expect(derived.has("performance")).toBe(false);
    expect(derived.has("attainment")).toBe(false);
  });
});

describe("examples/generate-partners.ts", () => {
  const small = { ...DEFAULT_OPTIONS, rows: 300 };

  it("writes the inputs of rules/amplify.ppl as its header", () => {
    const inputs = load(join(ROOT, "rules/amplify.ppl"))
      .program.declarations.filter((d): d is InputDecl => d.kind === "input")
      .map((d) => d.name.value);
    expect([...COLUMNS]).toEqual(inputs);
    expect(partnersCsv({ ...small, rows: 0 })).toBe(COLUMNS.join(",") + "\n");
  });

  it("gives the same bytes for the same seed", () => {
    expect(partnersCsv(small)).toBe(partnersCsv(small));
  });

  it("gives different data for another seed", () => {
    expect(partnersCsv({ ...small, seed: small.seed + 1 })).not.toBe(partnersCsv(small));
  });

  it("writes a header and exactly the rows asked for", () => {
    for (const rows of [0, 1, 7, 300]) {
      expect([...partnerLines({ ...small, rows })]).toHaveLength(rows + 1);
    }
  });

  it("writes every kind of invalid row, and only when asked to", () => {
    const withInvalid = partnersCsv({ ...small, rows: 2000 }).split("\n");
    const withoutInvalid = partnersCsv({ ...small, rows: 2000, invalid: false }).split("\n");
    const differing = withInvalid.filter((line, i) => line !== withoutInvalid[i]);
    // One row in 83: about 1.2%, and nothing else changes.
    expect(differing).toHaveLength(24);
    const faults = [
      /,"1,000",/,
      /,-2500\.00,/,
      /,LATAM,/,
      /^AMP-\d+,[^,]*,,/,
      /,25k,/,
      /,11,(true|yes|1|TRUE|Yes|false|no|0|FALSE|No),/,
    ];
    for (const fault of faults) expect(differing.some((line) => fault.test(line))).toBe(true);
    expect(withoutInvalid.join("\n")).not.toMatch(/LATAM|"1,000"|,-2500\.00,|,25k,/);
  });

  it("regenerates the committed examples/partners.csv", () => {
    const committed = readFileSync(join(ROOT, "examples/partners.csv"), "utf8");
    expect(partnersCsv(DEFAULT_OPTIONS)).toBe(committed);
  });
});
