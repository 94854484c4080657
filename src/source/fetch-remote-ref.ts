import fs from "node:fs";
import { open, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fetch, listServerRefs, readCommit, resolveRef, writeRef } from "isomorphic-git";
import { authorizationHeaders, createBoundedHttpClient } from "./git-http-client.js";
import { mapFetchError } from "./map-fetch-error.js";
import { readIndexOids } from "./repack-cache.js";
import { PackRequestRefused, requestPack } from "./request-pack.js";
import { hasObject, markCommitsMissingParents, readShallowCommits, repairShallowCommits } from "./repair-shallow.js";
import { listLocationSecrets, type RemoteRepoLocation } from "./repo-location.js";
import { expandRefName } from "./resolve-commit.js";
import { createSourceError, errorCodeOf } from "./source-error.js";

/** How a fetch bounded the history it asked for. */
export type FetchMode =
  /** `deepen <n>`: the tip and n-1 ancestors, with their whole trees. */
  | "shallow"
  /** No deepening: the local tip (or `haveRef`'s) offered as a "have", only what it lacks is sent. */
  | "incremental"
  /** The server's ref still points at the local tip: one ref listing, no fetch. */
  | "unmoved";

/** What one fetch brought in. */
export interface RemoteFetch {
  /** The full local ref now pointing at the fetched object, e.g. `refs/heads/main`. */
  readonly ref: string;
  /** The oid the remote ref points at (for an annotated tag: the tag object). */
  readonly oid: string;
  readonly mode: FetchMode;
  /** Objects in the downloaded packs; 0 when everything was already here. */
  readonly objectCount: number;
  readonly packBytes: number;
  /** Fetched with one request (`requestPack`), without the server's ref advertisement. */
  readonly oneRequest: boolean;
  /** Why a one-request fetch was tried and not used (the server refused it), for the log. */
  readonly oneRequestRefused?: string;
}

export interface FetchRemoteRefOptions {
  readonly gitdir: string;
  readonly location: RemoteRepoLocation;
  /** Branch, tag or full ref name on the remote (`main`, `v1.2`, `refs/pull/7/head`). */
  readonly ref: string;
  /** Forces a shallow fetch of this depth instead of the automatic choice. */
  readonly depth?: number;
  /** The commit the caller knows the ref points at, and this cache lacks: the ref moved, so it is not listed first. */
  readonly expect?: string;
  /** A local ref whose tip is offered as a "have" when `ref` has no local tip yet (see `FetchRefOptions`). */
  readonly haveRef?: string;
  /** Limit for each HTTP request, body included. */
  readonly timeoutMs: number;
  /**
   * isomorphic-git's cache of parsed pack indexes to read with (the object
   * store's, so that a fetch does not parse every index again); default: one
   * for this fetch.
   */
  readonly packCache?: object;
}

type Bound = { readonly mode: "shallow"; readonly depth: number } | { readonly mode: "incremental"; readonly haveRef: string };

const TIP_ONLY: Bound = { mode: "shallow", depth: 1 };

/**
 * An incremental fetch is bounded by bytes, not history: a config repo's new
 * commits are kilobytes, while a branch rewritten onto history older than
 * this shallow cache (or unrelated to it) would bring all of it. It may take
 * twice the largest pack here (the first fetch's tree) but at least this
 * floor and at most the ceiling; past that, it starts again with depth 1, so
 * a ref never costs more than about three trees.
 */
export const INCREMENTAL_FETCH_MIN_BYTES = 64 * 2 ** 10;
export const INCREMENTAL_FETCH_MAX_BYTES = 16 * 2 ** 20;
/** No fetch takes more than this from a server (a depth-1 fetch of a repo this large is not a config repo). */
export const FETCH_MAX_BYTES = 512 * 2 ** 20;

/**
 * Fetches one ref into a cache repository with isomorphic-git, never more
 * than one tree's worth of history it does not need:
 *
 * - A ref with a local tip (or a new ref with a `haveRef`, a pull request's
 *   base branch) is fetched without deepening, that tip offered as a "have":
 *   a fast-forward or a force push onto known history brings only the new
 *   commits' objects. A server ignores "have"s once a fetch deepens, so any
 *   `deepen` would resend the tip's whole tree. Bounded by bytes
 *   (`INCREMENTAL_FETCH_MAX_BYTES`): a ref rewritten onto history this cache
 *   does not connect to is fetched again with depth 1. A new commit whose
 *   parents did not come along (a parent older than the cache's shallow
 *   history) is marked shallow, as a deepening server would have told us.
 * - Any other ref is fetched with depth 1: the tip's whole tree — bounded,
 *   and needed once.
 * - A ref whose expected commit the caller knows is missing here is not
 *   listed first: it moved. That commit is asked for directly, with one
 *   request (`requestPack`), when there is history here to offer; if the
 *   server refuses, the ref is fetched as above. Any other ref with a local
 *   tip is listed first, and not fetched when it has not moved.
 */
