import fs from "node:fs";
import { readBlob, readCommit, readTree } from "isomorphic-git";
import { LRUCache } from "lru-cache";
import { createSourceError, errorCodeOf } from "./source-error.js";

/** One entry of a git tree object. */
export interface GitTreeEntry {
  /** The entry's name inside its tree (no slashes). */
  readonly name: string;
  /** Git file mode: `040000` tree, `100644`/`100755` file, `120000` symlink, `160000` submodule. */
  readonly mode: string;
  readonly oid: string;
  readonly type: "tree" | "blob" | "commit";
}

/**
 * Read access to the objects of one repository. Objects are immutable, so
 * they are kept by oid: parsed trees, because both the tree diff and a
 * FileTree walk the same few trees again and again, and blobs up to a byte
 * budget, because consecutive commits of a config repo share nearly every
 * file and reading one from a pack (delta chains, inflate) costs far more
 * than keeping it. Returned blobs must not be modified.
 */
export interface GitObjectStore {
  readonly gitdir: string;
  /** The commit an oid names (an annotated tag is peeled) and its root tree. */
  readCommit(oid: string): Promise<CommitTarget>;
  /** The root tree oid of a commit (an annotated tag is peeled). */
  readCommitTree(commit: string): Promise<string>;
  readTree(oid: string): Promise<readonly GitTreeEntry[]>;
  readBlob(oid: string): Promise<Uint8Array>;
  /** Drops what isomorphic-git cached of the packs: they were merged into one (`repackCache`). */
  forgetPacks(): void;
  /** isomorphic-git's cache of this repository's parsed pack indexes, for a fetch into it to share (replaced by `forgetPacks`). */
  readPackCache(): object;
}

export interface CommitTarget {
  readonly commit: string;
  readonly tree: string;
}

export interface GitObjectStoreOptions {
  readonly gitdir: string;
  /** How many parsed trees to keep (least recently used are dropped). */
  readonly treeCacheSize?: number;
  /** How many bytes of blobs to keep (least recently used are dropped). */
  readonly blobCacheBytes?: number;
}

/** Enough for every tree of two commits of a repo with a few hundred stacks. */
const DEFAULT_TREE_CACHE_SIZE = 1024;
/** Every file of a large config repo several times over. */
const DEFAULT_BLOB_CACHE_BYTES = 32 * 2 ** 20;

export function createGitObjectStore(options: GitObjectStoreOptions): GitObjectStore {
  const { gitdir } = options;
  const limit = Math.max(1, options.treeCacheSize ?? DEFAULT_TREE_CACHE_SIZE);
  // isomorphic-git keeps parsed pack indexes and inflated pack objects here; without
  // it every read would re-read and re-parse each .idx file. Replaced after a repack.
  let gitCache = {};
  /** A read that failed because a repack removed its pack meanwhile is tried once more on the new one. */
  const readPacked = async <T>(read: (cache: object) => Promise<T>): Promise<T> => {
    const cache = gitCache;
    try {
      return await read(cache);
    } catch (err) {
      if (cache === gitCache) throw err;
      return read(gitCache);
    }
  };
  // Reading an entry refreshes its place, so hot trees (the root, `stacks/`) are never evicted.
  // `fetch` shares a read in flight between its callers and keeps no failed read, so the next
  // call tries again; evicting a read in flight must not turn its callers' answer into nothing.
  const trees = new LRUCache<string, readonly GitTreeEntry[]>({
    max: limit,
    ignoreFetchAbort: true,
    fetchMethod: async (oid) => {
      try {
        const { tree } = await readPacked((cache) => readTree({ fs, gitdir, oid, cache }));
        return tree.map((e) => ({ name: e.path, mode: e.mode, oid: e.oid, type: e.type }));
      } catch (err) {
        throw toReadError(err, oid, "tree");
      }
    },
  });
  const commits = new LRUCache<string, CommitTarget>({
    max: limit,
    ignoreFetchAbort: true,
    fetchMethod: async (oid) => {
      try {
        const result = await readPacked((cache) => readCommit({ fs, gitdir, oid, cache }));
        return { commit: result.oid, tree: result.commit.tree };
      } catch (err) {
        throw toReadError(err, oid, "commit");
      }
    },
  });
  // Blobs by oid, least recently used dropped first once their bytes exceed the budget; a blob
  // larger than the whole budget is returned but not kept.
  const blobs = new LRUCache<string, Uint8Array>({
    maxSize: options.blobCacheBytes ?? DEFAULT_BLOB_CACHE_BYTES,
    // lru-cache takes positive sizes only: an empty blob counts as one byte.
    sizeCalculation: (blob) => Math.max(1, blob.byteLength),
    ignoreFetchAbort: true,
    fetchMethod: async (oid) => {
      try {
        return (await readPacked((cache) => readBlob({ fs, gitdir, oid, cache }))).blob;
      } catch (err) {
        throw toReadError(err, oid, "blob");
      }
    },
  });

  const store: GitObjectStore = {
    gitdir,
    readCommit: (oid) => commits.forceFetch(oid),
    async readCommitTree(commit) {
      return (await store.readCommit(commit)).tree;
    },
    readTree: (oid) => trees.forceFetch(oid),
    readBlob: (oid) => blobs.forceFetch(oid),
    forgetPacks() {
      gitCache = {};
    },
    readPackCache: () => gitCache,
  };
  return store;
}

function toReadError(err: unknown, oid: string, kind: "commit" | "tree" | "blob"): Error {
  const code = errorCodeOf(err);
  if (code === "NotFoundError") {
    return createSourceError("SOURCE_OBJECT_MISSING", `${kind} ${oid} is not in the local repository`, {
      cause: err,
      hint: "Fetch the ref that contains it (a shallow fetch holds only the tip of each ref).",
    });
  }
  if (code === "ObjectTypeError") {
    return createSourceError(kind === "commit" ? "SOURCE_NOT_A_COMMIT" : "SOURCE_READ_FAILED", `object ${oid} is not a ${kind}`, { cause: err });
  }
  return createSourceError("SOURCE_READ_FAILED", `cannot read ${kind} ${oid}`, { cause: err });
}
