#!/usr/bin/env node
// The `ppl` executable (dist/cli/main.js). The command line itself is one
// CommonJS bundle, ppl.cjs (see build.mjs); this file runs it through V8 with
// the code cache that `npm run build` wrote beside it, so V8 neither parses
// nor compiles the functions the cache holds. Node 20 has no compile cache of
// its own (module.enableCompileCache is Node 22). Minimum of 10 runs, three
// rounds interleaved with the same code loaded as ES modules, 2-core machine:
// `ppl check rules/amplify.ppl` 320-360 -> 240-320 ms, `ppl run` of an
// artifact on one row 280-310 -> 190-230 ms.
//
// A cache file is the bundle's SHA-256 followed by V8's data. A cache made
// for another bundle is not used; one from another Node version or other V8
// flags is rejected by V8 itself, and the bundle then compiles as usual.
// A run never writes the cache: only the build's warm-up runs do
// (PPL_WRITE_COMPILE_CACHE=1), so what runs is what was built.
// DEBUG=ppl:compile-cache says on stderr whether V8 used the cache.
import { isAscii } from "node:buffer";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Script, constants } from "node:vm";
import { requestedCommand } from "./command-descriptions.js";

// A command allocates a few tens of megabytes before its first row and keeps
// most of them (the syntax tree, the checked program, the plan). V8's young
// generation starts at 1 MB and doubles: 7 collections in a `ppl check` (25
// ms) or a `ppl run` of one row (32 ms). Growing it sixteenfold, to the same
// maximum, makes that 2 (9 ms); the peak memory of long runs is unchanged
// (300,000 rows CSV -> NDJSON: 190-196 MB with and without). Set before
// anything is compiled: V8's flags are part of the code cache's key.
setFlagsFromString("--semi-space-growth-factor=16");

const require = createRequire(import.meta.url);
const command = requestedCommand(process.argv);
if (command === undefined) {
  // The overview, --version and misuse need commander and the commands' names
  // only: ppl-help.cjs, the same main.ts without the commands, is small enough
  // to compile as usual (the whole bundle and a cache: 10-30 ms slower).
  require("./ppl-help.cjs");
} else {
  runWithCodeCache(fileURLToPath(new URL("./ppl.cjs", import.meta.url)), command);
}

function runWithCodeCache(bundle: string, name: string): void {
  // One cache per command (ppl.cjs.check.cache, ...), holding only what that
  // command compiles: V8 deserializes all of a cache, however little of it runs.
  const cacheFile = `${bundle}.${name}.cache`;
  const bytes = readFileSync(bundle);
  // node:crypto takes 7-9 ms to load, so only here.
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  const digest = createHash("sha256").update(bytes).digest();
  let cachedData: Buffer | undefined;
  try {
    const cache = readFileSync(cacheFile);
    if (cache.subarray(0, digest.length).equals(digest)) cachedData = cache.subarray(digest.length);
  } catch {
    // No cache: the bundle compiles as usual.
  }
  // The bundle is ASCII (esbuild escapes other characters), and Latin-1 is the cheapest decoding of ASCII.
  const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  const script = new Script(Module.wrap(source), {
    filename: bundle,
    ...(cachedData === undefined ? {} : { cachedData }),
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (process.env.DEBUG?.split(",").includes("ppl:compile-cache")) {
    const state = cachedData === undefined ? "none" : script.cachedDataRejected === true ? "rejected" : "used";
    process.stderr.write(`ppl: code cache ${cacheFile}: ${state}\n`);
  }
  if (process.env.PPL_WRITE_COMPILE_CACHE === "1") {
    // At exit, the cache holds every function compiled so far, this run's and those it was given.
    process.once("exit", () => {
      writeFileSync(`${cacheFile}.tmp`, Buffer.concat([digest, script.createCachedData()]));
      renameSync(`${cacheFile}.tmp`, cacheFile);
    });
  }
  type CommonJsWrapper = (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    file: string,
    dir: string,
  ) => void;
  const run = script.runInThisContext() as CommonJsWrapper;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}
