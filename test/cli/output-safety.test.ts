// No command destroys a file: outputs that are devices, FIFOs, symlinks or
// an input; full disks; folders given as files; signals; a reader that goes
// away; library debug lines on stdout.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { partnersCsv } from "../../examples/generate-partners.js";
import { ppl, pplCommand, ROOT, SPAWN_TIMEOUT, workspace, type CliResult } from "./run-cli.js";

const EXAMPLE = readFileSync(join(ROOT, "examples/channel-plus.ppl"), "utf8");
const AMPLIFY = readFileSync(join(ROOT, "rules/amplify.ppl"), "utf8");
const HEADER =
  "partner_id,region,revenue,sales_target,deals_registered,deals_won,csat,delivery_days,services,investment,shares_data,inventory_units,secret_note";
const STRONG = 'P-1,EMEA,20000000,16000000,100,40,9,2,DaaS,300000,true,987654321,"do not leak me"';
const DATA = `${HEADER}\n${STRONG}\n`;

/** The CLI with a file size limit (ulimit -f, in KiB): a write past it fails with EFBIG, like a full disk. */
function pplWithFileLimit(kib: number, args: string[], cwd: string): CliResult {
  const command = pplCommand(args)
    .map((word) => `'${word.replace(/'/g, "'\\''")}'`)
    .join(" ");
  const result = spawnSync("sh", ["-c", `ulimit -f ${kib} && exec ${command}`], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temporaryFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".tmp"));

