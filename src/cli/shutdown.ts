// How every command stops early: on SIGINT, SIGTERM or SIGHUP, and when the
// reader of stdout goes away (`ppl check … | head -1`). Either way no
// temporary file is left behind and no earlier output is replaced.
import { constants } from "node:os";
import { removeOpenTemporaryFiles } from "../io/atomic-file.js";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes.js";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function onSignal(signal: (typeof SIGNALS)[number]): void {
  const untouched = removeOpenTemporaryFiles();
  // On a new line: a progress line may be drawn.
  const start = process.stderr.isTTY ? "\n" : "";
  const kept = untouched.length > 0 ? `; nothing was written to ${untouched.join(", ")}, which is unchanged` : "";
  process.stderr.write(`${start}ppl: interrupted by ${signal}${kept}\n`);
  // The shell convention for "stopped by a signal": 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.
  process.exit(128 + constants.signals[signal]);
}

function onStreamError(name: "stdout" | "stderr", error: NodeJS.ErrnoException): void {
  removeOpenTemporaryFiles();
  // The reader went away (`| head`): stop quietly, as pipes expect.
  if (error.code === "EPIPE") process.exit(EXIT_OK);
  if (name === "stdout") process.stderr.write(`ppl: cannot write to stdout (${error.message.split(", ")[0]})\n`);
  process.exit(EXIT_USAGE);
}

export function installShutdownHandlers(): void {
  for (const signal of SIGNALS) process.on(signal, () => onSignal(signal));
  process.stdout.on("error", (error: NodeJS.ErrnoException) => onStreamError("stdout", error));
  process.stderr.on("error", (error: NodeJS.ErrnoException) => onStreamError("stderr", error));
  // Whatever ends the process (an uncaught error too), no temporary file stays.
  process.on("exit", () => removeOpenTemporaryFiles());
}
