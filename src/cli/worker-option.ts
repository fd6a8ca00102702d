// The `--workers N` option of the commands that evaluate a data file (`run`,
// `impact`): its help, its check, and how many worker threads it comes to.
import { statSync } from "node:fs";
import { Option } from "commander";
import { maxWorkers, workersForData } from "../io/parallel/pool.js";

export function workersOption(): Option {
  return new Option(
    "--workers <n>",
    "worker threads that evaluate records (0: none); default one per core for data files over 2 MB",
  );
}

/** What is wrong with the option's value, or undefined when it is a whole number (or not given). */
export function workersOptionProblem(value: string | undefined): string | undefined {
  if (value === undefined || /^[0-9]+$/.test(value)) return undefined;
  return `--workers ${value}: expected a whole number of worker threads, such as 2 (0 runs without workers)`;
}

/**
 * Worker threads for one data file: as asked (capped at one per core, with a
 * note on stderr) or by default one per core, and none for a file too small to
 * repay starting them.
 */
export function workerCount(value: string | undefined, dataPath: string): number {
  const requested = value === undefined ? undefined : Number(value);
  if (requested !== undefined && requested > maxWorkers()) {
    process.stderr.write(
      `--workers ${value}: at most ${maxWorkers()} worker threads run, one per core (more would only compete for them)\n`,
    );
  }
  if (requested === 0) return 0;
  let size: number;
  try {
    size = statSync(dataPath).size;
  } catch {
    // The reader reports an unreadable file in its own words.
    return 0;
  }
  return workersForData(requested, size);
}
