import { checkRevisionText } from "./local-checkout.js";
import { createSourceError } from "./source-error.js";

/** A revision a remote can serve: a name the server knows, then parent steps walked locally. */
export interface RemoteRevision {
  /** A branch, tag, full ref name or full sha. */
  readonly name: string;
  /** Parent numbers from the name's commit, in order: `~2^2` is [1, 1, 2]; `^0` is no step. */
  readonly parents: readonly number[];
}

/** Generations a remote revision may go back: each is fetched (depth), so this bounds the download. */
export const MAX_REMOTE_ANCESTRY = 1000;

/** `~`, `~N`, `^`, `^N` after the name, as gitrevisions(7) reads them. */
const SUFFIX = /(~\d*|\^\d*)+$/;

/**
 * Splits `main~2`, `v1.2^`, `HEAD^2` into what a remote is asked for and
 * the ancestry walked afterwards. Forms only a local clone can answer
 * (reflogs `@{1}`, `:/message` searches, ranges) are refused with a clear
 * error, since a fetch has no reflog and no history beyond what it brought.
 */
export function parseRemoteRevision(revision: string): RemoteRevision {
  checkRevisionText(revision);
  const suffix = SUFFIX.exec(revision)?.[0] ?? "";
  const name = revision.slice(0, revision.length - suffix.length);
  if (name === "" || /@\{|\.\.|^:|:|\^\{|[~^]/.test(name)) {
    throw createSourceError("SOURCE_REF_UNSUPPORTED", `${revision} can be resolved only in a local clone`, {
      hint: "With --repo, name a branch, tag or full sha, optionally followed by ~N or ^N (main~1, v1.2^2); reflogs (@{1}), searches (:/text) and ranges need --dir in a clone.",
    });
  }
  const parents: number[] = [];
  for (const [, op, digits] of suffix.matchAll(/([~^])(\d*)/g)) {
    const n = digits === "" || digits === undefined ? 1 : Number(digits);
    if (parents.length + (op === "~" ? n : 1) > MAX_REMOTE_ANCESTRY) {
      throw createSourceError("SOURCE_REF_UNSUPPORTED", `${revision} goes back more than ${MAX_REMOTE_ANCESTRY} commits`, {
        hint: "Name the commit by its sha, or plan it with --dir in a clone.",
      });
    }
    if (op === "~") for (let i = 0; i < n; i++) parents.push(1);
    else if (n > 0) parents.push(n);
  }
  return { name, parents };
}
