// `npm run package-extension` builds the VS Code extension's .vsix offline,
// with the grammar, the language configuration and the bundled client in it.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./lsp-client.js";

describe("the VS Code extension", () => {
  it("packages a .vsix holding the manifest, the grammar and the bundled client", () => {
    execFileSync("npm", ["run", "--silent", "package-extension"], { cwd: ROOT, stdio: "pipe" });
    const vsix = readFileSync(join(ROOT, "grammar/vscode/ppl-language.vsix"));
    expect(vsix.subarray(0, 2).toString()).toBe("PK");
    // A zip's central directory names its files uncompressed.
    for (const file of [
      "extension/package.json",
      "extension/dist/extension.js",
      "extension/syntaxes/ppl.tmLanguage.json",
      "extension/language-configuration.json",
      "extension.vsixmanifest",
    ])
      expect(vsix.includes(file)).toBe(true);
    expect(vsix.includes("extension/src/")).toBe(false);
    expect(vsix.includes("extension/node_modules/")).toBe(false);
    const manifest = JSON.parse(readFileSync(join(ROOT, "grammar/vscode/package.json"), "utf8"));
    expect(manifest.contributes.languages[0]).toMatchObject({ id: "ppl", extensions: [".ppl"] });
    expect(manifest.contributes.grammars[0]).toMatchObject({ language: "ppl", scopeName: "source.ppl" });
    expect(manifest.dependencies).toBeUndefined();
  }, 120_000);
});
