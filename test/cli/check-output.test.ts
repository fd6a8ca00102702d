// Findings 11 and 18 of issue 9: `ppl check` on a file of thousands of errors
// is fast and prints a capped, terminal-safe report whose source lines are the
// lines the lexer counted.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";
import { MAX_PRINTED_DIAGNOSTICS } from "../../src/cli/print-diagnostics.js";
import { renderHuman } from "../../src/diagnostics/render-human.js";
import { ppl, SPAWN_TIMEOUT, workspace } from "./run-cli.js";

const HEADER = 'program "P" { }\ninput id: text key\ninput a: number\n';
const unknownNames = (n: number) => HEADER + Array.from({ length: n }, (_, i) => `kpi k${i} = zz${i}q + a\n`).join("");

describe("many errors", { timeout: SPAWN_TIMEOUT }, () => {
  it("checks 20,000 undeclared names and 20,000 duplicate names in seconds", () => {
    for (const text of [unknownNames(20_000), HEADER + "kpi k = a\n".repeat(20_000)]) {
      const started = Date.now();
      const { diagnostics } = checkSource(text, "p.ppl");
      expect(diagnostics.length).toBeGreaterThanOrEqual(19_999);
      expect(Date.now() - started).toBeLessThan(15_000);
    }
  }, 60_000);

  it("still suggests the close name in a big program", () => {
    const text =
      HEADER +
      Array.from({ length: 5000 }, (_, i) => `kpi k${i} = a\n`).join("") +
      "kpi typo = revenu\ninput revenue: number\n";
    const unknown = checkSource(text, "p.ppl").diagnostics.find((d) => d.code === "PPL2003")!;
    expect(unknown.message).toContain("did you mean `revenue`?");
  });

  it.each(["human", "json", "github"])(
    "prints at most the cap in %s format and counts the rest",
    (format) => {
      const dir = workspace({ "p.ppl": unknownNames(1000) });
      const result = ppl(["check", "--format", format, join(dir, "p.ppl")]);
      expect(result.status).toBe(1);
      const rest = `${1000 - MAX_PRINTED_DIAGNOSTICS} more diagnostics not shown`;
      if (format === "json") {
        const lines = result.stdout.trim().split("\n");
        expect(lines).toHaveLength(MAX_PRINTED_DIAGNOSTICS);
        lines.forEach((line) => expect(() => JSON.parse(line)).not.toThrow());
        expect(result.stderr).toContain(rest);
      } else if (format === "github") {
        expect(result.stdout.match(/^::error /gm)).toHaveLength(MAX_PRINTED_DIAGNOSTICS);
        expect(result.stdout).toContain(`::notice::${rest}`);
      } else {
        expect(result.stdout.match(/: error PPL2003:/g)).toHaveLength(MAX_PRINTED_DIAGNOSTICS);
        expect(result.stdout).toContain(rest);
        expect(result.stderr).toContain("1000 errors");
      }
    },
    30_000,
  );
});

describe("terminal-safe output", { timeout: SPAWN_TIMEOUT }, () => {
  it("escapes control characters from a garbage file and keeps 100 KB of garbage short", () => {
    const dir = workspace({});
    const garbage = Buffer.alloc(100_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 256;
    garbage.write("\u001b[2J\u001b]0;pwned\u0007", 50);
    writeFileSync(join(dir, "g.ppl"), garbage);
    for (const format of ["human", "json", "github"]) {
      const result = ppl(["check", "--format", format, join(dir, "g.ppl")]);
      expect(result.status).toBe(1);
      const output = result.stdout + result.stderr;
      // eslint-disable-next-line no-control-regex -- no raw control character may reach the terminal
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
      expect(output.length).toBeLessThan(200_000);
      expect(output).not.toContain("internal error");
    }
    expect(ppl(["check", join(dir, "g.ppl")]).stdout).toContain("\\x1b");
  }, 30_000);

  it("quotes the right source line after a U+2028 in a string, and cuts very long lines", () => {
    const text = HEADER + 'kpi s = "a\u2028b"\nkpi k = nope\n' + `kpi long = a +${" ".repeat(5000)}nope2\n`;
    const diagnostics = checkSource(text, "p.ppl").diagnostics;
    const output = renderHuman(diagnostics, new Map([["p.ppl", text]]));
    expect(output).toContain("> 5 | kpi k = nope");
    expect(output).not.toContain("\u2028");
    const longFrame = output.split("\n").find((line) => line.startsWith("> 6 |"))!;
    expect(longFrame.length).toBeLessThan(200);
    expect(longFrame).toContain("nope2");
  });
});