describe("--out that is not a plain file", { timeout: SPAWN_TIMEOUT }, () => {
  it("follows a symlink and replaces its target, keeping the link", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": DATA, "real.ndjson": "earlier\n" });
    symlinkSync("real.ndjson", join(dir, "link.ndjson"));
    symlinkSync("new.ndjson", join(dir, "dangling.ndjson"));
    expect(ppl(["run", "p.ppl", "--data", "d.csv", "--out", "link.ndjson"], { cwd: dir }).status).toBe(0);
    expect(ppl(["run", "p.ppl", "--data", "d.csv", "--out", "dangling.ndjson"], { cwd: dir }).status).toBe(0);
    expect(lstatSync(join(dir, "link.ndjson")).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, "dangling.ndjson")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real.ndjson"), "utf8")).toContain('"partner":"P-1"');
    expect(readFileSync(join(dir, "new.ndjson"), "utf8")).toContain('"partner":"P-1"');
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it("writes into a FIFO instead of replacing it", async () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": DATA });
    const fifo = join(dir, "results.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const reader = spawn("cat", [fifo]);
    const readerExited = once(reader, "exit");
    let read = "";
    reader.stdout.on("data", (chunk: Buffer) => (read += chunk.toString("utf8")));
    const [node, ...args] = pplCommand(["run", "p.ppl", "--data", "d.csv", "--out", "results.fifo"]);
    const run = spawn(node, args, { cwd: dir, stdio: "ignore" });
    const [status] = (await once(run, "exit")) as [number];
    // If the FIFO was replaced, nobody ever opens it for writing: stop the reader.
    const stop = setTimeout(() => reader.kill(), 3000);
    await readerExited;
    clearTimeout(stop);
    expect(status).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(read).toContain('"partner":"P-1"');
  });

  it("writes into a character device instead of replacing it", (context) => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": DATA });
    // A private copy of /dev/null (needs root), so a broken build cannot replace the real one.
    if (spawnSync("mknod", [join(dir, "null"), "c", "1", "3"]).status !== 0) context.skip();
    const r = ppl(["run", "p.ppl", "--data", "d.csv", "--out", "null"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(lstatSync(join(dir, "null")).isCharacterDevice()).toBe(true);
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it("writes to /dev/stdout and /dev/null directly", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": DATA });
    const r = ppl(["run", "p.ppl", "--data", "d.csv", "--out", "/dev/stdout", "--summary", "/dev/null"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ partner: "P-1", tier: "Premier" });
    expect(lstatSync("/dev/stdout").isSymbolicLink()).toBe(true);
    expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
  });
});

describe("an output that is an input or another output", { timeout: SPAWN_TIMEOUT }, () => {
  it("refuses --out equal to --data, comparing real paths", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": DATA });
    const r = ppl(["run", "p.ppl", "--data", "d.csv", "--out", "./d.csv", "--format", "csv"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--out ./d.csv would overwrite the input --data d.csv");
    expect(readFileSync(join(dir, "d.csv"), "utf8")).toBe(DATA);
  });

  it("refuses --out equal to the program, through a symlink too", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": DATA });
    symlinkSync("p.ppl", join(dir, "alias.ppl"));
    const r = ppl(["run", "p.ppl", "--data", "d.csv", "--out", "alias.ppl"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("would overwrite the input PROGRAM p.ppl");
    expect(readFileSync(join(dir, "p.ppl"), "utf8")).toBe(EXAMPLE);
  });

  it("refuses --summary equal to --out, before writing either", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": DATA, "r.json": "earlier\n" });
    mkdirSync(join(dir, "sub"));
    const r = ppl(["run", "p.ppl", "--data", "d.csv", "--out", "r.json", "--summary", "sub/../r.json"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--summary sub/../r.json is the same file as --out r.json");
    expect(readFileSync(join(dir, "r.json"), "utf8")).toBe("earlier\n");
  });

  it("refuses to compile two programs into one artifact", () => {
    const dir = workspace({});
    mkdirSync(join(dir, "a"));
    mkdirSync(join(dir, "b"));
    writeFileSync(join(dir, "a", "x.ppl"), EXAMPLE);
    writeFileSync(join(dir, "b", "x.ppl"), EXAMPLE);
    const r = ppl(["compile", "a/x.ppl", "b/x.ppl", "-o", "out"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("out/x.rules.json is the same file as out/x.rules.json");
    expect(readdirSync(join(dir, "out"))).toEqual([]);
  });
});

describe("output paths are checked before any data is read", { timeout: SPAWN_TIMEOUT }, () => {
  it("refuses --out DIR clearly, at once", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": DATA, "bad.json": '[{"partner_id": "P-1"' });
    mkdirSync(join(dir, "results"));
    const good = ppl(["run", "p.ppl", "--data", "d.csv", "--out", "results"], { cwd: dir });
    expect(good.status).toBe(2);
    expect(good.stderr).toContain("--out results: is a folder");
    expect(good.stderr).not.toContain("internal error");
    // The data is never read: its problem is not the one reported.
    const bad = ppl(["run", "p.ppl", "--data", "bad.json", "--out", "results"], { cwd: dir });
    expect(bad.stderr).toContain("--out results: is a folder");
    expect(bad.stderr).not.toContain("bad.json");
  });

  it("refuses an output in a folder that does not exist", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "bad.json": '[{"partner_id": "P-1"' });
    const r = ppl(["run", "p.ppl", "--data", "bad.json", "--summary", "no/such/summary.json"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--summary no/such/summary.json: the folder no/such does not exist");
    expect(r.stderr).not.toContain("bad.json");
  });
});

describe("a write that fails (a full disk)", { timeout: SPAWN_TIMEOUT }, () => {
  const partners = partnersCsv({ rows: 200, seed: 3, invalid: false });

  it("names the results file, not the data, and leaves the earlier results", () => {
    const dir = workspace({ "amplify.ppl": AMPLIFY, "d.csv": partners, "r.ndjson": "earlier\n" });
    const r = pplWithFileLimit(4, ["run", "amplify.ppl", "--data", "d.csv", "--out", "r.ndjson"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("r.ndjson: cannot write the results (EFBIG");
    expect(r.stderr).not.toContain("cannot read the data");
    expect(readFileSync(join(dir, "r.ndjson"), "utf8")).toBe("earlier\n");
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it("leaves an earlier summary whole", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": DATA, "s.json": "earlier summary\n" });
    const r = pplWithFileLimit(0, ["run", "p.ppl", "--data", "d.csv", "--summary", "s.json"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("s.json: cannot write the summary (EFBIG");
    expect(readFileSync(join(dir, "s.json"), "utf8")).toBe("earlier summary\n");
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it("leaves an earlier artifact whole", () => {
    const dir = workspace({ "p.ppl": EXAMPLE });
    expect(ppl(["compile", "p.ppl"], { cwd: dir }).status).toBe(0);
    const earlier = readFileSync(join(dir, "p.rules.json"), "utf8");
    expect(earlier.length).toBeGreaterThan(8 * 1024);
    writeFileSync(join(dir, "p.ppl"), EXAMPLE.replace('version "FY21-Q1"', 'version "FY21-Q2"'));
    const r = pplWithFileLimit(4, ["compile", "p.ppl"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("p.rules.json: cannot write the artifact (EFBIG");
    expect(readFileSync(join(dir, "p.rules.json"), "utf8")).toBe(earlier);
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it("leaves a program ppl fmt could not write whole", () => {
    const unformatted = EXAMPLE.replace("input partner_id", "input   partner_id");
    const dir = workspace({ "p.ppl": unformatted });
    const r = pplWithFileLimit(0, ["fmt", "p.ppl"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("p.ppl: cannot write this file (EFBIG");
    expect(readFileSync(join(dir, "p.ppl"), "utf8")).toBe(unformatted);
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it("names /dev/full when the results go there", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": DATA });
    const r = ppl(["run", "p.ppl", "--data", "d.csv", "--out", "/dev/full"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("/dev/full: cannot write the results (ENOSPC");
    expect(lstatSync("/dev/full").isCharacterDevice()).toBe(true);
  });
});

describe("a reader of stdout that goes away", { timeout: SPAWN_TIMEOUT }, () => {
  // The read end is closed before the command writes anything, so its first write fails with EPIPE.
  async function withClosedStdout(args: string[], cwd: string): Promise<{ status: number | null; stderr: string }> {
    const [node, ...rest] = pplCommand(args);
    const child = spawn(node, rest, { cwd, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const [status] = (await once(child, "exit")) as [number | null];
    return { status, stderr };
  }

  it.each([
    ["check", ["check", "p.ppl", "--format", "json"]],
    ["test", ["test", "p.ppl"]],
    ["run", ["run", "p.ppl", "--data", "d.csv"]],
    ["schema", ["schema", "p.ppl"]],
  ])("stops ppl %s quietly", async (_name, args) => {
    const dir = workspace({
      "p.ppl": EXAMPLE.replace("require csat >= 8", "require csat >= 8 and nope"),
      "d.csv": DATA,
    });
    if (args[0] !== "check") writeFileSync(join(dir, "p.ppl"), EXAMPLE);
    const r = await withClosedStdout(args, dir);
    expect(r.stderr).not.toContain("EPIPE");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(0);
  });
});

describe("a run interrupted by a signal", { timeout: SPAWN_TIMEOUT }, () => {
  const big = partnersCsv({ rows: 40_000, seed: 11, invalid: false });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)("removes its temporary file on %s and exits %i", async (signal, code) => {
    const dir = workspace({ "amplify.ppl": AMPLIFY, "d.csv": big, "r.ndjson": "earlier\n" });
    const [node, ...args] = pplCommand([
      "run",
      "amplify.ppl",
      "--data",
      "d.csv",
      "--out",
      "r.ndjson",
      "--workers",
      "0",
    ]);
    const child = spawn(node, args, { cwd: dir });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const exited = once(child, "exit");
    // Wait until the run is writing its temporary file.
    const started = Date.now();
    while (temporaryFiles(dir).length === 0 && Date.now() - started < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(temporaryFiles(dir)).toHaveLength(1);
    child.kill(signal);
    const [status] = (await exited) as [number | null];
    expect(status).toBe(code);
    expect(stderr).toContain(`ppl: interrupted by ${signal}; nothing was written to r.ndjson, which is unchanged`);
    expect(temporaryFiles(dir)).toEqual([]);
    expect(readFileSync(join(dir, "r.ndjson"), "utf8")).toBe("earlier\n");
  });
});

describe("worker threads", { timeout: SPAWN_TIMEOUT }, () => {
  const csv = partnersCsv({ rows: 300, seed: 5, invalid: false });

  it("are capped at one per core, with a note", () => {
    const dir = workspace({ "amplify.ppl": AMPLIFY, "d.csv": csv });
    const asked = availableParallelism() + 1;
    const r = ppl(["run", "amplify.ppl", "--data", "d.csv", "--workers", String(asked), "--out", "r.ndjson"], {
      cwd: dir,
      env: { PPL_TEST_PARALLEL_MIN_BYTES: "0", PPL_TEST_BATCH_ROWS: "50" },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      `--workers ${asked}: at most ${availableParallelism()} worker threads run, one per core`,
    );
    expect(readFileSync(join(dir, "r.ndjson"), "utf8").trim().split("\n")).toHaveLength(300);
  });

  it("are not started for a file below the size threshold, even when asked for", () => {
    const dir = workspace({ "amplify.ppl": AMPLIFY, "d.csv": csv });
    // A worker would die after its first batch; none must start.
    const r = ppl(["run", "amplify.ppl", "--data", "d.csv", "--workers", "2", "--out", "r.ndjson"], {
      cwd: dir,
      env: { PPL_TEST_WORKER_EXIT_AFTER: "1", PPL_TEST_BATCH_ROWS: "50" },
    });
    expect(r.stderr).not.toContain("stopped unexpectedly");
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, "r.ndjson"))).toBe(true);
  });
});

describe("DEBUG=json-rules-engine", { timeout: SPAWN_TIMEOUT }, () => {
  it("sends the library's debug lines to stderr, confidential values redacted, and keeps stdout NDJSON", () => {
    const dir = workspace({ "p.ppl": EXAMPLE, "d.csv": `${DATA}${STRONG.replace("P-1", "P-2")}\n` });
    const r = ppl(["run", "p.ppl", "--data", "d.csv", "--engine", "json-rules-engine"], {
      cwd: dir,
      env: { DEBUG: "json-rules-engine" },
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(r.stderr).toContain("engine::run");
    expect(r.stderr).not.toContain("987654321");
  });
});
