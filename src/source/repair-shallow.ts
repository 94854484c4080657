import fs from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { readCommit, readObject } from "isomorphic-git";
import { errorCodeOf } from "./source-error.js";

/** The commits the cache's `shallow` file lists: history is cut below them. */
export async function readShallowCommits(gitdir: string): Promise<Set<string>> {
  const text = await readFile(path.join(gitdir, "shallow"), "utf8").catch(() => "");
  return new Set(text.split("\n").filter((line) => /^[0-9a-f]{40}$/.test(line)));
}

async function writeShallowCommits(gitdir: string, oids: ReadonlySet<string>): Promise<void> {
  await writeFile(path.join(gitdir, "shallow"), [...oids].map((oid) => `${oid}\n`).join(""));
}

/**
 * Takes back the shallow marks a fetch added to commits whose parents are
 * here. isomorphic-git asks whether it holds a shallow commit's parents
 * before it has written the pack that holds the commit itself, so every
 * fetched tip is marked shallow — a pull request's new head then hides its
 * parent on the base branch and no merge base is found. Runs under the
 * repository's lock, right after the fetch.
 */
export async function repairShallowCommits(gitdir: string, before: ReadonlySet<string>, cache: object = {}): Promise<number> {
  const after = await readShallowCommits(gitdir);
  const added = [...after].filter((oid) => !before.has(oid));
  let repaired = 0;
  for (const oid of added) {
    if (await hasAllParents(gitdir, oid, cache)) {
      after.delete(oid);
      repaired += 1;
    }
  }
  if (repaired > 0) await writeShallowCommits(gitdir, after);
  return repaired;
}

async function hasAllParents(gitdir: string, oid: string, cache: object): Promise<boolean> {
  const parents = await readCommitParents(gitdir, oid, cache).catch(() => undefined);
  if (parents === undefined || parents.length === 0) return false;
  for (const parent of parents) if (!(await hasObject(gitdir, parent, cache))) return false;
  return true;
}

/**
 * Marks shallow the commits among `oids` (a pack just fetched without
 * deepening) whose parents are not here: the server sent what the offered
 * tip lacked, and a parent older than this cache's history is neither sent
 * nor, without a deepen request, announced as a shallow boundary. Unmarked,
 * such a commit would read as broken history (`git repack`, merge bases).
 */
export async function markCommitsMissingParents(gitdir: string, oids: readonly string[], cache: object = {}): Promise<number> {
  const shallow = await readShallowCommits(gitdir);
  let marked = 0;
  for (const oid of oids) {
    const parents = await readCommitParents(gitdir, oid, cache);
    if (parents === undefined || shallow.has(oid)) continue;
    for (const parent of parents) {
      if (await hasObject(gitdir, parent, cache)) continue;
      shallow.add(oid);
      marked += 1;
      break;
    }
  }
  if (marked > 0) await writeShallowCommits(gitdir, shallow);
  return marked;
}

/** A commit's parents; undefined for any other object. */
async function readCommitParents(gitdir: string, oid: string, cache: object): Promise<readonly string[] | undefined> {
  try {
    return (await readCommit({ fs, gitdir, oid, cache })).commit.parent;
  } catch (err) {
    if (errorCodeOf(err) === "ObjectTypeError") return undefined;
    throw err;
  }
}

/** Whether the object is here, loose or packed (`cache`: isomorphic-git's parsed pack indexes, shared with the fetch's other reads). */
export async function hasObject(gitdir: string, oid: string, cache: object = {}): Promise<boolean> {
  try {
    await readObject({ fs, gitdir, oid, format: "deflated", cache });
    return true;
  } catch {
    return false;
  }
}
