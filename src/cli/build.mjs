// npm run build. The library (the "ppl", "ppl/runtime" and
// "ppl/prettier-plugin" exports) is tsc's output in dist/, one module per
// source with its types. The `ppl` command is bundled by esbuild into
// dist/cli/: ppl.cjs (every command), ppl-help.cjs (the overview alone),
// worker.cjs and impact-worker.cjs (the worker threads), and main.js, the
// executable that runs ppl.cjs with a V8 code cache (src/cli/launcher.ts).
// The build then runs each command to fill its cache (ppl.cjs.NAME.cache).
//
// Why bundle: resolving and linking some 150 separate modules cost each
// start-up tens of milliseconds. Minimum of 8-10 runs, interleaved with the
// unbundled build, 2-core machine: `ppl check rules/amplify.ppl` 520 → 430-450
// ms; bundling commander and @babel/code-frame as well took `ppl --help` from
// 160-170 to 130-160 ms and `ppl run` of an artifact from 310-340 to 300-320.
// Why CommonJS: V8's code cache is open to a script (node:vm), not to an ES
// module, on Node 20. A command's code is compiled only when it runs, so one
// file for every command costs nothing at start-up.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { URL, fileURLToPath } from "node:url";
import { build } from "esbuild";

const CLI = "dist/cli";
rmSync(CLI, { recursive: true, force: true });

// Chevrotain's single-file build goes into the bundle as a plain re-export of
// that file: src/syntax/chevrotain.ts finds it next to the package's entry
// (lib/src/api.js) at run time, with a top-level await CommonJS cannot hold.
const chevrotainFile = fileURLToPath(new URL("../chevrotain.mjs", import.meta.resolve("chevrotain")));
const chevrotainInBundle = {
  name: "chevrotain-in-bundle",
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]src[\\/]syntax[\\/]chevrotain\.ts$/ }, () => ({
      contents: `export * from ${JSON.stringify(chevrotainFile)};`,
      loader: "ts",
    }));
  },
};

const commonJs = {
  outdir: CLI,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // import.meta.url is the bundle's own URL, so files next to it (the schema, the workers) are found as before.
  define: { "import.meta.url": "__bundleUrl" },
  banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  // commander and @babel/code-frame (loaded by every command) and Chevrotain are bundled; the rest are
  // large or loaded by one command only.
  external: [
    "ajv",
    "csv-parse",
    "json-rules-engine",
    "prettier",
    "vega",
    "vega-lite",
    "vscode-languageserver",
    "vscode-languageserver-textdocument",
  ].flatMap((name) => [name, `${name}/*`]),
  plugins: [chevrotainInBundle],
  logLevel: "warning",
};
await build({
  ...commonJs,
  entryPoints: {
    ppl: "src/cli/main.ts",
    // Started by file name next to the code that starts them (siblingModule in src/io/parallel/pool.ts).
    worker: "src/io/parallel/worker.ts",
    "impact-worker": "src/impact/impact-worker.ts",
  },
});
// ppl-help.cjs: main.ts without the commands (its dynamic imports), for the
// overview, --version and misuse, which name no command (see launcher.ts).
const withoutCommands = {
  name: "without-commands",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) =>
      args.kind === "dynamic-import" && /[\\/]src[\\/]cli[\\/]main\.ts$/.test(args.importer)
        ? { path: args.path, external: true }
        : undefined,
    );
  },
};
await build({
  ...commonJs,
  entryPoints: { "ppl-help": "src/cli/main.ts" },
  plugins: [chevrotainInBundle, withoutCommands],
});
await build({
  entryPoints: { main: "src/cli/launcher.ts" },
  outdir: CLI,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
});
// The artifact schema is read next to the module that reads it: in dist/compile for the library, in dist/cli for the command.
for (const dir of ["dist/compile", CLI])
  copyFileSync("src/compile/artifact.schema.json", `${dir}/artifact.schema.json`);
chmodSync(`${CLI}/main.js`, 0o755);

// Warm-up: each command runs on the repository's own programs and data and
// leaves its cache (see src/cli/launcher.ts); a command run twice starts from
// the cache its first run wrote and adds what it compiled.
const scratch = mkdtempSync(join(tmpdir(), "ppl-build-"));
const artifact = join(scratch, "amplify.rules.json");
const data = ["--data", "examples/partners.csv", "--no-progress"];
const warmUps = [
  ["check", "rules/amplify.ppl", "examples"],
  ["compile", "rules/amplify.ppl", "-o", scratch],
  ["run", artifact, ...data, "--format", "csv", "--out", join(scratch, "a.csv")],
  ["run", "rules/amplify.ppl", ...data, "--out", join(scratch, "a.ndjson")],
  ["explain", "rules/amplify.ppl", "--data", "examples/partners.csv", "--partner", "AMP-0000001"],
  ["test", "rules/amplify.ppl", "examples"],
  ["fmt", "--check", "rules/amplify.ppl", "examples"],
  ["schema", "rules/amplify.ppl"],
];
try {
  for (const args of warmUps) {
    const warm = spawnSync(process.execPath, [`${CLI}/main.js`, ...args], {
      env: { ...process.env, PPL_WRITE_COMPILE_CACHE: "1" },
      encoding: "utf8",
    });
    // 1 is a finding (an invalid row, a failing test); anything else means the bundle is broken.
    if (warm.status !== 0 && warm.status !== 1)
      throw new Error(
        `ppl ${args.join(" ")} failed while warming the code cache (exit ${warm.status}):\n${warm.stderr}`,
      );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
