// npm run package-extension: copies the TextMate grammar and the language
// configuration from grammar/, bundles the client (vscode-languageclient
// included, so the extension has no dependencies of its own) with esbuild,
// and packages the folder as a .vsix with @vscode/vsce, offline.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const grammar = join(here, "..");
rmSync(join(here, "dist"), { recursive: true, force: true });
mkdirSync(join(here, "syntaxes"), { recursive: true });
copyFileSync(join(grammar, "ppl.tmLanguage.json"), join(here, "syntaxes", "ppl.tmLanguage.json"));
copyFileSync(join(grammar, "language-configuration.json"), join(here, "language-configuration.json"));

await build({
  entryPoints: [join(here, "src", "extension.ts")],
  outfile: join(here, "dist", "extension.js"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode"],
  minify: true,
  logLevel: "warning",
});

const vsce = join(grammar, "..", "node_modules", "@vscode", "vsce", "vsce");
const out = join(here, "ppl-language.vsix");
execFileSync(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--out", out], {
  cwd: here,
  stdio: "inherit",
});

// Only the .vsix stays: the copies and the bundle are rebuilt from their sources each time.
for (const built of ["dist", "syntaxes", "language-configuration.json"])
  rmSync(join(here, built), { recursive: true, force: true });