export async function fetchRemoteRef(options: FetchRemoteRefOptions): Promise<RemoteFetch> {
  const { gitdir, ref } = options;
  // isomorphic-git's cache of parsed pack indexes, for every read of this fetch (it lists the pack
  // directory on each read, so a pack the fetch writes is found too); the object store's, if given.
  const cache = options.packCache ?? {};
  const local = await findLocalTip(gitdir, ref, cache);
  // A ref that has not moved costs one ref listing: no pack negotiated, written or indexed.
  if (local && options.depth === undefined && options.expect === undefined && (await readServerOid(options)) === local.oid) {
    return { ref: local.ref, oid: local.oid, mode: "unmoved", objectCount: 0, packBytes: 0, oneRequest: false };
  }
  const haveTip = options.haveRef === undefined ? undefined : await findLocalTip(gitdir, options.haveRef, cache);
  const have = local ?? haveTip;
  let bound: Bound = options.depth !== undefined ? { mode: "shallow", depth: options.depth } : have ? { mode: "incremental", haveRef: have.ref } : TIP_ONLY;

  const shallowBefore = await readShallowCommits(gitdir);
  const packs: PackStats[] = [];
  let oid: string | undefined;
  let oneRequest = false;
  let oneRequestRefused: string | undefined;
  try {
    // A commit the webhook named, on top of history held here: one request, no ref listing.
    const haves = [...new Set([local?.oid, haveTip?.oid].filter((h) => h !== undefined))];
    if (bound.mode === "incremental" && ref.startsWith("refs/") && options.expect !== undefined && haves.length > 0) {
      const requested = await requestExpectedCommit(options, options.expect, haves, shallowBefore, packs, cache);
      if ("refused" in requested) {
        oneRequestRefused = requested.refused;
      } else {
        oid = requested.oid;
        oneRequest = true;
      }
    }
    oid ??= await fetchOnce(options, bound, packs, cache);
  } catch (err) {
    if (bound.mode !== "incremental" || errorCodeOf(err) !== "SOURCE_FETCH_TOO_LARGE") throw err;
  }
  if (bound.mode === "incremental" && oid !== undefined && (await hasObject(gitdir, oid, cache))) {
    await markCommitsMissingParents(gitdir, packs.flatMap((p) => p.oids), cache);
  } else if (bound !== TIP_ONLY) {
    bound = TIP_ONLY;
    oid = await fetchOnce(options, bound, packs, cache);
  }
  if (oid === undefined || !(await hasObject(gitdir, oid, cache))) {
    throw createSourceError("SOURCE_FETCH_FAILED", `the server did not send ${ref}${oid === undefined ? "" : ` (${oid})`}`, { secrets: listLocationSecrets(options.location) });
  }
  await repairShallowCommits(gitdir, shallowBefore, cache);
  return {
    ref: await expandRefName(gitdir, ref),
    oid,
    mode: bound.mode,
    objectCount: packs.reduce((sum, p) => sum + p.objectCount, 0),
    packBytes: packs.reduce((sum, p) => sum + p.bytes, 0),
    oneRequest,
    ...(oneRequestRefused === undefined ? {} : { oneRequestRefused }),
  };
}

/**
 * The expected commit fetched with one request (`requestPack`) and `ref`
 * moved to it, or why the server refused (no ref reaches the commit any
 * more, an HTTP error): the usual fetch follows and reports what is wrong.
 * A stalled server and an answer over budget are failures of this fetch as
 * of any other.
 */
async function requestExpectedCommit(
  options: FetchRemoteRefOptions,
  want: string,
  haves: readonly string[],
  shallows: ReadonlySet<string>,
  packs: PackStats[],
  cache: object,
): Promise<{ readonly oid: string } | { readonly refused: string }> {
  const { gitdir, location, ref } = options;
  let pack;
  try {
    pack = await requestPack({ gitdir, location, want, haves, shallows, timeoutMs: options.timeoutMs, maxBytes: await readIncrementalBudget(gitdir), cache });
  } catch (err) {
    if (err instanceof PackRequestRefused) return { refused: err.message };
    const code = errorCodeOf(err);
    if (code === "SOURCE_FETCH_TOO_LARGE") throw err;
    const mapped = mapFetchError(err, location, ref, listLocationSecrets(location));
    if (errorCodeOf(mapped) === "SOURCE_FETCH_TIMEOUT") throw mapped;
    return { refused: code ?? (err instanceof Error ? err.name : "error") };
  }
  if (pack.file !== undefined) packs.push(pack);
  if (!(await hasObject(gitdir, want, cache))) return { refused: "the pack did not hold the commit" };
  await writeRef({ fs, gitdir, ref, value: want, force: true });
  return { oid: want };
}

