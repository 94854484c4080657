import fs from "node:fs";
import { expandOid, expandRef, resolveRef } from "isomorphic-git";
import type { GitObjectStore } from "./git-object-store.js";
import { createSourceError, errorCodeOf } from "./source-error.js";

const FULL_OID = /^[0-9a-f]{40}$/i;
const SHORT_OID = /^[0-9a-f]{4,39}$/i;

/**
 * Resolves what a user or a webhook names — a branch, a tag, a full ref name,
 * a full or abbreviated sha — to a commit oid, from local objects only.
 * Precedence follows `git rev-parse`: a full sha is a sha; otherwise a ref
 * (tags before branches) wins over an abbreviated sha. Tags are peeled.
 */
export async function resolveCommit(store: GitObjectStore, ref: string): Promise<string> {
  if (FULL_OID.test(ref)) return (await store.readCommit(ref.toLowerCase())).commit;

  const fromRef = await resolveRefOid(store.gitdir, ref);
  if (fromRef !== undefined) return (await store.readCommit(fromRef)).commit;

  if (SHORT_OID.test(ref)) {
    const oid = await expandShortOid(store.gitdir, ref.toLowerCase());
    if (oid !== undefined) return (await store.readCommit(oid)).commit;
  }
  throw createSourceError("SOURCE_REF_NOT_FOUND", `no branch, tag or commit named ${ref}`, {
    hint: "Fetch the ref first; a commit is found only if a fetched ref contains it.",
  });
}

async function resolveRefOid(gitdir: string, ref: string): Promise<string | undefined> {
  try {
    return await resolveRef({ fs, gitdir, ref });
  } catch (err) {
    if (errorCodeOf(err) === "NotFoundError") return undefined;
    throw createSourceError("SOURCE_READ_FAILED", `cannot resolve ${ref}`, { cause: err });
  }
}

async function expandShortOid(gitdir: string, short: string): Promise<string | undefined> {
  try {
    return await expandOid({ fs, gitdir, oid: short });
  } catch (err) {
    const code = errorCodeOf(err);
    if (code === "NotFoundError") return undefined;
    if (code === "AmbiguousError") {
      throw createSourceError("SOURCE_REF_AMBIGUOUS", `abbreviated sha ${short} matches more than one object`, {
        cause: err,
        hint: "Use more characters of the sha.",
      });
    }
    throw createSourceError("SOURCE_READ_FAILED", `cannot expand ${short}`, { cause: err });
  }
}

/** The full name of a local ref (`main` → `refs/heads/main`), or `ref` unchanged when no ref has that name. */
export async function expandRefName(gitdir: string, ref: string): Promise<string> {
  try {
    return await expandRef({ fs, gitdir, ref });
  } catch {
    return ref;
  }
}
