// Checks a command's output paths before it reads any data, so a run that
// cannot write its results fails at once (not after the whole file), and an
// output never overwrites an input or another output.
import { constants } from "node:fs";
import { access, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { writeTarget } from "./atomic-file.js";

/** A path and how the user gave it, for messages: `--out results.csv`. */
export interface NamedPath {
  label: string;
  path: string;
}

function named(file: NamedPath): string {
  return file.label === "" ? file.path : `${file.label} ${file.path}`;
}

/**
 * What makes two paths the same file: the device and inode of an existing
 * file (so `./a.csv`, `a.csv`, a symlink and a hard link all match), or the
 * real path of the folder plus the name of one not created yet. Undefined for
 * a device or FIFO, which many outputs may share (`/dev/null`).
 */
async function identity(path: string): Promise<string | undefined> {
  const target = await writeTarget(path);
  if (target.direct) return undefined;
  if (target.existing) return `${target.existing.dev}:${target.existing.ino}`;
  return join(await realpath(dirname(target.path)), basename(target.path));
}

async function writable(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why `output` cannot be written, or undefined when it can. */
async function outputProblem(output: NamedPath): Promise<string | undefined> {
  const target = await writeTarget(output.path);
  if (target.existing?.isDirectory()) {
    const example = output.label === "" ? "" : `, such as ${join(output.path, "results.ndjson")}`;
    return `${named(output)}: is a folder; give a file name${example}`;
  }
  if (target.direct || target.existing) {
    if (!(await writable(target.path))) return `${named(output)}: this file is not writable; check its permissions`;
    if (target.direct) return undefined;
  }
  // The folder as the user wrote it, unless a symlink leads elsewhere.
  const folder = target.path === resolve(output.path) ? dirname(output.path) : dirname(target.path);
  let folderStats;
  try {
    folderStats = await stat(folder);
  } catch {
    return `${named(output)}: the folder ${folder} does not exist; create it first`;
  }
  if (!folderStats.isDirectory()) return `${named(output)}: ${folder} is not a folder`;
  // The file is replaced by renaming a new one into the folder.
  if (!(await writable(folder))) return `${named(output)}: the folder ${folder} is not writable; check its permissions`;
  return undefined;
}

/**
 * The first problem with the outputs, as a message naming the paths, or
 * undefined: an output that is a folder, in a missing or read-only folder, or
 * the same file as an input or an earlier output. Inputs that do not exist
 * are left to their readers to report.
 */
export async function outputPathProblem(inputs: NamedPath[], outputs: NamedPath[]): Promise<string | undefined> {
  const seen: { file: NamedPath; id: string; input: boolean }[] = [];
  for (const input of inputs) {
    try {
      const id = await identity(input.path);
      if (id !== undefined) seen.push({ file: input, id, input: true });
    } catch {
      // Unreadable inputs are reported when they are read.
    }
  }
  for (const output of outputs) {
    let problem: string | undefined;
    let id: string | undefined;
    try {
      problem = await outputProblem(output);
      id = problem === undefined ? await identity(output.path) : undefined;
    } catch (error) {
      problem = `${named(output)}: cannot write here (${(error as Error).message})`;
    }
    if (problem !== undefined) return problem;
    const same = seen.find((other) => other.id === id);
    if (same !== undefined) {
      const what = same.input ? "would overwrite the input" : "is the same file as";
      return `${named(output)} ${what} ${named(same.file)}; write to another file`;
    }
    if (id !== undefined) seen.push({ file: output, id, input: false });
  }
  return undefined;
}