/** One round of isomorphic-git fetch; returns the oid the remote ref points at and records the pack received. */
async function fetchOnce(options: FetchRemoteRefOptions, bound: Bound, packs: PackStats[], cache: object): Promise<string> {
  const { gitdir, location, ref } = options;
  const maxBytes = bound.mode === "incremental" ? (await readIncrementalBudget(gitdir)) : FETCH_MAX_BYTES;
  let result;
  try {
    result = await fetch({
      fs,
      cache,
      http: createBoundedHttpClient(options.timeoutMs, maxBytes),
      gitdir,
      url: location.url,
      remote: "origin",
      // isomorphic-git offers exactly one "have": the tip of this local ref. It writes only
      // refs/remotes/origin/<remoteRef>, never this one.
      ref: bound.mode === "incremental" ? bound.haveRef : ref,
      remoteRef: ref,
      singleBranch: true,
      tags: false,
      ...(bound.mode === "shallow" ? { depth: bound.depth } : {}),
      // Sent up front rather than after a 401 challenge: one round trip fewer, and hosts that
      // answer 404 to anonymous requests for private repositories never challenge.
      headers: authorizationHeaders(location),
    });
  } catch (err) {
    const code = errorCodeOf(err);
    if (code === "SOURCE_FETCH_TOO_LARGE" && bound.mode === "incremental") throw err;
    if (code === "SOURCE_FETCH_TOO_LARGE") {
      throw createSourceError("SOURCE_FETCH_TOO_LARGE", `${ref}: the server's answer is larger than ${FETCH_MAX_BYTES / 2 ** 20} MiB, more than a config repo's tip`, {
        secrets: listLocationSecrets(location),
      });
    }
    throw mapFetchError(err, location, ref, listLocationSecrets(location));
  }
  if (result.fetchHead === null) {
    throw createSourceError("SOURCE_REF_NOT_FOUND", `${location.url} has no refs (empty repository)`);
  }
  if (ref === "HEAD" && result.defaultBranch?.startsWith("refs/heads/")) {
    // So that the next fetch of HEAD finds its previous value and stays incremental.
    await writeRef({ fs, gitdir, ref: "HEAD", value: result.defaultBranch, symbolic: true, force: true });
  }
  // Set when a pack arrived, though FetchResult's type omits it: `objects/pack/pack-<sha>.pack`.
  const packfile = (result as { packfile?: string }).packfile;
  if (packfile !== undefined) packs.push(await readPackStats(path.join(gitdir, packfile)));
  return result.fetchHead;
}

/**
 * The local ref for `ref` and its oid, if it points at a commit we
 * hold: a bare cache's HEAD may dangle, and isomorphic-git moves refs before
 * it writes the pack, so a crashed fetch can leave a ref without its objects.
 */
async function findLocalTip(gitdir: string, ref: string, cache: object): Promise<{ ref: string; oid: string } | undefined> {
  const localRef = await expandRefName(gitdir, ref);
  try {
    const oid = await resolveRef({ fs, gitdir, ref: localRef });
    await readCommit({ fs, gitdir, oid, cache });
    return { ref: localRef, oid };
  } catch {
    return undefined;
  }
}

/** Where the server's ref points now (the advertisement a fetch starts with); undefined when it cannot say. */
async function readServerOid(options: FetchRemoteRefOptions): Promise<string | undefined> {
  const { location, ref } = options;
  const full = ref.startsWith("refs/") || ref === "HEAD" ? ref : undefined;
  try {
    const refs = await listServerRefs({
      http: createBoundedHttpClient(options.timeoutMs, FETCH_MAX_BYTES),
      url: location.url,
      protocolVersion: 1,
      ...(full === undefined ? {} : { prefix: full }),
      headers: authorizationHeaders(location),
    });
    const candidates = full === undefined ? [`refs/heads/${ref}`, `refs/tags/${ref}`] : [full];
    return refs.find((r) => candidates.includes(r.ref))?.oid;
  } catch {
    // The fetch that follows reports what is wrong with the remote.
    return undefined;
  }
}


/** Twice the largest pack in the cache, between the floor and the ceiling. */
async function readIncrementalBudget(gitdir: string): Promise<number> {
  const packDir = path.join(gitdir, "objects", "pack");
  const packs = (await readdir(packDir).catch(() => [])).filter((f) => f.endsWith(".pack"));
  const sizes = await Promise.all(packs.map((f) => stat(path.join(packDir, f)).then((s) => s.size, () => 0)));
  return Math.min(INCREMENTAL_FETCH_MAX_BYTES, Math.max(INCREMENTAL_FETCH_MIN_BYTES, 2 * Math.max(0, ...sizes)));
}

interface PackStats {
  readonly objectCount: number;
  readonly bytes: number;
  /** The objects the pack holds, from its index. */
  readonly oids: readonly string[];
}

/** The object count from the pack header (`PACK`, version, count), the file size, and the names in its `.idx` (version 2). */
async function readPackStats(file: string): Promise<PackStats> {
  const handle = await open(file, "r");
  let objectCount: number;
  try {
    const header = Buffer.alloc(12);
    await handle.read(header, 0, 12, 0);
    objectCount = header.readUInt32BE(8);
  } finally {
    await handle.close();
  }
  const bytes = (await stat(file)).size;
  const index = await readFile(file.replace(/\.pack$/, ".idx")).catch(() => undefined);
  return { objectCount, bytes, oids: (index === undefined ? undefined : readIndexOids(index)) ?? [] };
}
