// Every file PPL writes (results, summaries, artifacts, formatted programs)
// goes through this one mechanism, so each appears complete or not at all:
// text goes to a temporary file in the target's folder (so the final rename
// stays on one file system), which replaces the target only on commit. A
// failed or interrupted write leaves any previous file untouched.
//
// Where the bytes go: a symlink is followed to its target, which is replaced
// (the link stays). A path that is not a regular file (a character device
// such as /dev/null, a FIFO, a socket) or that is one of this process's own
// standard streams (/dev/stdout, /dev/fd/2) is written directly, never
// replaced: there is nothing to keep intact there, and replacing it would
// destroy it.
import { randomBytes } from "node:crypto";
import { fstatSync, unlinkSync, type Stats } from "node:fs";
import { lstat, open, readlink, realpath, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

// Many small rows are gathered into one write call.
const FLUSH_BYTES = 64 * 1024;

// Linux follows at most 40 symlinks in one path; a longer chain is a loop.
const MAX_SYMLINKS = 40;

/** Writing an output file failed; `path` is the file as the user named it. */
export class OutputWriteError extends Error {
  readonly code: string | undefined;

  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException).code;
    // "ENOSPC: no space left on device, write" → "ENOSPC: no space left on device"
    const reason = code ? (cause as Error).message.split(", ")[0] : (cause as Error).message;
    super(reason, { cause });
    this.name = "OutputWriteError";
    this.code = code;
  }
}

/** Where writing `path` puts its bytes: a file replaced atomically, or one written directly. */
export interface WriteTarget {
  /** The file that is replaced or written (symlinks followed). */
  path: string;
  /** Written in place: a device, FIFO or socket, or this process's stdout/stderr. */
  direct: boolean;
  /** This process's own stdout or stderr (which may be a socket no path can open). */
  stream?: "stdout" | "stderr";
  /** The file there now, if any. */
  existing: Stats | undefined;
}

function standardStream(file: Stats): "stdout" | "stderr" | undefined {
  for (const [fd, name] of [
    [1, "stdout"],
    [2, "stderr"],
  ] as const) {
    try {
      const stream = fstatSync(fd);
      if (stream.dev === file.dev && stream.ino === file.ino) return name;
    } catch {
      // A closed standard stream is nobody's file.
    }
  }
  return undefined;
}

/** Follows symlinks one at a time, so a dangling link gives the path it would create. */
async function followLinks(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops <= MAX_SYMLINKS; hops++) {
    let link: Stats;
    try {
      link = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return current;
      throw error;
    }
    if (!link.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`ELOOP: too many symbolic links, open '${path}'`), { code: "ELOOP" });
}

