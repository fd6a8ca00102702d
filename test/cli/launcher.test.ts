// The `ppl` executable runs the bundled command line with the V8 code cache
// the build wrote (src/cli/launcher.ts): V8 uses it, a cache made for other
// code is never used, a damaged one changes nothing, and a run never writes it.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, SPAWN_TIMEOUT } from "./run-cli.js";

const DEBUG = { DEBUG: "ppl:compile-cache" };

function runCli(main: string, args: string[], env: Record<string, string> = {}) {
  const { PPL_WRITE_COMPILE_CACHE: _ignored, ...rest } = process.env;
  return spawnSync(process.execPath, [main, ...args], { cwd: ROOT, encoding: "utf8", env: { ...rest, ...env } });
}

// A copy of dist/cli inside the repository, so the packages the bundle leaves out still resolve from node_modules.
const parent = join(ROOT, "node_modules/.cache/ppl-test");
mkdirSync(parent, { recursive: true });
const copy = mkdtempSync(join(parent, "launcher-"));
cpSync(join(ROOT, "dist/cli"), copy, { recursive: true });
const main = join(copy, "main.js");
const checkCache = join(copy, "ppl.cjs.check.cache");
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const check = ["check", "rules/amplify.ppl"];

describe("the code cache of the ppl executable", () => {
  it(
    "is used by V8 for the command that runs",
    () => {
      const result = runCli(join(ROOT, "dist/cli/main.js"), check, DEBUG);
      expect(result.status).toBe(0);
      expect(result.stderr).toContain(`ppl.cjs.check.cache: used`);
      // The overview runs ppl-help.cjs, compiled as usual: no cache is read.
      const help = runCli(join(ROOT, "dist/cli/main.js"), ["--help"], DEBUG);
      expect([help.status, help.stderr]).toEqual([0, ""]);
      expect(help.stdout).toContain("check           parse and check .ppl files");
      const run = runCli(
        join(ROOT, "dist/cli/main.js"),
        ["run", "rules/amplify.ppl", "--data", "examples/partners.csv"],
        DEBUG,
      );
      expect(run.stderr).toContain("ppl.cjs.run.cache: used");
    },
    SPAWN_TIMEOUT,
  );

  it(
    "is not used when it was made for another bundle, and a damaged one changes nothing",
    () => {
      const expected = runCli(main, check);
      expect(expected.status).toBe(0);
      const original = readFileSync(checkCache);
      const digest = createHash("sha256")
        .update(readFileSync(join(copy, "ppl.cjs")))
        .digest();
      expect(original.subarray(0, 32).equals(digest)).toBe(true);
      try {
        // Another bundle's digest: the cache is not given to V8 at all.
        writeFileSync(checkCache, Buffer.concat([Buffer.alloc(32, 7), original.subarray(32)]));
        const other = runCli(main, check, DEBUG);
        expect(other.stderr).toContain("ppl.cjs.check.cache: none");
        expect([other.status, other.stdout]).toEqual([expected.status, expected.stdout]);
        // The right digest over damaged data: V8 rejects it and compiles the bundle.
        writeFileSync(checkCache, Buffer.concat([digest, Buffer.alloc(original.length - 32, 0x5a)]));
        const damaged = runCli(main, check, DEBUG);
        expect(damaged.stderr).toContain("ppl.cjs.check.cache: rejected");
        expect([damaged.status, damaged.stdout]).toEqual([expected.status, expected.stdout]);
      } finally {
        writeFileSync(checkCache, original);
      }
    },
    SPAWN_TIMEOUT,
  );

  it(
    "is never written by a run",
    () => {
      const before = readdirSync(copy).map((name) => [name, readFileSync(join(copy, name)).toString("base64")]);
      expect(runCli(main, check).status).toBe(0);
      expect(runCli(main, ["--help"]).status).toBe(0);
      expect(readdirSync(copy).map((name) => [name, readFileSync(join(copy, name)).toString("base64")])).toEqual(
        before,
      );
    },
    SPAWN_TIMEOUT,
  );
});
