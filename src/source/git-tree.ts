import type { DirEntry, FileTree } from "./file-tree.js";
import type { GitObjectStore, GitTreeEntry } from "./git-object-store.js";
import { createReadBudget } from "./read-budget.js";
import { MAX_DIR_ENTRIES, REPO_FILE_LIMIT } from "./read-limits.js";
import { refuseLink, refuseListing } from "./refused-read.js";
import { createSourceError } from "./source-error.js";

/** A FileTree over the tree of one commit. */
export interface GitFileTree extends FileTree {
  /** The commit oid whose tree this reads. */
  readonly commit: string;
  /** The object store it reads from: two trees of one store can be compared tree by tree. */
  readonly store: GitObjectStore;
  /** The directory of the commit read as the root ("" for the whole commit; `infra` when the config lives there). */
  readonly root: string;
}

export interface GitTreeOptions {
  readonly store: GitObjectStore;
  /** A full commit oid (resolve refs first with `resolveCommit`). */
  readonly commit: string;
  /** Shown in messages; defaults to the short commit oid. */
  readonly description?: string;
  /** A directory of the commit to read as the root (a config repo inside a larger repository); default the whole commit. */
  readonly root?: string;
}

const SYMLINK_MODE = "120000";

/**
 * Reads files straight from a commit's tree objects, without a checkout: the
 * config at a PR's head and at its base can be loaded side by side from one
 * cache. Symlinks and submodules are not followed: reading one, or a file
 * under one, is an error that names it. Listings show symlinks (so a
 * symlinked stack directory is refused, not missed) and leave submodules out.
 * A blob's size is known only once it is read: it is checked then, before
 * anything parses it.
 */
export function createGitTree(options: GitTreeOptions): GitFileTree {
  const { store, commit } = options;
  const root = splitRepoPath(options.root ?? "").join("/");
  const budget = createReadBudget();
  let rootTree: Promise<string | undefined> | undefined;
  const readRootTree = () => (rootTree ??= findRootTree(store, commit, root));

  const findEntry = async (file: string): Promise<GitTreeEntry | "root" | undefined> => {
    const segments = splitRepoPath(file);
    const rootOid = await readRootTree();
    if (rootOid === undefined) return undefined;
    let treeOid: string = rootOid;
    if (segments.length === 0) return "root";
    for (const [index, name] of segments.entries()) {
      const entry = (await store.readTree(treeOid)).find((e) => e.name === name);
      if (entry === undefined) return undefined;
      if (index === segments.length - 1) return entry;
      if (entry.mode === SYMLINK_MODE || entry.type === "commit") {
        throw refuseLink(file, segments.slice(0, index + 1).join("/"), entry.type === "commit" ? "submodule" : "symlink");
      }
      if (entry.type !== "tree") return undefined;
      treeOid = entry.oid;
    }
    return undefined;
  };

  const tree: GitFileTree = {
    commit,
    store,
    root,
    description: options.description ?? commit.slice(0, 12),
    async readText(file, limit) {
      const bytes = await tree.readBytes(file, limit);
      return bytes === undefined ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    },
    async readBytes(file, limit = REPO_FILE_LIMIT) {
      const entry = await findEntry(file);
      if (entry === undefined || entry === "root" || entry.type === "tree") return undefined;
      if (entry.type === "commit" || entry.mode === SYMLINK_MODE) throw refuseLink(file, file, entry.type === "commit" ? "submodule" : "symlink");
      const blob = await store.readBlob(entry.oid);
      budget.charge(file, blob.byteLength, limit);
      return blob;
    },
    async listDir(dir) {
      const entry = await findEntry(dir);
      if (entry === undefined) return [];
      if (entry !== "root" && (entry.mode === SYMLINK_MODE || entry.type === "commit")) throw refuseLink(dir, dir, entry.type === "commit" ? "submodule" : "symlink");
      if (entry !== "root" && entry.type !== "tree") return [];
      const oid = entry === "root" ? ((await readRootTree()) as string) : entry.oid;
      const entries = await store.readTree(oid);
      if (entries.length > MAX_DIR_ENTRIES) throw refuseListing(dir, MAX_DIR_ENTRIES);
      const listed: DirEntry[] = [];
      for (const e of entries) {
        if (e.type === "tree") listed.push({ name: e.name, type: "dir" });
        else if (e.type === "blob") listed.push({ name: e.name, type: e.mode === SYMLINK_MODE ? "symlink" : "file" });
      }
      // Git orders a directory as if its name ended in "/"; FileTree promises plain name order.
      return listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };
  return tree;
}

/** The tree of `root` in the commit; undefined when the commit has no such directory (the config was added later). */
async function findRootTree(store: GitObjectStore, commit: string, root: string): Promise<string | undefined> {
  let treeOid = await store.readCommitTree(commit);
  for (const [index, name] of splitRepoPath(root).entries()) {
    const entry = (await store.readTree(treeOid)).find((e) => e.name === name);
    if (entry === undefined) return undefined;
    if (entry.mode === SYMLINK_MODE || entry.type === "commit") {
      const at = root.split("/").slice(0, index + 1).join("/");
      throw refuseLink(root, at, entry.type === "commit" ? "submodule" : "symlink");
    }
    if (entry.type !== "tree") return undefined;
    treeOid = entry.oid;
  }
  return treeOid;
}

/** Splits a repo-relative POSIX path into names; refuses absolute paths and `..`. */
function splitRepoPath(file: string): string[] {
  if (file.startsWith("/")) throw outsideRepo(file);
  const segments = file.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) throw outsideRepo(file);
  return segments;
}

function outsideRepo(file: string): Error {
  return createSourceError("SOURCE_PATH_OUTSIDE_REPO", `path escapes the config root: ${file}`, { file });
}
