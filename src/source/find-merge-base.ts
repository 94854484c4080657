import fs from "node:fs";
import { findMergeBase as findGitMergeBase } from "isomorphic-git";

/**
 * The merge base of two commits, as `git merge-base` finds it (the first of
 * several in a criss-cross history). isomorphic-git stops at shallow
 * boundaries: a history cut before the common ancestor has none here.
 */
export async function findMergeBase(gitdir: string, a: string, b: string): Promise<string | undefined> {
  try {
    const [base] = await findGitMergeBase({ fs, gitdir, oids: [a, b] });
    return base;
  } catch {
    return undefined;
  }
}
