import type { GitFileTree } from "./git-tree.js";
import type { ChangedPath } from "./list-changed-paths.js";

/**
 * The config repository as the pipeline sees it: fetch a ref, resolve names
 * to commits, read a commit's files, list what changed between two commits.
 * Everything after `fetchRef` works offline, from local objects.
 */
export interface ConfigRepo {
  readonly kind: "local" | "remote";
  /** A path or a URL without credentials; safe to log. */
  readonly description: string;
  /** The git directory read (for a remote: the cache directory). */
  readonly gitdir: string;
  /** The working tree of a local checkout (read it as-is with `createDirectoryTree`); undefined otherwise. */
  readonly workdir: string | undefined;
  /**
   * Remote: downloads `ref` (branch, tag or full ref name such as
   * `refs/pull/7/head`) and returns the commit it points at. Local: resolves
   * it in place (the repository is read, never written).
   */
  fetchRef(ref: string, options?: FetchRefOptions): Promise<FetchedRef>;
  /** A branch, tag, full ref name, full or abbreviated sha → commit oid, from local objects. */
  resolveCommit(ref: string): Promise<string>;
  /** The files of a commit (a full oid, as returned by `resolveCommit`). */
  openTree(commit: string): GitFileTree;
  /** Files that differ between two commits, sorted by path; `from` undefined lists every file as added. */
  listChangedPaths(from: string | undefined, to: string): Promise<ChangedPath[]>;
  /** The best common ancestor of two commits, from local objects; undefined when a shallow history ends before it. */
  findMergeBase(a: string, b: string): Promise<string | undefined>;
}

export interface FetchRefOptions {
  /**
   * Commits of history to fetch from the tip. Default: 1 for a ref this cache
   * has not seen (unless `haveRef` is given), otherwise what the local tip
   * lacks (only new objects), bounded by bytes.
   */
  readonly depth?: number;
  /**
   * The commit the caller already knows the ref points at (a webhook's sha):
   * when this cache holds it, it is returned without asking the server;
   * otherwise it is fetched with one request, while one of the server's refs
   * still reaches it (else the ref's tip is fetched as without it).
   */
  readonly expect?: string;
  /**
   * A local ref whose tip is offered to the server as a commit this cache
   * holds, when `ref` itself has none here yet (a new pull request's base
   * branch): the server then sends only what the new branch adds.
   */
  readonly haveRef?: string;
}

export interface FetchedRef {
  /** The full ref name, e.g. `refs/heads/main`. */
  readonly ref: string;
  /** The commit oid (annotated tags peeled). */
  readonly commit: string;
  /** Objects downloaded; 0 for a local repository or when nothing was new. */
  readonly objectCount: number;
  readonly packBytes: number;
}
