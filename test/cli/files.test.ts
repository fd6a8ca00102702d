// FILES arguments: folders expand to every .ppl below them, and a file named
// twice (directly, through its folder, or through a symlink) counts once.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandPplFiles, FileArgumentError } from "../../src/cli/files.js";

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "ppl-files-"));
  mkdirSync(join(root, "rules", "sub"), { recursive: true });
  writeFileSync(join(root, "rules", "b.ppl"), "");
  writeFileSync(join(root, "rules", "a.ppl"), "");
  writeFileSync(join(root, "rules", "notes.txt"), "");
  writeFileSync(join(root, "rules", "sub", "c.ppl"), "");
  symlinkSync(join(root, "rules", "a.ppl"), join(root, "alias.ppl"));
  return root;
}

describe("expandPplFiles", () => {
  it("expands a folder to its .ppl files, sorted, subfolders included", () => {
    const root = tree();
    expect(expandPplFiles([join(root, "rules")])).toEqual(
      ["a.ppl", "b.ppl", join("sub", "c.ppl")].map((name) => join(root, "rules", name)),
    );
  });

  it("lists a file named twice once, as first named", () => {
    const root = tree();
    const a = join(root, "rules", "a.ppl");
    expect(expandPplFiles([a, join(root, "rules"), a, join(root, "alias.ppl")])).toEqual([
      a,
      join(root, "rules", "b.ppl"),
      join(root, "rules", "sub", "c.ppl"),
    ]);
    expect(expandPplFiles([join(root, "alias.ppl"), a])).toEqual([join(root, "alias.ppl")]);
  });

  it("names a path that does not exist", () => {
    expect(() => expandPplFiles(["/no/such/place.ppl"])).toThrow(FileArgumentError);
  });
});
