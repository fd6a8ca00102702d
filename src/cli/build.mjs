// npm run build. The library (the "ppl", "ppl/runtime" and
// "ppl/prettier-plugin" exports) is tsc's output in dist/, one module per
// source with its types. The `ppl` command is bundled by esbuild into
// dist/cli/: main.js, the two worker entries, and the chunks they share, each
// command's code in its own chunk so a command loads only what it runs.
//
// Why bundle: resolving and linking some 150 separate modules cost each
// start-up tens of milliseconds. Minimum of 8-10 runs, interleaved with the
// unbundled build, 2-core machine: `ppl check rules/amplify.ppl` 520 → 430-450
// ms; bundling commander and @babel/code-frame as well took `ppl --help` from
// 160-170 to 130-160 ms and `ppl run` of an artifact from 310-340 to 300-320.
import { chmodSync, copyFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

const CLI = "dist/cli";
rmSync(CLI, { recursive: true, force: true });
await build({
  entryPoints: {
    main: "src/cli/main.ts",
    // Started by file name next to the code that starts them (siblingModule in src/io/parallel/pool.ts).
    worker: "src/io/parallel/worker.ts",
    "impact-worker": "src/impact/impact-worker.ts",
  },
  outdir: CLI,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // commander and @babel/code-frame (CommonJS, loaded by every command) are
  // bundled too; the rest are large or loaded by one command only. Bundled
  // CommonJS requires Node's built-ins through a `require` of its own.
  banner: {
    js: 'import { createRequire as createRequireOfBundle } from "node:module";\nconst require = createRequireOfBundle(import.meta.url);',
  },
  external: [
    "ajv",
    "chevrotain",
    "csv-parse",
    "json-rules-engine",
    "prettier",
    "vega",
    "vega-lite",
    "vscode-languageserver",
    "vscode-languageserver-textdocument",
  ].flatMap((name) => [name, `${name}/*`]),
  chunkNames: "chunk-[hash]",
  logLevel: "warning",
});
// The artifact schema is read next to the module that reads it: in dist/compile for the library, in dist/cli for the command.
for (const dir of ["dist/compile", CLI])
  copyFileSync("src/compile/artifact.schema.json", `${dir}/artifact.schema.json`);
chmodSync(`${CLI}/main.js`, 0o755);
