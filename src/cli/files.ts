// Expands the FILES arguments of a command: files as given, folders to every
// `.ppl` below them (sorted, so output order is stable).
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";

export class FileArgumentError extends Error {}

export function expandPplFiles(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ppl")) files.push(full);
    }
  };
  for (const p of paths) {
    let stat;
    try {
      stat = statSync(p);
    } catch {
      throw new FileArgumentError(`${p}: no such file or folder; check the path`);
    }
    if (stat.isDirectory()) walk(p);
    else files.push(p);
  }
  return onceEach(files);
}

/** Each file once, as first named: `ppl check rules rules/amplify.ppl` checks (and counts) amplify once. */
function onceEach(files: string[]): string[] {
  const seen = new Set<string>();
  return files.filter((file) => {
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      // A dangling link or a file gone since the walk: keep it, so that reading it reports it.
      return true;
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

/**
 * The `.ppl` files of a command's FILES arguments, or undefined after telling
 * the user (on stderr) which path is wrong or that no program was found.
 */
export function pplFilesOrReport(command: string, paths: string[]): string[] | undefined {
  let files: string[];
  try {
    files = expandPplFiles(paths);
  } catch (error) {
    if (!(error instanceof FileArgumentError)) throw error;
    process.stderr.write(`ppl ${command}: ${error.message}\n`);
    return undefined;
  }
  if (files.length === 0) {
    process.stderr.write(`ppl ${command}: no .ppl files found in ${paths.join(", ")}; check the paths\n`);
    return undefined;
  }
  return files;
}
