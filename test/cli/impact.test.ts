// `ppl impact` end to end, as a user runs it: the built CLI in a child process.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NEW_PROGRAM, OLD_PROGRAM, PARTNERS_CSV, SECRETS } from "../impact/impact-fixtures.js";
import { ppl, SPAWN_TIMEOUT, workspace } from "./run-cli.js";

function files(): string {
  return workspace({ "old.ppl": OLD_PROGRAM, "new.ppl": NEW_PROGRAM, "d.csv": PARTNERS_CSV });
}

function git(dir: string, args: string[]): void {
  const result = spawnSync("git", ["-c", "user.name=ppl", "-c", "user.email=ppl@example.com", ...args], {
    cwd: dir,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
}

describe("ppl impact", { timeout: SPAWN_TIMEOUT }, () => {
  it("reports the impact as JSON with the issue's shape, exit 0 without gates", () => {
    const dir = files();
    const r = ppl(["impact", "old.ppl", "new.ppl", "--data", "d.csv", "--format", "json"], { cwd: dir });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    // The figures of test/impact/hand-computed.test.ts.
    expect(report).toMatchObject({
      rows: 8,
      unchanged: 2,
      changed: 4,
      invalid: { old: 1, new: 2 },
      tiers: { matrix: { Silver: { Gold: 1, Silver: 1 }, Gold: { Gold: 3 }, none: { none: 1 } } },
      subtiers: { "Gold Plus": { gained: 0, lost: 1, kept: 1 } },
      incentives: { rebate: { old: "485.00", new: "682.50", delta: "197.50" } },
      total: { old: "585.00", new: "722.50", delta: "137.50" },
    });
    expect(report.top[0]).toMatchObject({
      partner: "P3",
      tier: { old: "Silver", new: "Gold" },
      total: { old: "45.00", new: "122.50", delta: "77.50" },
      incentives: { rebate: { old: "45.00", new: "112.50" } },
    });
  });

  it("gives the same bytes on every run, and from compiled artifacts", () => {
    const dir = files();
    const args = ["--data", "d.csv", "--format", "json"];
    const first = ppl(["impact", "old.ppl", "new.ppl", ...args], { cwd: dir });
    expect(ppl(["impact", "old.ppl", "new.ppl", ...args], { cwd: dir }).stdout).toBe(first.stdout);
    expect(ppl(["compile", "old.ppl", "new.ppl", "-o", "out"], { cwd: dir }).status).toBe(0);
    const fromArtifacts = ppl(["impact", "out/old.rules.json", "out/new.rules.json", ...args], { cwd: dir });
    expect(fromArtifacts.status).toBe(0);
    const strip = (text: string) => ({ ...JSON.parse(text), programs: undefined });
    expect(strip(fromArtifacts.stdout)).toEqual(strip(first.stdout));
  });

  it("exits 1 when a --fail-if condition holds, 0 when none does", () => {
    const dir = files();
    const base = ["impact", "old.ppl", "new.ppl", "--data", "d.csv"];
    const holds = ppl([...base, "--fail-if", "downgrades > 0", "--fail-if", "total.delta > 20%"], { cwd: dir });
    expect(holds.status).toBe(1);
    expect(holds.stderr).toContain('--fail-if "total.delta > 20%" holds (137.50)');
    expect(holds.stdout).toContain("FAIL");
    const passes = ppl([...base, "--fail-if", "downgrades > 0", "--fail-if", "total.delta > 30%"], { cwd: dir });
    expect(passes.status).toBe(0);
  });

  it.each([["total.delta >> 5"], ["rows > 5"], ["changed > lots"], ["incentives.nope.delta > 0"]])(
    "exits 2 on the malformed condition %s, saying what is allowed",
    (condition) => {
      const dir = files();
      const r = ppl(["impact", "old.ppl", "new.ppl", "--data", "d.csv", "--fail-if", condition], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/MEASURE: changed|the incentives are rebate, bonus, kicker/);
      expect(r.stdout).toBe("");
    },
  );

  it("writes --changes as NDJSON or CSV, one line per changed partner", () => {
    const dir = files();
    const r = ppl(
      [
        "impact",
        "old.ppl",
        "new.ppl",
        "--data",
        "d.csv",
        "--changes",
        "c.ndjson",
        "--format",
        "json",
        "--out",
        "r.json",
      ],
      { cwd: dir },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(JSON.parse(readFileSync(join(dir, "r.json"), "utf8")).changed).toBe(4);
    const lines = readFileSync(join(dir, "c.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.partner)).toEqual(["P3", "P4", "P5", "P6"]);
    expect(lines[0]).toEqual({
      row: 3,
      partner: "P3",
      tier: { old: "Silver", new: "Gold" },
      subtiers: { old: [], new: [] },
      incentives: {
        rebate: { old: "45.00", new: "112.50" },
        bonus: { old: "0.00", new: "0.00" },
        kicker: { old: "0.00", new: "10.00" },
      },
      total: { old: "45.00", new: "122.50", delta: "77.50" },
    });
    expect(ppl(["impact", "old.ppl", "new.ppl", "--data", "d.csv", "--changes", "c.csv"], { cwd: dir }).status).toBe(0);
    const csv = readFileSync(join(dir, "c.csv"), "utf8").split("\r\n");
    expect(csv[0]).toBe(
      "row,partner,old_tier,new_tier,old_subtiers,new_subtiers,rebate.old,rebate.new,bonus.old,bonus.new,kicker.old,kicker.new,total_old,total_new,total_delta",
    );
    expect(csv[3]).toBe("5,P5,Gold,Gold,Gold Plus,,150.00,200.00,50.00,0.00,0.00,10.00,200.00,210.00,10.00");
    expect(csv).toHaveLength(6);
  });

  it("keeps an existing --changes file when the data cannot be read", () => {
    const dir = files();
    writeFileSync(join(dir, "c.ndjson"), "keep me\n");
    // A changed partner first, then a JSON array cut short: a fatal read error after a change was seen.
    writeFileSync(join(dir, "bad.json"), '[{"id":"P4","revenue":6000,"secret":0,"region":"A"}, {"id":');
    const r = ppl(["impact", "old.ppl", "new.ppl", "--data", "bad.json", "--changes", "c.ndjson"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("bad.json: cannot read the data");
    expect(r.stderr).toContain("c.ndjson is unchanged");
    expect(readFileSync(join(dir, "c.ndjson"), "utf8")).toBe("keep me\n");
    const missing = ppl(["impact", "old.ppl", "new.ppl", "--data", "none.csv"], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("none.csv");
    // An output that is an input is refused before anything is read.
    const clash = ppl(["impact", "old.ppl", "new.ppl", "--data", "d.csv", "--changes", "d.csv"], { cwd: dir });
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain("would overwrite the input");
    expect(readFileSync(join(dir, "d.csv"), "utf8")).toBe(PARTNERS_CSV);
  });

  it("renders markdown and a self-contained HTML page, never a confidential value", () => {
    const dir = files();
    for (const format of ["human", "markdown", "json", "html"]) {
      const r = ppl(["impact", "old.ppl", "new.ppl", "--data", "d.csv", "--format", format, "--changes", "c.csv"], {
        cwd: dir,
      });
      expect(r.status).toBe(0);
      for (const secret of SECRETS) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stderr).not.toContain(secret);
        expect(readFileSync(join(dir, "c.csv"), "utf8")).not.toContain(secret);
      }
      if (format === "markdown") expect(r.stdout.startsWith("<!-- ppl-impact -->")).toBe(true);
      if (format === "html") {
        expect(r.stdout).toMatch(/^<!doctype html>/);
        expect(r.stdout).not.toMatch(/<script|src=|href=|@import|url\(/);
        expect(r.stdout).toContain('class="heat"');
      }
    }
  });

  it("exits 2 with the diagnostics when a program does not compile", () => {
    const dir = workspace({ "old.ppl": OLD_PROGRAM, "new.ppl": "program {", "d.csv": PARTNERS_CSV });
    const r = ppl(["impact", "old.ppl", "new.ppl", "--data", "d.csv"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("new.ppl");
    expect(r.stdout).toBe("");
  });

  it("is misuse (exit 2) without NEW and --base, with both, or with a bad --top", () => {
    const dir = files();
    expect(ppl(["impact", "old.ppl", "--data", "d.csv"], { cwd: dir }).status).toBe(2);
    expect(ppl(["impact", "old.ppl", "new.ppl", "--base", "HEAD", "--data", "d.csv"], { cwd: dir }).status).toBe(2);
    expect(ppl(["impact", "old.ppl", "new.ppl", "--data", "d.csv", "--top", "x"], { cwd: dir }).status).toBe(2);
    expect(ppl(["impact", "old.ppl", "new.ppl", "--data", "d.txt"], { cwd: dir }).status).toBe(2);
  });

  it("gives the same report and changes on worker threads, batches coming back out of order", () => {
    const dir = files();
    const args = ["impact", "old.ppl", "new.ppl", "--data", "d.csv", "--format", "json"];
    const single = ppl([...args, "--workers", "0", "--changes", "one.csv"], { cwd: dir });
    const parallel = ppl([...args, "--workers", "2", "--changes", "two.csv"], {
      cwd: dir,
      env: { PPL_TEST_PARALLEL_MIN_BYTES: "0", PPL_TEST_BATCH_ROWS: "1" },
    });
    expect(parallel.status).toBe(0);
    expect(parallel.stdout).toBe(single.stdout);
    expect(readFileSync(join(dir, "two.csv"), "utf8")).toBe(readFileSync(join(dir, "one.csv"), "utf8"));
  });

  it("explains itself with --help", () => {
    const r = ppl(["impact", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("--fail-if");
    expect(r.stdout).toContain("--base");
    expect(r.stdout).toContain("MEASURE");
  });
});

describe("ppl impact --base", { timeout: SPAWN_TIMEOUT }, () => {
  function repository(): string {
    const dir = workspace({ "d.csv": PARTNERS_CSV });
    mkdirSync(join(dir, "rules"));
    writeFileSync(join(dir, "rules", "small.ppl"), OLD_PROGRAM);
    git(dir, ["init", "-q", "-b", "main"]);
    git(dir, ["add", "."]);
    git(dir, ["commit", "-q", "-m", "old program"]);
    writeFileSync(join(dir, "rules", "small.ppl"), NEW_PROGRAM);
    return dir;
  }

  it("reads the old version from git, by a path relative to the repository root", () => {
    const dir = repository();
    const r = ppl(["impact", "rules/small.ppl", "--base", "main", "--data", "d.csv", "--format", "json"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ changed: 4, total: { delta: "137.50" } });
    expect(report.programs.old.source).toBe("main:rules/small.ppl");
    // From a subfolder too: the path is found from the repository root.
    const inside = ppl(["impact", "small.ppl", "--base", "main", "--data", "../d.csv", "--format", "json"], {
      cwd: join(dir, "rules"),
    });
    expect(JSON.parse(inside.stdout).changed).toBe(4);
  });

  it("says what is wrong when the ref or the path does not exist, or there is no repository", () => {
    const dir = repository();
    const noRef = ppl(["impact", "rules/small.ppl", "--base", "origin/nope", "--data", "d.csv"], { cwd: dir });
    expect(noRef.status).toBe(2);
    expect(noRef.stderr).toContain("--base origin/nope: no such commit, branch or tag");
    writeFileSync(join(dir, "rules", "fresh.ppl"), NEW_PROGRAM);
    const noPath = ppl(["impact", "rules/fresh.ppl", "--base", "main", "--data", "d.csv"], { cwd: dir });
    expect(noPath.status).toBe(2);
    expect(noPath.stderr).toContain("rules/fresh.ppl does not exist at main");
    const outside = files();
    const noRepo = ppl(["impact", "new.ppl", "--base", "main", "--data", "d.csv"], {
      cwd: outside,
      env: { GIT_CEILING_DIRECTORIES: join(outside, "..") },
    });
    expect(noRepo.status).toBe(2);
    expect(noRepo.stderr).toContain("not inside a git repository");
  });
});
