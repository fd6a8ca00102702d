// `ppl fmt` through its commander command: in-place formatting, --check,
// syntax errors and unreadable files, with the exit codes of spec section 8.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fmtCommand } from "../../src/cli/fmt.js";

const UNFORMATTED = 'program "P" { currency USD }\ninput a:text key\n';
const FORMATTED = 'program "P" {\n  currency USD\n}\n\ninput a: text key\n';

let dir: string;
let stdout: string;
let stderr: string;

async function runFmt(...args: string[]): Promise<number> {
  process.exitCode = undefined;
  const command = fmtCommand().exitOverride();
  await command.parseAsync(args, { from: "user" });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return code;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ppl-fmt-"));
  stdout = "";
  stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe("ppl fmt", () => {
  it("formats files in place, and only the ones that change", async () => {
    const messy = join(dir, "messy.ppl");
    const tidy = join(dir, "tidy.ppl");
    writeFileSync(messy, UNFORMATTED);
    writeFileSync(tidy, FORMATTED);
    expect(await runFmt(messy, tidy)).toBe(0);
    expect(readFileSync(messy, "utf8")).toBe(FORMATTED);
    expect(stdout).toBe(`formatted ${messy}\n`);
  });

  it("formats every .ppl below a folder", async () => {
    mkdirSync(join(dir, "rules/nested"), { recursive: true });
    writeFileSync(join(dir, "rules/nested/a.ppl"), UNFORMATTED);
    writeFileSync(join(dir, "rules/notes.txt"), "not ppl");
    expect(await runFmt(join(dir, "rules"))).toBe(0);
    expect(readFileSync(join(dir, "rules/nested/a.ppl"), "utf8")).toBe(FORMATTED);
    expect(readFileSync(join(dir, "rules/notes.txt"), "utf8")).toBe("not ppl");
  });

  it("--check lists unformatted files, changes nothing and exits 1", async () => {
    const messy = join(dir, "messy.ppl");
    const tidy = join(dir, "tidy.ppl");
    writeFileSync(messy, UNFORMATTED);
    writeFileSync(tidy, FORMATTED);
    expect(await runFmt("--check", messy, tidy)).toBe(1);
    expect(stdout).toBe(`${messy}\n`);
    expect(stderr).toContain("1 file is not formatted");
    expect(readFileSync(messy, "utf8")).toBe(UNFORMATTED);
    expect(await runFmt("--check", tidy)).toBe(0);
  });

  it("reports syntax errors as ppl check does, leaves the file alone and exits 1", async () => {
    const broken = join(dir, "broken.ppl");
    const text = 'program "P" { currency USD }\ninput a:  text key\ntier Gold { require }\n';
    writeFileSync(broken, text);
    expect(await runFmt(broken)).toBe(1);
    expect(readFileSync(broken, "utf8")).toBe(text);
    expect(stderr).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:\\d+: error PPL1005: `));
    expect(stderr).toContain("not formatted because of the syntax errors above");
  });

  it("exits 2 when a folder holds no .ppl file", async () => {
    expect(await runFmt(dir)).toBe(2);
    expect(stderr).toContain(`no .ppl files found in ${dir}`);
  });

  it("exits 2 with a message naming a missing file", async () => {
    const missing = join(dir, "missing.ppl");
    expect(await runFmt(missing)).toBe(2);
    expect(stderr).toContain(missing);
    expect(stderr).toContain("check the path");
  });

  it("exits 2 for an unreadable file and still formats the others", async () => {
    // A dangling link is listed in its folder but cannot be read, whoever runs the test.
    symlinkSync(join(dir, "nowhere"), join(dir, "dangling.ppl"));
    writeFileSync(join(dir, "messy.ppl"), UNFORMATTED);
    expect(await runFmt(dir)).toBe(2);
    expect(stderr).toContain(`${join(dir, "dangling.ppl")}: cannot read this file (ENOENT)`);
    expect(readFileSync(join(dir, "messy.ppl"), "utf8")).toBe(FORMATTED);
  });

  it.skipIf(process.getuid?.() === 0)("exits 2 for a file without read permission", async () => {
    const locked = join(dir, "locked.ppl");
    writeFileSync(locked, UNFORMATTED);
    chmodSync(locked, 0o000);
    expect(await runFmt(locked)).toBe(2);
    expect(stderr).toContain(`${locked}: cannot read this file (EACCES)`);
  });

  it("has useful --help", () => {
    const help = fmtCommand().helpInformation() + "";
    expect(help).toContain("--check");
    expect(help).toContain("FILES");
    let after = "";
    const command = fmtCommand()
      .configureOutput({ writeOut: (s) => (after += s) })
      .exitOverride();
    expect(() => command.parse(["--help"], { from: "user" })).toThrow();
    expect(after).toContain("Exit codes");
    expect(after).toContain("prettier-ignore");
  });
});
