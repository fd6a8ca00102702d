// The one mechanism every PPL output goes through: complete or not at all,
// symlinks followed, devices written in place, temporary files removable.
import { chmod, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AtomicFile,
  OutputWriteError,
  removeOpenTemporaryFiles,
  writeFileAtomically,
} from "../../src/io/atomic-file.js";

describe("AtomicFile", () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "ppl-atomic-"));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("leaves the earlier file whole when the process is interrupted mid-write", async () => {
    const path = join(folder, "results.ndjson");
    await writeFile(path, "earlier\n");
    const file = await AtomicFile.create(path);
    await file.write("x".repeat(200_000));
    expect(await readdir(folder)).toHaveLength(2);
    // What the signal handler does.
    expect(removeOpenTemporaryFiles()).toEqual([path]);
    expect(await readdir(folder)).toEqual(["results.ndjson"]);
    expect(await readFile(path, "utf8")).toBe("earlier\n");
    await file.abort();
    expect(removeOpenTemporaryFiles()).toEqual([]);
  });

  it("keeps the permissions of the file it replaces", async () => {
    const path = join(folder, "private.json");
    await writeFile(path, "earlier\n");
    await chmod(path, 0o600);
    await writeFileAtomically(path, "new\n");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, "utf8")).toBe("new\n");
  });

  it("replaces the target of a chain of symlinks and keeps the links", async () => {
    await symlink("b.json", join(folder, "a.json"));
    await symlink("c.json", join(folder, "b.json"));
    await writeFileAtomically(join(folder, "a.json"), "through links\n");
    expect((await lstat(join(folder, "a.json"))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(folder, "b.json"))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(folder, "c.json"), "utf8")).toBe("through links\n");
  });

  it("reports a failed write as an OutputWriteError naming the file", async () => {
    const error = await writeFileAtomically("/dev/full", "x").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutputWriteError);
    expect(error).toMatchObject({ path: "/dev/full", code: "ENOSPC", message: "ENOSPC: no space left on device" });
    expect((await lstat("/dev/full")).isCharacterDevice()).toBe(true);
  });

  it("refuses a folder", async () => {
    await expect(writeFileAtomically(folder, "x")).rejects.toMatchObject({ path: folder, code: "EISDIR" });
  });
});
