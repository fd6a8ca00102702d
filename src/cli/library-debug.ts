// json-rules-engine's debug lines (DEBUG=json-rules-engine) go through
// console.debug, that is to stdout, where they would break the results
// (NDJSON). Its debug function is replaced by one writing to stderr; only that
// library's output moves, and values print as before (confidential ones as
// "[redacted]", through their inspect hook).
import { createRequire } from "node:module";

export function sendRulesEngineDebugToStderr(): void {
  // The library's own test, so nothing changes unless it would print.
  if (!/json-rules-engine/.test(process.env.DEBUG ?? "")) return;
  // Its modules read the `default` export at each call, so replacing it reaches them all.
  const debug = createRequire(import.meta.url)("json-rules-engine/dist/debug.js") as {
    default: (...args: unknown[]) => void;
  };
  debug.default = (...args: unknown[]) => console.error(...args);
}
