import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ppl, ROOT, SPAWN_TIMEOUT, workspace } from "./run-cli.js";
import { SPEC_RESULT_ROW } from "../runtime/spec-example-program.js";

const EXAMPLE = readFileSync(join(ROOT, "examples/channel-plus.ppl"), "utf8");

const HEADER =
  "partner_id,region,revenue,sales_target,deals_registered,deals_won,csat,delivery_days,services,investment,shares_data,inventory_units,secret_note";
const STRONG = 'P-1,EMEA,20000000,16000000,100,40,9,2,DaaS,300000,true,987654321,"do not leak me"';

describe("ppl run", { timeout: SPAWN_TIMEOUT }, () => {
  it("writes the spec's result row for the spec's partner, from CSV", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": `${HEADER}\n${STRONG}\n` });
    const r = ppl(["run", "p.ppl", "--data", "d.csv"], { cwd: dir });
    expect(r.stderr).toContain("1 row");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(SPEC_RESULT_ROW);
  });

  it("gives the same results from JSON and NDJSON, and from a compiled artifact", () => {
    const record =
      '{"partner_id":"P-1","region":"EMEA","revenue":20000000,"sales_target":16000000,"deals_registered":100,"deals_won":40,"csat":9,"delivery_days":2,"services":["DaaS"],"investment":300000,"shares_data":true,"inventory_units":10}';
    const dir = workspace({ "p.ppl": EXAMPLE, "d.json": `[${record}]`, "d.ndjson": record + "\n" });
    const fromJson = ppl(["run", "p.ppl", "--data", "d.json"], { cwd: dir });
    const fromNdjson = ppl(["run", "p.ppl", "--data", "d.ndjson"], { cwd: dir });
    expect(JSON.parse(fromJson.stdout)).toEqual(SPEC_RESULT_ROW);
    expect(fromNdjson.stdout).toBe(fromJson.stdout);
    const compiled = ppl(["compile", "p.ppl", "-o", "out"], { cwd: dir });
    expect(compiled.status).toBe(0);
    expect(existsSync(join(dir, "out/p.rules.json"))).toBe(true);
    const fromArtifact = ppl(["run", "out/p.rules.json", "--data", "d.json"], { cwd: dir });
    expect(fromArtifact.stdout).toBe(fromJson.stdout);
  });

  it("gives byte-identical results with the json-rules-engine back end", () => {
    const rows = [
      STRONG,
      "P-2,AMS,5000,0,0,0,,,,0,no,1,",
      "P-3,APJ,2000000,2000000,10,3,8,3,Managed Print;DaaS,250000,1,0,x",
    ];
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": [HEADER, ...rows].join("\n") + "\n" });
    const fast = ppl(["run", "p.ppl", "--data", "d.csv"], { cwd: dir });
    const reference = ppl(["run", "p.ppl", "--data", "d.csv", "--engine", "json-rules-engine"], { cwd: dir });
    expect(fast.status).toBe(0);
    expect(reference.stdout).toBe(fast.stdout);
    expect(fast.stdout.split("\n").filter(Boolean)).toHaveLength(3);
  });

  it("writes invalid rows with every failing field, keeps going, and exits 1", () => {
    const rows = [
      STRONG,
      "P-2,Mars,1,000,16000000,100,40,9,2,DaaS,300000,true,1,x",
      "P-3,EMEA,-5,16000000,ten,40,11,2,Fax,300000,maybe,1,x",
      STRONG.replace("P-1", "P-4"),
    ];
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": [HEADER, ...rows].join("\n") + "\n" });
    const r = ppl(["run", "p.ppl", "--data", "d.csv"], { cwd: dir });
    expect(r.status).toBe(1);
    const out = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out.map((o) => [o.row, o.partner, o.status])).toEqual([
      [1, "P-1", "ok"],
      // "1,000" splits into two cells: a row whose cells cannot be matched to columns has no partner.
      [2, null, "invalid"],
      [3, "P-3", "invalid"],
      [4, "P-4", "ok"],
    ]);
    const fields = out[2].errors.map((e: { field: string }) => e.field);
    for (const f of ["revenue", "deals_registered", "csat", "services", "shares_data"]) expect(fields).toContain(f);
    expect(r.stderr).toMatch(/2 invalid/);
  });

  it("never writes confidential values or undeclared fields anywhere", () => {
    const dir = workspace({
      "p.ppl": EXAMPLE,
      "d.csv": `${HEADER}\n${STRONG}\nP-9,EMEA,x,1,1,1,1,1,,1,true,987654321,"do not leak me"\n`,
    });
    const outputs: string[] = [];
    for (const format of ["ndjson", "json", "csv"]) {
      const r = ppl(["run", "p.ppl", "--data", "d.csv", "--format", format, "--summary", "s.json"], { cwd: dir });
      outputs.push(r.stdout, r.stderr, readFileSync(join(dir, "s.json"), "utf8"));
    }
    const explained = ppl(["explain", "p.ppl", "--data", "d.csv", "--partner", "P-1"], { cwd: dir });
    expect(explained.status).toBe(0);
    outputs.push(explained.stdout, explained.stderr);
    for (const text of outputs) {
      expect(text).not.toContain("987654321");
      expect(text).not.toContain("do not leak me");
      expect(text).not.toContain("secret_note");
    }
  });

  it("writes CSV with the spec's columns", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": `${HEADER}\n${STRONG}\n` });
    const r = ppl(["run", "p.ppl", "--data", "d.csv", "--format", "csv"], { cwd: dir });
    const [header, row] = r.stdout.split(/\r?\n/);
    expect(header).toBe(
      "row,partner,status,tier,subtiers,benefits,attainment,conversion,performance,rebate,services_bonus,total,unmet,errors",
    );
    expect(row).toContain(",Premier,Premier Services,");
    expect(row).toContain(",250000.00,100000.00,350000.00,");
  });

  it("writes --out atomically and leaves an earlier file untouched when the data cannot be read", () => {
    const dir = workspace({
      "p.ppl": EXAMPLE,
      "bad.json": '[{"partner_id": "P-1"',
      "good.csv": `${HEADER}\n${STRONG}\n`,
    });
    const ok = ppl(["run", "p.ppl", "--data", "good.csv", "--out", "r.ndjson"], { cwd: dir });
    expect(ok.status).toBe(0);
    const before = readFileSync(join(dir, "r.ndjson"), "utf8");
    const bad = ppl(["run", "p.ppl", "--data", "bad.json", "--out", "r.ndjson"], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("bad.json");
    expect(readFileSync(join(dir, "r.ndjson"), "utf8")).toBe(before);
  });

  it("writes the summary as JSON with --summary", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": `${HEADER}\n${STRONG}\n${STRONG.replace("P-1", "P-2")}\n` });
    const r = ppl(["run", "p.ppl", "--data", "d.csv", "--summary", "s.json"], { cwd: dir });
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "s.json"), "utf8"));
    expect(summary).toMatchObject({
      rows: 2,
      invalid: 0,
      tiers: { Member: 0, Premier: 2 },
      subtiers: { "Premier Services": 2 },
      incentives: { rebate: "500000.00", services_bonus: "200000.00" },
      total: "700000.00",
    });
  });

  it("exits 2 when the program does not compile, naming the file and line", () => {
    const dir = workspace({
      "p.ppl": EXAMPLE.replace("require csat >= 8", "require csat >= "),
      "d.csv": `${HEADER}\n`,
    });
    const r = ppl(["run", "p.ppl", "--data", "d.csv"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/p\.ppl:\d+:\d+: error PPL1005/);
    expect(r.stdout).toBe("");
  });

  it("exits 2 for a missing data file and for misuse", () => {
    const dir = workspace({ "p.ppl": EXAMPLE });
    expect(ppl(["run", "p.ppl", "--data", "nope.csv"], { cwd: dir }).status).toBe(2);
    expect(ppl(["run", "p.ppl"], { cwd: dir }).status).toBe(2);
    expect(ppl(["run", "p.ppl", "--data", "x.txt"], { cwd: dir }).status).toBe(2);
    expect(ppl(["frobnicate"], { cwd: dir }).status).toBe(2);
  });

  it("rejects a hand-edited artifact with a clear message", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": `${HEADER}\n${STRONG}\n` });
    ppl(["compile", "p.ppl"], { cwd: dir });
    const artifact = readFileSync(join(dir, "p.rules.json"), "utf8");
    writeFileSync(join(dir, "p.rules.json"), artifact.slice(0, artifact.length / 2));
    const r = ppl(["run", "p.rules.json", "--data", "d.csv"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("not a valid PPL artifact");
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe("every command", { timeout: SPAWN_TIMEOUT }, () => {
  it.each(["check", "compile", "run", "explain", "test", "fmt", "schema"])("prints --help for %s", (command) => {
    const r = ppl([command, "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: ppl ${command}`);
  });
});

describe("ppl schema", { timeout: SPAWN_TIMEOUT }, () => {
  it("prints the input JSON Schema", () => {
    const dir = workspace({ "p.ppl": EXAMPLE });
    const r = ppl(["schema", "p.ppl"], { cwd: dir });
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.required).toContain("partner_id");
    expect(schema.required).not.toContain("csat");
    expect(schema.properties.region.enum).toEqual(["AMS", "EMEA", "APJ"]);
  });
});

describe("ppl explain", { timeout: SPAWN_TIMEOUT }, () => {
  it("tells one partner's story with formulas and numbers", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": `${HEADER}\n${STRONG}\n` });
    const r = ppl(["explain", "p.ppl", "--data", "d.csv", "--partner", "P-1"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Tier: Premier");
    expect(r.stdout).toContain("Subtier Premier Services: reached");
    expect(r.stdout).toContain("capped at 250000");
    expect(r.stdout).toContain("Total: 350000.00 USD");
    const missing = ppl(["explain", "p.ppl", "--data", "d.csv", "--partner", "P-404"], { cwd: dir });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("P-404");
  });
});

describe("ppl test and ppl check", { timeout: SPAWN_TIMEOUT }, () => {
  it("passes the spec example's test and fails a wrong expectation with its values", () => {
    const wrong = EXAMPLE.replace("expect rebate = 250k", "expect rebate = 240k");
    const dir = workspace({ "ok.ppl": EXAMPLE, "wrong.ppl": wrong });
    const ok = ppl(["test", "ok.ppl"], { cwd: dir });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("1 passed, 0 failed");
    const bad = ppl(["test", "wrong.ppl"], { cwd: dir });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("expect rebate = 240k");
    expect(bad.stdout).toContain("rebate = 250000");
  });

  it("reports check errors in human, json and github formats", () => {
    const broken = EXAMPLE.replace("require revenue >= 10k", "require revenu >= 10k");
    const dir = workspace({ "b.ppl": broken });
    const line = broken.split("\n").findIndex((l) => l.includes("revenu >=")) + 1;
    const human = ppl(["check", "b.ppl"], { cwd: dir });
    expect(human.status).toBe(1);
    expect(human.stdout).toMatch(new RegExp(`^b\\.ppl:${line}:\\d+: error PPL\\d{4}: .*revenue`, "m"));
    expect(human.stdout).toContain("^");
    const json = ppl(["check", "b.ppl", "--format", "json"], { cwd: dir });
    const first = JSON.parse(json.stdout.split("\n")[0]);
    expect(first).toMatchObject({ file: "b.ppl", line, severity: "error" });
    const github = ppl(["check", "b.ppl", "--format", "github"], { cwd: dir });
    expect(github.stdout).toMatch(new RegExp(`^::error file=b\\.ppl,line=${line},`, "m"));
  });

  it("checks folders, and exits 2 for a path that does not exist", () => {
    expect(ppl(["check", "rules", "examples"]).status).toBe(0);
    const r = ppl(["check", "no-such-folder"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no-such-folder");
  });
});
