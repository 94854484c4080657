import fs from "node:fs";
import { open, stat } from "node:fs/promises";
import path from "node:path";
import { fetch, listServerRefs, readCommit, readObject, resolveRef, writeRef, type HttpClient } from "isomorphic-git";
import { request } from "isomorphic-git/http/node";
import { mapFetchError } from "./map-fetch-error.js";
import { readShallowCommits, repairShallowCommits } from "./repair-shallow.js";
import { listLocationSecrets, type RemoteRepoLocation } from "./repo-location.js";
import { expandRefName } from "./resolve-commit.js";
import { createSourceError, errorCodeOf } from "./source-error.js";

/** How a fetch bounded the history it asked for. */
export type FetchMode =
  /** `deepen <n>`: the tip and n-1 ancestors, with their whole trees. */
  | "shallow"
  /** `deepen-since <time of the local tip>`: only what is newer than the last fetch. */
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
}

export interface FetchRemoteRefOptions {
  readonly gitdir: string;
  readonly location: RemoteRepoLocation;
  /** Branch, tag or full ref name on the remote (`main`, `v1.2`, `refs/pull/7/head`). */
  readonly ref: string;
  /** Forces a shallow fetch of this depth instead of the automatic choice. */
  readonly depth?: number;
  /** Limit for each HTTP request, body included. */
  readonly timeoutMs: number;
}

type Bound = { readonly mode: "shallow"; readonly depth: number } | { readonly mode: "incremental"; readonly since: Date };

const TIP_ONLY: Bound = { mode: "shallow", depth: 1 };

/**
 * Fetches one ref into a cache repository with isomorphic-git, never more
 * than one tree's worth of history it does not need:
 *
 * - A ref fetched before is fetched with `deepen-since` its local tip's
 *   commit time. The local tip is offered as a "have", so a fast-forward
 *   brings only the new commits' objects; a force push (a rebased pull
 *   request) brings the new commits and their trees, not the whole history a
 *   plain fetch from a shallow repository would pull in.
 * - Any other ref (or a server without `deepen-since`) is fetched with depth
 *   1: servers ignore "have"s when deepening by count, so this is the tip's
 *   whole tree — bounded, and needed once.
 * - When the server sent nothing for a tip older than the local one (commit
 *   times are not monotonic), the fetch is repeated with depth 1.
 */
export async function fetchRemoteRef(options: FetchRemoteRefOptions): Promise<RemoteFetch> {
  const { gitdir, ref } = options;
  const local = await findLocalTip(gitdir, ref);
  // A ref that has not moved costs one ref listing: no pack negotiated, written or indexed.
  if (local && options.depth === undefined && (await readServerOid(options)) === local.oid) {
    return { ref: local.ref, oid: local.oid, mode: "unmoved", objectCount: 0, packBytes: 0 };
  }
  const first: Bound =
    options.depth !== undefined ? { mode: "shallow", depth: options.depth } : local ? { mode: "incremental", since: local.committedAt } : TIP_ONLY;

  const shallowBefore = await readShallowCommits(gitdir);
  const packs: PackStats[] = [];
  let bound = first;
  let oid: string;
  try {
    oid = await fetchOnce(options, local?.ref ?? ref, bound, packs);
  } catch (err) {
    if (bound.mode !== "incremental" || errorCodeOf(err) !== "RemoteCapabilityError") throw err;
    bound = TIP_ONLY;
    oid = await fetchOnce(options, ref, bound, packs);
  }
  if (!(await hasObject(gitdir, oid)) && bound !== TIP_ONLY) {
    bound = TIP_ONLY;
    oid = await fetchOnce(options, ref, bound, packs);
  }
  if (!(await hasObject(gitdir, oid))) {
    throw createSourceError("SOURCE_FETCH_FAILED", `the server did not send ${ref} (${oid})`, { secrets: listLocationSecrets(options.location) });
  }
  await repairShallowCommits(gitdir, shallowBefore);
  return {
    ref: await expandRefName(gitdir, ref),
    oid,
    mode: bound.mode,
    objectCount: packs.reduce((sum, p) => sum + p.objectCount, 0),
    packBytes: packs.reduce((sum, p) => sum + p.bytes, 0),
  };
}

/** One round of isomorphic-git fetch; returns the oid the remote ref points at and records the pack received. */
async function fetchOnce(options: FetchRemoteRefOptions, haveRef: string, bound: Bound, packs: PackStats[]): Promise<string> {
  const { gitdir, location, ref } = options;
  let result;
  try {
    result = await fetch({
      fs,
      http: createTimedHttpClient(options.timeoutMs),
      gitdir,
      url: location.url,
      remote: "origin",
      // isomorphic-git offers exactly one "have": the local value of this ref.
      ref: haveRef,
      remoteRef: ref,
      singleBranch: true,
      tags: false,
      ...(bound.mode === "shallow" ? { depth: bound.depth } : { since: bound.since }),
      // Sent up front rather than after a 401 challenge: one round trip fewer, and hosts that
      // answer 404 to anonymous requests for private repositories never challenge.
      headers: location.credentials ? { Authorization: basicAuth(location.credentials) } : {},
    });
  } catch (err) {
    if (errorCodeOf(err) === "RemoteCapabilityError") throw err;
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
 * The local ref for `ref` and its commit time, if it points at a commit we
 * hold: a bare cache's HEAD may dangle, and isomorphic-git moves refs before
 * it writes the pack, so a crashed fetch can leave a ref without its objects.
 */
async function findLocalTip(gitdir: string, ref: string): Promise<{ ref: string; oid: string; committedAt: Date } | undefined> {
  const localRef = await expandRefName(gitdir, ref);
  try {
    const oid = await resolveRef({ fs, gitdir, ref: localRef });
    const { commit } = await readCommit({ fs, gitdir, oid });
    return { ref: localRef, oid, committedAt: new Date(commit.committer.timestamp * 1000) };
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
      http: createTimedHttpClient(options.timeoutMs),
      url: location.url,
      protocolVersion: 1,
      ...(full === undefined ? {} : { prefix: full }),
      headers: location.credentials ? { Authorization: basicAuth(location.credentials) } : {},
    });
    const candidates = full === undefined ? [`refs/heads/${ref}`, `refs/tags/${ref}`] : [full];
    return refs.find((r) => candidates.includes(r.ref))?.oid;
  } catch {
    // The fetch that follows reports what is wrong with the remote.
    return undefined;
  }
}

async function hasObject(gitdir: string, oid: string): Promise<boolean> {
  try {
    await readObject({ fs, gitdir, oid, format: "deflated" });
    return true;
  } catch {
    return false;
  }
}

/** Every request gets its own deadline; the node client has none, and a stalled server would hang a sync forever. */
function createTimedHttpClient(timeoutMs: number): HttpClient {
  return { request: (req) => request({ ...req, signal: AbortSignal.timeout(timeoutMs) }) };
}

function basicAuth(credentials: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

interface PackStats {
  readonly objectCount: number;
  readonly bytes: number;
}

/** The object count from the pack header (`PACK`, version, count) and the file size. */
async function readPackStats(file: string): Promise<PackStats> {
  const handle = await open(file, "r");
  try {
    const header = Buffer.alloc(12);
    await handle.read(header, 0, 12, 0);
    return { objectCount: header.readUInt32BE(8), bytes: (await stat(file)).size };
  } finally {
    await handle.close();
  }
}
