import type { Logger } from "../logger.js";
import { createSilentLogger } from "../logger.js";
import type { ConfigRepo, FetchedRef } from "./config-repo.js";
import { fetchRemoteRef } from "./fetch-remote-ref.js";
import { findGitDir } from "./find-git-dir.js";
import { LRUCache } from "lru-cache";
import { findMergeBase } from "./find-merge-base.js";
import { createGitObjectStore, type GitObjectStore } from "./git-object-store.js";
import { createGitTree } from "./git-tree.js";
import { listChangedPaths } from "./list-changed-paths.js";
import { defaultRepoCacheRoot, prepareRepoCache } from "./prepare-repo-cache.js";
import { describeRepoLocation, parseRepoLocation } from "./repo-location.js";
import { repackCache } from "./repack-cache.js";
import { withRepoLock } from "./repo-lock.js";
import { expandRefName, resolveCommit } from "./resolve-commit.js";

export interface OpenConfigRepoOptions {
  /** A local path, a `file://` URL or an `http(s)://` URL. */
  readonly url: string;
  /** Sent as basic auth `x-access-token:<token>`, as GitHub installation tokens expect. Never logged. */
  readonly token?: string;
  /** Root of the per-URL caches of remotes; default `~/.cache/phoenix/repos`. */
  readonly cacheDir?: string;
  /** Deadline of each HTTP request; default two minutes. */
  readonly timeoutMs?: number;
  /** Parsed git trees kept in memory. */
  readonly treeCacheSize?: number;
  readonly logger?: Logger;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Repositories whose object store stays open between runs (least recently used are closed). */
const MAX_OPEN_STORES = 8;
const storesByGitdir = new LRUCache<string, GitObjectStore>({ max: MAX_OPEN_STORES });

/**
 * One object store per git directory for the whole process. The app opens
 * the repo afresh for every webhook (each with a new installation token),
 * but the objects, the parsed pack indexes and the kept trees and blobs are
 * the same: sharing them makes the next plan read only what is new.
 */
function openSharedStore(gitdir: string, treeCacheSize: number | undefined): GitObjectStore {
  const key = `${gitdir}\n${treeCacheSize ?? ""}`;
  const open = storesByGitdir.get(key);
  if (open !== undefined) return open;
  const store = createGitObjectStore({ gitdir, ...(treeCacheSize === undefined ? {} : { treeCacheSize }) });
  storesByGitdir.set(key, store);
  return store;
}

/**
 * Opens the config repo. A remote is cloned into (or reopened from) its cache
 * directory lazily, by `fetchRef`; the cache survives restarts, so later
 * fetches bring only new objects. A local repository is read in place.
 */
export async function openConfigRepo(options: OpenConfigRepoOptions): Promise<ConfigRepo> {
  const log = options.logger ?? createSilentLogger();
  const location = parseRepoLocation(options.url, options.token === undefined ? {} : { token: options.token });
  const description = describeRepoLocation(location);

  const local = location.kind === "local" ? await findGitDir(location.path) : undefined;
  const gitdir = local?.gitdir ?? (await prepareRepoCache(options.cacheDir ?? defaultRepoCacheRoot(), description));
  const store = openSharedStore(gitdir, options.treeCacheSize);
  log.debug({ repo: description, gitdir, kind: location.kind }, "config repo opened");

  const fetchRef: ConfigRepo["fetchRef"] = async (ref, fetchOptions = {}) => {
    if (location.kind === "local") {
      const commit = await resolveCommit(store, ref);
      return { ref: await expandRefName(gitdir, ref), commit, objectCount: 0, packBytes: 0 } satisfies FetchedRef;
    }
    const expected = fetchOptions.expect;
    if (expected !== undefined && fetchOptions.depth === undefined && (await store.readCommit(expected).then((c) => c.commit === expected, () => false))) {
      log.debug({ repo: description, ref, commit: expected }, "config repo fetch skipped: commit already here");
      return { ref: await expandRefName(gitdir, ref), commit: expected, objectCount: 0, packBytes: 0 } satisfies FetchedRef;
    }
    return withRepoLock(gitdir, async () => {
      const started = performance.now();
      const fetched = await fetchRemoteRef({
        gitdir,
        location,
        ref,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        // Under the repo lock, as the repack that replaces it is.
        packCache: store.readPackCache(),
        ...(fetchOptions.depth === undefined ? {} : { depth: fetchOptions.depth }),
        ...(expected === undefined ? {} : { expect: expected }),
        ...(fetchOptions.haveRef === undefined ? {} : { haveRef: fetchOptions.haveRef }),
      });
      const commit = (await store.readCommit(fetched.oid)).commit;
      log.info(
        {
          repo: description,
          ref: fetched.ref,
          commit,
          mode: fetched.mode,
          oneRequest: fetched.oneRequest,
          ...(fetched.oneRequestRefused === undefined ? {} : { oneRequestRefused: fetched.oneRequestRefused }),
          objects: fetched.objectCount,
          bytes: fetched.packBytes,
          durationMs: Math.round(performance.now() - started),
        },
        "config repo fetched",
      );
      if (fetched.objectCount > 0) scheduleRepack();
      return { ref: fetched.ref, commit, objectCount: fetched.objectCount, packBytes: fetched.packBytes };
    });
  };

  /** After the fetch that added a pack, off its caller's path: the next fetch waits for it, reads do not. */
  const scheduleRepack = () =>
    void withRepoLock(gitdir, async () => {
      const started = performance.now();
      const repacked = await repackCache(gitdir, () => store.forgetPacks());
      if (repacked) log.info({ repo: description, ...repacked, durationMs: Math.round(performance.now() - started) }, "config repo cache repacked");
    }).catch((err: unknown) => log.warn({ repo: description, err }, "config repo cache not repacked"));

  return {
    kind: location.kind,
    description,
    gitdir,
    workdir: local?.workdir,
    fetchRef,
    // isomorphic-git moves a ref before it writes the pack: wait for a running fetch rather than
    // resolve to a commit whose objects are still on their way.
    resolveCommit: (ref) => (location.kind === "local" ? resolveCommit(store, ref) : withRepoLock(gitdir, () => resolveCommit(store, ref))),
    openTree: (commit) => createGitTree({ store, commit, description: `${description}@${commit.slice(0, 12)}` }),
    listChangedPaths: (from, to) => listChangedPaths(store, from, to),
    findMergeBase: (a, b) => findMergeBase(gitdir, a, b),
  };
}
