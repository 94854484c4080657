import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * Read-only view of a config repository: a directory on disk or a git tree at
 * a commit. The load stage reads the repo only through this interface, so the
 * same loader serves `phoenix validate --dir` and a plan between two commits.
 * Paths are POSIX, relative to the repo root, without a leading `./`.
 */
export interface FileTree {
  /** A human-readable description: a directory path or `repo@sha`. */
  readonly description: string;
  /** The file's text, or undefined when there is no such file. */
  readText(file: string): Promise<string | undefined>;
  /** The file's bytes, or undefined when there is no such file. */
  readBytes(file: string): Promise<Uint8Array | undefined>;
  /** Entries of a directory (names only, sorted), or [] when absent. */
  listDir(dir: string): Promise<DirEntry[]>;
}

export interface DirEntry {
  readonly name: string;
  readonly type: "file" | "dir";
}

/**
 * A FileTree over a directory on the local disk. Reads are synchronous: a
 * config repo is a few hundred small files, and one blocking read costs a
 * fraction of the five thread-pool round trips (stat, open, fstat, read,
 * close) an asynchronous read takes.
 */
export function createDirectoryTree(root: string): FileTree {
  const abs = path.resolve(root);
  const resolveInside = (file: string): string => {
    const full = path.resolve(abs, file);
    if (full !== abs && !full.startsWith(abs + path.sep)) throw new Error(`path escapes the config root: ${file}`);
    return full;
  };
  return {
    description: abs,
    async readText(file) {
      const bytes = await this.readBytes(file);
      return bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8");
    },
    async readBytes(file) {
      try {
        return readFileSync(resolveInside(file));
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async listDir(dir) {
      try {
        const entries = readdirSync(resolveInside(dir), { withFileTypes: true });
        return entries
          .filter((e) => e.isFile() || e.isDirectory())
          .map((e) => ({ name: e.name, type: e.isDirectory() ? ("dir" as const) : ("file" as const) }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch (err) {
        if (isNotFound(err)) return [];
        throw err;
      }
    },
  };
}

/** A FileTree over an in-memory map of path → content (tests, generated repos). */
export function createMemoryTree(files: Record<string, string | Uint8Array>, description = "memory"): FileTree {
  const norm = new Map(Object.entries(files).map(([k, v]) => [k.replace(/^\.\//, ""), v]));
  return {
    description,
    async readText(file) {
      const v = norm.get(file);
      return v === undefined ? undefined : typeof v === "string" ? v : Buffer.from(v).toString("utf8");
    },
    async readBytes(file) {
      const v = norm.get(file);
      return v === undefined ? undefined : typeof v === "string" ? Buffer.from(v, "utf8") : v;
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

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}