export async function writeTarget(path: string): Promise<WriteTarget> {
  let existing: Stats | undefined;
  try {
    existing = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (existing === undefined) return { path: await followLinks(path), direct: false, existing };
  if (existing.isDirectory()) return { path, direct: false, existing };
  const stream = standardStream(existing);
  if (stream !== undefined) return { path, direct: true, existing, stream };
  if (!existing.isFile()) return { path, direct: true, existing };
  return { path: await realpath(path), direct: false, existing };
}

// Temporary files not yet renamed or removed, so an interrupted process can remove them.
const openTemporaryFiles = new Map<string, string>();

/**
 * Removes every temporary file still open (on a signal or an early exit) and
 * returns the files they were meant to replace, which are left untouched.
 * Synchronous, so it can run in an `exit` handler.
 */
export function removeOpenTemporaryFiles(): string[] {
  const targets = [...openTemporaryFiles.values()];
  for (const temporaryPath of openTemporaryFiles.keys()) {
    try {
      unlinkSync(temporaryPath);
    } catch {
      // Already gone (renamed or removed): nothing to clean.
    }
  }
  openTemporaryFiles.clear();
  return targets;
}

/** Where an AtomicFile's bytes go: a file handle, or this process's stdout/stderr. */
interface Sink {
  write(data: string | Uint8Array): Promise<void>;
  /** On disk before a rename; nothing for a device or stream. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

function handleSink(handle: FileHandle, syncs: boolean): Sink {
  return {
    write: (data) => handle.writeFile(data),
    sync: () => (syncs ? handle.sync() : Promise.resolve()),
    close: () => handle.close(),
  };
}

function streamSink(stream: NodeJS.WriteStream): Sink {
  return {
    // One write at a time, each awaited until flushed, so memory stays bounded.
    write: (data) =>
      new Promise((resolve, reject) => stream.write(data, (error) => (error ? reject(error) : resolve()))),
    sync: () => Promise.resolve(),
    // The command may still write to it (and Node never closes stdout).
    close: () => Promise.resolve(),
  };
}

export class AtomicFile {
  private pending: string[] = [];
  private pendingLength = 0;
  private finished = false;

  private constructor(
    /** The file as the user named it (for messages). */
    readonly path: string,
    private readonly target: string,
    /** Undefined when the target is written directly. */
    readonly temporaryPath: string | undefined,
    private readonly sink: Sink,
  ) {}

  /** Opens `path` for writing; every failure, here and later, is an OutputWriteError naming `path`. */
  static async create(path: string): Promise<AtomicFile> {
    try {
      const target = await writeTarget(path);
      if (target.existing?.isDirectory()) {
        throw Object.assign(new Error("EISDIR: it is a folder"), { code: "EISDIR" });
      }
      if (target.stream !== undefined) {
        return new AtomicFile(path, target.path, undefined, streamSink(process[target.stream]));
      }
      if (target.direct) {
        // Appending: a device or FIFO ignores it.
        return new AtomicFile(path, target.path, undefined, handleSink(await open(target.path, "a"), false));
      }
      const temporaryPath = join(
        dirname(target.path),
        `.${basename(target.path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
      );
      // Registered before it exists, so a signal during open still removes it.
      openTemporaryFiles.set(temporaryPath, path);
      let handle: FileHandle;
      try {
        handle = await open(temporaryPath, "wx");
      } catch (error) {
        openTemporaryFiles.delete(temporaryPath);
        throw error;
      }
      // The replacement keeps the permissions of the file it replaces (results may be confidential).
      if (target.existing) await handle.chmod(target.existing.mode & 0o7777).catch(() => undefined);
      return new AtomicFile(path, target.path, temporaryPath, handleSink(handle, true));
    } catch (error) {
      throw error instanceof OutputWriteError ? error : new OutputWriteError(path, error);
    }
  }

  async write(text: string | Uint8Array): Promise<void> {
    if (this.finished) throw new Error(`${this.path} is already closed`);
    try {
      if (typeof text !== "string") {
        // Bytes (already encoded by a worker) go out after the text gathered before them.
        await this.flush();
        await this.sink.write(text);
        return;
      }
      this.pending.push(text);
      this.pendingLength += text.length;
      if (this.pendingLength >= FLUSH_BYTES) await this.flush();
    } catch (error) {
      throw new OutputWriteError(this.path, error);
    }
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join("");
    this.pending = [];
    this.pendingLength = 0;
    await this.sink.write(text);
  }

  /** Writes what is left, then puts the file in place of the target. */
  async commit(): Promise<void> {
    if (this.finished) throw new Error(`${this.path} is already closed`);
    try {
      await this.flush();
      // On disk before the rename, so a crash cannot leave an empty target.
      await this.sink.sync();
      await this.sink.close();
      this.finished = true;
      if (this.temporaryPath === undefined) return;
      await rename(this.temporaryPath, this.target);
      openTemporaryFiles.delete(this.temporaryPath);
    } catch (error) {
      await this.abort();
      throw new OutputWriteError(this.path, error);
    }
  }

  /** Drops the temporary file; the target is left as it was. Safe to call twice. */
  async abort(): Promise<void> {
    this.pending = [];
    if (!this.finished) {
      this.finished = true;
      await this.sink.close().catch(() => undefined);
    }
    if (this.temporaryPath === undefined) return;
    await unlink(this.temporaryPath).catch(() => undefined);
    openTemporaryFiles.delete(this.temporaryPath);
  }
}

/** Writes a whole file atomically; throws an OutputWriteError naming `path`. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const file = await AtomicFile.create(path);
  try {
    await file.write(text);
  } catch (error) {
    await file.abort();
    throw error;
  }
  await file.commit();
}
