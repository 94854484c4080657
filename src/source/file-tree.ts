import { closeSync, constants, fstatSync, lstatSync, openSync, opendirSync, readSync, realpathSync } from "node:fs";
import path from "node:path";
import { createReadBudget } from "./read-budget.js";
import { MAX_DIR_ENTRIES, REPO_FILE_LIMIT, type SizeLimit } from "./read-limits.js";
import { refuseLink, refuseListing, refuseSpecialFile } from "./refused-read.js";
import { createSourceError } from "./source-error.js";

/**
 * Read-only view of a config repository: a directory on disk or a git tree at
 * a commit. The load stage reads the repo only through this interface, so the
 * same loader serves `phoenix validate --dir` and a plan between two commits.
 * Paths are POSIX, relative to the repo root, without a leading `./`.
 *
 * Every implementation refuses what the repo does not itself contain (a
 * symlink on the path, a path out of the root) and what is over a size limit
 * (`src/source/read-limits.ts`), by throwing a `RefusedReadError` that names
 * the file; `limit` is the limit of the file's kind, `REPO_FILE_LIMIT` if none.
 */
export interface FileTree {
  /** A human-readable description: a directory path or `repo@sha`. */
  readonly description: string;
  /** The file's text, or undefined when there is no such file. */
  readText(file: string, limit?: SizeLimit): Promise<string | undefined>;
  /** The file's bytes, or undefined when there is no such file. */
  readBytes(file: string, limit?: SizeLimit): Promise<Uint8Array | undefined>;
  /** Entries of a directory (names only, sorted), or [] when absent. */
  listDir(dir: string): Promise<DirEntry[]>;
}

export interface DirEntry {
  readonly name: string;
  /** A symlink is listed so that the loader can refuse it by name instead of missing it. */
  readonly type: "file" | "dir" | "symlink";
}

/**
 * A FileTree over a directory on the local disk. Reads are synchronous: a
 * config repo is a few hundred small files, and one blocking read costs a
 * fraction of the five thread-pool round trips (stat, open, fstat, read,
 * close) an asynchronous read takes.
 *
 * Like a git tree, it never follows a symlink: each name on a path is
 * checked with lstat, the file is opened with O_NOFOLLOW, and its real path
 * must stay under the root's. A pull request checked out to disk can hold a
 * symlink to any file of the host; shipping that file as a Swarm config must
 * not be possible. (A file swapped for a symlink between the check and the
 * open is refused by O_NOFOLLOW; a directory swapped in that instant is not,
 * which is acceptable for a tree the user controls.)
 */
export function createDirectoryTree(root: string): FileTree {
  const abs = path.resolve(root);
  const budget = createReadBudget();
  let realRoot: string | undefined;
  const resolveInside = (file: string): string => {
    const full = path.resolve(abs, file);
    if (full !== abs && !full.startsWith(abs + path.sep)) throw outsideRoot(file);
    return full;
  };
  /** Refuses a symlink on the way to `full`; false when a name on the way does not exist. */
  const checkPath = (file: string, full: string): boolean => {
    let current = abs;
    for (const name of path.relative(abs, full).split(path.sep).filter((n) => n !== "")) {
      current = path.join(current, name);
      let isLink: boolean;
      try {
        isLink = lstatSync(current).isSymbolicLink();
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
      if (isLink) throw refuseLink(file, toRepoPath(abs, current));
    }
    realRoot ??= realpathSync.native(abs);
    const real = realpathSync.native(full);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw outsideRoot(file);
    return true;
  };
  return {
    description: abs,
    async readText(file, limit) {
      const bytes = await this.readBytes(file, limit);
      return bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8");
    },
    async readBytes(file, limit = REPO_FILE_LIMIT) {
      const full = resolveInside(file);
      try {
        if (!checkPath(file, full)) return undefined;
        return readRegularFile(full, (size) => budget.charge(file, size, limit), file);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        if (errorCode(err) === "ELOOP") throw refuseLink(file, file);
        throw err;
      }
    },
    async listDir(dir) {
      const full = resolveInside(dir);
      try {
        if (!checkPath(dir, full)) return [];
        const listing = opendirSync(full);
        const entries: DirEntry[] = [];
        try {
          for (let e = listing.readSync(); e !== null; e = listing.readSync()) {
            if (entries.length === MAX_DIR_ENTRIES) throw refuseListing(dir, MAX_DIR_ENTRIES);
            const type = e.isDirectory() ? "dir" : e.isFile() ? "file" : e.isSymbolicLink() ? "symlink" : undefined;
            if (type !== undefined) entries.push({ name: e.name, type });
          }
        } finally {
          listing.closeSync();
        }
        return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch (err) {
        if (isNotFound(err)) return [];
        throw err;
      }
    },
  };
}

/**
 * Opens without following a symlink and without blocking on a FIFO, checks
 * the size (`charge` throws when it is over a limit) before reading, and
 * reads at most that many bytes, so a file that grows meanwhile cannot make
 * the read unbounded.
 */
function readRegularFile(full: string, charge: (size: number) => void, file: string): Uint8Array | undefined {
  const fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return undefined;
    if (!stat.isFile()) throw refuseSpecialFile(file);
    charge(stat.size);
    const buffer = Buffer.alloc(stat.size);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function toRepoPath(root: string, full: string): string {
  return path.relative(root, full).split(path.sep).join("/");
}

function outsideRoot(file: string): Error {
  return createSourceError("SOURCE_PATH_OUTSIDE_REPO", `path escapes the config root: ${file}`, { file });
}

/** A FileTree over an in-memory map of path → content (tests, generated repos). */
export function createMemoryTree(files: Record<string, string | Uint8Array>, description = "memory"): FileTree {
  const norm = new Map(Object.entries(files).map(([k, v]) => [k.replace(/^\.\//, ""), typeof v === "string" ? Buffer.from(v, "utf8") : v]));
  const budget = createReadBudget();
  return {
    description,
    async readText(file, limit) {
      const bytes = await this.readBytes(file, limit);
      return bytes === undefined ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    },
    async readBytes(file, limit = REPO_FILE_LIMIT) {
      const bytes = norm.get(file);
      if (bytes !== undefined) budget.charge(file, bytes.byteLength, limit);
      return bytes;
    },
    async listDir(dir) {
      const prefix = dir === "" || dir === "." ? "" : dir.replace(/\/$/, "") + "/";
      const seen = new Map<string, DirEntry["type"]>();
      for (const key of norm.keys()) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        const slash = rest.indexOf("/");
        if (slash === -1) seen.set(rest, "file");
        else seen.set(rest.slice(0, slash), "dir");
      }
      return [...seen].map(([name, type]) => ({ name, type })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };
}

function errorCode(err: unknown): string | undefined {
  return (err as { code?: string } | null)?.code;
}

function isNotFound(err: unknown): boolean {
  const code = errorCode(err);
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}
