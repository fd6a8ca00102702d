// Runs the real `ppl` command line in a child process, as a user would.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = new URL("../../", import.meta.url).pathname;

// tsx's loader by absolute URL, so the CLI runs from any working folder.
const TSX_LOADER = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The command that runs the CLI from source: the Node binary and its arguments. */
export function pplCommand(args: string[]): string[] {
  return [process.execPath, "--import", TSX_LOADER, join(ROOT, "src/cli/main.ts"), ...args];
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
