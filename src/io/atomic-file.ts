// A file that appears complete or not at all: text goes to a temporary file
// in the same folder (so the final rename stays on one file system), which
// replaces the target only on commit. A failed run leaves any previous file
// untouched.
import { randomBytes } from "node:crypto";
import { open, rename, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

// Many small rows are gathered into one write call.
const FLUSH_BYTES = 64 * 1024;

export class AtomicFile {
  private pending: string[] = [];
  private pendingLength = 0;
  private finished = false;

  private constructor(
    readonly path: string,
    readonly temporaryPath: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<AtomicFile> {
    const temporaryPath = join(
      dirname(path),
      `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
    );
    const handle = await open(temporaryPath, "wx");
    return new AtomicFile(path, temporaryPath, handle);
  }

  async write(text: string | Uint8Array): Promise<void> {
    if (this.finished) throw new Error(`${this.path} is already closed`);
    if (typeof text !== "string") {
      // Bytes (already encoded by a worker) go out after the text gathered before them.
      await this.flush();
      await this.handle.writeFile(text);
      return;
    }
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join("");
    this.pending = [];
    this.pendingLength = 0;
    await this.handle.writeFile(text, "utf8");
  }

  /** Writes what is left, then puts the file in place of the target. */
  async commit(): Promise<void> {
    if (this.finished) throw new Error(`${this.path} is already closed`);
    try {
      await this.flush();
      // On disk before the rename, so a crash cannot leave an empty target.
      await this.handle.sync();
      await this.handle.close();
      this.finished = true;
      await rename(this.temporaryPath, this.path);
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Drops the temporary file; the target is left as it was. Safe to call twice. */
  async abort(): Promise<void> {
    this.pending = [];
    if (!this.finished) {
      this.finished = true;
      await this.handle.close().catch(() => undefined);
    }
    await unlink(this.temporaryPath).catch(() => undefined);
  }
}
