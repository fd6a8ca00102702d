// npm run build. The library (the "ppl", "ppl/runtime" and
// "ppl/prettier-plugin" exports) is tsc's output in dist/, one module per
// source with its types. The `ppl` command is bundled by esbuild into
// dist/cli/: main.js, the two worker entries, and the chunks they share, each
// command's code in its own chunk so a command loads only what it runs.
// Packages stay outside the bundle and load from node_modules, as before.
//
// Why bundle: resolving and linking some 150 separate modules cost each
// start-up 35-65 ms (min of 10 runs on a 2-core machine: `ppl check` 491 →
// 444 ms, `ppl run` of an artifact 322 → 286 ms, `ppl --help` 190 → 155 ms).
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
  packages: "external",
  chunkNames: "chunk-[hash]",
  logLevel: "warning",
});
// The artifact schema is read next to the module that reads it: in dist/compile for the library, in dist/cli for the command.
for (const dir of ["dist/compile", CLI])
  copyFileSync("src/compile/artifact.schema.json", `${dir}/artifact.schema.json`);
chmodSync(`${CLI}/main.js`, 0o755);
