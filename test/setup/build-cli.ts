// Vitest global setup: builds dist/ (the CLI the tests spawn, and the package
// that examples/interop imports) once per test run, from the current src/.
// A stamp of the hashes of src/ and dist/ skips the build when dist/ is
// what this setup last built from exactly these sources, so targeted runs
// stay fast and never run stale code.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STAMP = join(ROOT, "node_modules/.cache/ppl-test/dist-sources.sha256");
const OUTPUTS = ["dist/cli/main.js", "dist/index.js", "dist/runtime/index.js", "dist/compile/artifact.schema.json"];

/** A hash of the files below `dir`, with their names. */
function treeHash(dir: string, extra: readonly string[] = []): string {
  const hash = createHash("sha256");
  const files = existsSync(join(ROOT, dir))
    ? readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
        .sort()
    : [];
  for (const file of [...files, ...extra])
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(join(ROOT, file)))
      .update("\0");
  return hash.digest("hex");
}

/** What dist/ is built from (src/, the compiler settings, the build script) and what it holds. */
function stampOf(): string {
  const sources = treeHash("src", ["tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"]);
  return `${sources} ${treeHash("dist")}`;
}

export default function setup(): void {
  const built = OUTPUTS.every((file) => existsSync(join(ROOT, file)));
  if (built && existsSync(STAMP) && readFileSync(STAMP, "utf8") === stampOf()) return;
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, stampOf());
}
