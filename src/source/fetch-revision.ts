import fs from "node:fs";
import { readCommit } from "isomorphic-git";
import type { ConfigRepo, FetchedRef } from "./config-repo.js";
import { parseRemoteRevision } from "./parse-revision.js";
import { createSourceError, errorCodeOf } from "./source-error.js";

const SHORT_OID = /^[0-9a-f]{4,39}$/i;

/**
 * Fetches what `--repo … --ref REV` names: the revision's branch, tag or
 * sha, deep enough for its `~N`/`^N` steps, which are then walked in the
 * fetched history. An abbreviated sha is looked up among the commits this
 * cache already holds (a server resolves only full names).
 */
export async function fetchRevision(repo: ConfigRepo, revision: string): Promise<FetchedRef> {
  const { name, parents } = parseRemoteRevision(revision);
  const fetched = await fetchName(repo, name, parents.length);
  let commit = fetched.commit;
  for (const n of parents) {
    const parent = (await readParents(repo.gitdir, commit))[n - 1];
    if (parent === undefined) {
      throw createSourceError("SOURCE_REF_NOT_FOUND", `${revision}: commit ${commit.slice(0, 12)} has no parent ${n}`, {
        hint: "Count the parents with `git log --oneline --graph` in a clone.",
      });
    }
    commit = parent;
  }
  return { ...fetched, commit };
}

async function fetchName(repo: ConfigRepo, name: string, generations: number): Promise<FetchedRef> {
  try {
    return await repo.fetchRef(name, generations > 0 ? { depth: generations + 1 } : {});
  } catch (err) {
    if (errorCodeOf(err) !== "SOURCE_REF_NOT_FOUND" || !SHORT_OID.test(name)) throw err;
    const commit = await repo.resolveCommit(name).catch(() => undefined);
    if (commit === undefined) {
      throw createSourceError("SOURCE_REF_UNSUPPORTED", `${name} is no branch or tag of ${repo.description}, and no commit fetched before`, {
        hint: "A server resolves only full names: give the full 40-character sha, a branch or a tag.",
      });
    }
    return { ref: name, commit, objectCount: 0, packBytes: 0 };
  }
}

async function readParents(gitdir: string, commit: string): Promise<readonly string[]> {
  try {
    return (await readCommit({ fs, gitdir, oid: commit })).commit.parent;
  } catch (err) {
    throw createSourceError("SOURCE_OBJECT_MISSING", `commit ${commit} is not in the local repository`, { cause: err });
  }
}
