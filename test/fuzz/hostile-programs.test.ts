// Issue 9's program fuzz test: thousands of generated hostile programs (deep
// nesting, long chains, cycles, reversed declarations, random bytes,
// truncated valid programs) through the library functions the CLI calls, and
// a few through the real CLI. Nothing may throw; every diagnostic must be
// well-formed; exit codes are 0, 1 or 2 and "internal error" never shows.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../examples/generate-partners.js";
import { checkSource } from "../../src/check/check-source.js";
import { validateArtifact } from "../../src/compile/artifact-schema.js";
import { compileProgram } from "../../src/compile/compile.js";
import { CODES } from "../../src/diagnostics/codes.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { formatPpl } from "../../src/format/format-ppl.js";
import { runProgramTests } from "../../src/testing/run-tests.js";
import { ppl, workspace } from "../cli/run-cli.js";

const root = new URL("../../", import.meta.url).pathname;
const EXAMPLE = readFileSync(join(root, "examples/channel-plus.ppl"), "utf8");
const HEADER = 'program "F" { }\ninput id: text key\ninput a: number\ninput b: number optional\n';

type Next = () => number;
const int = (next: Next, below: number) => Math.floor(next() * below);
const pick = <T>(next: Next, items: readonly T[]): T => items[int(next, items.length)]!;
// Sizes near the limits, and now and then one far beyond (big ones are slow, so rare).
const size = (next: Next, usual: readonly number[], big: number) => (next() < 0.03 ? big : pick(next, usual));

const GENERATORS: Record<string, (next: Next) => string> = {
  nesting: (next) => {
    const n = size(next, [10, 31, 32, 33, 34, 60, 200], 3000);
    const [open, close] = pick(next, [
      ["(", ")"],
      ["abs(", ")"],
      ["[", "]"],
      ["not ", ""],
      ["-", ""],
      ["if a > 1 then 1 else ", ""],
      ["(a otherwise ", ")"],
      ["max(1, ", ")"],
    ] as const);
    const inner = pick(next, ["a", "a > 1", "", "a b", "1 +"]);
    const balanced = next() < 0.8;
    const where = pick(next, [
      "kpi k = X\n",
      "tier T { require X }\n",
      "table t by a { otherwise: (X) }\n",
      'test "t" { given { a: X } expect X }\n',
    ]);
    return (
      HEADER + where.replaceAll("X", open.repeat(n) + inner + (balanced ? close.repeat(n) : close.repeat(int(next, n))))
    );
  },
  chains: (next) => {
    const n = size(next, [2, 3, 30, 399, 401], 2000);
    const op = pick(next, ["+", "-", "*", "/", "and", "or", "otherwise", "<"]);
    const term = op === "and" || op === "or" ? "a > 1" : "a";
    return HEADER + `kpi s = ${Array.from({ length: n }, () => term).join(` ${op} `)}\ntier T { require s > 0 }\n`;
  },
  graphs: (next) => {
    const n = size(next, [2, 5, 40], 2000);
    const cycle = next() < 0.5;
    const kpis = Array.from({ length: n }, (_, i) => `kpi k${i} = k${cycle ? (i + 1) % n : i + 1} + a\n`);
    if (!cycle) kpis.push(`kpi k${n} = a\n`);
    if (next() < 0.5) kpis.reverse();
    const test = 'test "t" { given { id: "P", a: 1 } expect k0 > 0 }\n';
    return HEADER + kpis.join("") + test;
  },
  bytes: (next) => {
    const length = int(next, 600);
    let text = "";
    for (let i = 0; i < length; i++) text += String.fromCharCode(next() < 0.7 ? 32 + int(next, 95) : int(next, 0x3000));
    return next() < 0.5 ? HEADER + text : text;
  },
  truncated: (next) => EXAMPLE.slice(0, int(next, EXAMPLE.length + 1)),
  lines: (next) => {
    const line = pick(next, ["require a b", "kpi", "1 1,", "= = (", "}", "tier {", '"x', "5kg"]);
    const wrap = pick(next, ["tier T {\nX\n}\n", "kpi k = max(\nX\n)\n", "X\n"]);
    return HEADER + wrap.replace("X", Array.from({ length: size(next, [3, 10, 40], 3000) }, () => line).join("\n"));
  },
};

function wellFormed(d: Diagnostic, text: string): void {
  expect(d.code in CODES, d.code).toBe(true);
  expect(d.severity).toBe(CODES[d.code as keyof typeof CODES].severity);
  expect(typeof d.message === "string" && d.message.length > 0).toBe(true);
  expect(d.message).not.toContain("undefined");
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const position of [d.range.start, d.range.end]) {
    expect(Number.isInteger(position.line) && position.line >= 1 && position.line <= lines).toBe(true);
    expect(Number.isInteger(position.column) && position.column >= 1).toBe(true);
  }
}

async function throughLibrary(text: string): Promise<void> {
  const { checked, diagnostics } = checkSource(text, "f.ppl");
  for (const d of diagnostics) wellFormed(d, text);
  const formatted = await formatPpl(text, "f.ppl");
  const errors = diagnostics.some((d) => d.severity === "error");
  expect(formatted.ok).toBe(!diagnostics.some((d) => d.severity === "error" && d.code.startsWith("PPL1")));
  if (errors) return;
  const artifact = JSON.parse(JSON.stringify(compileProgram(checked, text))) as ReturnType<typeof compileProgram>;
  expect(validateArtifact(artifact).ok).toBe(true);
  runProgramTests(artifact);
}

describe("hostile programs", () => {
  it("never throw in check, format, compile or test", async () => {
    const next = mulberry32(9_2026);
    const kinds = Object.keys(GENERATORS);
    const started = Date.now();
    let runs = 0;
    for (; runs < 3000 && Date.now() - started < 25_000; runs++) {
      const kind = kinds[runs % kinds.length]!;
      const text = GENERATORS[kind]!(next);
      try {
        await throughLibrary(text);
      } catch (error) {
        throw new Error(
          `${kind} program ${runs} failed: ${(error as Error).stack}\n--- text (first 500) ---\n${text.slice(0, 500)}`,
          {
            cause: error,
          },
        );
      }
    }
    // Up to 3,000 programs in 25 s; at least 500 even on a loaded machine.
    expect(runs).toBeGreaterThanOrEqual(500);
  }, 60_000);

  it("the real CLI exits 0, 1 or 2 and never prints an internal error", () => {
    const next = mulberry32(2026_9);
    const files: Record<string, string> = {};
    for (const kind of Object.keys(GENERATORS)) files[`${kind}.ppl`] = GENERATORS[kind]!(next);
    const dir = workspace(files);
    const names = Object.keys(files).map((name) => join(dir, name));
    const runs = [
      ["check", ...names],
      ["fmt", "--check", ...names],
      ["compile", "-o", dir, ...names],
      ["test", ...names],
      ["check", "--format", "json", ...names],
    ];
    for (const args of runs) {
      const result = ppl(args);
      expect([0, 1, 2], `${args[0]}: ${result.stderr.slice(0, 500)}`).toContain(result.status);
      expect(result.stderr + result.stdout).not.toMatch(/internal error|RangeError|at .*\.ts:\d+/);
    }
  }, 60_000);
});
