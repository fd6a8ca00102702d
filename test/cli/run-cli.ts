// Runs the real `ppl` command line in a child process, as a user would: the
// built CLI (dist/cli/main.js), which test/setup/build-cli.ts builds from the
// current src/ before any test runs, so no call recompiles TypeScript.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = new URL("../../", import.meta.url).pathname;

/** The built CLI, by absolute path, so it runs from any working folder. */
export const PPL_MAIN = join(ROOT, "dist/cli/main.js");

/**
 * The timeout of a test that spawns the CLI (vitest's default is 5 s): each
 * process takes a few hundred milliseconds to start and load the library, more
 * on a loaded machine, and many tests run several processes in a row.
 */
export const SPAWN_TIMEOUT = 30_000;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The command that runs the built CLI: the Node binary and its arguments. */
export function pplCommand(args: string[]): string[] {
  return [process.execPath, PPL_MAIN, ...args];
}

export function ppl(
  args: string[],
  options: { cwd?: string; input?: string; env?: Record<string, string> } = {},
): CliResult {
  const [node, ...rest] = pplCommand(args);
  const result = spawnSync(node, rest, {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...options.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh folder with the given files written into it. */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "ppl-cli-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
